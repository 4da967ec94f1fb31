"""Diffs between rulebooks show what differs in the law, and nothing else."""

from __future__ import annotations

from pathlib import Path

from amnesty.rules.describe import fraction_words
from amnesty.rules.diff import diff_rulebooks
from amnesty.rules.loader import load_source

LAW_10 = Path(load_source("aanes-2024-law-10").path).read_text(encoding="utf-8")


def variant(tmp_path, old, new):
    assert LAW_10.count(old) == 1, old
    path = tmp_path / "variant.yaml"
    path.write_text(LAW_10.replace(old, new), encoding="utf-8")
    return path


def by_name(entries):
    return {e.name: e for e in entries}


def test_a_rulebook_does_not_differ_from_itself():
    result = diff_rulebooks("aanes-2024-law-10", "aanes-2024-law-10")
    assert result.empty
    assert result.lines()[-1] == "no differences"


def test_one_parameter_changed_shows_on_the_parameter_and_on_the_rule_using_it(tmp_path):
    path = variant(tmp_path, "    value: 15\n", "    value: 20\n")
    result = diff_rulebooks("aanes-2024-law-10", path)
    assert not result.header
    assert [(e.name, e.status) for e in result.parameters] == [("life_commuted_years", "changed")]
    assert [(c.what, c.before, c.after) for c in result.parameters[0].changes] == [("value", "15 years", "20 years")]
    assert [(e.name, [(c.what, c.before, c.after) for c in e.changes]) for e in result.rules] == [
        ("life-commuted", [("effect", "sentence becomes 15 years", "sentence becomes 20 years")]),
    ]


def test_a_changed_summary_is_wording_not_meaning(tmp_path):
    path = variant(tmp_path, "summary: The person is involved in a crime that led to a person's death, which the law excludes.",
                   "summary: The offence caused a death, which the law excludes.")
    (entry,) = diff_rulebooks("aanes-2024-law-10", path).rules
    assert entry.name == "caused-death" and entry.changes == []
    assert [c.what for c in entry.wording] == ["summary"]
    short = diff_rulebooks("aanes-2024-law-10", path).lines()
    assert short[-2:] == ["  ~ caused-death", "      wording of summary differs"]
    full = diff_rulebooks("aanes-2024-law-10", path).lines(wording=True)
    assert full[-1] == ("      summary: The person is involved in a crime that led to a person's death, which the law excludes. -> "
                        "The offence caused a death, which the law excludes.")


def test_swapping_the_rulebooks_swaps_added_and_removed():
    forward = diff_rulebooks("aanes-2020-eid", "aanes-2024-law-3")
    backward = diff_rulebooks("aanes-2024-law-3", "aanes-2020-eid")
    flip = {"added": "removed", "removed": "added", "changed": "changed"}
    assert {(e.name, flip[e.status]) for e in forward.rules} == {(e.name, e.status) for e in backward.rules}
    assert {(e.name, flip[e.status]) for e in forward.parameters} == {(e.name, e.status) for e in backward.parameters}


def test_resolution_5_against_law_10_shows_the_differences_the_sources_describe():
    result = diff_rulebooks("aanes-2020-resolution-5", "aanes-2024-law-10")
    params, rules = by_name(result.parameters), by_name(result.rules)
    # life imprisonment: 20 years in 2020, 15 years in 2024
    assert [(c.before, c.after) for c in params["life_commuted_years"].changes] == [("20 years", "15 years")]
    assert [(c.what, c.before, c.after) for c in rules["life-commuted"].changes if c.what == "effect"] == [
        ("effect", "sentence becomes 20 years", "sentence becomes 15 years")]
    assert [(c.before, c.after) for c in params["cutoff_date"].changes] == [("2020-10-10", "2024-07-17")]
    # 2020: every offence, infractions and misdemeanours remitted, victims' rights settled first
    for rule_id in ("petty-offence-remitted", "excluded-offence-category", "victim-claim-unsettled", "murder-waiver-missing"):
        assert rules[rule_id].status == "removed", rule_id
    # 2024: terrorism and security offences of Syrians only; killings excluded; mixed cases to a person
    for rule_id in ("offence-category-outside-scope", "nationality-not-covered", "caused-death", "mixed-offences-review"):
        assert rules[rule_id].status == "added", rule_id
    # the incurably ill and the old: one rule in 2024 (illness with dependence on others), two in 2020
    assert rules["illness-remitted"].status == "removed" and rules["age-remitted"].status == "removed"
    assert rules["humanitarian-release"].status == "added"
    # bombings: members of terrorist organisations only in 2020, anyone in 2024
    assert [(c.before, c.after) for c in rules["explosives"].changes] == [
        ("explosives is true and org_role is not none", "explosives is true")]
    # fugitives: 60 days inside the areas and 90 outside in both, counted from each law
    (fugitives,) = rules["fugitive-not-surrendered"].changes
    assert "2021-01-08" in fugitives.before and "2020-12-09" in fugitives.before
    assert "2024-10-15" in fugitives.after and "2024-09-15" in fugitives.after
    # the same exclusions of senior officials, members who fought and terrorism convicts without good conduct
    for rule_id in ("senior-official", "fought-sdf", "good-conduct-not-certified", "good-conduct-at-judgment"):
        assert rules[rule_id].changes == [], rule_id
    # untried defendants deferred in both, on different grounds
    assert [(c.what, c.before, c.after) for c in rules["trial-not-concluded"].changes] == [
        ("article", "untried detainees (reported)", "Art. 2")]


def test_parole_and_conditions_are_part_of_the_effect_in_words():
    result = by_name(diff_rulebooks("aanes-2024-law-10", "aanes-2024-law-3").rules)
    assert [c.after for c in result["life-commuted"].changes if c.what == "effect"] == [
        "sentence becomes 15 years; parole possible after 1/2 of the new term"]


def test_fractions_read_as_the_law_states_them():
    assert [fraction_words(x) for x in (0.5, 2 / 3, 0.25, 1.0)] == ["1/2", "2/3", "1/4", "1"]
