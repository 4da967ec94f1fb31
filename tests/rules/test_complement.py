"""A list parameter declared the complement of another follows it (Law 10's covered and other crimes).

Law 10 covers some crimes and sends a case that mixes them with any other crime
to review. Written as two independent lists, a scenario that covered one more
crime left it among the "other" crimes too, so every newly covered case went to
review as mixed: a silently wrong answer to "what if homicide were covered?".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty import api
from amnesty.errors import RulebookError, ScenarioError
from amnesty.models.fields import FIELDS
from amnesty.models.rulebook import Parameter
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.lint import lint_text
from amnesty.rules.loader import parse_source

LAW_10 = Path(api.__file__).parents[1] / "rules" / "builtin" / "aanes-2024-law-10" / "rulebook.yaml"
TEXT = LAW_10.read_text(encoding="utf-8")
COVERED = ["terrorism", "state_security", "treason_espionage"]
MIXED = {"record_id": "A", "facility_id": "RQA-01", "legal_status": "convicted",
         "offence_categories": "terrorism;homicide", "offence_date": "2020-01-01", "sentence_type": "fixed",
         "sentence_months": "24", "custody_start": "2020-02-01", "nationality": "SY", "birth_date": "1980-01-01"}


def _rules_of(decision):
    return [reason["rule"] for reason in decision["reasons"]]


def test_the_shipped_lists_share_out_every_offence_category():
    book = api.load_rulebook("aanes-2024-law-10")
    other = book.parameters["other_offence_categories"]
    assert set(other) | set(book.parameters["covered_offence_categories"]) == set(FIELDS["offence_categories"].choices)
    assert not set(other) & set(COVERED)


def test_covering_one_more_crime_takes_it_out_of_the_other_crimes():
    book = api.load_rulebook("aanes-2024-law-10", set={"covered_offence_categories": [*COVERED, "homicide"]})
    assert "homicide" not in book.parameters["other_offence_categories"]
    assert "theft" in book.parameters["other_offence_categories"]
    (before,) = api.evaluate_records([MIXED], "aanes-2024-law-10")
    (after,) = api.evaluate_records([MIXED], book)
    assert "mixed-offences-review" in _rules_of(before)
    assert "mixed-offences-review" not in _rules_of(after)
    assert after["rulebook"]["overrides"] == {"set": {"covered_offence_categories": [*COVERED, "homicide"]}}
    shown = {name: changed for name, _, changed in api.describe_rulebook(book).parameters}
    assert shown["covered_offence_categories"] and shown["other_offence_categories"]  # both marked "(changed)"
    assert not shown["covered_nationalities"]


def test_narrowing_the_covered_crimes_makes_the_dropped_one_another_crime():
    book = api.load_rulebook("aanes-2024-law-10", set={"covered_offence_categories": ["terrorism", "state_security"]})
    assert "treason_espionage" in book.parameters["other_offence_categories"]
    record = dict(MIXED, offence_categories="terrorism;treason_espionage")
    (decision,) = api.evaluate_records([record], book)
    assert "mixed-offences-review" in _rules_of(decision)


def test_the_complement_cannot_be_set_to_anything_else():
    with pytest.raises(ScenarioError, match="set covered_offence_categories alone"):
        api.load_rulebook("aanes-2024-law-10", set={"other_offence_categories": ["theft"]})
    widened = [*COVERED, "homicide"]
    with pytest.raises(ScenarioError, match="which makes it honor_crime, .*; set covered_offence_categories alone"):
        api.load_rulebook("aanes-2024-law-10", set={
            "covered_offence_categories": widened,
            "other_offence_categories": api.load_rulebook("aanes-2024-law-10").parameters["other_offence_categories"]})


def test_setting_both_lists_the_same_way_is_setting_the_first():
    """A scenario written before the complement was declared, which kept both lists by hand, still works."""
    widened = [*COVERED, "homicide"]
    alone = api.load_rulebook("aanes-2024-law-10", set={"covered_offence_categories": widened})
    other = list(reversed(alone.parameters["other_offence_categories"]))  # any order
    both = api.load_rulebook("aanes-2024-law-10", set={"covered_offence_categories": widened, "other_offence_categories": other})
    assert both.parameters == alone.parameters
    assert both.sha256 == alone.sha256


@pytest.mark.parametrize(("old", "new", "words"), [
    ("value: [homicide, honor_crime,", "value: [honor_crime,", "but it lacks homicide"),
    ("value: [homicide, honor_crime,", "value: [terrorism, homicide, honor_crime,",
     "but it also has terrorism, which covered_offence_categories holds"),
    ("complement: {of: covered_offence_categories,", "complement: {of: covered_offences,",
     "the complement of 'covered_offences', which is not another parameter"),
    ("within: offence_categories}", "within: offence_category}", "'offence_category', which is not a record field"),
])
def test_a_complement_that_is_not_one_is_refused_by_lint_and_loading_alike(old, new, words):
    assert TEXT.count(old) == 1, old
    text = TEXT.replace(old, new)
    report = lint_text(text, "law.yaml")
    with pytest.raises(RulebookError) as info:
        compile_rulebook(parse_source(text, "law.yaml"))
    assert words in info.value.message
    assert any(words in error.message for error in report.errors), report.errors
    line = text[: text.index("complement: {")].count("\n") + 1
    assert info.value.line == line
    assert any(error.line == line for error in report.errors if words in error.message)


def test_a_parameter_without_a_complement_dumps_as_before():
    """The digest of every rulebook that declares no complement is unchanged by the new key."""
    param = Parameter(description="d", type="list", value=["a"], sources=["s"])
    assert "complement" not in param.model_dump(mode="json")


def test_decree_39_unremitted_felonies_follow_the_remitted_ones_but_not_into_the_except_list():
    shipped = api.load_rulebook("syria-2026-decree-39").parameters
    remitted = [c for c in shipped["remitted_felony_categories"] if c != "cybercrime"]
    book = api.load_rulebook("syria-2026-decree-39", set={"remitted_felony_categories": [*remitted, "theft"]})
    unremitted = book.parameters["unremitted_felony_categories"]
    assert "cybercrime" in unremitted and "theft" not in unremitted
    assert not {"weapons", "kidnapping", "homicide"} & set(unremitted)  # decided by their own rules
    with pytest.raises(ScenarioError, match="nor in its except list, which makes it"):
        api.load_rulebook("syria-2026-decree-39", set={"unremitted_felony_categories": ["theft"]})


def test_an_except_list_is_part_of_the_check():
    decree = (LAW_10.parents[1] / "syria-2026-decree-39" / "rulebook.yaml").read_text(encoding="utf-8")
    text = decree.replace("except: [homicide, honor_crime,", "except: [honor_crime,", 1)
    assert text != decree
    with pytest.raises(RulebookError) as info:
        compile_rulebook(parse_source(text, "decree.yaml"))
    assert "nor in its except list, but it lacks homicide" in info.value.message
