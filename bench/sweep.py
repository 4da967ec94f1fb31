"""Benchmark: a sweep of 20 parameter values against one evaluation of the same records.

The target (issue 6): a 20-value sweep over 10,000 records takes no more than
5 times one evaluation of them. Run from the repository root:

    python bench/sweep.py                 # the bundled 10,000-record sample, 3 repeats
    python bench/sweep.py --repeat 5 --input records.csv

Prints a Markdown table (the median of the repeats, wall-clock seconds) for
docs/benchmarks.md. One evaluation is ``api.evaluate_file`` without an
output file (reading, validation, the rules engine, decisions); each sweep is
``api.sweep`` with 20 values, which reads and validates the records once.
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


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", default=None, help="records file (default: the bundled sample)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = args.input or api.SAMPLE
    book = api.load_rulebook()
    records = api.evaluate_file(source, rulebook=book).records_in  # also warms caches and imports
    one = statistics.median(timed(lambda: api.evaluate_file(source, rulebook=book)) for _ in range(args.repeat))
    print(f"{records:,} records; Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"{platform.machine()}; median of {args.repeat}")
    print()
    print("| run | values | seconds | × one evaluation |")
    print("|---|---:|---:|---:|")
    print(f"| one evaluation (`api.evaluate_file`) | 1 | {one:.2f} | 1.0 |")
    worst = 0.0
    for param, spec, what in SWEEPS:
        values = len(api.sweep(source, rulebook=book, param=param, values=spec).rows)
        seconds = statistics.median(
            timed(lambda: api.sweep(source, rulebook=book, param=param, values=spec)) for _ in range(args.repeat)
        )
        worst = max(worst, seconds / one)
        print(f"| sweep `{param}={spec}` ({what}) | {values} | {seconds:.2f} | {seconds / one:.1f} |")
    print()
    print(f"worst ratio {worst:.1f} (target: at most 5.0)")
    sys.exit(0 if worst <= 5 else 1)


if __name__ == "__main__":
    main()
