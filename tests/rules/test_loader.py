"""A malformed rulebook is refused with its file, line and rule named."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty.errors import RulebookError
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import builtin_ids, load_source

LAW_10 = Path(load_source("aanes-2024-law-10").path).read_text(encoding="utf-8")


def write(tmp_path, text):
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(RulebookError) as info:
        compile_rulebook(load_source(path))
    return info.value, path


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_builtins_load_and_compile():
    assert "aanes-2024-law-10" in builtin_ids()
    for rulebook_id in builtin_ids():
        compile_rulebook(load_source(rulebook_id))


def test_misspelt_field_names_file_line_rule_and_suggests(tmp_path):
    text = LAW_10.replace("field: fought_sdf,", "field: fougth_sdf,")
    error, path = refused(tmp_path, text)
    assert error.path == str(path) and error.rule_id == "fought-sdf"
    assert error.line == line_of(text, "fougth_sdf")  # the comparison that is wrong, as lint gives it
    assert "unknown field 'fougth_sdf'; did you mean 'fought_sdf'?" in str(error)


def test_unknown_enum_value(tmp_path):
    error, _ = refused(tmp_path, LAW_10.replace("value: awaiting_trial}", "value: on_trial}"))
    assert "'on_trial' is not a value of legal_status" in str(error)
    assert error.rule_id is not None and f"- id: {error.rule_id}\n" in LAW_10


def test_unknown_parameter(tmp_path):
    error, _ = refused(tmp_path, LAW_10.replace("{param: release_age}", "{param: releaseage}"))
    assert error.rule_id == "humanitarian-release" and "did you mean 'release_age'" in str(error)


def test_date_compared_with_number(tmp_path):
    error, _ = refused(tmp_path, LAW_10.replace("value: {param: cutoff_date}}", "value: 20240717}"))
    assert error.rule_id == "offence-on-or-after-cutoff" and "offence_date is date" in str(error)


def test_rule_without_article(tmp_path):
    text = LAW_10.replace("  - id: explosives\n    article: Art. 3\n", "  - id: explosives\n")
    error, path = refused(tmp_path, text)
    assert error.rule_id == "explosives" and "article" in str(error)
    assert str(error).startswith(f"{path}:{line_of(text, '- id: explosives')}:")


def test_duplicate_yaml_key_is_refused_with_its_line(tmp_path):
    text = LAW_10.replace("    effect: exclude\n", "    effect: exclude\n    effect: release\n", 1)
    error, _ = refused(tmp_path, text)
    assert "duplicate key 'effect'" in str(error) and error.line == line_of(text, "effect: release")


def test_duplicate_rule_id(tmp_path):
    error, _ = refused(tmp_path, LAW_10.replace("- id: explosives", "- id: caused-death"))
    assert "duplicate rule id" in str(error) and error.rule_id == "caused-death"


def test_wrong_effect_for_kind(tmp_path):
    text = LAW_10.replace("effect: not_covered\n    notes:\n      - '\"Committed", "effect: release\n    notes:\n      - '\"Committed")
    error, _ = refused(tmp_path, text)
    assert "a scope rule cannot have effect release" in str(error)


def test_unknown_key_in_rule(tmp_path):
    error, _ = refused(tmp_path, LAW_10.replace("    kind: exclusion\n", "    kind: exclusion\n    severity: high\n", 1))
    assert "unknown key" in str(error) and error.rule_id == "senior-official"


def test_not_yaml(tmp_path):
    error, _ = refused(tmp_path, "id: [unclosed\n")
    assert "not valid YAML" in str(error) and error.line


def test_unknown_builtin_suggests():
    with pytest.raises(RulebookError, match="did you mean 'aanes-2024-law-10'"):
        load_source("aanes-2024-law10")


def test_a_file_changed_on_disk_is_read_again_and_a_bad_one_refused_each_time(tmp_path):
    """Loading is remembered by the file's text, so an edited rulebook is never served from memory."""
    original = load_source("aanes-2024-law-10")
    path = tmp_path / "book.yaml"
    text = Path(original.path).read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_source(path)
    assert load_source(path) is first and first.rulebook == original.rulebook
    path.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    edited = load_source(path)
    assert edited is not first and edited.rulebook.title.startswith("Edited ")
    path.write_text("rules: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulebookError):
            load_source(path)


def test_a_conditions_problem_is_remembered_by_the_condition_as_written():
    """1, 1.0 and True are equal in Python but worded apart: each gets its own answer."""
    from amnesty.rules.conditions import Leaf, Node
    from amnesty.rules.satisfy import condition_problem

    def with_part(bound):
        return Node("any", (Node("all", (Leaf("age", ">=", bound), Leaf("age", "<", 70))), Leaf("org_role", "==", "emir")))

    as_int, as_float = condition_problem(with_part(75)), condition_problem(with_part(75.0))
    assert "part of the condition" in as_int and "can never be true" in as_int
    assert condition_problem(with_part(75)) == as_int
    assert "75.0" in as_float and "75.0" not in as_int
    assert condition_problem(Leaf("age", ">=", 75)) is None


def test_an_age_below_zero_is_refused_naming_the_rule():
    """minus_years is an age or a span served: ``--set release_age=-1`` was read as "born by next year"."""
    from amnesty import api
    from amnesty.errors import AmnestyError

    with pytest.raises(AmnestyError, match="rule 'humanitarian-release': minus_years needs a number of years >= 0, got -1"):
        api.load_rulebook("aanes-2024-law-10", set={"release_age": -1})
    assert api.load_rulebook("aanes-2024-law-10", set={"release_age": 0}).sha256  # "had reached 0": everyone born by then
