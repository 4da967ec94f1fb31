"""Benchmark: ``amnesty evaluate`` against a hand-written pandas evaluation of Law No. 10.

    python -m bench                          # 10k, 100k and 1M records
    python -m bench --sizes 10k,100k --repeat 3 --workers 2
    python -m bench --sizes 1M --pss         # also the process tree's PSS

Run from the repository root. For each size it writes N synthetic records as
CSV (``amnesty.synth.write_sample_csv``, seed 1, cached under --data), then
runs on that same file, each in its own process and as a user would (the
package's bytecode compiled first, as an installed package has it; see
``compiled``):
(a) ``python -m amnesty evaluate records.csv --output decisions.jsonl``,
every decision with its reasons, end to end; (b) ``python -m
bench.pandas_law10 records.csv outcomes.txt``, outcomes only. Both decide as
of the law's enactment unless --as-of is given. It prints the wall time,
records per second and peak memory of each, and the ratio engine / pandas.
Peak memory is the largest sum of the resident set sizes of the process and
all its descendants (the engine's worker processes and the process that
forks them), sampled every 20 ms; memory that forked processes share is
counted once per process, so the figure errs high, never low. Beside it,
the largest sum of their proportional set sizes (PSS, Linux): each shared
page divided between the processes that share it, so the tree's footprint;
read every 0.2 s, and only with --pss, because reading it slows the process
read (about 5% at 100,000 records).

It then compares the two outcomes record by record. Any difference is a bug
on one side: it lists the first records that differ, with both outcomes, and
exits 1. Not part of the test suite (tests/test_bench_pandas.py checks the
agreement on a small sample). Needs the ``bench`` extra (pandas, psutil).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from itertools import zip_longest
from pathlib import Path

import psutil

from amnesty.synth import write_sample_csv

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
SHOWN = 10  # differing records listed when the two sides disagree
_OUTCOME = re.compile(rb'"outcome":"([a-z_]+)"')


def measure(command: list[str], pss: bool = False) -> tuple[float, float, float, int]:
    """Wall seconds; the peak over time of the summed resident memory (MB) of a command and every
    process it starts, and of their summed proportional memory (PSS: a page that forked processes
    share counted once in all, so the tree's real footprint); the most processes seen at once."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, peak_pss, most, done = 0, 0, 0, threading.Event()

    def resident(p: psutil.Process) -> int:
        try:
            return p.memory_info().rss
        except psutil.Error:  # it ended between listing and reading: it holds nothing now
            return 0

    def proportional(p: psutil.Process) -> int:
        """PSS from the kernel's summary; reading it walks the process's page tables and slows it,
        so it is read every 10th sample only (a peak shorter than 0.2 s can be missed)."""
        try:
            with open(f"/proc/{p.pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) * 1024
        except OSError:  # it ended, or no such file outside Linux: RSS, which errs high
            pass
        return resident(p)

    def sample() -> None:
        nonlocal peak, peak_pss, most
        count = 0
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.Error:  # the command itself has ended
                break
            peak = max(peak, sum(map(resident, tree)))
            if pss and count % 10 == 0:
                peak_pss = max(peak_pss, sum(map(proportional, tree)))
            count += 1
            most = max(most, len(tree))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()  # drains stderr, so a chatty command never blocks
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: done, some records invalid
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode(errors='replace')}")
    return elapsed, peak / 1e6, peak_pss / 1e6, most


def records(size: int, folder: Path) -> Path:
    path = folder / f"records-{size}-seed1.csv"
    if not path.exists():
        print(f"writing {size:,} synthetic records to {path} ...", file=sys.stderr)
        write_sample_csv(path, size, seed=1)
    return path


def engine_outcomes(decisions: Path) -> Iterator[str]:
    with decisions.open("rb") as lines:
        for line in lines:
            found = _OUTCOME.search(line)
            yield found.group(1).decode() if found else "?"


def pandas_outcomes(outcomes: Path) -> Iterator[str]:
    with outcomes.open(encoding="utf-8") as lines:
        yield from (line.strip() for line in lines)


def disagreements(decisions: Path, outcomes: Path) -> tuple[int, list[tuple[int, str, str]]]:
    """How many records (1-based, in input order) the engine and pandas decide differently,
    and the first ``SHOWN`` of them as (record number, engine outcome, pandas outcome)."""
    count, first, sides = 0, [], [0, 0]
    for number, (a, b) in enumerate(zip_longest(engine_outcomes(decisions), pandas_outcomes(outcomes)), start=1):
        sides[0] += a is not None
        sides[1] += b is not None
        if a != b:
            count += 1
            if len(first) < SHOWN:
                first.append((number, a, b))
    if sides[0] != sides[1]:
        raise SystemExit(f"the engine gave {sides[0]:,} decisions and pandas {sides[1]:,} outcomes")
    return count, first


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        names = [ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                 if ln.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    import pandas

    return (f"{cpu}, {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}, pandas {pandas.__version__}")


def compiled() -> str:
    """Compile the package's and the bench's bytecode before timing, as an installed package has it.

    pip compiles a package when it installs it, and Python writes the bytecode of an editable
    checkout on its first import; but where PYTHONDONTWRITEBYTECODE is set (the machine of
    docs/benchmarks.md sets it) a checkout would be compiled from source on every run, about 0.2 s of
    start-up that no installed package pays and that pandas, installed, does not pay either."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    ok = all(compileall.compile_dir(root / name, quiet=1) for name in ("amnesty", "bench"))
    setting = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return (f"amnesty and bench compiled first ({'ok' if ok else 'some files failed'}); "
            f"PYTHONDONTWRITEBYTECODE {setting}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k, 100k, 1M or a number")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side per size; the median is shown")
    parser.add_argument("--workers", type=int, default=None, help="amnesty evaluate --workers (default: all cores)")
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD for both sides (default: the law's enactment)")
    parser.add_argument("--pss", action="store_true", help="also the engine's peak PSS (slows it a little)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "amnesty-bench")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    sizes = [SIZES.get(s.strip()) or int(s.strip().replace("_", "")) for s in args.sizes.split(",")]
    workers = ["--workers", str(args.workers)] if args.workers else []
    as_of = ["--as-of", args.as_of] if args.as_of else []
    print(f"machine: {machine()}")
    print(f"bytecode: {compiled()}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| records | engine s | engine records/s | engine peak RSS MB | engine peak PSS MB (--pss) | engine processes "
          "| pandas s | pandas records/s | pandas peak RSS MB | engine / pandas | outcomes that differ |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    failures = []
    for size in sizes:
        source = records(size, args.data)
        decisions, outcomes = args.data / f"decisions-{size}.jsonl", args.data / f"outcomes-{size}.txt"
        engine, analyst = [], []
        for _ in range(args.repeat):
            engine.append(measure([sys.executable, "-m", "amnesty", "evaluate", str(source), "--output",
                                   str(decisions), "--force", *workers, *as_of], pss=args.pss))
            analyst.append(measure([sys.executable, "-m", "bench.pandas_law10", str(source), str(outcomes), *as_of]))
        count, first = disagreements(decisions, outcomes)
        if count:
            failures.append((size, count, first))
        e_time, e_procs = statistics.median(r[0] for r in engine), max(r[3] for r in engine)
        e_rss, e_pss = max(r[1] for r in engine), max(r[2] for r in engine)
        p_time, p_rss = statistics.median(r[0] for r in analyst), max(r[1] for r in analyst)
        shown_pss = f"{e_pss:.0f}" if args.pss else "-"
        print(f"| {size:,} | {e_time:.2f} | {size / e_time:,.0f} | {e_rss:.0f} | {shown_pss} | {e_procs} | {p_time:.2f} "
              f"| {size / p_time:,.0f} | {p_rss:.0f} | {e_time / p_time:.2f} | {count:,} |", flush=True)
        decisions.unlink(missing_ok=True)
    print()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for size, count, first in failures:
        print(f"\n{size:,} records: {count:,} outcomes differ; the first {len(first)} (record number: engine, pandas):")
        for number, engine_says, pandas_says in first:
            print(f"  record {number:,}: {engine_says}, {pandas_says}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
