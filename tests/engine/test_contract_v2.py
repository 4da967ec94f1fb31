"""Data dictionary version 2: whitespace, case, impossible dates, duplicates,
``deferred``, dates relative to a parameter and readings switched on by a scenario."""

from __future__ import annotations

import json
import textwrap

import pytest

from amnesty import api
from amnesty.engine.evaluator import Evaluator
from amnesty.errors import RulebookError
from amnesty.models.record import RECORD_FIELDS
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import parse_source
from amnesty.rules.changes import apply_changes


def _csv(tmp_path, rows, name="in.csv"):
    path = tmp_path / name
    lines = [",".join(RECORD_FIELDS)]
    for row in rows:
        cells = [row.get(f) for f in RECORD_FIELDS]
        lines.append(",".join(";".join(c) if isinstance(c, list) else "" if c is None else str(c) for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _decide_file(path, **kwargs):
    out = []
    api.evaluate_file(path, on_decision=out.append, workers=1, **kwargs)
    return out


def test_ids_that_differ_only_by_whitespace_are_duplicates_in_every_api(tmp_path, base_record):
    rows = [{**base_record, "record_id": " A1"}, {**base_record, "record_id": "A1 "}]
    from_file = _decide_file(_csv(tmp_path, rows))
    from_records = list(api.evaluate_records(rows))
    for decisions in (from_file, from_records):
        assert [d["record_id"] for d in decisions] == ["A1", "A1"]
        assert decisions[0]["outcome"] != "invalid"
        assert decisions[1]["outcome"] == "invalid" and "duplicate" in decisions[1]["errors"][0]


def test_explain_finds_an_id_given_with_surrounding_whitespace(tmp_path, base_record):
    rows = [{**base_record, "record_id": "B2"}, {**base_record, "record_id": " A1 ", "org_role": "emir"}]
    line, values = api.find_record("A1", _csv(tmp_path, rows))
    assert line == 3 and values["org_role"] == "emir"


def test_enum_values_and_nationality_match_in_any_case(evaluator, base_record):
    mixed = {**base_record, "legal_status": "Convicted", "org_role": " MEMBER ", "nationality": "sy",
             "offence_categories": "Terrorism; THEFT", "sentence_type": "Fixed"}
    plain = evaluator.decide_values({**base_record, "offence_categories": "terrorism;theft"}, "")
    d = evaluator.decide_values(mixed, "")
    assert d["outcome"] == plain["outcome"] != "invalid"
    assert d["reasons"] == plain["reasons"] and d["rulebook"] == plain["rulebook"]


def test_arabic_indic_digits_read_as_digits(evaluator, base_record):
    d = evaluator.decide_values({**base_record, "sentence_months": "١٨٠", "custody_start": "٢٠١٩-٠٦-٠١"}, "")
    assert d["outcome"] != "invalid"
    assert d["sentence_before"] == {"type": "fixed", "months": 180}


@pytest.mark.parametrize("field", ["offence_date", "custody_start", "surrender_date"])
def test_dates_that_cannot_all_be_true_are_invalid_naming_both_fields(evaluator, base_record, field):
    dates = dict.fromkeys(("offence_date", "custody_start", "surrender_date")) | {field: "2015-03-01"}
    d = evaluator.decide_values({**base_record, **dates, "birth_date": "2020-01-01"}, "line 2: ")
    assert d["outcome"] == "invalid"
    assert "birth_date" in d["errors"][0] and field in d["errors"][0] and "2015-03-01" in d["errors"][0]


def test_impossible_dates_are_invalid_on_the_fast_path_too(tmp_path, base_record):
    rows = [{**base_record, "record_id": f"R{i}"} for i in range(300)]
    rows.append({**base_record, "record_id": "BAD", "birth_date": "2020-01-01", "offence_date": "2015-01-01",
                 "custody_start": "2010-01-01"})
    decisions = _decide_file(_csv(tmp_path, rows))
    assert len(decisions) == 301
    assert decisions[-1]["outcome"] == "invalid" and "birth_date" in decisions[-1]["errors"][0]
    out = tmp_path / "out.jsonl"
    api.evaluate_file(_csv(tmp_path, rows), output=out, workers=1)
    last = json.loads(out.read_text(encoding="utf-8").splitlines()[-1])
    assert last["outcome"] == "invalid"


BOOK = textwrap.dedent("""
    id: test-v2
    title: A test law
    authority: tests
    enacted: 2024-07-17
    version: "1"
    sources:
      - {id: text, title: The text, kind: official_text, language: ar}
    articles:
      "Art. 1": {basis: official_text, summary: Relief for the old and for convicts, sources: [text]}
    parameters:
      release_age: {description: age at issue, type: integer, value: 75, sources: [text]}
    rules:
      - id: untried
        article: "Art. 1"
        kind: relief
        sources: [text]
        summary: The trial has not concluded; the relief applies after judgment.
        when: {field: legal_status, op: "==", value: awaiting_trial}
        effect: defer
      - id: old-at-issue
        article: "Art. 1"
        kind: relief
        source: text
        summary: Reached {release_age} on the date of issue.
        when: {field: birth_date, op: "<=", value: {param: enacted, minus_years: {param: release_age}}}
        effect: release
      - id: halved
        article: "Art. 1"
        kind: relief
        source: text
        summary: Half the term remitted.
        when: {field: sentence_type, op: "==", value: fixed}
        effect: {type: reduce, remit_fraction: 0.5}
      - id: other-reading
        article: "Art. 1"
        kind: exclusion
        source: text
        enabled: false
        summary: Another reading excludes fugitives.
        when: {field: legal_status, op: "==", value: fugitive}
        effect: exclude
""")


@pytest.fixture
def book():
    return parse_source(BOOK, "test-v2.yaml")


def _one(source, **record):
    base = {"record_id": "x", "facility_id": "F", "legal_status": "convicted", "birth_date": "1980-01-01",
            "sentence_type": "fixed", "sentence_months": 24, "custody_start": "2024-01-01"}
    with Evaluator(compile_rulebook(source)) as ev:
        return ev.decide_values({**base, **record}, "")


def test_defer_gives_deferred_naming_the_condition_and_the_relief_it_waits_for(book):
    d = _one(book, legal_status="awaiting_trial")
    assert d["outcome"] == "deferred"
    assert [r["rule"] for r in d["reasons"]] == ["untried", "halved"]
    assert d["release_date"] is None and d["sentence_after"] is None


def test_unknown_status_that_could_defer_is_review(book):
    d = _one(book, legal_status=None)
    assert d["outcome"] == "review" and "legal_status" in d["missing"]


def test_age_on_the_date_of_issue_not_the_as_of_date(book):
    assert _one(book, birth_date="1949-07-17")["outcome"] == "release"
    later = _one(book, birth_date="1949-07-18")
    assert later["outcome"] == "reduced"
    with Evaluator(compile_rulebook(book), as_of=__import__("datetime").date(2030, 1, 1)) as ev:
        d = ev.decide_values({"record_id": "x", "facility_id": "F", "legal_status": "convicted",
                              "birth_date": "1949-07-18", "sentence_type": "life", "custody_start": "2024-01-01"}, "")
    assert "old-at-issue" not in [r["rule"] for r in d["reasons"]]  # 80 at the as-of date, 74 at issue


def test_a_reading_off_by_default_is_switched_on_by_a_scenario(book):
    assert _one(book, legal_status="fugitive")["outcome"] != "excluded"
    on, overrides = apply_changes(book, enable=["other-reading"])
    assert overrides == {"enable": ["other-reading"]}
    assert _one(on, legal_status="fugitive")["outcome"] == "excluded"


def test_a_rule_citing_an_article_missing_from_the_block_is_refused():
    with pytest.raises(RulebookError, match="articles block"):
        head, _, tail = BOOK.rpartition('article: "Art. 1"')
        compile_rulebook(parse_source(head + 'article: "Art. 9"' + tail, "x.yaml"))
