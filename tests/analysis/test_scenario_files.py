"""Scenario files: a base rulebook plus changes, refused clearly when they name what does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty import api
from amnesty.rules.scenario import bundled_scenarios, load_scenario
from amnesty.errors import RulebookError, ScenarioError
from amnesty.rules.loader import load_source

LAW_10 = "aanes-2024-law-10"
RECORD = {
    "record_id": "R1", "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1990-01-01",
    "legal_status": "convicted", "offence_categories": "terrorism", "offence_class": "felony",
    "offence_date": "2019-05-01", "org_role": "member", "fought_sdf": "true", "caused_death": "false",
    "explosives": "false", "chronic_illness": "false", "sentence_type": "life", "sentence_months": "",
    "custody_start": "2019-06-01", "good_conduct_certified": "true",
}


def write(tmp_path, text, name="what-if.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path, needle):
    return next(i for i, line in enumerate(Path(path).read_text().splitlines(), 1) if needle in line)


def decide(rulebook, **changes):
    return next(api.evaluate_records([{**RECORD, **changes}], rulebook))


def test_bundled_scenarios_are_named_by_their_file_and_compile():
    scenarios = bundled_scenarios()
    assert {"law-10-life-20", "law-10-iraqis-covered", "law-10-release-age-70", "law-10-no-sdf-exclusion"} <= set(scenarios)
    base = api.load_rulebook(LAW_10)
    digests = {base.sha256}
    for scenario_id, path in scenarios.items():
        loaded = load_scenario(path)
        assert loaded.id == scenario_id and loaded.scenario.question
        book = api.load_rulebook(scenario_id)
        assert book.overrides["scenario"] == scenario_id
        digests.add(book.sha256)
    assert len(digests) == len(scenarios) + 1


def test_decisions_carry_the_scenario_digest_and_changes():
    book = api.load_rulebook("law-10-no-sdf-exclusion")
    decision = decide("law-10-no-sdf-exclusion")
    assert decision["rulebook"]["sha256"] == book.sha256
    assert decision["rulebook"]["overrides"] == {"scenario": "law-10-no-sdf-exclusion", "disable": ["fought-sdf"]}
    assert decide(LAW_10)["outcome"] == "excluded" and decision["outcome"] == "reduced"


def test_scenario_and_command_line_changes_add_up():
    book = api.load_rulebook("law-10-life-20", set={"release_age": "70"}, disable=["fought-sdf"])
    assert book.overrides == {
        "scenario": "law-10-life-20", "set": {"life_commuted_years": 20, "release_age": 70}, "disable": ["fought-sdf"],
    }
    assert decide(book)["sentence_after"] == {"type": "fixed", "months": 240}


def test_digest_covers_the_base_and_the_changes(tmp_path):
    base_text = Path(load_source(LAW_10).path).read_text(encoding="utf-8")
    write(tmp_path, base_text, "law.yaml")
    scenario = "id: s\ntitle: S\nbase: law.yaml\nquestion: Q?\nset: {life_commuted_years: 20}\n"
    first = api.load_rulebook(write(tmp_path, scenario)).sha256
    assert api.load_rulebook(write(tmp_path, scenario)).sha256 == first
    write(tmp_path, base_text.replace("value: 75", "value: 74"), "law.yaml")
    assert api.load_rulebook(write(tmp_path, scenario)).sha256 != first
    write(tmp_path, base_text, "law.yaml")
    changed = scenario.replace("20}", "21}")
    assert api.load_rulebook(write(tmp_path, changed)).sha256 != first


def test_unknown_parameter_in_a_scenario_names_file_line_and_valid_names(tmp_path):
    path = write(tmp_path, f"id: s\ntitle: S\nbase: {LAW_10}\nquestion: Q?\nset:\n  life_years: 20\n")
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook(path)
    error = info.value
    assert error.path == str(path) and error.line == line_of(path, "set:")
    assert "has no parameter 'life_years'" in str(error)
    assert "parameters: covered_nationalities, covered_offence_categories, cutoff_date" in str(error)


def test_unknown_rule_in_a_scenario_lists_the_rules(tmp_path):
    path = write(tmp_path, f"id: s\ntitle: S\nbase: {LAW_10}\nquestion: Q?\ndisable: [fought-the-sdf]\n")
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook(path)
    assert info.value.line == line_of(path, "disable:")
    assert "no rule 'fought-the-sdf'; did you mean 'fought-sdf'?" in str(info.value)
    assert "(rules: offence-on-or-after-cutoff, " in str(info.value)


@pytest.mark.parametrize("kwargs, needle", [
    ({"set": {"releaseage": 70}}, "parameters: covered_nationalities"),
    ({"disable": ["nope"]}, "rules: offence-on-or-after-cutoff"),
])
def test_unknown_names_on_the_command_line_list_the_valid_ones(kwargs, needle):
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook("law-10-life-20", **kwargs)
    assert needle in str(info.value)


def test_misspelt_key_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, f"id: s\ntitle: S\nbase: {LAW_10}\nquestion: Q?\ndisabled: [fought-sdf]\n")
    with pytest.raises(ScenarioError) as info:
        api.load_scenario(path)
    assert info.value.line == 5 and "disabled: unknown key" in str(info.value)


def test_unknown_base_is_refused(tmp_path):
    path = write(tmp_path, "id: s\ntitle: S\nbase: aanes-2024-law-11\nquestion: Q?\n")
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook(path)
    assert info.value.line == 3 and "did you mean 'aanes-2024-law-10'?" in str(info.value)


def test_added_rule_decides_and_is_provenance(tmp_path):
    book = api.load_rulebook("law-10-members-released")
    assert book.overrides["add_rules"] == ["low-ranking-member-released"]
    released = decide(book, fought_sdf="false")
    assert released["outcome"] == "release"
    assert [r["rule"] for r in released["reasons"]] == ["low-ranking-member-released"]
    assert decide(book, fought_sdf="false", org_role="fighter")["outcome"] == "reduced"
    assert decide(book)["outcome"] == "excluded"  # the exclusions still come first


def test_added_rule_may_not_reuse_an_id(tmp_path):
    text = Path(bundled_scenarios()["law-10-members-released"]).read_text(encoding="utf-8")
    path = write(tmp_path, text.replace("id: low-ranking-member-released", "id: fixed-term-halved"))
    with pytest.raises(ScenarioError) as info:
        api.load_rulebook(path)
    assert info.value.line == line_of(path, "- id: fixed-term-halved")
    assert "already has a rule 'fixed-term-halved'" in str(info.value)


def test_added_rule_with_an_unknown_source_names_the_scenario_line(tmp_path):
    text = Path(bundled_scenarios()["law-10-members-released"]).read_text(encoding="utf-8")
    path = write(tmp_path, text.replace("source: ric-2020\n    summary", "source: ric-2021\n    summary"))
    with pytest.raises(RulebookError) as info:
        api.load_rulebook(path)
    error = info.value
    assert error.path == str(path) and error.rule_id == "low-ranking-member-released"
    assert error.line == line_of(path, "- id: low-ranking-member-released")
    assert "unknown source 'ric-2021'" in str(error)


def test_unknown_rulebook_name_suggests_rulebooks_and_scenarios():
    with pytest.raises(RulebookError) as info:
        api.load_rulebook("law-10-life-21")
    assert "did you mean 'law-10-life-20'?" in str(info.value)
