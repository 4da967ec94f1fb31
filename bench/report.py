"""Benchmark: the HTML report for a large input, its size, and how fast it opens in a browser.

The target (issue 7): the report for 100,000 records stays usable and opens
in under a few seconds. Run from the repository root:

    python -m amnesty sample --count 100000 --output /tmp/records-100k.csv
    python bench/report.py /tmp/records-100k.csv
    python bench/report.py /tmp/records-100k.csv --compare law-10-iraqis-covered

Prints a Markdown table for docs/benchmarks.md: seconds to make the report
(``api.report``: evaluation, timeline, charts, page), its size, and, when
Debian's chromium is installed, the seconds from navigation to a rendered
decisions table and to a search and a sort over every row (median of the
repeats, each in a fresh headless browser).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from amnesty import api

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.report.cdp import CHROMIUM, Browser  # noqa: E402 - the test's small DevTools client


def open_times(report: Path, profile: Path) -> tuple[float, float, float]:
    """Seconds to a rendered page, to a search, and to a sort, in a fresh browser."""
    with Browser(profile, timeout=120) as browser:
        for domain in ("Runtime", "Page"):
            browser.page(f"{domain}.enable")
        started = time.perf_counter()
        browser.page("Page.navigate", url=report.as_uri())
        browser.wait_for("Page.loadEventFired")
        while browser.evaluate("document.documentElement.dataset.ready") != "true":
            time.sleep(0.02)
        opened = time.perf_counter() - started
        search = browser.evaluate(
            "(() => { const t = performance.now(), q = document.getElementById('q');"
            " q.value = 'fought-sdf'; q.dispatchEvent(new Event('input'));"
            " return new Promise(r => setTimeout(() => r(performance.now() - t - 150), 160)); })()"
        ) / 1000
        browser.evaluate("document.getElementById('reset').click()")
        sort = browser.evaluate(
            "(() => { const t = performance.now();"
            " document.querySelector('#decisions-table th[data-key=\"6\"]').click();"
            " return performance.now() - t; })()"
        ) / 1000
        errors = browser.console_errors()
        if errors:
            raise SystemExit(f"the report logged errors: {errors}")
    return opened, search, sort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", default=None, help="records file (default: the bundled sample)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare", default=None, help="also add a comparison with this rulebook or scenario")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.html"
        started = time.perf_counter()
        result = api.report(args.input, output=report, compare=args.compare)
        made = time.perf_counter() - started
        print(f"{result.records:,} records; Python {platform.python_version()}, {os.cpu_count()} cores, "
              f"{platform.machine()}; browser timings: median of {args.repeat}")
        print()
        print("| measure | value |")
        print("|---|---:|")
        flags = f" --compare {args.compare}" if args.compare else ""
        print(f"| make the report (`amnesty report{flags}`) | {made:.1f} s |")
        print(f"| report size | {result.bytes / 1e6:.1f} MB ({result.bytes:,} bytes) |")
        if not CHROMIUM.exists():
            print(f"| open in a browser | not measured: {CHROMIUM} is not installed |")
            return
        runs = [open_times(report, Path(folder) / f"profile-{i}") for i in range(args.repeat)]
        opened, search, sort = (statistics.median(column) for column in zip(*runs))
        print(f"| open in headless chromium, to a rendered decisions table | {opened:.2f} s |")
        print(f"| search every row for a rule id | {search:.2f} s |")
        print(f"| sort every row by release date | {sort:.2f} s |")


if __name__ == "__main__":
    main()
