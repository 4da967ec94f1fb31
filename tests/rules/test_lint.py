"""Lint finds every planted mistake at once, each with its file, line and rule; loading refuses the same errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty.errors import RulebookError
from amnesty.models.rulebook import Rule
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.conditions import resolve
from amnesty.rules.lint import lint, lint_text
from amnesty.rules.loader import builtin_ids, load_source
from amnesty.rules.satisfy import condition_problem, truth_values

LAW_10_PATH = Path(load_source("aanes-2024-law-10").path)
LAW_10 = LAW_10_PATH.read_text(encoding="utf-8")


def planted(tmp_path, old, new, text=LAW_10):
    assert text.count(old) == 1, old
    changed = text.replace(old, new)
    path = tmp_path / "law.yaml"
    path.write_text(changed, encoding="utf-8")
    return lint(path), path, changed


def line_of(text, needle, after=None):
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


PROVENANCE_LOOSE_ENDS = ("has no kind", "has no language", "has no kind or language", "has no articles block",
                         "is cited by no rule", "no source is named as giving its number")


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_builtin_rulebooks_have_no_error_and_no_warning_but_missing_provenance(rulebook_id):
    report = lint(rulebook_id)
    assert report.errors == [], "\n".join(map(str, report.errors))
    others = [p for p in report.warnings if not any(words in p.message for words in PROVENANCE_LOOSE_ENDS)]
    assert others == [], "\n".join(map(str, others))


def test_wrong_parameter_value_names_the_parameter_and_each_rule_using_it(tmp_path):
    report, path, text = planted(tmp_path, "    value: 75\n", "    value: seventy-five\n")
    value_line = line_of(text, "value: seventy-five")
    assert [str(p) for p in report.errors] == [
        f"{path}:{value_line}: error: parameter 'release_age': expected a whole number, got 'seventy-five'",
        f"{path}:{line_of(text, '{param: release_age}')}: error: rule 'humanitarian-release': birth_date is compared with "
        f"parameter 'release_age' (line {value_line}), which has problems of its own",
    ]


def test_reference_to_a_misspelt_parameter(tmp_path):
    report, path, text = planted(tmp_path, "{param: release_age}", "{param: releaseage}")
    (error,) = report.errors
    assert (error.path, error.line, error.rule) == (str(path), line_of(text, "{param: releaseage}"), "humanitarian-release")
    assert error.message == "unknown parameter 'releaseage'; did you mean 'release_age'?"
    (warning,) = [p for p in report.warnings if "not used" in p.message]  # the real one is now unused
    assert warning.message == "parameter 'release_age' is not used by any rule"


def test_a_parameter_read_through_minus_years_is_used():
    assert '{param: enacted, minus_years: {param: release_age}}' in LAW_10  # "75 on the date of issue"
    report = lint(LAW_10_PATH)
    assert not [p for p in report.problems if "release_age" in p.message]


def test_misspelt_field(tmp_path):
    report, path, text = planted(tmp_path, "- {field: fought_sdf,", "- {field: fougth_sdf,")
    assert [str(p) for p in report.errors] == [
        f"{path}:{line_of(text, 'fougth_sdf')}: error: rule 'fought-sdf': unknown field 'fougth_sdf'; did you mean 'fought_sdf'?"
    ]


def test_enum_value_that_does_not_exist(tmp_path):
    report, path, text = planted(tmp_path, "value: awaiting_trial}\n    effect: defer", "value: on_trial}\n    effect: defer")
    assert [str(p) for p in report.errors] == [
        f"{path}:{line_of(text, 'on_trial')}: error: rule 'trial-not-concluded': "
        "'on_trial' is not a value of legal_status; did you mean 'awaiting_trial'?"
    ]


def test_rule_without_article(tmp_path):
    report, path, text = planted(tmp_path, "  - id: explosives\n    article: Art. 3\n", "  - id: explosives\n")
    assert [str(p) for p in report.errors] == [
        f"{path}:{line_of(text, '- id: explosives')}: error: rule 'explosives': key article: missing; every rule needs one"
    ]


def test_rule_citing_an_unknown_source(tmp_path):
    report, path, text = planted(tmp_path, "    sources: [alsumaria-2024, radioalkul-2024]\n    summary: The person is involved in bombings",
                                 "    sources: [alsumaria-2042, radioalkul-2024]\n    summary: The person is involved in bombings")
    (error,) = report.errors
    assert (error.line, error.rule) == (line_of(text, "alsumaria-2042"), "explosives")
    assert error.message == "cites unknown source 'alsumaria-2042'; did you mean 'alsumaria-2024'?"


def test_contradictory_condition(tmp_path):
    report, path, text = planted(
        tmp_path, 'when: {field: legal_status, op: "==", value: awaiting_trial}\n    effect: defer',
        'when: {all: [{field: legal_status, op: "==", value: awaiting_trial}, {field: legal_status, op: "==", value: convicted}]}\n'
        '    effect: defer',
    )
    assert [str(p) for p in report.errors] == [
        f"{path}:{line_of(text, 'value: convicted')}: error: rule 'trial-not-concluded': the condition can never be "
        "true, so the rule can never apply; look for comparisons that contradict each other"
    ]


def test_contradiction_hidden_in_one_branch_of_an_any(tmp_path):
    report, _, text = planted(
        tmp_path, '            - {field: birth_date, op: "<=", value: {param: enacted, minus_years: {param: release_age}}}\n',
        '            - all: [{field: birth_date, op: "<=", value: 1949-07-17}, {field: birth_date, op: ">", value: 1950-01-01}]\n',
    )
    (error,) = report.errors
    assert error.rule == "humanitarian-release" and error.line == line_of(text, "when:", after="id: humanitarian-release")
    assert error.message.startswith(
        "part of the condition (birth_date is on or before 1949-07-17 and birth_date is after 1950-01-01) can never be true"
    )


def test_condition_that_is_always_true(tmp_path):
    report, _, _ = planted(
        tmp_path, 'when: {field: caused_death, op: "==", value: true}',
        'when: {any: [{field: caused_death, op: "==", value: true}, {field: caused_death, op: "!=", value: true}]}',
    )
    (error,) = report.errors
    assert error.rule == "caused-death"
    assert error.message == "the condition is true for every record whose facts are known, so it cannot tell cases apart"


def test_date_compared_with_a_number(tmp_path):
    report, _, text = planted(tmp_path, "value: {param: cutoff_date}}", "value: 20240717}")
    (error,) = report.errors
    assert (error.rule, error.line) == ("offence-on-or-after-cutoff", line_of(text, "20240717"))
    assert error.message == "offence_date is date; cannot compare it with 20240717"


def test_duplicate_rule_id_names_the_first(tmp_path):
    report, _, text = planted(tmp_path, "- id: explosives", "- id: caused-death")
    first = line_of(text, "- id: caused-death")
    second = text[: text.index("- id: caused-death", text.index("- id: caused-death") + 1)].count("\n") + 1
    duplicate = next(p for p in report.errors if p.rule == "caused-death")
    assert duplicate.line == second and duplicate.message == f"duplicate rule id (first on line {first})"


def test_unused_parameter_is_a_warning_that_does_not_refuse_loading(tmp_path):
    spare = "parameters:\n  spare_years:\n    description: Unused.\n    type: integer\n    value: 3\n    source: rudaw-2024\n"
    report, path, text = planted(tmp_path, "parameters:\n", spare)
    assert report.ok and [str(p) for p in report.warnings if "not used" in p.message] == [
        f"{path}:{line_of(text, 'spare_years:')}: warning: parameter 'spare_years' is not used by any rule"
    ]
    compile_rulebook(load_source(path))


def test_worked_case_mistakes_are_named_with_the_case(tmp_path):
    report, path, text = planted(tmp_path, "record: {fought_sdf: true}\n    expect: {outcome: excluded, rules: [fought-sdf]}",
                                 "record: {fougth_sdf: true}\n    expect: {outcome: exclued, rules: [fougt-sdf]}")
    case = "a member who fought the SDF is excluded"
    assert [(p.line, p.case, p.message) for p in report.errors] == [
        (line_of(text, "fougth_sdf: true"), case, "record: unknown field 'fougth_sdf'; did you mean 'fought_sdf'?"),
        (line_of(text, "outcome: exclued"), case, "expect.outcome: 'exclued' is not an outcome; did you mean 'excluded'?"),
        (line_of(text, "outcome: exclued"), case, "expect.rules: no rule 'fougt-sdf'; did you mean 'fought-sdf'?"),
    ]


def test_every_problem_is_reported_at_once(tmp_path):
    text = (LAW_10.replace("- {field: fought_sdf,", "- {field: fougth_sdf,")
            .replace("value: awaiting_trial}\n    effect: defer", "value: on_trial}\n    effect: defer")
            .replace("  - id: explosives\n    article: Art. 3\n", "  - id: explosives\n"))
    report = lint_text(text, "law.yaml")
    assert [p.rule for p in report.errors] == ["fought-sdf", "explosives", "trial-not-concluded"]


def test_not_yaml_and_not_a_mapping():
    assert [str(p) for p in lint_text("id: [unclosed\n", "x.yaml").problems][0].startswith("x.yaml:2: error: not valid YAML")
    assert [str(p) for p in lint_text("- a\n", "x.yaml").problems] == [
        "x.yaml:1: error: a rulebook must be a mapping with id, title, rules, ..."
    ]


def test_missing_file_is_an_error_not_a_report(tmp_path):
    with pytest.raises(RulebookError, match="no such rulebook file"):
        lint(tmp_path / "nope.yaml")


# -- lint on load --------------------------------------------------------------


def test_loading_refuses_a_contradictory_condition_with_file_line_and_rule(tmp_path):
    _, path, text = planted(tmp_path, 'when: {field: explosives, op: "==", value: true}',
                            'when: {all: [{field: explosives, op: "==", value: true}, {field: explosives, op: "==", value: false}]}')
    with pytest.raises(RulebookError) as info:
        compile_rulebook(load_source(path))
    assert (info.value.rule_id, info.value.line) == ("explosives", line_of(text, "when:", after="- id: explosives"))
    assert "the condition can never be true" in str(info.value)


def test_effect_attributes_are_checked(tmp_path):
    report, _, _ = planted(tmp_path, "effect: {type: commute, years: {param: life_commuted_years}}",
                           "effect: {type: commute, years: {param: life_commuted_years}, parole_fraction: 1.5}")
    assert [p.message for p in report.errors] == ["parole_fraction must be a share of the term above 0 and at most 1, got 1.5"]
    report, _, _ = planted(tmp_path, "    when: {field: sentence_type, op: \"==\", value: death}\n    effect: review\n",
                           "    when: {field: sentence_type, op: \"==\", value: death}\n"
                           "    effect: {type: review, subject_to: good conduct}\n")
    assert [p.message for p in report.errors] == ["subject_to qualifies a relief that benefits the person, not review"]


# -- the satisfiability check itself ---------------------------------------------


def tree(when, values=None):
    rule = Rule.model_validate({"id": "r", "article": "1", "kind": "exclusion", "source": "s", "summary": "s",
                                "when": when, "effect": "exclude"})
    return resolve(rule.when, values or {})


def leaf(field, op, value=None):
    return {"field": field, "op": op, **({"value": value} if value is not None else {})}


@pytest.mark.parametrize(("when", "can_be"), [
    (leaf("age", ">=", 75), {True, False}),
    ({"all": [leaf("age", ">", 74), leaf("age", "<", 75)]}, {False}),  # no whole number between
    ({"all": [leaf("offence_date", ">", "2024-07-16"), leaf("offence_date", "<", "2024-07-18")]}, {True, False}),
    ({"any": [leaf("fought_sdf", "is_known"), leaf("fought_sdf", "is_unknown")]}, {True}),
    ({"not": leaf("offence_categories", "contains_any", ["terrorism", "theft"])}, {True, False}),
    (leaf("sentence_months", "<", 0), {False}),  # months are never negative
    (leaf("nationality", "not_in", ["SY"]), {True, False}),
    ({"all": [leaf("legal_status", "in", ["fugitive", "convicted"]), leaf("legal_status", "not_in", ["fugitive"]),
              leaf("legal_status", "!=", "convicted")]}, {False}),
])
def test_truth_values(when, can_be):
    assert truth_values(tree(when)) & {True, False} == can_be


def test_every_rule_of_every_builtin_can_be_true_and_false():
    for rulebook_id in builtin_ids():
        for rule in compile_rulebook(load_source(rulebook_id)).rules:
            assert condition_problem(rule.tree) is None, (rulebook_id, rule.id)


@pytest.mark.parametrize("constant", [".inf", "-.inf", ".nan"])
def test_constants_that_are_not_finite_numbers_are_named_not_a_crash(constant):
    text = LAW_10.replace("{field: org_role, op: in, value: {param: senior_roles}}",
                          f'{{field: sentence_months, op: ">=", value: {constant}}}')
    messages = [p.message for p in lint_text(text, "law.yaml").errors if p.rule == "senior-official"]
    assert f"sentence_months: {constant.replace('.', '')} is not a finite number" in messages


@pytest.mark.parametrize(("old", "new", "rule", "wanted"), [
    ('    when: {field: sentence_type, op: "==", value: fixed}\n    effect: {type: reduce',
     '    when: {field: offence_class, op: "==", value: felony}\n    effect: {type: reduce',
     "fixed-term-halved", "sentence_type == fixed"),
    ('    when: {field: sentence_type, op: "==", value: life}\n    effect: {type: commute',
     '    when: {field: sentence_type, op: in, value: [life, fixed]}\n    effect: {type: commute',
     "life-commuted", "sentence_type in life, death"),
])
def test_a_relief_whose_arithmetic_cannot_act_on_every_sentence_it_meets_is_named(tmp_path, old, new, rule, wanted):
    """A halving that holds for any felony would meet a life sentence, or a record whose sentence type
    is unknown, where the engine can only answer review without naming the fact to collect."""
    report, path, text = planted(tmp_path, old, new)
    (warning,) = [p for p in report.warnings if "acts on" in p.message]
    assert (warning.rule, warning.line) == (rule, line_of(text, new.splitlines()[0]))
    assert wanted in warning.message and "unknown" in warning.message
    assert not [p for p in lint(LAW_10_PATH).warnings if "acts on" in p.message]
