"""``amnesty changes --quiet`` and ``--exit-code``, for a nightly job: silent and 0 when no decision
moved; one line, and exit 1 when asked, when one did."""

from __future__ import annotations

import pytest

from amnesty import api


@pytest.fixture
def runs(tmp_path):
    records = tmp_path / "records.csv"
    api.write_sample(records, 400, seed=9)
    files = {}
    for name, as_of in (("monday", "2024-07-17"), ("tuesday", "2024-07-17"), ("later", "2025-06-01")):
        files[name] = tmp_path / f"{name}.jsonl.gz"
        api.evaluate_file(records, output=files[name], as_of=as_of)
    return files


def test_nothing_moved_prints_nothing_and_exits_0(run, runs):
    done = run("changes", runs["monday"], runs["tuesday"], "-q", "--exit-code")
    assert (done.exit_code, done.output) == (0, "")


def test_a_moved_decision_is_one_line_and_exit_1_when_asked(run, runs, tmp_path):
    out = tmp_path / "changed.csv"
    done = run("changes", runs["monday"], runs["later"], "--quiet", "--exit-code", "-o", out)
    assert done.exit_code == 1, done.output
    lines = done.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("400 records in both runs: ") and " changed " in lines[0]
    changed = int(lines[0].split(": ", 1)[1].split(" changed", 1)[0].replace(",", ""))
    assert changed > 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1 + changed  # the file is written all the same
    without = run("changes", runs["monday"], runs["later"], "--quiet")
    assert without.exit_code == 0 and without.output == done.output  # exit 1 only when asked


def test_the_full_report_still_exits_0_unless_asked(run, runs):
    done = run("changes", runs["monday"], runs["later"])
    assert done.exit_code == 0 and "Records in both runs" in done.output
    asked = run("changes", runs["monday"], runs["later"], "--exit-code")
    assert asked.exit_code == 1 and "Records in both runs" in asked.output
