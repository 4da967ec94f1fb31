"""``evaluate --quiet``, as cron runs it (no terminal): a good run prints nothing, so that cron mails
only a night with something to read; warnings and the reason for exit 1 go to standard error, one
line each, never wrapped."""

from __future__ import annotations

import subprocess
import sys

import pytest

from amnesty import api


def _run(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "amnesty", "evaluate", *map(str, args)], capture_output=True,
                          text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"})


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "records.csv"
    api.write_sample(path, 300, seed=3)
    return path


def test_a_good_quiet_run_prints_nothing_and_writes_its_output(records, tmp_path):
    out = tmp_path / "d.jsonl"
    done = _run(records, "-q", "--as-of", "2035-01-01", "-o", out)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 300


def test_warnings_go_to_standard_error_one_line_each(records, tmp_path):
    done = _run(records, "--quiet", "-o", tmp_path / "d.jsonl")
    assert done.returncode == 0 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines)
    assert any("dated after the as-of date" in line and len(line) > 80 for line in lines)  # not wrapped at 80


def test_invalid_records_say_why_the_run_exits_1_unless_within_max_invalid(records, tmp_path):
    lines = records.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("birth_date")
    cells = lines[5].split(",")
    cells[column] = "1990-02-31"
    lines[5] = ",".join(cells)
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = _run(records, "-q", "--as-of", "2035-01-01", "-o", tmp_path / "d.jsonl", "--errors", tmp_path / "e.csv")
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.splitlines() == ["records in: 300; decisions out: 300; invalid: 1",
                                          f"the invalid record written to {tmp_path / 'e.csv'}"]
    within = _run(records, "-q", "--as-of", "2035-01-01", "-o", tmp_path / "d2.jsonl", "--max-invalid", "1")
    assert (within.returncode, within.stdout, within.stderr) == (0, "", "")


def test_without_quiet_the_tables_are_printed(records, tmp_path):
    done = _run(records, "--as-of", "2035-01-01", "-o", tmp_path / "d.jsonl")
    assert done.returncode == 0 and "Outcomes by facility" in done.stdout


def _report(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "amnesty", "report", *map(str, args)], capture_output=True,
                          text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"})


def test_a_quiet_report_prints_only_what_needs_reading(records, tmp_path):
    page = tmp_path / "report.html"
    good = _report(records, "-q", "--as-of", "2035-01-01", "-o", page)
    assert (good.returncode, good.stdout, good.stderr) == (0, "", "")
    assert page.stat().st_size > 100_000
    lines = records.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",", ",,", 1)  # a row with a cell too many
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    failed = _report(records, "-q", "--as-of", "2035-01-01", "-o", page, "--force")
    assert failed.returncode == 1 and failed.stdout == ""
    assert failed.stderr.splitlines() == ["records in: 300; decisions out: 300; invalid: 1"]
    loud = _report(records, "--as-of", "2035-01-01", "-o", page, "--force")
    assert loud.returncode == 1 and "wrote " in loud.stdout
