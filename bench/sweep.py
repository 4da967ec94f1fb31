"""Benchmark: a sweep of 20 parameter values against one evaluation of the same records.

The target (issue 11): a 20-value sweep takes less than 3 times one
evaluation of the same records. Run from the repository root:

    python -m amnesty sample --count 100000 --seed 1 --output /tmp/records-100k.csv
    python -m bench.sweep --input /tmp/records-100k.csv               # median of 3, every core
    python -m bench.sweep --input /tmp/records-100k.csv --workers 1   # the sweep in one process

Prints a Markdown table (the median of the repeats, wall-clock seconds) for
docs/benchmarks.md. One evaluation is ``api.evaluate_file`` without an
output file (reading, validation, the rules engine, decisions), with its
default workers (every core) and with one; each sweep is ``api.sweep`` with
20 values and ``--workers`` processes (default: every core, as the
evaluation), a run over the records with every value at once, its batches
shared by the processes. The ratio is against the default evaluation.
Times vary with the machine's load: run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

from amnesty import api

SWEEPS = (
    ("release_age", "61:80:1", "a constant in a relief's condition"),
    ("cutoff_date", "2023-01-01:2024-08-01:1m", "a constant in a scope condition"),
    ("life_commuted_years", "11:30:1", "an effect on life sentences"),
    ("fixed_term_remit_fraction", "0.05:1:0.05", "an effect on every fixed term: most reduced terms recomputed"),
)
TARGET = 3.0


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", default=None, help="records file (default: the bundled sample)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None,
                        help="processes of each sweep (default: every core, as the evaluation it is compared with)")
    args = parser.parse_args()
    source = args.input or api.SAMPLE
    book = api.load_rulebook()
    records = api.evaluate_file(source, rulebook=book).records_in  # also warms caches and imports
    one = statistics.median(timed(lambda: api.evaluate_file(source, rulebook=book)) for _ in range(args.repeat))
    single = statistics.median(
        timed(lambda: api.evaluate_file(source, rulebook=book, workers=1)) for _ in range(args.repeat))
    print(f"{records:,} records; Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}; median of {args.repeat}; load average before {os.getloadavg()[0]:.1f}")
    print()
    print("| run | values | seconds | × one evaluation |")
    print("|---|---:|---:|---:|")
    print(f"| one evaluation (`api.evaluate_file`, every core) | 1 | {one:.2f} | 1.0 |")
    print(f"| one evaluation (`api.evaluate_file`, `workers=1`) | 1 | {single:.2f} | {single / one:.1f} |")
    worst = 0.0
    for param, spec, what in SWEEPS:
        def run() -> int:
            return len(api.sweep(source, rulebook=book, param=param, values=spec, workers=args.workers).rows)

        values = run()
        seconds = statistics.median(timed(run) for _ in range(args.repeat))
        worst = max(worst, seconds / one)
        shown = "every core" if args.workers is None else args.workers
        print(f"| sweep `{param}={spec}` ({what}), workers={shown} | {values} | {seconds:.2f} "
              f"| {seconds / one:.1f} |")
    print()
    print(f"worst ratio {worst:.1f} (target: less than {TARGET:.1f})")
    sys.exit(0 if worst < TARGET else 1)


if __name__ == "__main__":
    main()
