"""Law No. 10 of 2024 in plain Python, written from laws.md section 1 (version 2) and
data-dictionary.md version 2, independently of the rulebook and of the engine.

``decide_known`` decides a record whose facts are all known, as the law
reads. ``oracle`` handles unknown facts by brute force: every unknown fact
is given each of a few values chosen from the law's own constants (the
dates, the 75th birthday, the categories, the roles), every combination is
decided, and from those:

- a scope or exclusion condition that holds in every combination decides
  (``not_covered`` / ``excluded``; not_covered and excluded both mean no
  benefit, so a definite exclusion lists both when a scope fact is open);
- otherwise the record is decided when every combination gives the same
  result, else it is ``review`` and ``missing`` lists every fact whose value
  alone changes the result in some combination, plus the record facts
  (months, custody start) a new term would need;
- ``possible_outcomes`` are the outcomes the combinations reach.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from fractions import Fraction

from amnesty.engine.sentence import add_months
from amnesty.models.record import Record

ISSUED = date(2024, 7, 17)
BORN_BY = date(1949, 7, 17)  # 75 on the day the law was issued
WINDOW = {"inside": ISSUED + timedelta(days=60), "outside": ISSUED + timedelta(days=90)}
COVERED = {"terrorism", "state_security", "treason_espionage"}
SENIOR = {"leader", "emir", "trainer"}
ORDER = list(Record.model_fields)
OUTCOMES = ["not_covered", "excluded", "review", "deferred", "release", "reduced"]
NO_BENEFIT = ("not_covered", "excluded")

# The values an unknown fact is tried with: one on each side of every line the law draws.
TRY = {
    "nationality": ["SY", "IQ"],
    "birth_date": [BORN_BY, BORN_BY + timedelta(days=1)],
    "legal_status": ["convicted", "awaiting_trial", "fugitive"],
    "offence_categories": [
        frozenset(), frozenset({"theft"}), frozenset({"terrorism"}), frozenset({"state_security"}),
        frozenset({"terrorism", "theft"}), frozenset({"state_security", "theft"}),
    ],
    "offence_date": [ISSUED - timedelta(days=1), ISSUED],
    "org_role": ["none", "member", "leader"],
    "fought_sdf": [False, True],
    "caused_death": [False, True],
    "explosives": [False, True],
    "chronic_illness": [False, True],
    "illness_requires_assistance": [False, True],
    "good_conduct_certified": [False, True],
    "at_large_location": ["inside", "outside"],
    # surrender_date is not tried: laws.md reads a fugitive with no surrender date as not surrendered
    # (a surrender is recorded with its date), so an unknown one is a value the law decides on.
    "sentence_type": ["fixed", "life", "death", "none"],
}


def facts_of(r: Record) -> dict:
    def plain(v):
        if v is None:
            return None
        if isinstance(v, tuple):
            return frozenset(c.value for c in v)
        return getattr(v, "value", v)

    return {name: plain(getattr(r, name)) for name in ORDER}


# -- the law, every fact known -------------------------------------------------------


def out_of_scope(f) -> bool:
    return f["offence_date"] >= ISSUED or not (f["offence_categories"] & COVERED) or f["nationality"] != "SY"


def may_still_surrender(f, as_of) -> bool:
    """A fugitive with no surrender recorded whose window is still open on the as-of date: the relief
    waits for the surrender (deferred) rather than the clause excluding them."""
    return f["surrender_date"] is None and as_of <= WINDOW["outside" if f["at_large_location"] == "outside" else "inside"]


def excluded(f, as_of) -> bool:
    if f["org_role"] in SENIOR:
        return True
    if f["fought_sdf"] and f["org_role"] != "none":
        return True
    if f["explosives"] or f["caused_death"]:
        return True
    if "terrorism" in f["offence_categories"] and f["legal_status"] != "awaiting_trial" and not f["good_conduct_certified"]:
        return True
    if f["legal_status"] == "fugitive":
        if f["surrender_date"] is None:
            return not may_still_surrender(f, as_of)
        if f["surrender_date"] > WINDOW["outside"]:
            return True
        if f["surrender_date"] > WINDOW["inside"] and f["at_large_location"] == "inside":
            return True
    return False


def relief(f, months, custody, as_of):
    """(outcome, release_date, wanted record facts, new term) once scope and exclusions are passed."""
    if f["offence_categories"] - COVERED:
        return ("review", None, frozenset(), None)  # the sentence mixes covered and uncovered crimes
    if f["legal_status"] == "awaiting_trial":
        return ("deferred", None, frozenset(), None)
    kind = f["sentence_type"]
    if kind in ("death", "none"):
        return ("review", None, frozenset(), None)  # no provision
    if f["legal_status"] == "fugitive" and f["surrender_date"] is None:
        return ("deferred", None, frozenset(), None)  # the window is open (not excluded): waits for the surrender
    humane = (f["chronic_illness"] and f["illness_requires_assistance"]) or f["birth_date"] <= BORN_BY
    if humane:
        return ("release", as_of, frozenset(), None)
    if kind == "life":
        term = Fraction(180)
    elif months is None:
        return ("review", None, frozenset({"sentence_months"} | ({"custody_start"} if custody is None else set())), None)
    else:
        term = Fraction(months) / 2
    if custody is None:
        return ("review", None, frozenset({"custody_start"}), term)
    whole = int(term)
    due = add_months(custody, whole) + timedelta(days=int((term - whole) * 30 + Fraction(1, 2)))
    return ("release", as_of, frozenset(), None) if due <= as_of else ("reduced", due, frozenset(), None)


def decide_known(f, months, custody, as_of):
    if out_of_scope(f):
        return ("not_covered", None, frozenset(), None)
    if excluded(f, as_of):
        return ("excluded", None, frozenset(), None)
    return relief(f, months, custody, as_of)


# -- unknown facts -------------------------------------------------------------------


def _needed(f) -> list[str]:
    """Unknown facts the law could read for this record (the others cannot matter)."""
    wanted = [n for n in TRY if f[n] is None]
    if "at_large_location" in wanted and f["legal_status"] not in (None, "fugitive"):
        wanted.remove("at_large_location")
    return wanted


def oracle(r: Record, as_of: date):
    """(outcome, release_date, missing, possible_outcomes, earliest_release_date) under Law No. 10."""
    f = facts_of(r)
    fields = _needed(f)
    pools = [TRY[name] for name in fields]
    worlds = []
    for values in itertools.product(*pools):
        g = dict(f)
        g.update(zip(fields, values))
        worlds.append((values, g))
    # A definite scope or exclusion decides alone.
    scope_open = any(not out_of_scope(g) for _, g in worlds) and any(out_of_scope(g) for _, g in worlds)
    if any(all(_one_scope(g, k) for _, g in worlds) for k in range(3)):
        return ("not_covered", None, [], ["not_covered"], None)
    if _exclusion_definite(f, worlds, as_of):
        possible = ["not_covered", "excluded"] if scope_open else ["excluded"]
        return ("excluded", None, [], possible, None)
    results = [decide_known(g, r.sentence_months, r.custody_start, as_of) for _, g in worlds]
    signatures = [_signature(res) for res in results]
    reached = set()
    could_be_out = r.custody_start is None or r.custody_start <= as_of  # a term of 0 months ends at its start
    for res in results:
        reached.update((("release", "reduced") if could_be_out else ("reduced",)) if res[2] else (res[0],))
    possible = [o for o in OUTCOMES if o in reached]
    if len(set(signatures)) == 1:
        res = results[0]
        if res[2]:
            return ("review", None, sorted(res[2], key=ORDER.index), possible, _earliest(possible, results, as_of, r))
        return (res[0], res[1], [], possible, None)
    missing = set()
    table = {values: sig for (values, _), sig in zip(worlds, signatures)}
    for i, name in enumerate(fields):
        for values, sig in table.items():
            if any(table[values[:i] + (other,) + values[i + 1:]] != sig for other in pools[i]):
                missing.add(name)
                break
    for res in results:
        missing |= res[2]
    return ("review", None, sorted(missing, key=ORDER.index), possible, _earliest(possible, results, as_of, r))


def _exclusion_definite(f, worlds, as_of) -> bool:
    """An exclusion whose own facts are known for this record and hold (three-valued logic)."""
    return any(all(_one_exclusion(g, k, as_of) for _, g in worlds) for k in range(5))


def _one_scope(g, k) -> bool:
    return [
        lambda: g["offence_date"] >= ISSUED,
        lambda: not (g["offence_categories"] & COVERED),
        lambda: g["nationality"] != "SY",
    ][k]()


def _one_exclusion(g, k, as_of) -> bool:
    return [
        lambda: g["org_role"] in SENIOR,
        lambda: bool(g["fought_sdf"]) and g["org_role"] != "none",
        lambda: bool(g["explosives"] or g["caused_death"]),
        lambda: "terrorism" in g["offence_categories"] and g["legal_status"] != "awaiting_trial"
        and not g["good_conduct_certified"],
        lambda: g["legal_status"] == "fugitive" and (
            not may_still_surrender(g, as_of) if g["surrender_date"] is None
            else g["surrender_date"] > WINDOW["outside"]
            or (g["surrender_date"] > WINDOW["inside"] and g["at_large_location"] == "inside")
        ),
    ][k]()


def _signature(res):
    outcome, due, wanted, term = res
    return ("no benefit" if outcome in NO_BENEFIT else outcome, due, wanted, term if wanted else None)


def _earliest(possible, results, as_of, r):
    if "release" in possible:
        return as_of
    dates = [res[1] for res in results if res[0] == "reduced"]
    if any(res[2] for res in results) and r.custody_start is not None:
        dates.append(r.custody_start)  # the months unknown: a term of none ends at its start
    return min(dates) if dates else None
