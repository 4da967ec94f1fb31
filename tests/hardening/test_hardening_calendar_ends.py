"""Dates at the ends of the calendar (year 1, year 9999) are read, decided and counted without a crash:
each of these was an internal error (IndexError, ValueError, OverflowError) before."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from amnesty import api
from amnesty.synth import write_sample_csv


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("calendar") / "records.csv"
    write_sample_csv(path, 400, seed=4)
    return path


def test_an_as_of_date_before_every_birth_decides_every_record(records, tmp_path):
    """No birth date can precede year 1's first day: a record whose birth date is unknown still has a world."""
    unknown_birth = sum(1 for row in csv.DictReader(records.open(encoding="utf-8")) if not row["birth_date"])
    assert unknown_birth > 0  # the case that had no world to decide
    summary = api.evaluate_file(records, as_of=date(1, 1, 1), output=tmp_path / "out.jsonl")
    assert summary.records_in == summary.decisions_out == 400
    assert summary.outcomes["invalid"] == 400 - unknown_birth  # a known birth date is after the as-of date


@pytest.mark.parametrize("as_of", [date(9999, 12, 31), date(1, 1, 1), date(2160, 2, 29)])
def test_triage_at_either_end_of_the_calendar_and_on_a_leap_day_whose_year_sixty_back_is_not(records, as_of):
    from amnesty.analysis.triage import answers

    book = api.load_rulebook("law-10-iraqis-covered")
    days = answers(book, as_of, "custody_start")  # the answers triage tries for an unknown custody start
    assert as_of in days and all(day <= as_of for day in days[:2])
    assert api.triage(records, rulebook=book, as_of=as_of).records == 400


def test_a_timeline_until_the_last_day_there_is_ends_in_year_9999(records):
    result = api.timeline(records, until=date(9999, 12, 31), by="year", max_periods=8000)  # 7,976: past the default
    assert result.periods[0] == "2024" and result.periods[-1] == "9999"
    assert len(result.periods) == 9999 - 2024 + 1


def test_sweeps_near_the_calendar_end_count_every_value_the_calendar_holds(records):
    from amnesty.analysis.sweep_values import parse_values

    from amnesty.models.rulebook import ParamType

    days = parse_values("cutoff_date", ParamType.date, "9999-10-01:9999-12-31:1m")
    assert [d.isoformat() for d in days] == ["9999-10-01", "9999-11-01", "9999-12-01"]  # no step past the calendar
    assert parse_values("cutoff_date", ParamType.date, "9999-12-25:9999-12-31:5d") == [date(9999, 12, 25),
                                                                                         date(9999, 12, 30)]
    result = api.sweep(records, param="life_commuted_years", values="15:16:1", as_of=date(9999, 12, 31))
    assert [row.value for row in result.rows] == [15, 16]  # "released within N years" ends with the calendar


def test_a_timeline_from_the_calendars_last_day_and_from_its_first(records):
    last = api.timeline(records, as_of=date(9999, 12, 31))  # the default horizon would be past the calendar
    assert last.until == date(9999, 12, 31) and last.periods == ["9999-12"]
    first = api.timeline(records, as_of=date(1, 1, 1), until=date(1, 3, 1))
    assert first.periods == ["0001-01", "0001-02", "0001-03"]  # four-digit years, as the charts read them back


@pytest.mark.slow
@pytest.mark.parametrize("as_of", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_report_at_either_end_of_the_calendar(records, tmp_path, as_of):
    out = tmp_path / "report.html"
    api.report(records, output=out, as_of=as_of)
    assert out.stat().st_size > 10_000
