from __future__ import annotations

import json

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
