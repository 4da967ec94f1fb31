"""Lint and loading give the same mistake the same line and the same words, in plain language."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty.errors import RulebookError, ScenarioError
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.lint import lint_text
from amnesty.rules.loader import parse_source

DECREE_PATH = Path(__file__).parent / "data" / "decree-v2.yaml"
DECREE = DECREE_PATH.read_text(encoding="utf-8")


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


def both(text):
    report = lint_text(text, "decree.yaml")
    with pytest.raises(RulebookError) as info:
        compile_rulebook(parse_source(text, "decree.yaml"))
    return report, info.value


MISTAKES = [  # (what is written wrong, written how, where the line must point, words the message must have)
    ('when: {field: sentence_type, op: "==", value: life}', 'when: {field: sentense_type, op: "==", value: life}',
     "sentense_type", "unknown field 'sentense_type'"),
    ('value: life}', 'value: lifer}', "lifer", "'lifer' is not a value of sentence_type"),
    ("    kind: relief\n    sources: [press-2025, gazette-2025]", "    kind: relif\n    sources: [press-2025, gazette-2025]",
     "kind: relif", "key kind: input should be 'scope', 'exclusion' or 'relief' (got 'relif')"),
    ("    kind: scope\n", "    kind: scope\n    severity: high\n", "severity: high", "key severity: unknown key"),
    ("    value: 20\n", "    value: twenty\n", "value: twenty", "parameter 'life_commuted_years': expected a whole number"),
    ("    value: 20\n", "    value: -5\n", "value: -5",
     "the value of parameter 'life_commuted_years', as the effect's years: commute needs years: a number of years >= 0"),
    ("    value: 75\n", "    value: old\n", "value: old", "parameter 'release_age': expected a whole number"),
    ('    type: integer\n    value: 75\n', '    type: text\n    value: "75"\n', 'value: "75"',
     "the value of parameter 'release_age', compared with age: age is integer; cannot compare it with '75'"),
    ("sources: [press-2025, gazette-2025]", "sources: [press-2025, gazete-2025]", "gazete-2025",
     "cites unknown source 'gazete-2025'"),
    ("value: {param: cutoff_date}", "value: {param: cutof_date}", "cutof_date", "unknown parameter 'cutof_date'"),
    ("    sources: [gazette-2025]\n  \"Art. 2\"", "    sources: [gazette-2052]\n  \"Art. 2\"", "gazette-2052",
     "article 'Art. 1' cites unknown source 'gazette-2052'"),
    ("rules:\n", "rules:\n  - just text\n", "just text", "rule 1, should be a mapping (key: value lines) (got 'just text')"),
    ("enacted: 2025-03-01", "enacted: March 2025", "March 2025",
     "key enacted: should be a date written YYYY-MM-DD (got 'March 2025')"),
    ("    basis: official_text\n", "    basis: quoted\n", "basis: quoted",
     "article 'Art. 1', key basis: input should be 'official_text' or 'reported' (got 'quoted')"),
]


@pytest.mark.parametrize(("old", "new", "needle", "words"), MISTAKES, ids=[m[3][:40] for m in MISTAKES])
def test_lint_and_loading_agree_on_line_and_words(old, new, needle, words):
    assert DECREE.count(old) == 1, old
    text = DECREE.replace(old, new)
    report, error = both(text)
    first = report.errors[0]
    assert first.line == error.line == line_of(text, needle), (str(first), str(error))
    assert str(first).replace(": error: ", ": ", 1) == str(error)
    assert words in str(error)
    assert "rules." not in str(error) and "parameters." not in str(error) and "articles." not in str(error)


def test_a_bad_parameter_value_is_reported_at_the_parameter_not_at_the_rule_using_it():
    text = DECREE.replace("    value: 20\n", "    value: -5\n")
    report, error = both(text)
    (lint_error,) = report.errors
    assert error.line == lint_error.line == line_of(text, "value: -5") < line_of(text, "- id: life-commuted")
    assert lint_error.rule == error.rule_id == "life-commuted"  # and it names the rule that uses it


def test_no_unused_parameter_warning_when_the_rule_using_it_has_an_error_of_its_own():
    text = DECREE.replace("    kind: relief\n    source: press-2025\n", "    kind: relife\n    source: press-2025\n")
    report = lint_text(text, "decree.yaml")
    assert [p.rule for p in report.errors] == ["elderly-released"]
    assert not [p for p in report.warnings if "not used" in p.message]


@pytest.mark.parametrize(("text", "line", "words"), [
    ("id: [unclosed\ntitle: x\n", 2, "not valid YAML at line 2, column 6: a list opened with [ on line 1 is not closed"),
    ("id: x\ntitle: {a: 1\n", 3, "not valid YAML at line 3, column 1: a mapping opened with { on line 2 is not closed"),
    ("id: x\nrules:\n\t- id: y\n", 3, "not valid YAML at line 3, column 1: a tab character; indent with spaces only"),
    ("id: x\ntitle: Law No. 5: amnesty\n", 2, "not valid YAML at line 2, column 17: a ':' where a plain value was expected"),
    ("id: x\ntitle: 'unclosed\n", 3, "not valid YAML at line 3, column 1: the file ends inside quoted text on line 2"),
    ("rules:\n  - id: a\n   kind: scope\n", 3, "not valid YAML at line 3, column"),
])
def test_yaml_syntax_errors_in_plain_words_with_line_and_column(text, line, words):
    (problem,) = lint_text(text, "bad.yaml").problems
    assert problem.line == line and problem.message.startswith(words), problem.message
    assert "while parsing" not in problem.message and "<stream end>" not in problem.message
    with pytest.raises(RulebookError) as info:
        parse_source(text, "bad.yaml")
    assert (info.value.line, info.value.message) == (problem.line, problem.message)


def test_a_scenario_is_linted_as_it_is_loaded(tmp_path):
    from amnesty import api

    assert api.lint_rulebook("law-10-life-20").problems == []  # not "key base: unknown key"
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(f"id: what-if\ntitle: t\nbase: {DECREE_PATH}\nquestion: q\nset: {{life_comuted_years: 5}}\n",
                        encoding="utf-8")
    (problem,) = api.lint_rulebook(scenario).problems
    assert problem.line == 5 and "no parameter 'life_comuted_years'; did you mean 'life_commuted_years'?" in problem.message
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook(scenario)
    assert (info.value.line, info.value.message) == (problem.line, problem.message)
