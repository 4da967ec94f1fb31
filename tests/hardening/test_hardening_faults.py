"""Faults around a run: a killed parent, a full disk, --strict on standard output (items 10, 11, 12)."""

from __future__ import annotations

import errno
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from amnesty.engine.pipeline import columnar_bytes
from amnesty.errors import OutputFileError
from amnesty.io.atomic import atomic_open
from amnesty.io.guards import check_outputs

LINUX = sys.platform.startswith("linux")
CMD = [sys.executable, "-m", "amnesty"]


def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid):
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not LINUX, reason="reads /proc to find the worker processes")
def test_workers_end_when_their_parent_is_killed_and_the_next_run_cleans_up(tmp_path):
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [*CMD, "evaluate", "-", "-o", str(out), "-w", "2"], stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Enough plain lines for the pool to start, then standard input stays open: the run waits, mid-way.
    process.stdin.write(b"record_id,facility_id,sentence_type,sentence_months\n")
    # The pool starts once it holds two batches per worker: write five batches' worth.
    lines = 5 * columnar_bytes() // len(b"R100000,RQA-01,fixed,100\n")
    process.stdin.write(b"".join(b"R%d,RQA-01,fixed,%d\n" % (i, i % 300) for i in range(lines)))
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while len(_children(process.pid)) < 2:
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.1)
    workers = _children(process.pid)
    assert list(tmp_path.glob(".out.jsonl.*.partial"))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stdin.close()
    deadline = time.monotonic() + 5
    while any(map(_alive, workers)):
        assert time.monotonic() < deadline, "workers outlived their parent"
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.jsonl.*.partial"))  # a killed run cannot clean up after itself ...
    source = tmp_path / "one.csv"
    source.write_text("record_id,facility_id\nR1,RQA-01\n")
    subprocess.run([*CMD, "evaluate", str(source), "-o", str(out), "--force"], check=True, capture_output=True)
    assert not list(tmp_path.glob(".out.jsonl.*.partial"))  # ... so the next run writing there does
    assert len(out.read_text().splitlines()) == 1


def test_a_file_another_run_is_writing_is_left_alone_and_not_written_twice(tmp_path):
    """Two runs writing one file (a nightly job that overlaps the last) would each rename a whole file
    into place, and a reader would get either: the second is refused before it starts, in one
    sentence, and the first's temporary file is left as it is."""
    target = tmp_path / "out.jsonl"
    with atomic_open(target, force=True) as first:
        first.write("x")
        partial = list(tmp_path.glob(".out.jsonl.*.partial"))
        assert len(partial) == 1
        with pytest.raises(OutputFileError) as refused:
            with atomic_open(tmp_path / "out.jsonl", force=True) as second:
                second.write("y")
        assert str(refused.value) == (f"{target}: another run is writing this file now (a scheduled job that "
                                      "overlaps the last?); wait for it to end, or name another output")
        assert partial[0].exists() and list(tmp_path.glob(".out.jsonl.*.partial")) == partial
        with pytest.raises(OutputFileError, match="another run is writing this file now"):
            check_outputs([(target, ())], force=True, inputs=())  # refused before any record is read
    assert target.read_text() == "x"
    with atomic_open(target, force=True) as third:  # once the first has ended, the file is free
        third.write("z")
    assert target.read_text() == "z"


def test_a_full_disk_is_one_sentence_and_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(OutputFileError) as info:
        with atomic_open(target, force=True) as handle:
            handle.write("new")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert "the disk is full" in str(info.value) and str(info.value).startswith(str(target))
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


@pytest.mark.skipif(not LINUX, reason="RLIMIT_FSIZE and /dev/full")
def test_a_file_size_limit_and_a_full_standard_output(tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    result = subprocess.run([*CMD, "evaluate", "-o", str(target), "--force", "-w", "1"], preexec_fn=limit,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "file-size limit" in result.stderr
    assert "internal error" not in result.stderr
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    with open("/dev/full", "w") as full:
        result = subprocess.run([*CMD, "evaluate", "-o", "-", "-w", "1"], stdout=full, stderr=subprocess.PIPE,
                                text=True)
    assert result.returncode == 2
    assert "the disk is full" in result.stderr and "internal error" not in result.stderr


def test_strict_on_standard_output_writes_nothing_when_it_stops(run, tmp_path, monkeypatch):
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 12)  # batches of a few hundred records
    path = tmp_path / "in.csv"
    # The duplicate comes in a later batch than the first decisions (about 25 batches before it).
    path.write_text("record_id,facility_id\n" + "".join(f"R{i},RQA-01\n" for i in range(8_000)) + "R5,RQA-01\n")
    result = run("evaluate", path, "-o", "-", "--strict")
    assert result.exit_code == 2
    assert result.stdout_bytes == b""
    assert "nothing was written" in result.stderr
    good = tmp_path / "good.csv"
    good.write_text("record_id,facility_id\n" + "".join(f"R{i},RQA-01\n" for i in range(3000)))
    result = run("evaluate", good, "-o", "-", "--strict")
    assert result.exit_code == 0
    assert [json.loads(line)["record_id"] for line in result.stdout_bytes.decode().splitlines()] == [
        f"R{i}" for i in range(3000)
    ]


@pytest.mark.skipif(not LINUX, reason="a named pipe holds the first run open")
def test_a_run_that_overlaps_one_still_writing_the_same_file_is_refused(tmp_path):
    """The first run waits on a pipe that is still open; a second run naming the same output stops at
    once, in one sentence, and the first then ends with its own whole file."""
    pipe, out = tmp_path / "records.csv", tmp_path / "out.jsonl"
    os.mkfifo(pipe)
    first = subprocess.Popen([*CMD, "evaluate", str(pipe), "-o", str(out), "-w", "1"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with open(pipe, "wb") as writer:
        writer.write(b"record_id,facility_id\n" + b"".join(b"R%d,RQA-01\n" % i for i in range(1, 8001)))
        writer.flush()  # more than the 64 KB a reader looks at before it starts: the first run is writing
        deadline = time.monotonic() + 30
        while not list(tmp_path.glob(".out.jsonl.*.partial")):
            assert time.monotonic() < deadline, "the first run never started writing"
            time.sleep(0.05)
        source = tmp_path / "other.csv"
        source.write_text("record_id,facility_id\nR2,RQA-01\n")
        second = subprocess.run([*CMD, "evaluate", str(source), "-o", str(out), "--force"], capture_output=True)
        assert second.returncode == 2
        assert second.stderr.decode().strip() == (f"error: {out}: another run is writing this file now (a "
                                                  "scheduled job that overlaps the last?); wait for it to end, or "
                                                  "name another output")
    assert first.wait(timeout=60) == 0, first.stderr.read().decode()
    decided = out.read_text().splitlines()
    assert len(decided) == 8000 and json.loads(decided[0])["record_id"] == "R1"
