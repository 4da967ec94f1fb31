"""The audit proves every built-in rulebook, and names the case or rule when a rulebook is wrong."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from amnesty.analysis.audit import audit, audit_rulebook
from amnesty.rules.loader import builtin_ids, load_source

LAW_10 = Path(load_source("aanes-2024-law-10").path).read_text(encoding="utf-8")
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rulebooks.md"

EXPLOSIVES_CASES = (
    "  - name: involvement in bombings is excluded\n    record: {explosives: true}\n"
    "    expect: {outcome: excluded, rules: [explosives]}\n",
    "  - name: several exclusions are all given as reasons\n"
    "    record: {org_role: leader, explosives: true, caused_death: true}\n"
    "    expect: {outcome: excluded, rules: [senior-official, explosives, caused-death]}\n",
)


def write(tmp_path, text, name="law.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


@functools.cache
def builtin_audits():
    return {report.id: report for report in audit()}


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_builtin_rulebook_passes_with_every_rule_covered(rulebook_id):
    report = builtin_audits()[rulebook_id]
    assert report.ok, "\n".join(report.problems())
    book = load_source(report.id).rulebook
    assert report.cases_run == len(book.cases) == report.passed
    assert [c.rule for c in report.coverage] == [r.id for r in book.rules]
    for rule in report.coverage:
        assert rule.fires and rule.does_not_fire and rule.decides, rule.rule
        assert not set(rule.fires) & set(rule.does_not_fire)


def test_no_rulebook_named_means_every_builtin():
    assert list(builtin_audits()) == builtin_ids()
    assert {"aanes-2024-law-10", "aanes-2024-law-3", "aanes-2020-resolution-5", "aanes-2020-eid"} <= set(builtin_ids())


def test_rule_no_case_makes_fire_is_named_with_its_line(tmp_path):
    text = LAW_10
    for case in EXPLOSIVES_CASES:
        text = text.replace(case, "")
    path = write(tmp_path, text)
    report = audit_rulebook(path)
    assert not report.ok and not report.failed
    assert report.problems() == [
        f"{path}:{line_of(text, '- id: explosives')}: rule 'explosives' is not covered: "
        "fires in no case; add a case where its condition holds"
    ]


def test_rule_that_fires_in_every_case_is_not_covered(tmp_path):
    text = LAW_10.split("\ncases:\n")[0] + "\ncases:\n" + (
        "  - name: a trainer is excluded\n    record: {org_role: trainer}\n    expect: {outcome: excluded}\n"
        "  - name: an emir is excluded\n    record: {org_role: emir}\n    expect: {outcome: excluded}\n"
    )
    report = audit_rulebook(write(tmp_path, text))
    gaps = {r.rule: r.gaps() for r in report.uncovered}
    assert gaps["senior-official"] == [
        "fires in every case where it is present; add a case where its condition does not hold"
    ]
    assert gaps["fought-sdf"] == ["fires in no case; add a case where its condition holds"]


def test_a_disabled_rule_is_not_counted_as_not_firing(tmp_path):
    text = LAW_10.split("\ncases:\n")[0] + "\ncases:\n" + (
        "  - name: a fighter of the SDF is excluded\n    record: {fought_sdf: true}\n    expect: {outcome: excluded}\n"
        "  - name: with the rule off, the same person has the term halved\n    record: {fought_sdf: true}\n"
        "    disable: [fought-sdf]\n    expect: {outcome: reduced}\n"
    )
    report = audit_rulebook(write(tmp_path, text))
    fought = next(r for r in report.coverage if r.rule == "fought-sdf")
    assert fought.fires == ["a fighter of the SDF is excluded"] and fought.does_not_fire == []


def test_wrong_expectation_names_the_case_and_its_line(tmp_path):
    text = LAW_10.replace("record: {org_role: trainer}\n    expect: {outcome: excluded",
                          "record: {org_role: trainer}\n    expect: {outcome: reduced")
    path = write(tmp_path, text)
    report = audit_rulebook(path)
    assert report.passed == report.cases_run - 1
    assert report.problems() == [
        f"{path}:{line_of(text, '- name: a trainer is excluded')}: case 'a trainer is excluded as a senior official' "
        "failed: outcome is excluded (senior-official), expected reduced"
    ]


def test_case_setting_an_unknown_parameter_fails_instead_of_stopping_the_audit(tmp_path):
    text = LAW_10.replace("set: {life_commuted_years: 20}", "set: {life_years: 20}")
    report = audit_rulebook(write(tmp_path, text))
    (failure,) = report.failed
    assert failure.name == "if life went to 20 years, the same life sentence would end in 2039"
    assert failure.failures[0].startswith("aanes-2024-law-10 has no parameter 'life_years'; did you mean")
    assert any("set: no parameter 'life_years'" in p for p in report.problems())  # lint says it too


def test_lint_errors_stop_the_audit_before_any_case(tmp_path):
    path = write(tmp_path, LAW_10.replace("- {field: fought_sdf,", "- {field: fougth_sdf,"))
    report = audit_rulebook(path)
    assert not report.ok and report.cases_run == 0
    assert report.problems() == [
        f"{path}:{line_of(LAW_10, '- {field: fought_sdf,')}: error: rule 'fought-sdf': "
        "unknown field 'fougth_sdf'; did you mean 'fought_sdf'?"
    ]


def test_rulebook_without_cases_does_not_pass(tmp_path):
    path = write(tmp_path, LAW_10.split("\ncase_defaults:\n")[0] + "\n")
    report = audit_rulebook(path)
    assert not report.ok and f"{path}: error: the rulebook has no worked cases" in report.problems()


def test_the_worked_example_in_the_docs_lints_clean_and_passes_its_audit(tmp_path):
    text = DOCS.read_text(encoding="utf-8")
    example = re.search(r"<!-- worked-example -->\n```yaml\n(.*?)\n```", text, re.S).group(1)
    report = audit_rulebook(write(tmp_path, example + "\n", "example-decree.yaml"))
    assert report.ok and not report.lint.problems, "\n".join(report.problems())
    assert report.passed == report.cases_run >= 10
