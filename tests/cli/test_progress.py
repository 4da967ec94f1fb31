"""A terminal gets a progress bar with a percentage and the time left; a pipe or a log gets nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from amnesty import api
from amnesty.api import estimate_records
from amnesty.cli.progress import RunProgress
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


def test_no_guess_where_the_size_says_nothing_and_a_pipe_is_never_read(tmp_path):
    """A compressed or Parquet file's size says nothing of its lines (892 records were guessed for a
    gzip file of 10,000); reading the start of a pipe here took its first 64 KB from the run."""
    import gzip
    import threading

    import polars as pl

    plain = tmp_path / "r.csv"
    write_sample_csv(plain, 2_000, seed=3, invalid_rate=0.0)
    packed, misnamed, parquet = tmp_path / "r.csv.gz", tmp_path / "gz.csv", tmp_path / "r.parquet"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    misnamed.write_bytes(packed.read_bytes())
    pl.read_csv(plain, infer_schema_length=0).write_parquet(parquet)
    assert [estimate_records(p) for p in (packed, misnamed, parquet)] == [None, None, None]
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    # a daemon: a failing read must not hold up the exit
    writer = threading.Thread(target=lambda: fifo.write_bytes(plain.read_bytes()), daemon=True)
    writer.start()
    try:
        assert estimate_records(fifo) is None
        result = subprocess.run([sys.executable, "-m", "amnesty", "evaluate", str(fifo), "--summary", "-"],
                                capture_output=True, text=True, timeout=120)
    finally:
        writer.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["records_in"] == 2_000  # every record of the pipe, header first


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
