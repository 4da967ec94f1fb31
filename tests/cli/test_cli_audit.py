"""``amnesty audit`` as a legal reviewer or CI runs it: exit codes and the exact text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amnesty.rules.loader import load_source

LAW_10 = Path(load_source("aanes-2024-law-10").path).read_text(encoding="utf-8")


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


def without_warnings(output):
    """The lines of the output but the lint warnings (rulebooks written before the articles block have some)."""
    return [line for line in output.splitlines() if ": warning: " not in line]


@pytest.mark.slow
def test_audit_of_builtins_passes_with_full_coverage(run):
    """Two rulebooks through the command line; every built-in's cases and coverage are checked once,
    through the API, by tests/rules/test_audit.py (auditing all of them again here cost 9 s)."""
    named = ["aanes-2024-law-3", "aanes-2020-eid"]
    result = run("audit", *named)
    assert result.exit_code == 0, result.output
    expected = []
    for rulebook_id in named:
        book = load_source(rulebook_id).rulebook
        n, rules = len(book.cases), len(book.rules)
        expected.append(f"ok   {rulebook_id}: {n} of {n} cases passed, 0 failed; {rules} of {rules} rules covered (100%)")
    lines = result.output.splitlines()
    assert [line for line in lines if not line.startswith("  ")] == expected
    assert all(": warning: " in line for line in lines if line.startswith("  "))  # e.g. no articles block yet


def test_audit_with_no_rulebook_named_audits_every_builtin(run, monkeypatch):
    from amnesty import api

    asked = []
    monkeypatch.setattr(api, "audit", lambda rulebooks: asked.append(list(rulebooks)) or [])
    assert run("audit").exit_code == 0 and asked == [[]]  # the API's "every built-in" (tests/rules/test_audit.py)


def test_failing_case_and_uncovered_rule_are_named_and_exit_1(run, tmp_path):
    text = LAW_10.replace("record: {org_role: trainer}\n    expect: {outcome: excluded",
                          "record: {org_role: trainer}\n    expect: {outcome: reduced")
    text = text.replace("  - name: involvement in bombings is excluded\n    record: {explosives: true}\n"
                        "    expect: {outcome: excluded, rules: [explosives]}\n", "")
    text = text.replace("    record: {org_role: leader, explosives: true, caused_death: true}\n"
                        "    expect: {outcome: excluded, rules: [senior-official, explosives, caused-death]}\n",
                        "    record: {org_role: leader, caused_death: true}\n"
                        "    expect: {outcome: excluded, rules: [senior-official, caused-death]}\n")
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("audit", "aanes-2020-eid", path)
    assert result.exit_code == 1
    eid = load_source("aanes-2020-eid").rulebook
    law = load_source(path).rulebook
    cases, rules = len(law.cases), len(law.rules)
    assert without_warnings(result.output) == [
        f"ok   aanes-2020-eid: {len(eid.cases)} of {len(eid.cases)} cases passed, 0 failed; "
        f"{len(eid.rules)} of {len(eid.rules)} rules covered (100%)",
        f"FAIL aanes-2024-law-10: {cases - 1} of {cases} cases passed, 1 failed; "
        f"{rules - 1} of {rules} rules covered ({100 * (rules - 1) // rules}%)",
        f"  {path}:{line_of(text, '- name: a trainer is excluded')}: case 'a trainer is excluded as a senior "
        "official' failed: outcome is excluded (senior-official), expected reduced",
        f"  {path}:{line_of(text, '- id: explosives')}: rule 'explosives' is not covered: fires in no case; "
        "add a case where its condition holds",
    ]


def test_lint_errors_are_reported_and_exit_1(run, tmp_path):
    path = tmp_path / "law.yaml"
    path.write_text(LAW_10.replace("value: awaiting_trial}\n    effect: defer", "value: on_trial}\n    effect: defer"),
                    encoding="utf-8")
    result = run("audit", path)
    assert result.exit_code == 1
    assert without_warnings(result.output) == [
        "FAIL law.yaml: 1 lint error; no case was run".replace("law.yaml", str(path)),
        f"  {path}:{line_of(LAW_10, 'value: awaiting_trial}' + chr(10) + '    effect: defer')}: error: rule 'trial-not-concluded': "
        "'on_trial' is not a value of legal_status; did you mean 'awaiting_trial'?",
    ]


def test_unknown_rulebook_is_a_usage_error(run):
    result = run("audit", "aanes-2020-resolution5")
    assert result.exit_code == 2
    assert result.output == (
        "error: no built-in rulebook or file named 'aanes-2020-resolution5'; did you mean 'aanes-2020-resolution-5'?\n"
    )


def test_json_and_coverage_table(run):
    result = run("audit", "aanes-2024-law-3", "--json")
    assert result.exit_code == 0
    (report,) = json.loads(result.output)
    assert report["ok"] and report["problems"] == [] and report["rules"]["covered"] == report["rules"]["total"]
    assert all(r["fires"] and r["does_not_fire"] for r in report["coverage"])
    table = run("audit", "aanes-2024-law-3", "--coverage").output
    assert "Rule coverage: aanes-2024-law-3" in table and "disciplinary-offence-unknown" in table
