"""``amnesty rulebooks list/show/lint/diff`` as an analyst runs them: exit codes and the exact text."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.rules.loader import builtin_ids, load_source

LAW_10_PATH = load_source("aanes-2024-law-10").path
LAW_10 = Path(LAW_10_PATH).read_text(encoding="utf-8")
DECREE_PATH = Path(__file__).parents[1] / "rules" / "data" / "decree-v2.yaml"  # a small rulebook in format v2
DECREE = DECREE_PATH.read_text(encoding="utf-8")


def write(tmp_path, text):
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


def test_list_names_every_builtin(run):
    result = run("rulebooks", "list")  # piped: ids are never cut, even in a narrow table
    assert result.exit_code == 0, result.output
    for rulebook_id in builtin_ids():
        assert f"│ {rulebook_id} " in result.output
    assert "General Council Resolution No. 5 of 2020 (general amnesty)" in wide("rulebooks", "list")


def wide(*args):
    """The command's output with table cells on one line each."""
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "1000"})
    assert result.exit_code == 0, result.output
    return result.output


def test_show_prints_parameters_and_rules_a_lawyer_can_read():
    text = wide("rulebooks", "show", "aanes-2024-law-3")
    cases = len(load_source("aanes-2024-law-3").rulebook.cases)
    for expected in ("life_commuted_years", "syriacpress-2024", "life imprisonment (reported)", "absconding-from-justice",
                     "sentence becomes 15 years; parole possible after 1/2 of the new term",
                     "Not encoded:", f"{cases} worked cases; run them with: amnesty audit aanes-2024-law-3"):
        assert expected in text, expected


def test_show_gives_shares_as_fractions_and_conditions_on_relief():
    assert "  misdemeanour_remit_fraction = 2/3;" in wide("rulebooks", "show", "aanes-2020-eid")
    assert "2/3 of a fixed term remitted" in wide("rulebooks", "show", "aanes-2020-eid")
    resolution = wide("rulebooks", "show", "aanes-2020-resolution-5")
    assert "whole penalty remitted (release)" in resolution


def test_lint_of_a_clean_rulebook(run):
    result = run("rulebooks", "lint", DECREE_PATH)
    assert result.exit_code == 0
    assert result.output == f"{DECREE_PATH}: no problems found\n"
    result = run("rulebooks", "lint", "aanes-2020-eid")
    assert result.exit_code == 0 and result.output.endswith(": no problems found\n"), result.output


def test_lint_names_file_line_and_rule_of_each_problem(run, tmp_path):
    text = DECREE.replace("field: offence_date,", "field: offense_date,").replace("value: life}", "value: lifer}")
    path = write(tmp_path, text)
    result = run("rulebooks", "lint", path)
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:{line_of(text, 'offense_date')}: error: rule 'offence-after-cutoff': unknown field 'offense_date'; "
        "did you mean 'offence_date'?\n"
        f"{path}:{line_of(text, 'lifer')}: error: rule 'life-commuted': 'lifer' is not a value of "
        "sentence_type; did you mean 'life'?\n"
        f"{path}: 2 errors, 0 warnings\n"
    )


def test_lint_warnings_pass_unless_strict(run, tmp_path):
    text = DECREE.replace("parameters:\n", "parameters:\n  spare:\n    description: x\n    type: integer\n"
                                           "    value: 1\n    source: press-2025\n")
    path = write(tmp_path, text)
    expected = (f"{path}:{line_of(text, 'spare:')}: warning: parameter 'spare' is not used by any rule\n"
                f"{path}: 0 errors, 1 warning\n")
    result = run("rulebooks", "lint", path)
    assert (result.exit_code, result.output) == (0, expected)
    result = run("rulebooks", "lint", path, "--strict")
    assert (result.exit_code, result.output) == (1, expected)


def test_lint_of_a_missing_file_is_a_usage_error(run, tmp_path):
    result = run("rulebooks", "lint", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.output == f"error: {tmp_path / 'nope.yaml'}: no such rulebook file\n"


def test_diff_shows_parameters_and_rules_that_differ(run):
    result = run("rulebooks", "diff", "aanes-2020-resolution-5", "aanes-2024-law-10")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    from amnesty.rules.loader import load_source

    versions = [load_source(name).rulebook.version for name in ("aanes-2020-resolution-5", "aanes-2024-law-10")]
    assert lines[0].startswith(f"--- aanes-2020-resolution-5 v{versions[0]}: General Council Resolution No. 5")
    assert lines[1].startswith(f"+++ aanes-2024-law-10 v{versions[1]}: General Amnesty Law No. 10")
    block = lines[lines.index("  ~ life_commuted_years"):][:2]
    assert block == ["  ~ life_commuted_years", "      value: 20 years -> 15 years"]
    assert any(line.startswith("  - petty-offence-remitted: Art. 1, relief:") for line in lines)
    assert any(line.startswith("  + nationality-not-covered: Art. 1, scope:") for line in lines)


def test_diff_of_a_rulebook_with_itself(run):
    result = run("rulebooks", "diff", "aanes-2024-law-10", LAW_10_PATH)
    assert result.exit_code == 0 and result.output.endswith("no differences\n")


def test_diff_json(run):
    import json

    result = run("rulebooks", "diff", "aanes-2020-eid", "aanes-2020-resolution-5", "--json")
    data = json.loads(result.output)
    assert {"name": "misdemeanour_remit_fraction", "status": "removed"}.items() <= \
        next(p for p in data["parameters"] if p["name"] == "misdemeanour_remit_fraction").items()


def test_diff_with_an_unknown_rulebook(run):
    result = run("rulebooks", "diff", "aanes-2024-law-10", "aanes-2024-law10")
    assert result.exit_code == 2
    assert result.output == "error: no built-in rulebook, bundled scenario or file named 'aanes-2024-law10'; did you mean 'aanes-2024-law-10'?\n"


SCENARIOS = Path(__file__).parents[2] / "amnesty" / "data" / "scenarios"
CHAINS = Path(__file__).parents[2] / "amnesty" / "data" / "chains"


@pytest.mark.parametrize("name", [
    "aanes-2024-law-10", LAW_10_PATH, "law-10-life-20", str(SCENARIOS / "law-10-life-20.yaml"),
    "law-10-then-decree-39", "auto", "no-such-law", "missing/file.yaml",
])
def test_show_and_diff_accept_the_same_names(run, name):
    """Both go through the API: a name one accepts the other accepts, a name one refuses the other
    refuses with the same sentence (a chain or auto names no single law: one sentence, no traceback)."""
    shown = run("rulebooks", "show", name)
    diffed = run("rulebooks", "diff", name, "aanes-2024-law-10")
    assert (shown.exit_code == 0) == (diffed.exit_code == 0), (shown.output, diffed.output)
    assert "internal error" not in shown.output + diffed.output
    if shown.exit_code:
        (error,) = [line for line in shown.output.splitlines() if line.startswith("error:")]
        assert error in diffed.output.splitlines()
        assert "Compiled" not in error and len(error) < 1000  # a sentence, not the rulebook printed back


def test_a_chain_is_refused_naming_its_instruments(run):
    result = run("rulebooks", "show", "law-10-then-decree-39")
    assert result.exit_code != 0
    assert "chain of several instruments (aanes-2024-law-10, syria-2026-decree-39); name one of them" in result.output


def test_an_unknown_name_far_from_every_name_points_to_the_list_instead_of_printing_every_scenario(run):
    result = run("rulebooks", "show", "no-such-law")
    (error,) = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert "aanes-2024-law-10" in error and "`amnesty rulebooks list`" in error
    assert "law-10-life-20" not in error  # a scenario id: the list gives those
