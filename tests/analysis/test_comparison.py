"""Comparisons: counts that add up, and exactly the records two evaluate runs disagree on."""

from __future__ import annotations

import json
from datetime import date

import pytest

from amnesty import api
from amnesty.analysis.compare import OUTCOMES


@pytest.fixture(scope="module")
def iraqis(records):
    return api.compare(records, baseline="aanes-2024-law-10", scenario="law-10-iraqis-covered")


def differences(before, after):
    """Per record: outcome, sentence after or release date differ (computed here, not by the analysis code)."""
    assert [d["record_id"] for d in before] == [d["record_id"] for d in after]
    keys = ("outcome", "sentence_after", "release_date")
    return {
        b["record_id"]: (b["outcome"], a["outcome"], b["release_date"], a["release_date"])
        for b, a in zip(before, after) if any(b[k] != a[k] for k in keys)
    }


def test_transitions_add_up_to_the_records_and_to_each_side(records, iraqis, decisions_of, counts_of):
    before = decisions_of(records)
    after = decisions_of(records, rulebook="law-10-iraqis-covered")
    assert iraqis.records == len(before) == 1205
    assert sum(sum(row.values()) for row in iraqis.transitions.values()) == iraqis.records
    for outcome in OUTCOMES:
        assert sum(iraqis.transitions[outcome].values()) == counts_of(before)[outcome]
        assert sum(row[outcome] for row in iraqis.transitions.values()) == counts_of(after)[outcome]
        assert iraqis.outcomes[outcome]["delta"] == counts_of(after)[outcome] - counts_of(before)[outcome]
    assert iraqis.transitions["not_covered"]["reduced"] > 0


@pytest.mark.parametrize("scenario", ["law-10-iraqis-covered", "law-10-life-20", "law-10-release-age-70"])
def test_changed_records_are_the_difference_of_two_evaluate_runs(records, scenario, decisions_of):
    result = api.compare(records, scenario=scenario)
    expected = differences(decisions_of(records), decisions_of(records, rulebook=scenario))
    got = {
        c.record_id: (c.baseline.outcome, c.scenario.outcome, c.baseline.release_date, c.scenario.release_date)
        for c in result.changed
    }
    assert expected and got == expected
    assert all(c.deciding_rules for c in result.changed)


def test_facility_and_region_tables_add_up(records, iraqis):
    for table in (iraqis.by_facility, iraqis.by_region):
        for side in ("baseline", "scenario"):
            for outcome in OUTCOMES:
                assert sum(row[side][outcome] for row in table.values()) == iraqis.outcomes[outcome][side]
    assert iraqis.by_facility["XYZ-99"]["region"] == "unknown" and "(none)" in iraqis.by_facility
    assert set(iraqis.by_region) == {"Deir ez-Zor", "Euphrates", "Jazira", "Manbij", "Raqqa", "Tabqa", "unknown"}


def test_own_facility_register_groups_regions(records, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("facility_id,name,region,capacity\nRQA-01,R1,North,10\nHSK-01,H1,North,10\n", encoding="utf-8")
    result = api.compare(records, scenario="law-10-life-20", facilities=register)
    assert set(result.by_region) == {"North", "unknown"}
    north = sum(result.by_facility[f]["baseline"][o] for f in ("RQA-01", "HSK-01") for o in OUTCOMES)
    assert sum(result.by_region["North"]["baseline"].values()) == north


def test_rules_that_made_the_difference(records):
    life = api.compare(records, scenario="law-10-life-20")
    assert life.changed and {c.deciding_rules for c in life.changed} == {("life-commuted",)}
    sdf = api.compare(records, scenario="law-10-no-sdf-exclusion")
    assert sdf.changed
    for change in sdf.changed:
        assert "fought-sdf" in change.baseline.rules and "fought-sdf" not in change.scenario.rules
        assert change.deciding_rules[0] == "fought-sdf"


def test_self_comparison_changes_nothing_and_writes_empty_files(records, tmp_path):
    result = api.compare(records, baseline="aanes-2024-law-10", scenario="aanes-2024-law-10")
    assert result.changed == []
    assert all(result.transitions[a][b] == 0 for a in OUTCOMES for b in OUTCOMES if a != b)
    assert result.write_changed(tmp_path / "changed.jsonl") == 0
    assert (tmp_path / "changed.jsonl").read_bytes() == b""
    result.write_changed(tmp_path / "changed.csv")
    assert (tmp_path / "changed.csv").read_text().count("\n") == 1  # the header only


def test_both_sides_use_one_as_of_date(records, decisions_of):
    default = api.compare(records, baseline="aanes-2024-law-10", scenario="aanes-2020-resolution-5")
    assert default.as_of == date(2024, 7, 17) == date.fromisoformat(default.tables()["as_of"])
    later = api.compare(records, scenario="law-10-life-20", as_of=date(2030, 1, 1))
    expected = differences(
        decisions_of(records, as_of=date(2030, 1, 1)),
        decisions_of(records, rulebook="law-10-life-20", as_of=date(2030, 1, 1)),
    )
    assert {c.record_id for c in later.changed} == set(expected)
    assert all(c.to_dict(later.as_of)["as_of"] == "2030-01-01" for c in later.changed)


def test_comparison_is_deterministic(records, tmp_path):
    runs = [api.compare(records, scenario="law-10-iraqis-covered") for _ in range(2)]
    assert json.dumps(runs[0].to_dict()) == json.dumps(runs[1].to_dict())
    for i, run in enumerate(runs):
        run.write_changed(tmp_path / f"c{i}.csv")
        run.write_tables(tmp_path / f"t{i}.json")
    assert (tmp_path / "c0.csv").read_bytes() == (tmp_path / "c1.csv").read_bytes()
    assert (tmp_path / "t0.json").read_bytes() == (tmp_path / "t1.json").read_bytes()


def test_changed_file_lines_hold_both_sides(records, tmp_path, iraqis):
    count = iraqis.write_changed(tmp_path / "changed.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "changed.jsonl").read_text().splitlines()]
    assert count == len(lines) == len(iraqis.changed)
    first = lines[0]
    for key in ("record_id", "as_of", "baseline_outcome", "scenario_outcome", "baseline_sentence",
                "scenario_sentence", "baseline_release_date", "scenario_release_date", "deciding_rules"):
        assert key in first
    assert first["baseline_outcome"] != first["scenario_outcome"] or first["baseline_release_date"] != first["scenario_release_date"] or first["baseline_sentence"] != first["scenario_sentence"]


def test_rulebook_info_names_a_rulebook_as_every_output_does():
    info = api.rulebook_info(api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20}))
    assert info["label"] == "aanes-2024-law-10 + life_commuted_years=20"
    assert info["changes"] == "set life_commuted_years=20" and info["sha256"] != api.rulebook_info()["sha256"]
