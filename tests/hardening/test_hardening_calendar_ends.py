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
    result = api.timeline(records, until=date(9999, 12, 31), by="year")
    assert result.periods[0] == "2024" and result.periods[-1] == "9999"
    assert len(result.periods) == 9999 - 2024 + 1
