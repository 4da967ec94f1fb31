"""Worker processes: the same bytes as one process, clean failure when a worker dies, --strict and --redact."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.engine import parallel
from amnesty.synth import write_sample_csv

COUNT = 12_000  # several batches of plain lines, so a pool of two workers is really used


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Synthetic records with 2% broken on purpose (duplicate ids among them) and a few quoted lines."""
    path = tmp_path_factory.mktemp("parallel") / "records.csv"
    write_sample_csv(path, COUNT, seed=5, invalid_rate=0.02)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for at in (3_000, 7_000, 11_000):  # quoted cells: read by the careful reader, between plain runs
        cells = lines[at].rstrip("\n").split(",")
        cells[1] = f'"{cells[1]}"'
        lines[at] = ",".join(cells) + "\n"
    lines.insert(9_000, lines[500])  # one more duplicate, far from its first
    path.write_text("".join(lines), encoding="utf-8")
    return path


def evaluate(*args, env=None):
    return CliRunner().invoke(app, ["evaluate", *map(str, args)], env=env)


@pytest.mark.slow
def test_two_workers_write_the_same_bytes_as_one(records, tmp_path, pools):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = evaluate(records, "-o", one, "--workers", "1")
    second = evaluate(records, "-o", two, "--workers", "2")
    assert first.exit_code == second.exit_code == 1  # some records are invalid
    assert pools == [2]
    assert one.read_bytes() == two.read_bytes()
    decisions = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
    assert len(decisions) == COUNT + 1
    assert any("is a duplicate of the record on line 501" in e for d in decisions for e in d["errors"])
    assert first.output.replace("one.jsonl", "two.jsonl") == second.output  # the same summary, counts and all


@pytest.mark.slow
def test_json_array_and_redaction_are_the_same_with_workers(records, tmp_path, pools):
    env = {"AMNESTY_REDACT_KEY": "a key of at least sixteen bytes"}
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"w{workers}.json"
        assert evaluate(records, "-o", target, "--workers", workers, "--redact", env=env).exit_code == 1
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert b"SYN-" not in outputs[0]
    assert len(json.loads(outputs[0])) == COUNT + 1


def test_strict_stops_at_the_same_record_with_workers(records, tmp_path, pools):
    results = [evaluate(records, "-o", tmp_path / f"s{w}.jsonl", "--strict", "--workers", w) for w in ("1", "2")]
    assert results[0].exit_code == results[1].exit_code == 2
    assert results[0].output == results[1].output
    assert "stopped by --strict; nothing was written" in results[0].output
    assert not list(tmp_path.glob("s*.jsonl")) and not list(tmp_path.glob(".s*"))


DYING = """
import os, sys
from amnesty.cli.app import main
from amnesty.engine import parallel, pipeline

def dying(specs, line=6_000):
    # kills its process on the batch holding ``line``, as an out-of-memory kill would
    decide = pipeline.Deciders(list(specs))

    def call(payload):
        first = payload.first_line if hasattr(payload, "first_line") else payload[0][0]
        last = payload.last_line if hasattr(payload, "last_line") else payload[-1][0]
        if first <= line <= last:
            if os.environ.get("DIE_BY") == "SIGKILL":
                os.kill(os.getpid(), 9)  # as the out-of-memory killer ends a process
            os._exit(9)
        return decide(payload)

    return call

parallel.start_method = lambda: "fork"  # the replacement reaches the workers
pipeline.make_deciders = dying
sys.argv = ["amnesty", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(("die_by", "said"), [
    ("exit", "error: a worker process exited with code 9 while deciding lines "),
    ("SIGKILL", "error: a worker process was killed by signal 9 (SIGKILL: the system does this when memory runs "
                "out; each worker holds about 300 MB, so fewer --workers, or a smaller AMNESTY_BATCH_BYTES, need "
                "less) while deciding lines "),
])
def test_a_worker_that_dies_stops_the_run_naming_its_lines(records, tmp_path, die_by, said):
    # In a process of its own: this one has run polars' threads, and a process with threads must not fork.
    script = tmp_path / "dying.py"
    script.write_text(DYING)
    target = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, str(script), "evaluate", str(records), "-o", str(target), "--workers", "2"],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COLUMNS": "300", "DIE_BY": die_by})
    assert result.returncode == 3, result.stderr
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(said), message
    first, last = (int(n.replace(",", "")) for n in message.split("deciding lines ")[1].split(" (")[0].split(" to "))
    assert first <= 6_000 <= last
    assert "no output was written" in message
    assert not target.exists() and not list(tmp_path.glob(".out.jsonl*"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the start method only on Linux")
def test_a_sweep_forks_its_workers_rather_than_starting_them_afresh():
    """The reading process must not start polars' threads before its workers are forked: a sweep
    used to apply the row contract on ids (polars) to its first batches first, and so fell back to
    the fork server, whose workers import and compile everything again."""
    script = (
        "from amnesty.engine import parallel\n"
        "chosen = []\n"
        "original = parallel.start_method\n"
        "parallel.start_method = lambda: chosen.append(original()) or chosen[-1]\n"
        "from amnesty import api\n"
        "if __name__ == '__main__':\n"
        "    api.sweep(api.SAMPLE, param='release_age', values='70,75', workers=2)\n"
        "    print(chosen)\n"
    )
    assert _in_a_fresh_process(script) == "['fork']"


def _in_a_fresh_process(script: str) -> str:
    """What ``script`` prints, run alone (a test runner's own threads and imports would hide what is
    checked), with batches small enough that a pool of workers starts on the bundled sample."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "AMNESTY_BATCH_BYTES": "65536"})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_reading_process_loads_no_column_library():
    """It checked record ids with polars (33 MB more resident memory, and a pool of threads in the
    process that forks the workers); Python's own string hash and numpy do the same work."""
    script = (
        "import sys\n"
        "from amnesty.engine import seen_ids\n"
        "seen_ids.EXACT_IDS = 0  # ids as hashes from the first batch, as past 65,536 ids\n"
        "from amnesty import api\n"
        "if __name__ == '__main__':\n"
        "    summary = api.evaluate_file(api.SAMPLE, workers=2)\n"
        "    print(summary.records_in, 'polars' in sys.modules)\n"
    )
    assert _in_a_fresh_process(script) == "10000 False"


def test_a_file_too_small_for_two_batches_per_worker_is_cut_finer(tmp_path, monkeypatch):
    """1.5 MB was one batch, decided in one process while the other cores idled."""
    from amnesty.engine import pipeline
    from amnesty.io.readers import open_records

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 21)  # the default (the suite runs smaller batches)

    def batches(path, workers):
        with open_records(path) as rows:
            size = pipeline.plain_batch_bytes(rows, workers)
            return size, sum(1 for _ in pipeline.batches_of(rows, rows.layout, size))

    small, medium = tmp_path / "small.csv", tmp_path / "medium.csv"
    write_sample_csv(small, 1_000, 1)  # 0.15 MB: not worth a pool
    write_sample_csv(medium, 10_000, 1)  # 1.5 MB
    assert batches(small, 2) == (pipeline.COLUMNAR_BYTES, 1)
    assert batches(medium, 1) == (pipeline.COLUMNAR_BYTES, 1)
    size, count = batches(medium, 2)
    assert size == medium.stat().st_size // 4 and count >= 4  # two per worker: the pool starts
    assert pipeline.plain_batch_bytes(object(), 2) == pipeline.COLUMNAR_BYTES  # no file: standard input


@pytest.mark.skipif(not os.path.exists("/proc/sys/net/core/rmem_max"), reason="Linux's socket limits")
def test_the_sockets_to_a_worker_get_the_larger_buffers_the_kernel_allows():
    import multiprocessing
    import socket

    from pathlib import Path

    limit = min(int(Path(f"/proc/sys/net/core/{name}_max").read_text()) for name in ("rmem", "wmem"))
    ours, theirs = multiprocessing.Pipe()
    try:
        parallel._widen(ours, theirs)
        for end in (ours, theirs):
            with socket.socket(fileno=os.dup(end.fileno())) as sock:
                for option in (socket.SO_RCVBUF, socket.SO_SNDBUF):  # Linux doubles what it is given
                    assert sock.getsockopt(socket.SOL_SOCKET, option) == 2 * min(limit, parallel.SOCKET_BUFFER)
        ours.send(b"x" * 100)  # still the same working connection
        assert theirs.recv() == b"x" * 100
    finally:
        ours.close()
        theirs.close()
