"""Python's cyclic garbage collector, tuned for processes the engine owns.

A run keeps hundreds of thousands of long-lived objects: compiled rulebooks,
pydantic's schemas, and the caches of cells, keys, patterns and templates.
With CPython's default thresholds a full collection walks all of them every
few hundred thousand allocations, and a run allocates millions (each
decision an aggregator decodes is a dict of lists and dicts). Measured on a
million records in one process, about 7% of the run; on a comparison of
100,000 records, which decodes every decision twice, about 30%. The engine
makes few reference cycles, so collecting less often costs no memory that
was measured (peak RSS the same within 2%).

Only the command line and the engine's own worker processes call this: a
notebook's process is its owner's to tune.
"""

from __future__ import annotations

import gc

THRESHOLDS = (50_000, 20, 100)  # CPython's defaults: (700, 10, 10)


def tune() -> None:
    """Leave what exists now (modules, compiled code) out of every later collection, and collect the
    youngest objects every 50,000 allocations instead of every 700."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
