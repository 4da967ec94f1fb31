"""A run stopped by SIGTERM (``kill``, systemd stopping a service: every process of it gets the
signal) or Ctrl-C ends with one line, exit 143 or 130, no decisions file, no temporary file and no
worker left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from amnesty.api import SAMPLE


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the run's workers")
@pytest.mark.parametrize(("sent", "to_all", "code", "said"), [
    (signal.SIGTERM, True, 143, "terminated"),  # systemd's stop
    (signal.SIGTERM, False, 143, "terminated"),  # kill PID
    (signal.SIGINT, True, 130, "interrupted"),  # Ctrl-C on the terminal
], ids=["sigterm-every-process", "sigterm-the-command-only", "ctrl-c"])
def test_a_stopped_run_with_workers_ends_in_one_line(tmp_path, sent, to_all, code, said):
    fifo, out = tmp_path / "records.csv", tmp_path / "decisions.jsonl"
    os.mkfifo(fifo)
    env = {**os.environ, "AMNESTY_BATCH_BYTES": "64K", "COLUMNS": "200"}
    run = subprocess.Popen([sys.executable, "-m", "amnesty", "evaluate", str(fifo), "-o", str(out), "--workers", "2"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    writer_done = threading.Event()

    def feed() -> None:  # the sample, then its records again and again: the workers are busy when stopped
        header, _, body = Path(SAMPLE).read_bytes().partition(b"\n")
        try:
            with open(fifo, "wb") as pipe:
                pipe.write(header + b"\n")
                while not writer_done.is_set():
                    pipe.write(body)
        except OSError:  # the run has gone: the pipe is broken
            pass

    threading.Thread(target=feed, daemon=True).start()
    try:
        deadline = time.monotonic() + 60
        while len(_children(run.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = _children(run.pid)
        assert len(workers) >= 2, "the run started no workers"
        time.sleep(0.5)  # the workers have batches in hand
        if to_all:
            os.killpg(run.pid, sent)
        else:
            os.kill(run.pid, sent)
        _, err = run.communicate(timeout=30)
    finally:
        writer_done.set()
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == code
    assert err.decode().strip() == f"{said}: no output file was written"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.csv"]  # no decisions, no .partial file
    time.sleep(0.2)
    assert [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)] == []


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"
