"""How many records a file holds, guessed before reading it, for a progress bar's end.

The readers know the count only at the end. A plain CSV or JSON Lines file's
size and the lines in its first 64 KB give a guess good to a few percent;
anything else (a pipe, standard input, a compressed file, a workbook,
Parquet) gives no guess rather than a wrong one, and a pipe is never read
here, since the bytes read would be lost to the run.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from amnesty.io.compressed import compression_of
from amnesty.io.parquet_reader import MAGIC, is_parquet
from amnesty.io.xlsx_reader import is_workbook

SAMPLE_BYTES = 1 << 16


def estimate_records(path: str | Path | None) -> int | None:
    """Records in a CSV or JSON Lines file, estimated from its size and its first 64 KB; None when unknown.

    Only a plain regular file is looked at: the start of a pipe (``<(zcat register.csv.gz)``) read here
    would be lost to the run, and a compressed or Parquet file's size says nothing of its lines."""
    if path is None or str(path) == "-":
        return None
    path = Path(path)
    if is_workbook(path) or is_parquet(path):
        return None
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            return None
        size = status.st_size
        with open(path, "rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except (OSError, ValueError):
        return None
    if compression_of(head) or head.startswith(MAGIC):
        return None
    lines = head.count(b"\n")
    if not lines:
        return None
    if len(head) == size:  # the whole file: count exactly (less the header line of a CSV file)
        body = head.rstrip(b"\n")
        header = 0 if body.lstrip()[:1] in (b"{", b"[") else 1
        return max(1, body.count(b"\n") + 1 - header)
    return max(1, round(size / (len(head) / lines)))
