"""A rule's ``as_of`` window: a deadline of the law is judged as of the day of the decision."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from amnesty import api
from amnesty.errors import RulebookError

DECREE_39 = "syria-2026-decree-39"
WEAPONS = {"record_id": "W1", "facility_id": "DMS-01", "nationality": "SY", "birth_date": "1980-01-01",
           "legal_status": "convicted", "offence_class": "felony", "offence_categories": "weapons",
           "offence_date": "2014-06-01", "sentence_type": "fixed", "sentence_months": "36",
           "custody_start": "2015-01-01", "caused_death": "false", "chronic_illness": "false",
           "illness_requires_assistance": "false", "sentencing_authority": "syria"}
TEST_DECREE = Path(__file__).parent / "data" / "decree-v2.yaml"
WAITING_RULE = """
  - id: waits-for-papers
    article: "Art. 2"
    kind: relief
    source: press-2025
    summary: A life sentence waits for its papers until {papers_deadline}.
    when: {field: sentence_type, op: "==", value: life}
    as_of: {op: "<=", value: {param: papers_deadline}}
    effect: defer
    overrides: [life-commuted]
"""
DEADLINE = """
  papers_deadline:
    description: The last day for the papers.
    type: date
    value: 2025-06-01
    source: gazette-2025
"""


def _decided(record: dict, as_of: str) -> dict:
    (decision,) = api.evaluate_records([record], rulebook=DECREE_39, as_of=as_of)
    return decision


def test_a_book_without_windows_is_the_same_object_on_every_day():
    book = api.load_rulebook("aanes-2024-law-3")
    assert book.at(date(2024, 7, 17)) is book and book.at(date(2030, 1, 1)) is book


def test_the_rules_in_force_change_the_day_after_the_deadline_and_the_law_stays_the_same():
    book = api.load_rulebook(DECREE_39)
    on, after = book.at(date(2026, 5, 18)), book.at(date(2026, 5, 19))
    ids = lambda b: {rule.id for rule in b.rules}  # noqa: E731
    assert "weapons-not-surrendered" in ids(on) and "weapons-not-surrendered-by-deadline" not in ids(on)
    assert "weapons-not-surrendered-by-deadline" in ids(after) and "weapons-not-surrendered" not in ids(after)
    assert on.sha256 == after.sha256 == book.sha256
    assert on.at(date(2030, 1, 1)) is on  # chosen for a day: a chain keeps its choice
    assert book.at(date(2026, 5, 18)) is on  # one book per set of rules in force


def test_a_weapons_felony_waits_until_the_deadline_and_then_gets_nothing():
    assert _decided(WEAPONS, "2026-05-18")["outcome"] == "deferred"
    late = _decided(WEAPONS, "2026-05-19")
    assert late["outcome"] == "not_covered"
    assert [r["rule"] for r in late["reasons"]] == ["weapons-not-surrendered-by-deadline"]
    assert _decided({**WEAPONS, "weapons_surrender_date": "2026-05-10"}, "2026-12-01")["outcome"] == "release"


def test_workers_choose_the_same_rules_as_the_reading_process(tmp_path, monkeypatch, pools):
    """Each worker compiles the law again and chooses the rules in force itself: the same bytes."""
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "MIN_SHARED_BYTES", 1 << 14)  # a small file still cut for two workers
    source = tmp_path / "records.csv"
    api.write_sample(source, count=2_500, seed=2)
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.jsonl"
        api.evaluate_file(source, rulebook=DECREE_39, as_of="2026-12-01", output=out, workers=workers)
        outputs.append(out.read_bytes())
    assert pools == [2] and outputs[0] == outputs[1]  # the second run was decided by two workers
    rules = {r["rule"] for line in outputs[0].splitlines() for r in json.loads(line)["reasons"]}
    assert "weapons-not-surrendered" not in rules and "escaped-may-still-surrender" not in rules


def test_a_chain_judges_an_earlier_instruments_deadline_as_of_the_day_of_the_decision(tmp_path):
    text = TEST_DECREE.read_text(encoding="utf-8")
    text = text.replace("\nrules:\n", "\n" + DEADLINE.strip("\n") + "\n\nrules:\n" + WAITING_RULE.lstrip("\n"), 1)
    path = tmp_path / "decree-with-deadline.yaml"
    path.write_text(text.replace("parameters:\n", "parameters:\n", 1), encoding="utf-8")
    record = {**WEAPONS, "offence_categories": "theft", "sentence_type": "life", "sentence_months": ""}
    (alone,) = api.evaluate_records([record], rulebook=path, as_of="2025-05-01")
    assert alone["outcome"] == "deferred"
    (chained,) = api.evaluate_records([record], rulebook=path, then=[DECREE_39], as_of="2026-12-01")
    first = chained["steps"][0]
    assert first["as_of"] == "2025-03-01"  # the instrument decides as of its issue ...
    assert first["outcome"] == "reduced"  # ... but its deadline had passed by the day of the decision
    assert "waits-for-papers" not in [r["rule"] for r in first["reasons"]]


def test_a_sweep_that_moves_the_deadline_past_the_as_of_date_decides_each_value(tmp_path):
    source = tmp_path / "records.csv"
    api.write_sample(source, count=1_500, seed=4)
    values = ["2026-05-01", "2026-07-01"]
    swept = api.sweep(source, rulebook=DECREE_39, param="weapons_surrender_deadline", values=values, as_of="2026-06-01")
    for value, row in zip(values, swept.rows):
        variant = api.single_rulebook(DECREE_39, set={"weapons_surrender_deadline": value})
        counts = api.evaluate_file(source, rulebook=variant, as_of="2026-06-01").outcomes
        assert {k: v for k, v in row.outcomes.items() if v} == {k: v for k, v in counts.items() if v}, value


def test_a_window_on_something_other_than_a_date_is_refused(tmp_path):
    text = TEST_DECREE.read_text(encoding="utf-8").replace(
        "    effect: {type: commute, years: {param: life_commuted_years}}",
        "    effect: {type: commute, years: {param: life_commuted_years}}\n"
        "    as_of: {op: \"<=\", value: {param: life_commuted_years}}", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match="as_of compares the as-of date with a date"):
        api.load_rulebook(path)


def test_explain_names_the_rules_not_in_force_on_the_day():
    """A legal reviewer sees which rules a deadline has taken out, not only those that were tried."""
    before = api.explain_record("SYN-000001", rulebook=DECREE_39, as_of="2026-05-18")
    after = api.explain_record("SYN-000001", rulebook=DECREE_39, as_of="2026-05-19")
    assert "weapons-not-surrendered-by-deadline" in before.not_in_force
    assert "weapons-not-surrendered" in after.not_in_force and "weapons-not-surrendered" not in before.not_in_force
    for result in (before, after):
        tried = {rule.rule for rule in result.rules}
        assert tried.isdisjoint(result.not_in_force)
        assert result.to_dict()["not_in_force"] == result.not_in_force


def test_a_chain_step_names_the_rules_its_deadlines_took_out_as_of_the_day_of_the_decision():
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    result = api.explain_record("SYN-000001", rulebook="aanes-2024-law-10", then=[DECREE_39], as_of="2026-12-01")
    first = result.steps[0]
    assert first.as_of == "2024-07-17" and "fugitive-may-still-surrender" in first.explanation.not_in_force
    text = CliRunner().invoke(app, ["explain", "SYN-000001", "--then", DECREE_39, "--as-of", "2026-12-01"]).output
    assert "not in force as of 2026-12-01 (a deadline of the law): fugitive-may-still-surrender" in " ".join(text.split())
