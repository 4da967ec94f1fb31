"""Rulebooks and scenarios that would exhaust the machine are refused early, in one sentence (items 8, 16).

Each refusal names the file and the line, exits 2, and comes in bounded
time: the checks run while the file is parsed, before anything is built.
"""

from __future__ import annotations

import time
from importlib import resources

import pytest

from amnesty.errors import RulebookError
from amnesty.rules.loader import parse_source
from amnesty.rules.compiler import compile_rulebook

LAW_10 = (resources.files("amnesty") / "rules" / "builtin" / "aanes-2024-law-10" / "rulebook.yaml").read_text(
    encoding="utf-8"
)


def _refused(run, tmp_path, text, message, *, seconds=10.0):
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    for args in (("rulebooks", "lint", path), ("evaluate", "-r", path)):
        result = run(*args)
        assert result.exit_code in (1, 2) if args[0] == "rulebooks" else result.exit_code == 2, result.output
        assert message in result.output, result.output
        assert "internal error" not in result.output
        assert f"{path}:" in result.output  # file and line
    assert time.monotonic() - started < seconds  # generous: a regression took minutes
    return result.output


def test_a_string_aliased_thousands_of_times(run, tmp_path):
    bomb = "\nbomb: &big '" + "x" * (1 << 20) + "'\nmore: [" + ", ".join(["*big"] * 2000) + "]\n"
    out = _refused(run, tmp_path, LAW_10 + bomb, "expands to more than 8 MB of text")
    assert ":" in out.split("expands")[0]


def test_a_number_too_long_to_read(run, tmp_path):
    target = "years: {param: life_commuted_years}"
    text = LAW_10.replace(target, "years: " + "9" * 4_301, 1)
    line = LAW_10[: LAW_10.index(target)].count("\n") + 1
    out = _refused(run, tmp_path, text, "a number of 4,301 characters")
    assert f"law.yaml:{line}:" in out


def test_a_hundred_thousand_rules_are_refused_for_what_they_are(run, tmp_path):
    rule = "  - {id: r%d, article: a, source: sas-2024, kind: exclusion, when: {field: fought_sdf, op: '==', value: true}, effect: exclude}\n"
    head = LAW_10[: LAW_10.index("\nrules:")]
    text = head + "\nrules:\n" + "".join(rule % n for n in range(100_000))
    _refused(run, tmp_path, text, "has more than 2,000 rules", seconds=20)


@pytest.mark.parametrize("opener, closer", [("[", "]"), ("{a: ", "}")])
def test_deep_nesting_is_refused_at_its_line_in_a_moment(run, tmp_path, opener, closer):
    text = "id: x\nrules:\n  - " + opener * 100_000 + "1" + closer * 100_000 + "\n"
    out = _refused(run, tmp_path, text, "nested more than 60 levels deep")
    assert "law.yaml:3:" in out


def test_a_rule_that_overrides_itself_is_told_so(run, tmp_path):
    text = LAW_10.replace(
        "overrides: [life-commuted,", "overrides: [humanitarian-release, life-commuted,", 1
    )
    with pytest.raises(RulebookError) as info:
        compile_rulebook(parse_source(text, "law.yaml"))
    assert "overrides itself" in str(info.value) and "did you mean" not in str(info.value)
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    out = run("rulebooks", "lint", path).output
    assert "overrides itself" in out and "did you mean" not in out


def test_a_scenario_file_with_an_alias_bomb_and_a_long_number(run, tmp_path):
    base = (resources.files("amnesty") / "data" / "scenarios" / "law-10-iraqis-covered.yaml").read_text(encoding="utf-8")
    bomb = base + "\nbomb: &big '" + "x" * (1 << 20) + "'\nmore: [" + ", ".join(["*big"] * 2000) + "]\n"
    number = base.replace("covered_nationalities: [SY, IQ]", "release_age: " + "7" * 5_000)
    for text, message in ((bomb, "expands to more than 8 MB of text"), (number, "a number of 5,000 characters")):
        path = tmp_path / "what-if.yaml"
        path.write_text(text, encoding="utf-8")
        started = time.monotonic()
        result = run("compare", "--scenario", path)
        assert result.exit_code == 2 and message in result.output and f"{path}:" in result.output, result.output
        assert time.monotonic() - started < 10
