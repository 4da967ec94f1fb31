"""`missing` and `possible_outcomes` keep their promise, for random rulebooks and records.

data-dictionary.md: filling in a review record's `missing` facts, with any
values, never leaves it in review for want of a fact, and the outcomes so
reached are exactly its `possible_outcomes` (counting not_covered and
excluded as one: a fact outside `missing` may still tell those two apart). Here random rulebooks (scope,
exclusion and relief rules of every effect, over correlated leaves such as
``age >= 70`` and ``age >= 75``) decide random records with unknown facts;
each review record's missing facts are filled with every combination of
values from pools that meet every constant the rules use (or a large
random sample when the combinations are too many).
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from amnesty.engine.evaluator import Evaluator
from amnesty.models.record import Record
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import RulebookSource

AS_OF = date(2024, 7, 17)
CUTOFF = date(2024, 7, 17)
EXHAUSTIVE = 2_000  # fillings tried one by one; past that a random sample of SAMPLE
SAMPLE = 400


def _born(years: int, days: int = 0) -> date:
    return AS_OF.replace(year=AS_OF.year - years) + timedelta(days=days)


POOLS = {
    "nationality": ["SY", "IQ", "FR"],
    "birth_date": [_born(n, d) for n in (70, 75) for d in (-1, 0, 1)] + [date(1949, 7, 16), date(1990, 1, 1)],
    "legal_status": ["convicted", "awaiting_trial", "fugitive"],
    "offence_categories": [[], ["terrorism"], ["theft"], ["terrorism", "theft"]],
    "offence_date": [date(2010, 1, 1), date(2024, 7, 16), date(2024, 7, 17)],
    "fought_sdf": [True, False],
    "chronic_illness": [True, False],
    "caused_death": [True, False],
    "sentence_type": ["death", "life", "fixed", "none"],
    "sentence_months": [0, 12, 180, 400, 1_200],
    "custody_start": [date(1994, 7, 1), date(2019, 6, 1), AS_OF, AS_OF + timedelta(days=30)],
}

LEAVES = [
    {"field": "nationality", "op": "==", "value": "SY"},
    {"field": "nationality", "op": "in", "value": ["SY", "IQ"]},
    {"field": "age", "op": ">=", "value": 75},
    {"field": "age", "op": ">=", "value": 70},
    {"field": "age", "op": "<", "value": 70},
    {"field": "birth_date", "op": "<=", "value": date(1949, 7, 17)},
    {"field": "legal_status", "op": "==", "value": "awaiting_trial"},
    {"field": "legal_status", "op": "in", "value": ["convicted", "fugitive"]},
    {"field": "offence_categories", "op": "contains", "value": "terrorism"},
    {"field": "offence_categories", "op": "contains_any", "value": ["terrorism", "theft"]},
    {"field": "offence_date", "op": ">=", "value": CUTOFF},
    {"field": "fought_sdf", "op": "==", "value": True},
    {"field": "chronic_illness", "op": "==", "value": True},
    {"field": "caused_death", "op": "==", "value": True},
    {"field": "sentence_type", "op": "==", "value": "life"},
    {"field": "sentence_type", "op": "==", "value": "fixed"},
    {"field": "sentence_type", "op": "in", "value": ["death", "none"]},
    {"field": "sentence_months", "op": ">=", "value": 180},
]
EFFECTS = {
    "scope": ["not_covered"],
    "exclusion": ["exclude"],
    "relief": [
        "release", "review", "defer", {"type": "reduce", "remit_fraction": 0.5}, {"type": "commute", "years": 15},
    ],
}


def conditions():
    return st.recursive(
        st.sampled_from(LEAVES),
        lambda kids: st.one_of(
            st.lists(kids, min_size=2, max_size=3).map(lambda parts: {"all": parts}),
            st.lists(kids, min_size=2, max_size=3).map(lambda parts: {"any": parts}),
            kids.map(lambda part: {"not": part}),
        ),
        max_leaves=4,
    )


@st.composite
def rulebooks(draw):
    rules = []
    for kind, count in (("scope", draw(st.integers(0, 2))), ("exclusion", draw(st.integers(0, 2))),
                        ("relief", draw(st.integers(1, 4)))):
        for _ in range(count):
            rules.append({
                "id": f"r{len(rules)}", "article": "1", "kind": kind, "source": "s", "summary": "x",
                "when": draw(conditions()), "effect": draw(st.sampled_from(EFFECTS[kind])),
            })
    reliefs = [r["id"] for r in rules if r["kind"] == "relief"]
    if len(reliefs) > 1 and draw(st.booleans()):
        rules[-1]["overrides"] = reliefs[:-1]  # an exception to the others, as humanitarian release is
    book = Rulebook.model_validate({
        "id": "generated", "title": "Generated", "authority": "tests", "enacted": AS_OF, "version": "0",
        "sources": [{"id": "s", "title": "none"}], "parameters": {}, "rules": rules,
    })
    try:
        return compile_rulebook(RulebookSource(book, "<generated>"))
    except Exception:  # noqa: BLE001 - a condition no record can meet or fail is refused; draw another
        return None


@st.composite
def records(draw):
    values = {"record_id": "r", "facility_id": "F"}
    for name, pool in POOLS.items():
        if draw(st.integers(0, 9)) < 6:
            values[name] = draw(st.sampled_from(pool))
    if values.get("sentence_type") == "fixed" and values.get("sentence_months") is None:
        values["sentence_months"] = draw(st.sampled_from(POOLS["sentence_months"]))
    return _record(values)


def _record(values):
    try:
        return Record.model_validate(values)
    except ValidationError:
        return None


def _merged(outcomes) -> set[str]:
    return {"no benefit" if o in ("not_covered", "excluded") else o for o in outcomes}


def _fillings(missing: list[str], seed: int):
    pools = [POOLS[name] for name in missing]
    total = 1
    for pool in pools:
        total *= len(pool)
    if total <= EXHAUSTIVE:
        return True, itertools.product(*pools)
    rng = random.Random(seed)
    return False, ([rng.choice(pool) for pool in pools] for _ in range(SAMPLE))


def _decisions(book, recs):
    """Each valid record of ``recs`` with its decision under ``book`` (None: a rulebook the draw
    could not compile), and the evaluator, which the tests reuse for the filled-in records."""
    if book is None:
        return
    with Evaluator(book, AS_OF) as engine:
        for record in recs:
            if record is not None:
                yield engine, record, engine.decide(record)


SETTINGS = settings(
    max_examples=150, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@SETTINGS
@given(book=rulebooks(), recs=st.lists(records(), min_size=6, max_size=6))
def test_filling_missing_facts_decides_and_reaches_exactly_the_possible_outcomes(book, recs):
    for engine, record, decision in _decisions(book, recs):
        outcome, possible, missing = decision["outcome"], decision["possible_outcomes"], decision["missing"]
        if outcome != "review" or not missing:
            assert outcome in possible, decision
            assert not missing
            assert set(possible) <= {outcome, "not_covered", "excluded"}, (record, decision)
            continue
        assert possible == [o for o in ("not_covered", "excluded", "review", "deferred", "release", "reduced")
                            if o in possible]
        exhaustive, fillings = _fillings(missing, hash(record.model_dump_json()) & 0xFFFF)
        base = record.model_dump(exclude_none=True)
        reached = set()
        for values in fillings:
            values = {**base, **dict(zip(missing, values))}
            if values.get("sentence_type") == "fixed" and values.get("sentence_months") is None:
                values["sentence_months"] = 180  # the contract needs months; they are not missing, so any do
            filled = _record(values)
            if filled is None:  # dates that cannot all be true: not a record the contract allows
                continue
            after = engine.decide(filled)
            assert not (after["outcome"] == "review" and after["missing"]), (
                f"still missing {after['missing']} after filling {values} "
                f"into {base} (missing was {missing})"
            )
            reached.add(after["outcome"])
        assert reached <= set(possible), (base, missing, possible, reached)
        if exhaustive:  # not_covered and excluded count as one: facts outside `missing` may tell them apart
            assert _merged(reached) == _merged(possible), (base, missing, possible, reached)
        if "release" in possible:
            assert decision["earliest_release_date"] == AS_OF.isoformat()


def test_facts_of_every_stage_are_asked_for_at_once(law10, base_record):
    """An unknown scope fact and an unknown relief fact: both are named in the first round."""
    from datetime import date as _date

    record = Record.model_validate({**base_record, "nationality": None, "birth_date": None, "chronic_illness": None,
                                    "custody_start": _date(2023, 1, 1)})
    with Evaluator(law10) as engine:
        decision = engine.decide(record)
    assert decision["outcome"] == "review"
    assert "nationality" in decision["missing"] and "birth_date" in decision["missing"]
    assert "not_covered" in decision["possible_outcomes"] and "release" in decision["possible_outcomes"]
    assert decision["earliest_release_date"] == law10.rulebook.enacted.isoformat()


def test_past_the_cap_every_unknown_fact_is_asked_for(law10, base_record, monkeypatch):
    """Too many worlds to try: review, every unknown fact an undecided rule reads, every outcome possible."""
    from amnesty.engine import plan

    record = Record.model_validate({**base_record, "nationality": None, "fought_sdf": None, "birth_date": None})
    with Evaluator(law10) as engine:
        exact = engine.decide(record)
    monkeypatch.setattr(plan, "MAX_WORLDS", 2)
    with Evaluator(law10) as engine:
        capped = engine.decide(record)
    assert capped["outcome"] == "review"
    assert set(exact["missing"]) <= set(capped["missing"])
    assert set(exact["possible_outcomes"]) <= set(capped["possible_outcomes"])
    assert "invalid" not in capped["possible_outcomes"]
    # release is possible, so the earliest day out is the as-of date, as for any review (the timeline's
    # "up to" counts read it: without it these records fell out of them)
    assert "release" in capped["possible_outcomes"]
    assert capped["earliest_release_date"] == law10.rulebook.enacted.isoformat()


def _term_length(after) -> float:
    if after is None:
        return -1.0
    return {"none": 0.0, "life": float("inf")}.get(after["type"], after["months"])


@SETTINGS
@given(book=rulebooks(), recs=st.lists(records(), min_size=6, max_size=6))
def test_a_decided_record_names_the_rules_of_every_way_its_unknown_facts_could_turn_out(book, recs):
    """A record whose unknown facts cannot change its outcome is decided, but the rule that reaches
    the outcome may depend on them: every rule some filling of those facts applies is among its
    reasons, and its new term is never shorter than one a filling gives (no relief that rests on an
    unknown fact is presented as settled)."""
    for engine, record, decision in _decisions(book, recs):
        if decision["outcome"] not in ("release", "reduced", "deferred"):
            continue
        base = record.model_dump(exclude_none=True)
        unknown = [name for name in POOLS if name not in base]
        if not unknown:
            continue
        reasons = {r["rule"] for r in decision["reasons"]}
        _, fillings = _fillings(unknown, hash(record.model_dump_json()) & 0xFFFF)
        for values in fillings:
            values = {**base, **dict(zip(unknown, values))}
            if values.get("sentence_type") == "fixed" and values.get("sentence_months") is None:
                continue
            filled = _record(values)
            if filled is None:
                continue
            after = engine.decide(filled)
            assert after["outcome"] == decision["outcome"], (base, values, decision, after)
            assert {r["rule"] for r in after["reasons"]} <= reasons, (base, values, decision, after)
            if decision["outcome"] == "release":
                assert _term_length(decision["sentence_after"]) >= _term_length(after["sentence_after"]), (
                    base, values, decision, after)


def test_an_unknown_age_does_not_make_its_remission_the_reason(tmp_path):
    """Law 5/2022: a 24-month term from 2020-06-01 is served by 16 March 2022 once a quarter is
    remitted, and remitted whole at 75: released either way, with the birth date unknown. The
    reasons name the quarter (which holds) and the age remission (unknown); the new term is the
    18 months that certainly apply, not "none"."""
    from amnesty.rules.loader import load_source

    book = compile_rulebook(load_source("aanes-2022-law-5"))
    record = Record.model_validate({
        "record_id": "r1", "facility_id": "HSK-03", "nationality": "SY", "legal_status": "convicted",
        "offence_categories": ["theft"], "offence_class": "felony", "offence_date": date(2020, 1, 1),
        "org_role": "none", "fought_sdf": False, "caused_death": False, "explosives": False,
        "chronic_illness": False, "sentence_type": "fixed", "sentence_months": 24,
        "custody_start": date(2020, 6, 1),
    })
    with Evaluator(book) as engine:
        decision = engine.decide(record)
        older = engine.decide(record.model_copy(update={"birth_date": date(1940, 1, 1)}))
    assert decision["outcome"] == "release" and decision["possible_outcomes"] == ["release"]
    assert [(r["rule"], r["finding"]) for r in decision["reasons"]] == [
        ("fixed-term-quarter-remitted", "applies"), ("age-remitted", "unknown")]
    assert decision["sentence_after"] == {"type": "fixed", "months": 18}
    assert [r["rule"] for r in older["reasons"]] == ["age-remitted"]
    assert older["sentence_after"] == {"type": "none", "months": 0}


def test_a_custody_that_begins_after_the_as_of_date_cannot_end_in_release(law10, base_record):
    """Sentence type unknown, custody from September 2024, Law 10 as of its enactment: whatever
    the type and months turn out to be, the term ends after the as-of date. The decision used to
    list release as possible and give the as-of date as the earliest release."""
    from datetime import date as _date

    record = Record.model_validate({**base_record, "sentence_type": None, "sentence_months": None,
                                    "custody_start": _date(2024, 9, 1)})
    with Evaluator(law10) as engine:
        decision = engine.decide(record)
    assert decision["outcome"] == "review" and decision["missing"] == ["sentence_type", "sentence_months"]
    assert "release" not in decision["possible_outcomes"] and "reduced" in decision["possible_outcomes"]
    assert decision["earliest_release_date"] == "2024-09-01"  # a term of no months would end the day it began


def test_a_review_does_not_name_a_relief_its_overrider_certainly_displaces(law10, base_record):
    """Law 10, a defendant awaiting trial with no sentence and an unknown role: the decision is a
    review for the role, and the reasons named `no-custodial-sentence` beside `trial-not-concluded`,
    which overrides it and certainly holds."""
    record = Record.model_validate({**base_record, "legal_status": "awaiting_trial", "sentence_type": "none",
                                    "sentence_months": None, "org_role": None})
    with Evaluator(law10) as engine:
        decision = engine.decide(record)
    assert decision["outcome"] == "review" and decision["missing"] == ["org_role"]
    named = [reason["rule"] for reason in decision["reasons"]]
    assert "trial-not-concluded" in named and "no-custodial-sentence" not in named


def test_no_decision_of_the_sample_names_a_rule_beside_one_that_certainly_overrides_it():
    """Under every built-in rulebook: a reason whose rule is overridden by another reason that
    applies was displaced, and shaped nothing."""
    import csv

    from amnesty import api
    from amnesty.rules.loader import builtin_ids, load_rulebook

    with open(api.SAMPLE, newline="", encoding="utf-8") as handle:
        rows = list(itertools.islice(csv.DictReader(handle), 1500))
    for rulebook_id in builtin_ids():
        book = load_rulebook(rulebook_id)
        overrides = {rule.id: set(rule.prevails_over) for rule in book.rules}
        for decision in api.evaluate_records(rows, rulebook=rulebook_id):
            applying = {r["rule"] for r in decision["reasons"] if r["finding"] == "applies"}
            for reason in decision["reasons"]:
                displacing = {o for o in applying if reason["rule"] in overrides.get(o, ())}
                assert not displacing, (rulebook_id, decision["record_id"], reason["rule"], displacing)


def test_a_rule_that_reads_a_blank_is_found_again_in_the_worlds_that_fill_it():
    """Decree 39, a convict whose sentencing court is blank: the decision asks for the court, and an
    Iraqi court's sentence is outside the decree, but `not_covered` was missing from the possible
    outcomes, since `sentence-of-unrecognised-court` reads a blank court as no court and the key
    had decided it false."""
    from amnesty import api

    row = {"record_id": "R1", "facility_id": "HSK-01", "nationality": "SY", "birth_date": "1980-01-01",
           "legal_status": "convicted", "offence_categories": "smuggling", "offence_class": "felony",
           "offence_date": "2014-01-01", "sentence_type": "fixed", "sentence_months": "273",
           "custody_start": "2015-01-01", "judgment_final": "true", "victim_waiver": "false"}
    (blank,) = api.evaluate_records([row], rulebook="syria-2026-decree-39")
    assert blank["outcome"] == "review" and blank["missing"] == ["sentencing_authority"]
    for court in ("iraq", "syria", "daanes", "other"):
        (filled,) = api.evaluate_records([{**row, "sentencing_authority": court}], rulebook="syria-2026-decree-39")
        assert filled["outcome"] in blank["possible_outcomes"], (court, filled["outcome"], blank["possible_outcomes"])
