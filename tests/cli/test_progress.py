"""A terminal gets a progress bar with a percentage and the time left; a pipe or a log gets nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from amnesty import api
from amnesty.cli.progress import RunProgress, estimate_records
from amnesty.synth import write_sample_csv


def test_the_estimate_of_records_is_close_for_a_large_file(tmp_path):
    path = tmp_path / "r.csv"
    write_sample_csv(path, 20_000, seed=3, invalid_rate=0.0)
    assert abs(estimate_records(path) - 20_000) < 1_000
    assert estimate_records(api.SAMPLE) == pytest.approx(10_000, rel=0.05)
    small = tmp_path / "s.csv"
    small.write_text("record_id,facility_id\nA,X\nB,Y\n", encoding="utf-8")
    assert estimate_records(small) == 2
    assert estimate_records("-") is None and estimate_records(tmp_path / "r.xlsx") is None


def test_the_bar_never_claims_100_percent_before_the_end(tmp_path):
    small = tmp_path / "s.csv"
    small.write_text("record_id,facility_id\nA,X\nB,Y\n", encoding="utf-8")
    progress = RunProgress(small)
    with progress as advance:
        advance(5)  # more records than estimated
        task = progress.progress.tasks[0]
        assert task.completed == 5 and task.total > 5


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.slow
def test_a_terminal_shows_percentage_and_time_left_and_a_pipe_shows_nothing(tmp_path):
    import pty

    path = tmp_path / "r.csv"
    write_sample_csv(path, 5_000, seed=3, invalid_rate=0.0)
    command = [sys.executable, "-m", "amnesty", "evaluate", str(path), "--workers", "1"]
    pid, fd = pty.fork()
    if pid == 0:  # the child runs the command on the pseudo-terminal
        os.environ["COLUMNS"] = "120"
        os.execv(sys.executable, command)
    seen = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    os.waitpid(pid, 0)
    text = seen.decode("utf-8", "replace")
    assert re.search(r"\d+%", text) and "left" in text and "records" in text
    piped = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parent)
    assert "%" not in piped.stderr and "left" not in piped.stderr
