from __future__ import annotations

import json

import pytest

from amnesty import api
from amnesty.errors import InputFileError
from amnesty.rules.loader import load_source


def test_explain_names_every_rule_with_its_article(run):
    result = run("explain", "SYN-000001", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    book = load_source("aanes-2024-law-10").rulebook
    assert [r["rule"] for r in data["rules"]] == [r.id for r in book.rules if r.enabled]  # readings off by default are not run
    assert all(r["article"] for r in data["rules"])
    fired = {r["rule"] for r in data["rules"] if r["finding"] == "holds"}
    assert {reason["rule"] for reason in data["decision"]["reasons"] if reason["finding"] == "applies"} <= fired
    assert data["what_would_change"]


def test_explain_text_output(run):
    result = run("explain", "SYN-000002")
    assert result.exit_code == 0, result.output
    assert "SYN-000002" in result.output and "Every rule" in result.output


def test_explain_unknown_record(run):
    result = run("explain", "NOPE-1")
    assert result.exit_code == 2
    assert "no record with record_id 'NOPE-1'" in result.output


def test_a_row_that_cannot_be_read_is_explained_as_evaluate_decides_it(run, tmp_path):
    """A ragged row is an invalid decision in evaluate's output, with its id: explain finds it by that id."""
    source = tmp_path / "records.csv"
    source.write_text("record_id,facility_id,legal_status,offence_class\nR1,F1,convicted,felony\nR2,F1,convicted\n",
                      encoding="utf-8")
    written = run("evaluate", source, "--output", "-")
    (decision,) = [d for d in map(json.loads, written.stdout.splitlines()) if d["record_id"] == "R2"]
    assert decision["outcome"] == "invalid"
    result = run("explain", "R2", source, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["decision"] == decision
    text = run("explain", "R2", source).output
    assert "facility not known" in text and "Correct the record: line 3: has 3 cells" in " ".join(text.split())
    with pytest.raises(InputFileError, match="line 3 holds record_id 'R2' but cannot be read: has 3 cells"):
        api.find_record("R2", source)  # the values of a row that has none are refused in one sentence


def test_explain_gives_every_date_of_the_decision(run):
    """A case officer plans with the parole date and a review's earliest release: explain shows both."""
    for record_id, rulebook, key, words in (
        ("SYN-000236", "aanes-2024-law-3", "parole_date", "parole possible from"),
        ("SYN-000039", "aanes-2024-law-10", "earliest_release_date", "earliest release once the missing facts are known:"),
    ):
        decision = json.loads(run("explain", record_id, "--rulebook", rulebook, "--json").output)["decision"]
        assert decision[key], (record_id, key)
        assert f"{words} {decision[key]}" in run("explain", record_id, "--rulebook", rulebook).output
