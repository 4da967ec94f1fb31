"""Certain and possible counts agree with the decisions behind them, in every analysis."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from amnesty import api


@pytest.fixture(scope="module")
def decided(tmp_path_factory):
    out = tmp_path_factory.mktemp("bounds") / "d.jsonl"
    summary = api.evaluate_file(output=out, workers=1)
    return summary, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_summary_bounds_count_the_decisions(decided):
    summary, decisions = decided
    certain = Counter(d["outcome"] for d in decisions)
    possible = Counter(o for d in decisions for o in d["possible_outcomes"])
    data = summary.to_dict()
    for outcome, b in data["bounds"].items():
        assert b["certain"] == certain[outcome]
        assert b["possible"] == max(possible[outcome], certain[outcome])
    assert data["bounds"]["release"]["possible"] > data["bounds"]["release"]["certain"]  # unknown facts matter
    facility = decisions[0]["facility_id"]
    mine = [d for d in decisions if d["facility_id"] == facility]
    assert data["bounds_by_facility"][facility]["release"]["possible"] == max(
        sum("release" in d["possible_outcomes"] for d in mine), sum(d["outcome"] == "release" for d in mine)
    )


def test_review_records_carry_their_earliest_release(decided):
    _, decisions = decided
    for d in decisions:
        if d["outcome"] != "review":
            assert d["earliest_release_date"] is None
        elif "release" in d["possible_outcomes"]:
            assert d["earliest_release_date"] == d["as_of"]
        elif "reduced" not in d["possible_outcomes"]:
            assert d["earliest_release_date"] is None


def test_compare_counts_possible_moves_without_losing_certain_ones():
    result = api.compare(baseline="aanes-2024-law-10", scenario="law-10-iraqis-covered")
    data = result.tables()
    for a, row in data["transitions"].items():
        for b, n in row.items():
            assert data["possible_transitions"][a][b] >= n
    assert data["bounds"]["scenario"]["release"]["possible"] >= data["bounds"]["scenario"]["release"]["certain"]
    assert any(data["possible_transitions"]["review"][b] for b in ("release", "reduced")) or any(
        data["possible_transitions"][a]["release"] > data["transitions"][a]["release"] for a in data["transitions"]
    )


def test_timeline_upper_band_adds_review_records_at_their_earliest(decided):
    _, decisions = decided
    timeline = api.timeline(by="year")
    data = timeline.to_dict()
    assert all(p >= c for p, c in zip(data["total_possible_cumulative"], data["total_cumulative"]))
    earliest = [d["earliest_release_date"] for d in decisions if d["outcome"] == "review" and d["earliest_release_date"]]
    within = sum(1 for day in earliest if day <= timeline.until.isoformat())
    assert data["possible_by_horizon"] == data["released_by_horizon"] + within


def test_sweep_rows_have_bounds():
    result = api.sweep(rulebook="aanes-2024-law-10", param="life_commuted_years", values="15,20")
    for row in result.rows:
        for outcome, b in row.bounds.items():
            assert b["possible"] >= b["certain"] == row.outcomes[outcome]
        assert row.bounds["release"]["possible"] > row.bounds["release"]["certain"]
