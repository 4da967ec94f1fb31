"""Benchmark: ``amnesty evaluate`` against a hand-written pandas evaluation of Law No. 10.

    python -m bench                          # 10k, 100k and 1M records
    python -m bench --sizes 10k,100k --repeat 3 --workers 2

For each size it writes N synthetic records as CSV (``amnesty sample``,
seed 1, cached under --data), then runs, each in its own process and as a
user would: (a) ``python -m amnesty evaluate records.csv --output
decisions.jsonl``, every decision with its reasons, end to end; (b)
``python -m bench.pandas_law10``, outcomes only. It checks that both give
the same outcome for every record, and prints records per second, the ratio
of (a) to (b) and the peak memory of each: the resident set of the process
and all its worker processes together, sampled every 20 ms. Not part of the
test suite. Needs the ``bench`` extra (pandas, psutil).
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
from pathlib import Path

import psutil

from amnesty.synth import write_sample_csv

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
_OUTCOME = re.compile(rb'"outcome":"([a-z_]+)"')


def measure(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of a command and every process it starts."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):  # 1: done, some records invalid
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {err.decode(errors='replace')}")
    return elapsed, peak / 1e6


def records(size: int, folder: Path) -> Path:
    path = folder / f"records-{size}-seed1.csv"
    if not path.exists():
        print(f"writing {size:,} synthetic records to {path} ...", file=sys.stderr)
        write_sample_csv(path, size, seed=1)
    return path


def disagreements(decisions: Path, outcomes: Path) -> list[int]:
    """Record numbers (1-based) where the engine and pandas give different outcomes."""
    engine = [m.group(1).decode() for m in map(_OUTCOME.search, decisions.read_bytes().splitlines())]
    analyst = outcomes.read_text(encoding="utf-8").split()
    if len(engine) != len(analyst):
        raise SystemExit(f"the engine gave {len(engine):,} decisions and pandas {len(analyst):,} outcomes")
    return [i for i, (a, b) in enumerate(zip(engine, analyst), start=1) if a != b]


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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k, 100k, 1M or a number")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side per size; the median is shown")
    parser.add_argument("--workers", type=int, default=None, help="amnesty evaluate --workers (default: all cores)")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "amnesty-bench")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    sizes = [SIZES.get(s.strip()) or int(s.strip().replace("_", "")) for s in args.sizes.split(",")]
    workers = ["--workers", str(args.workers)] if args.workers else []
    print(f"machine: {machine()}")
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print()
    print("| records | engine s | engine records/s | engine peak RSS MB | pandas s | pandas records/s "
          "| pandas peak RSS MB | engine / pandas | same outcome |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    for size in sizes:
        source = records(size, args.data)
        decisions, outcomes = args.data / f"decisions-{size}.jsonl", args.data / f"outcomes-{size}.txt"
        engine, analyst = [], []
        for _ in range(args.repeat):
            engine.append(measure([sys.executable, "-m", "amnesty", "evaluate", str(source), "--output",
                                   str(decisions), "--force", *workers]))
            analyst.append(measure([sys.executable, "-m", "bench.pandas_law10", str(source), str(outcomes)]))
        wrong = disagreements(decisions, outcomes)
        failed |= bool(wrong)
        e_time, e_rss = statistics.median(t for t, _ in engine), max(m for _, m in engine)
        p_time, p_rss = statistics.median(t for t, _ in analyst), max(m for _, m in analyst)
        agree = "yes, every record" if not wrong else f"NO: {len(wrong):,} differ, first at record {wrong[0]:,}"
        print(f"| {size:,} | {e_time:.2f} | {size / e_time:,.0f} | {e_rss:.0f} | {p_time:.2f} | {size / p_time:,.0f} "
              f"| {p_rss:.0f} | {e_time / p_time:.2f} | {agree} |", flush=True)
        decisions.unlink(missing_ok=True)
    print()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
