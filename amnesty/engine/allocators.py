"""The C allocators, told to keep the memory they free, in processes the engine owns.

A worker decides a batch, frees nearly all it allocated, and then allocates
the same again for the next batch. By default both allocators in the
process give the freed memory back to the kernel at once: glibc unmaps
every block over its threshold (a batch's decisions are one block of about
10 MB) and trims the top of its heap, and the jemalloc inside polars purges
freed pages after half a second (polars' own setting). Each page taken
again is a page fault and a page zeroed by the kernel. Measured on
1,000,000 records on two cores (`/usr/bin/time`): 780,000 page faults and 3
to 6 s of system time; with both allocators keeping what they free, 165,000
page faults and 1.4 to 2 s (docs/benchmarks.md, "Allocators that keep what
they free").

A process that keeps what it frees holds the largest amount it ever used
until it ends: right for a run's worker, which ends with the run, wrong for
a notebook's long-lived process. So the engine's workers call ``tune``, and
the command line's process asks for it (``tune_with_workers``) only for
runs that start workers: with ``--workers 1`` it decides every batch
itself, in the memory a small machine chose that setting for (1,000,000
records in 1 MB batches: 290 to 299 MB with the defaults, 320 MB kept).

jemalloc reads its settings once, when polars is first imported, from an
environment variable that the workers inherit and that polars itself
documents for this (it puts its defaults first, and jemalloc takes the last
value of each option); so ``tune`` must come before that import, and a
process that has polars already keeps polars' own settings.
"""

from __future__ import annotations

import ctypes
import os
import sys

JEMALLOC_VARIABLE = "_RJEM_MALLOC_CONF"  # the prefix polars' jemalloc is built with
JEMALLOC_KEEP = "background_thread:false,dirty_decay_ms:-1,muzzy_decay_ms:-1"

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters
GLIBC_KEEP = {
    _M_MMAP_THRESHOLD: 32 * 2**20,  # blocks up to 32 MiB from the heap, where glibc's own sliding one stops
    _M_TRIM_THRESHOLD: 256 * 2**20,  # give the heap's top back only when 256 MiB of it are free
    _M_TOP_PAD: 64 * 2**20,  # grow the heap 64 MiB at a time (untouched pages cost no memory)
}

_with_workers = False  # set by the command line for its own process


def tune_with_workers() -> None:
    """This process is the command's own: ``tune`` it when it starts workers (``workers_starting``)."""
    global _with_workers
    _with_workers = True


def workers_starting() -> None:
    """Called before workers start: a command's process tunes itself (it still reads, checks ids and
    writes, and has not loaded polars yet); a notebook's is left alone."""
    if _with_workers:
        tune()


def tune() -> bool:
    """Keep freed memory in this process and in the workers it starts; whether glibc's settings took.

    An owner's own setting of the jemalloc variable is left as it is."""
    if "polars" not in sys.modules:
        os.environ.setdefault(JEMALLOC_VARIABLE, JEMALLOC_KEEP)
    return _tune_glibc()


def is_glibc() -> bool:
    """Whether this process's C library is glibc: ``mallopt``'s parameters are glibc's own."""
    try:
        return bool(os.confstr("CS_GNU_LIBC_VERSION"))
    except (AttributeError, ValueError, OSError):  # not glibc (musl, macOS, Windows)
        return False


def _tune_glibc() -> bool:
    if not is_glibc():
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return all(mallopt(parameter, value) == 1 for parameter, value in GLIBC_KEEP.items())
