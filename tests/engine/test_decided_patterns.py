"""Keys that a scope or exclusion rule definitely decides share one pattern, but keep their own findings.

Such a key's plan reads only the deciding rules, so the evaluator gives every
key with the same deciding rules one pattern (one plan, one durable_rules
check, one template) however its other rules came out. What a record's other
rules found is still its own: explain and the worked cases show it.
"""

from __future__ import annotations

from datetime import date

from amnesty.engine.evaluator import Evaluator
from amnesty.models.record import Record

BASE = {"record_id": "A", "facility_id": "RQA-01", "legal_status": "convicted", "offence_categories": "terrorism",
        "offence_date": "2020-01-01", "sentence_type": "fixed", "sentence_months": "24",
        "custody_start": "2020-02-01", "nationality": "SY", "org_role": "emir"}


def _evaluate(evaluator, **changes):
    return evaluator.evaluate(Record.model_validate({**BASE, **changes}))


def test_two_emirs_share_a_pattern_but_not_their_findings(law10):
    evaluator = Evaluator(law10, date(2024, 7, 17))
    try:
        old = _evaluate(evaluator, record_id="old", birth_date="1940-01-01")
        young = _evaluate(evaluator, record_id="young", birth_date="1990-01-01")
        again = _evaluate(evaluator, record_id="old-again", birth_date="1941-06-01")  # a key met before: from the cache
    finally:
        evaluator.close()
    assert old.result.outcome.value == young.result.outcome.value == "excluded"
    assert "senior-official" in old.result.rules
    assert old.key != young.key
    assert evaluator.pattern(old.key) is evaluator.pattern(young.key)  # one plan for both
    differ = {rule for rule in old.findings if old.findings[rule] != young.findings[rule]}
    assert "humanitarian-release" in differ  # reached 75 on the date of the law, or not
    assert old.findings == evaluator.tree_findings(old.key)
    assert young.findings == evaluator.tree_findings(young.key)
    assert again.findings == evaluator.tree_findings(again.key) == old.findings


def test_a_key_left_to_its_relief_rules_keeps_a_pattern_of_its_own(law10):
    evaluator = Evaluator(law10, date(2024, 7, 17))
    try:
        old = _evaluate(evaluator, org_role="none", birth_date="1940-01-01")
        young = _evaluate(evaluator, org_role="none", birth_date="1990-01-01")
    finally:
        evaluator.close()
    assert evaluator.pattern(old.key) is not evaluator.pattern(young.key)
    assert old.result.outcome != young.result.outcome or old.result.rules != young.result.rules
