"""Timelines: every release counted once, in its period, up to the horizon."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from amnesty import api
from amnesty.analysis.timeline import period_labels, period_of
from amnesty.errors import ScenarioError
from amnesty.facilities import load_facilities, region_of


def releases(decisions):
    return [d for d in decisions if d["outcome"] in ("release", "reduced")]


@pytest.mark.parametrize("by, group", [("month", "region"), ("quarter", "facility"), ("year", "region")])
def test_cumulative_total_is_the_releases_within_the_horizon(records, decisions_of, by, group):
    until = date(2027, 6, 30)
    result = api.timeline(records, by=by, group=group, until=until)
    released = releases(decisions_of(records))
    within = [d for d in released if date.fromisoformat(d["release_date"]) <= until]
    data = result.to_dict()
    assert data["total_cumulative"][-1] == result.released_by_horizon == len(within) > 0
    assert sum(result.after_horizon.values()) == len(released) - len(within)
    assert sum(result.not_released.values()) + len(released) == result.records == 1205
    for name, counts in result.cumulative.items():
        assert counts[-1] + result.after_horizon[name] == sum(
            1 for d in released
            if (region_of(load_facilities(), d["facility_id"]) if group == "region" else d["facility_id"] or "(none)") == name
        )
    assert result.periods[0] == period_of(result.as_of, by) and result.periods[-1] == period_of(until, by)


def test_each_release_is_in_its_period(records, decisions_of):
    result = api.timeline(records, by="quarter", until=date(2026, 12, 31))
    expected = Counter(
        period_of(date.fromisoformat(d["release_date"]), "quarter") for d in releases(decisions_of(records))
        if d["release_date"] <= "2026-12-31"
    )
    assert dict(zip(result.periods, result.totals)) == {p: expected.get(p, 0) for p in result.periods}


def test_phases_spread_immediate_releases_by_region(records, decisions_of):
    phases = ["Raqqa", "Jazira", "Euphrates,Manbij"]
    plain = api.timeline(records, by="month", until=date(2025, 1, 31))
    phased = api.timeline(records, by="month", until=date(2025, 1, 31), phases=phases)
    assert phased.released_by_horizon == plain.released_by_horizon
    assert phased.phase_dates == {"Raqqa": "2024-07-17", "Jazira": "2024-08-17", "Euphrates": "2024-09-17",
                                  "Manbij": "2024-09-17", "(other regions)": "2024-10-17"}
    register = load_facilities()
    immediate = Counter(
        region_of(register, d["facility_id"]) for d in decisions_of(records)
        if d["outcome"] == "release" and d["release_date"] == "2024-07-17"
    )
    july = phased.periods.index("2024-07")
    assert phased.releases["Raqqa"][july] >= immediate["Raqqa"] > 0
    assert phased.releases["Jazira"][july] == plain.releases["Jazira"][july] - immediate["Jazira"]
    assert phased.releases["Jazira"][july + 1] == plain.releases["Jazira"][july + 1] + immediate["Jazira"]
    assert phased.releases["Tabqa"][july + 3] == plain.releases["Tabqa"][july + 3] + immediate["Tabqa"]


def test_unknown_region_in_a_phase_lists_the_regions(records):
    with pytest.raises(ScenarioError) as info:
        api.timeline(records, phases=["Raqa"])
    assert "no region 'Raqa'" in str(info.value) and "did you mean 'Raqqa'?" in str(info.value)
    assert "(regions: Deir ez-Zor, Euphrates, Jazira, Manbij, Raqqa, Tabqa, unknown)" in str(info.value)


def test_horizon_before_as_of_is_refused(records):
    with pytest.raises(ScenarioError, match="before the as-of date"):
        api.timeline(records, until=date(2024, 1, 1))


def test_period_labels():
    assert period_labels(date(2024, 11, 30), date(2025, 2, 1), "month") == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert period_labels(date(2024, 7, 17), date(2025, 4, 1), "quarter") == ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
    assert period_labels(date(2024, 7, 17), date(2026, 1, 1), "year") == ["2024", "2025", "2026"]


def test_timeline_is_deterministic(records, tmp_path):
    runs = [api.timeline(records, group="facility", by="quarter") for _ in range(2)]
    for i, run in enumerate(runs):
        run.write(tmp_path / f"t{i}.csv")
        run.write(tmp_path / f"t{i}.json")
    for ext in ("csv", "json"):
        assert (tmp_path / f"t0.{ext}").read_bytes() == (tmp_path / f"t1.{ext}").read_bytes()


@pytest.mark.parametrize("start", [date(2024, 7, 17), date(2024, 1, 1), date(2023, 12, 31), date(1, 1, 1)])
@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_period_count_is_the_number_of_periods_made(start, by):
    from amnesty.analysis.timeline import period_count

    for days in (0, 1, 30, 31, 90, 364, 365, 366, 1000, 5000):
        end = date.fromordinal(start.toordinal() + days)
        assert period_count(start, end, by) == len(period_labels(start, end, by)), (start, end, by)


def test_a_timeline_of_too_many_periods_is_refused_before_any_record_is_read(tmp_path):
    """--until 9999-12-31 by month took two minutes and 650 MB to print 95,706 periods for 50 records."""
    from amnesty.analysis.timeline import MAX_PERIODS

    missing = tmp_path / "not-there.csv"  # refused before the input is even opened
    with pytest.raises(ScenarioError, match=r"--until 9999-12-31 by month gives 95,706 periods, more than the 1,500"):
        api.timeline(missing, until="9999-12-31")
    with pytest.raises(ScenarioError, match="--max-periods"):
        api.timeline(missing, until="2030-01-01", by="quarter", max_periods=10)
    result = api.timeline(until="9999-12-31", by="year", max_periods=8000, workers=1)
    assert len(result.periods) == 9999 - 2024 + 1
    assert api.timeline.__kwdefaults__["max_periods"] == MAX_PERIODS  # the api's default is the analysis's


def test_the_first_period_says_it_holds_everyone_out_by_the_as_of_date(tmp_path):
    """Under a chain, people an earlier instrument freed years before are release decisions as of
    the as-of date, counted in the first period: the table says so, so nobody reads them as new."""
    from typer.testing import CliRunner

    from amnesty.cli.app import app
    from amnesty.synth import write_sample_csv

    source = tmp_path / "records.csv"
    write_sample_csv(source, 300, seed=3)
    output = CliRunner().invoke(app, ["timeline", str(source), "--rulebook", "north-east-2020-2022-2024"]).output
    assert ("2024-07 counts everyone out by the as-of date (2024-07-17), those released before it included"
            in " ".join(output.split()))
