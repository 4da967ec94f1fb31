"""Record values durable_rules would compare wrongly never reach it unnoticed.

The evaluator sends the engine only the facts some rule reads (with a
stand-in id for the sentinel), so an over-long or unencodable id or an
unread field cannot fail a run. Text that a rule does read and that the
engine would compare wrongly (over 65,535 bytes once escaped, or a lone
surrogate) makes that record invalid, named, rather than decided on a wrong
comparison or stopping the whole run. Terms and dates past the calendar are
invalid too.
"""

from __future__ import annotations

import pytest

from amnesty.engine.evaluator import Evaluator
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import parse_source

FACILITY_BOOK = """\
id: facility-test
title: A law that reads the facility
authority: tests
enacted: 2024-07-17
version: "1"
sources: [{id: s, title: none}]
rules:
  - {id: elsewhere, article: "1", kind: scope, source: s, summary: Held elsewhere.,
     when: {field: facility_id, op: "!=", value: "RQA-01"}, effect: not_covered}
  - {id: life, article: "2", kind: relief, source: s, summary: Life to 15 years.,
     when: {field: sentence_type, op: "==", value: life}, effect: {type: commute, years: 15}}
  - {id: fixed, article: "2", kind: relief, source: s, summary: Half remitted.,
     when: {field: sentence_type, op: "==", value: fixed}, effect: {type: reduce, remit_fraction: 0.5}}
"""


@pytest.fixture(scope="module")
def facility_book():
    return compile_rulebook(parse_source(FACILITY_BOOK, "facility.yaml"))


@pytest.fixture
def reads_facility(facility_book):
    with Evaluator(facility_book) as evaluator:
        yield evaluator


RECORD = {"record_id": "A", "facility_id": "RQA-01", "sentence_type": "fixed", "sentence_months": 24,
          "custody_start": "2024-01-01"}


@pytest.mark.parametrize("facility", [
    "a" * 65_536, "ي" * 32_768, '"' * 32_768, "RQA-\ud800",
    "RQA-01" + "x" * 65_536,  # the engine keeps its length mod 65,536: it would read "RQA-01"
])
def test_text_the_engine_cannot_compare_is_invalid_when_a_rule_reads_it(reads_facility, facility):
    decision = reads_facility.decide_values(dict(RECORD, facility_id=facility), "line 7: ")
    assert decision["outcome"] == "invalid" and decision["reasons"] == []
    (error,) = decision["errors"]
    assert error.startswith("line 7: field facility_id: ") and "facility-test reads it" in error
    assert len(error) < 300  # the value is cut short, not repeated in full


@pytest.mark.parametrize("facility, outcome", [
    ("a" * 65_535, "not_covered"),  # at the limit: compared correctly
    ("RQA-01\x00", "not_covered"),  # NUL is escaped, and compared correctly
    ("RQA-01", "reduced"),
    ("رقة-٣", "not_covered"),
])
def test_text_within_the_limit_is_decided(reads_facility, facility, outcome):
    assert reads_facility.decide_values(dict(RECORD, facility_id=facility))["outcome"] == outcome


def test_unread_text_never_reaches_the_engine(evaluator, base_record):
    # Law No. 10 reads neither the id nor the facility: both are copied to the decision verbatim
    for values in ({"facility_id": "x" * 100_000}, {"record_id": "R\ud800"}, {"record_id": "r" * 20_000_000}):
        decision = evaluator.decide_values({**base_record, **values})
        assert decision["outcome"] == "reduced" and decision["record_id"] == values.get("record_id", "case")


def test_the_engine_sees_only_the_facts_rules_read(reads_facility, monkeypatch):
    seen = []
    real = reads_facility._matcher.matches
    monkeypatch.setattr(reads_facility._matcher, "matches", lambda fact: seen.append(fact) or real(fact))
    reads_facility.decide_values(dict(RECORD, record_id="secret-id"))
    assert seen == [{"facility_id": "RQA-01", "sentence_type": "fixed", "record_id": "-"}]


def test_a_term_longer_than_the_calendar_is_invalid(evaluator, base_record):
    decision = evaluator.decide_values(dict(base_record, sentence_months=10**30))
    assert decision["outcome"] == "invalid" and "field sentence_months: " in decision["errors"][0]
    assert "9,999 years" in decision["errors"][0]
    assert evaluator.decide_values(dict(base_record, sentence_months=12 * 9_999))["outcome"] == "reduced"


@pytest.mark.parametrize("changes", [
    {"sentence_type": "life", "custody_start": "9999-12-31"},
    {"sentence_type": "fixed", "sentence_months": 12 * 9_999, "custody_start": "9000-01-01"},
])
def test_a_release_date_past_the_calendar_is_invalid(evaluator, base_record, changes):
    decision = evaluator.decide_values({**base_record, **changes}, "line 3: ")
    assert decision["outcome"] == "invalid"
    assert decision["errors"][0].startswith(f"line 3: field custody_start: {changes['custody_start']}: ")
    assert "after 9999-12-31" in decision["errors"][0]
