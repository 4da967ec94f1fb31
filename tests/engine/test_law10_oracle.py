"""Law No. 10 hand-coded in plain Python, independently of the rulebook and the engine,
compared record by record with the engine on thousands of corner-case records.

The oracle is written from laws.md section 1 and the data dictionary only:
scope, then exclusions (a definite one decides even when other facts are
unknown), then relief, asking only for the facts that could change the outcome.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from amnesty.engine.sentence import add_months
from amnesty.models.record import Record

CUTOFF = date(2024, 7, 17)
DEADLINE = CUTOFF + timedelta(days=60)
ORDER = list(Record.model_fields)


def oracle(r: Record, as_of: date):
    """(outcome, release_date, missing) under Law No. 10."""
    unknown = []
    if r.offence_date is None:
        unknown.append("offence_date")
    elif r.offence_date >= CUTOFF:
        return ("not_covered", None, [])
    if r.offence_categories is None:
        unknown.append("offence_categories")
    elif not {"terrorism", "state_security"} & {c.value for c in r.offence_categories}:
        return ("not_covered", None, [])
    if r.nationality is None:
        unknown.append("nationality")
    elif r.nationality != "SY":
        return ("not_covered", None, [])
    excluded = False
    role = r.org_role.value if r.org_role else None
    if role is None:
        unknown.append("org_role")
    excluded |= role in ("leader", "emir", "trainer")
    for flag in ("fought_sdf", "caused_death", "explosives"):
        value = getattr(r, flag)
        if value is None:
            unknown.append(flag)
        excluded |= value is True
    status = r.legal_status.value if r.legal_status else None
    if status is None:
        unknown.append("legal_status")
    excluded |= status == "awaiting_trial"
    excluded |= status == "fugitive" and (r.surrender_date is None or r.surrender_date > DEADLINE)
    if excluded:
        return ("excluded", None, [])
    if unknown:
        return ("review", None, sorted(unknown, key=ORDER.index))
    age = None
    if r.birth_date:
        age = as_of.year - r.birth_date.year - ((as_of.month, as_of.day) < (r.birth_date.month, r.birth_date.day))
    if (age is not None and age >= 75) or r.chronic_illness is True:
        return ("release", as_of, [])
    humane_missing = ([] if age is not None else ["birth_date"]) + (
        [] if r.chronic_illness is not None else ["chronic_illness"]
    )
    sentence = _sentence_result(r, as_of)
    if not humane_missing or sentence[0] == "release":
        return sentence
    return ("review", None, sorted(humane_missing + sentence[2], key=ORDER.index))


def _sentence_result(r: Record, as_of: date):
    kind = r.sentence_type.value if r.sentence_type else None
    if kind is None:
        return ("review", None, ["sentence_type"])
    if kind in ("death", "none"):
        return ("review", None, [])
    months = 180.0 if kind == "life" else r.sentence_months / 2
    if r.custody_start is None:
        return ("review", None, ["custody_start"])
    whole = int(months)
    due = add_months(r.custody_start, whole) + timedelta(days=round((months - whole) * 30 + 1e-9))
    return ("release", as_of, []) if due <= as_of else ("reduced", due, [])


POOLS = {
    "nationality": ["SY", "SY", "SY", "IQ", "FR", None],
    "birth_date": [date(1949, 7, 17), date(1949, 7, 18), date(1948, 2, 29), date(1985, 3, 1), date(2000, 12, 31), None],
    "legal_status": ["convicted", "convicted", "convicted", "awaiting_trial", "fugitive", None],
    "offence_categories": [("terrorism",), ("state_security", "theft"), ("theft",), ("homicide", "rape"), (), None],
    "offence_date": [date(2024, 7, 16), date(2024, 7, 17), date(2024, 7, 18), date(2015, 1, 31), None],
    "org_role": ["none", "member", "fighter", "trainer", "emir", "leader", None],
    "fought_sdf": [False, False, True, None],
    "caused_death": [False, False, True, None],
    "explosives": [False, False, True, None],
    "chronic_illness": [False, False, False, True, None],
    "sentence_type": ["fixed", "fixed", "life", "death", "none", None],
    "sentence_months": [0, 1, 7, 24, 119, 120, 121, 240, 301],
    "custody_start": [date(2014, 7, 17), date(2014, 7, 18), date(2024, 1, 31), date(2024, 2, 29), date(2009, 7, 17), None],
    "surrender_date": [date(2024, 9, 15), date(2024, 9, 16), date(2024, 7, 17), None],
}


def records(seed: int, count: int):
    rng = random.Random(seed)
    for i in range(count):
        values = {name: rng.choice(pool) for name, pool in POOLS.items()}
        yield Record.model_validate({"record_id": f"O{i}", "facility_id": "RQA-01", **values})


@pytest.mark.parametrize("as_of", [date(2024, 7, 17), date(2024, 9, 16), date(2029, 2, 28)])
def test_engine_agrees_with_hand_coded_law10(evaluator, law10, as_of):
    from amnesty.engine.evaluator import Evaluator

    with Evaluator(law10, as_of) as engine:
        disagreements = []
        for record in records(seed=as_of.toordinal(), count=4000):
            if record.birth_date and record.birth_date > as_of:
                continue
            decision = engine.decide(record)
            got = (decision["outcome"], decision["release_date"], decision["missing"])
            want = oracle(record, as_of)
            want = (want[0], want[1].isoformat() if want[1] else None, want[2])
            if got != want:
                disagreements.append((record.model_dump(mode="json", exclude_none=True), got, want))
    assert not disagreements, f"{len(disagreements)} disagreements, first: {disagreements[0]}"
