"""Outcomes, precedence and unknown facts under Law No. 10, beyond the rulebook's own cases."""

from __future__ import annotations

import itertools
import random

from amnesty.engine.evaluator import Evaluator
from amnesty.models.decision import Decision
from amnesty.models.record import Record


def decide(evaluator, base, **changes):
    return evaluator.decide_values({**base, **changes}, "line 2: ")


def test_decisions_validate_against_the_decision_model(evaluator, base_record):
    for changes in ({}, {"org_role": "emir"}, {"nationality": None}, {"sentence_months": -1}):
        Decision.model_validate(decide(evaluator, base_record, **changes))


def test_decision_carries_rulebook_identity_and_as_of(evaluator, base_record, law10):
    d = decide(evaluator, base_record)
    assert d["rulebook"] == {"id": law10.id, "version": law10.version, "sha256": law10.sha256, "overrides": {}}
    assert d["as_of"] == "2024-07-17"
    assert list(d) == list(Decision.model_fields)


def test_invalid_record_names_line_field_and_value(evaluator, base_record):
    d = decide(evaluator, base_record, org_role="boss", birth_date="2023-02-30")
    assert d["outcome"] == "invalid"
    assert any(e.startswith("line 2: field org_role: 'boss'") for e in d["errors"])
    assert any("birth_date" in e and "2023-02-30" in e for e in d["errors"])
    assert d["reasons"] == [] and d["record_id"] == "case"


def test_missing_record_id_is_invalid_not_dropped(evaluator, base_record):
    d = decide(evaluator, base_record, record_id="")
    assert d["outcome"] == "invalid"
    assert d["errors"] == ["line 2: field record_id: required but missing"]


def test_birth_after_as_of_is_invalid(evaluator, base_record):
    d = decide(evaluator, base_record, birth_date="2030-01-01", offence_date=None, custody_start=None)
    assert d["outcome"] == "invalid"
    assert "after the as-of date" in d["errors"][0]


def test_every_rule_is_reported_not_only_the_first(evaluator, base_record):
    d = decide(evaluator, base_record, org_role="emir", fought_sdf=True, explosives=True, caused_death=True)
    assert {r["rule"] for r in d["reasons"]} == {"senior-official", "fought-sdf", "explosives", "caused-death"}
    assert all(r["article"] and r["text"] for r in d["reasons"])


def test_unknown_exclusion_fact_is_review_even_with_relief(evaluator, base_record):
    d = decide(evaluator, base_record, fought_sdf=None, birth_date="1940-01-01")
    assert d["outcome"] == "review"
    assert d["missing"] == ["fought_sdf"]
    assert d["reasons"][0]["finding"] == "unknown"


def test_unknown_fact_that_cannot_change_the_outcome_is_not_asked_for(evaluator, base_record):
    # chronic illness unknown, but the person is 80: released either way
    d = decide(evaluator, base_record, chronic_illness=None, birth_date="1944-01-01")
    assert d["outcome"] == "release" and d["missing"] == []


def test_as_of_moves_age_and_time_served(law10, base_record):
    from datetime import date

    with Evaluator(law10, date(2027, 1, 1)) as later:
        d = later.decide_values(base_record)
    assert d["outcome"] == "release" and d["release_date"] == "2027-01-01" and d["as_of"] == "2027-01-01"


def test_same_key_same_findings(evaluator, base_record):
    """Two records with the same key always get the same findings (the basis of the cache)."""
    rng = random.Random(7)
    options = {
        "nationality": ["SY", "IQ", None],
        "birth_date": ["1949-07-17", "1949-07-18", "1990-01-01", None],
        "org_role": ["member", "emir", None],
        "legal_status": ["convicted", "fugitive", None],
        "surrender_date": ["2024-09-15", "2024-09-16", None],
        "offence_date": ["2024-07-16", "2024-07-17", None],
        "chronic_illness": [True, False, None],
    }
    seen = {}
    for i in range(400):
        values = {**base_record, "record_id": f"r{i}", **{k: rng.choice(v) for k, v in options.items()}}
        record = Record.model_validate(values)
        from amnesty.engine.facts import python_fact

        fact = python_fact(record, evaluator.as_of)
        key = evaluator.key(fact)
        findings = evaluator.durable_findings(fact, record.record_id)
        assert findings == evaluator.plain_findings(key)
        assert seen.setdefault(key, findings) == findings


def test_output_is_identical_across_evaluators(law10, base_record):
    variants = [dict(zip(("org_role", "nationality"), combo))
                for combo in itertools.product(["member", "emir", None], ["SY", "IQ", None])]
    runs = []
    for _ in range(2):
        with Evaluator(law10) as ev:
            runs.append([ev.decide_values({**base_record, **v}) for v in variants])
    assert runs[0] == runs[1]
