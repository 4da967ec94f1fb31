"""--as-of and --until take exactly YYYY-MM-DD and name a day that does not exist as such."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text", ["2024-09-31", "2023-02-29", "2024-13-01"])
def test_a_day_that_does_not_exist_is_named_so(run, text):
    result = run("evaluate", "--as-of", text)
    assert result.exit_code == 2
    assert f"--as-of {text}: that date does not exist" in result.output
    assert "expects" not in result.output


@pytest.mark.parametrize("text", ["20240101", "2024-W01-1", "2024-001", "2024-1-5", "2024-09-01T00:00"])
def test_only_yyyy_mm_dd_is_accepted(run, text):
    result = run("evaluate", "--as-of", text)
    assert result.exit_code == 2
    assert f"--as-of expects a date as YYYY-MM-DD or the word today, got {text!r}" in result.output


def test_until_is_checked_the_same_way(run):
    result = run("timeline", "--until", "20300101")
    assert result.exit_code == 2 and "--until expects a date as YYYY-MM-DD" in result.output


def test_arabic_indic_digits_read_as_ascii(run):
    result = run("evaluate", "--as-of", "٢٠٢٤-٠٩-٠١")
    assert "as of 2024-09-01" in " ".join(result.output.split())


@pytest.mark.parametrize("text", ["today", " Today "])
def test_today_is_this_machines_date_for_a_scheduled_job(run, text, tmp_path):
    """A crontab line cannot hold $(date +%F) as typed (its % ends the command): --as-of today."""
    from datetime import date

    summary = tmp_path / "run.json"
    result = run("evaluate", "--as-of", text, "--summary", str(summary))
    assert f"as of {date.today().isoformat()}" in " ".join(result.output.split())
    import json

    assert json.loads(summary.read_text())["as_of"] == date.today().isoformat()


def test_a_notebook_may_say_today_too():
    from datetime import date

    from amnesty.engine.dated import as_day

    assert as_day("today") == as_day("TODAY") == date.today()
