"""Write decisions as JSON Lines, CSV, a JSON array or Parquet (``amnesty.io.parquet``),
completely or not at all, and compressed when the name says so (``decisions.jsonl.gz``).

Files go through ``atomic_open``: a run that fails half-way leaves the old
file (or none) rather than a file someone might act on without noticing
the records it lost. Output is deterministic byte for byte (keys in the
model's order, fixed CSV columns, ``\\n`` line ends), so the same input
and rulebook always give the same file, and two runs can be compared with
``cmp``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from amnesty.errors import OutputFileError
from amnesty.io.atomic import atomic_open, check_target
from amnesty.io.compressed import compression_for
from amnesty.io.guards import format_suffix
from amnesty.io.encoding import CSV_COLUMNS, OUTPUT_FORMATS, encoder, flatten_decision

__all__ = ["CSV_COLUMNS", "OUTPUT_FORMATS", "DecisionWriter", "encoder", "flatten_decision", "open_writer"]

_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json", ".parquet": "parquet"}

HOLD_IN_MEMORY = 16 << 20  # bytes of held decisions kept in memory before they go to a temporary file

class DecisionWriter:
    """Writes decisions one by one; use it as a context manager.

    Nothing is visible at ``path`` until the ``with`` block ends without an
    exception; then the whole file appears at once.
    """

    def __init__(
        self, path: str, fmt: str, *, target: Path | None, force: bool, inputs: tuple[Path, ...], hold: bool = False
    ):
        self.path = path
        self._hold = hold
        self.format = fmt
        self.encoding = fmt  # the text deciders write for this writer (``encoder(encoding)``)
        self.count = 0
        self._target = target
        self._force = force
        self._inputs = inputs
        self._context: contextlib.AbstractContextManager[IO[str]] | None = None
        self._handle: IO[str] | None = None
        self._encode = encoder(fmt)

    def __enter__(self) -> DecisionWriter:
        if self._handle is not None:
            raise RuntimeError("a DecisionWriter can be entered only once")
        if self._target is None:
            self._context = _stdout_text(self._hold)
        else:
            self._context = atomic_open(self._target, force=self._force, inputs=self._inputs)
        self._handle = self._context.__enter__()
        if self.format == "csv":
            csv.writer(self._handle, lineterminator="\n").writerow(CSV_COLUMNS)
        elif self.format == "json":
            self._handle.write("[")
        return self

    def write(self, decision: Mapping[str, Any]) -> None:
        self.write_encoded([self._encode(decision)])

    def write_encoded(self, texts: list[str]) -> None:
        """Decisions already encoded by ``encoder(self.format)``, in order."""
        handle = self._handle
        if handle is None:
            raise RuntimeError("use the DecisionWriter in a with block before writing")
        if not texts:
            return
        if self.format == "jsonl":
            handle.write("\n".join(texts))
            handle.write("\n")
        elif self.format == "csv":
            handle.write("".join(texts))
        else:
            handle.write(("\n" if self.count == 0 else ",\n") + ",\n".join(texts))
        self.count += len(texts)

    def write_blob(self, data: bytes, count: int) -> None:
        """``count`` decisions encoded by ``encoder`` as UTF-8, one per line (JSON Lines and JSON only).

        Worker processes send their decisions this way: one bytes object costs
        nothing to pass between processes and goes to the file as it is.
        """
        self.write_pieces([data], count)

    def write_pieces(self, pieces: list, count: int) -> None:
        """``write_blob`` of the concatenation of ``pieces`` (bytes-like), without making it: the
        reading process replaces a few lines of a blob (repeated ids) this way, copying nothing else."""
        if self._handle is None:
            raise RuntimeError("use the DecisionWriter in a with block before writing")
        if self.format not in ("jsonl", "json"):
            raise ValueError(f"decisions as lines of JSON cannot be written as {self.format}")
        if not count:
            return
        if self.format == "json":
            data = b"".join(pieces)
            pieces = [(b"\n" if self.count == 0 else b",\n") + data.replace(b"\n", b",\n")]
        buffer = getattr(self._handle, "buffer", None)
        if buffer is None:  # a text-only stream (tests, notebooks)
            self._handle.write(b"".join(pieces).decode())
            if self.format == "jsonl":
                self._handle.write("\n")
        else:
            self._handle.flush()
            buffer.writelines(pieces)
            if self.format == "jsonl":
                buffer.write(b"\n")
        self.count += count

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool | None:
        context, handle = self._context, self._handle
        self._context = None
        if context is None or handle is None:
            return None
        if exc_type is None and self.format == "json":
            try:
                handle.write("\n]\n" if self.count else "]\n")
            except BaseException as error:
                context.__exit__(type(error), error, error.__traceback__)
                raise
        return context.__exit__(exc_type, exc, tb)


def open_writer(
    target: str | Path, *, force: bool = False, fmt: str | None = None, inputs: tuple[Path, ...] = (),
    hold: bool = False,
) -> DecisionWriter:
    """A writer for ``target`` ("-" for JSON Lines on standard output).

    ``hold`` keeps standard output empty until the run has succeeded (for
    ``--strict``, which promises that a stopped run writes nothing): the
    decisions wait in a temporary file, in memory while small.

    The format comes from ``fmt`` ("jsonl", "csv", "json") or else from the
    extension. The target is checked now (extension, existing file, input
    path), so a run fails before any work rather than after it. A name ending
    in ``.gz``, ``.bz2`` or ``.xz`` is written compressed so, its format named
    by the extension before (``decisions.csv.gz`` is CSV); Parquet compresses
    its own columns and is not compressed again.
    """
    if fmt is not None and fmt.lower() not in OUTPUT_FORMATS + ("ndjson",):
        raise OutputFileError(f"unknown output format {fmt!r}; use jsonl, csv, json or parquet", path=str(target))
    if fmt is not None:
        fmt = "jsonl" if fmt.lower() == "ndjson" else fmt.lower()
    if str(target) == "-" and fmt == "parquet":
        raise OutputFileError("Parquet is binary and needs a file: name one ending in .parquet", path="-")
    if str(target) == "-":
        return DecisionWriter("<stdout>", fmt or "jsonl", target=None, force=force, inputs=inputs, hold=hold)
    path = Path(target)
    compression = compression_for(path)
    if fmt is None:
        suffix = format_suffix(path)  # the name inside a compressed one's: decisions.csv.gz is CSV
        fmt = _EXTENSIONS.get(f".{suffix}")
        if fmt is None:
            shown = f"extension '.{suffix}'" if suffix else "no extension"
            packed = f" inside its {path.suffix}" if compression else ""
            raise OutputFileError(
                f"has {shown}{packed}; name the output .jsonl (or .ndjson), .csv, .json or .parquet, "
                f"or .jsonl.gz, .csv.gz or .json.gz (also .bz2 or .xz) to have it compressed", path=str(target)
            )
    if compression and fmt == "parquet":
        raise OutputFileError(f"Parquet compresses its own columns; name the output .parquet, without "
                              f"{path.suffix}", path=str(target))
    check_target(path, force=force, inputs=tuple(Path(p) for p in inputs))
    if fmt == "parquet":
        from amnesty.io.parquet import ParquetWriter

        return ParquetWriter(path, force=force, inputs=tuple(Path(p) for p in inputs))
    return DecisionWriter(str(target), fmt, target=path, force=force, inputs=tuple(Path(p) for p in inputs))


@contextlib.contextmanager
def _stdout_text(hold: bool = False) -> Iterator[IO[str]]:
    """UTF-8 text on standard output whatever the locale, leaving stdout itself open.

    With ``hold``, nothing reaches standard output unless the block ends without an exception.
    """
    if hold:
        with tempfile.SpooledTemporaryFile(max_size=HOLD_IN_MEMORY) as spool:
            wrapper = io.TextIOWrapper(spool, encoding="utf-8", newline="", write_through=False)
            try:
                yield wrapper
                wrapper.flush()
            finally:
                wrapper.detach()
            spool.seek(0)
            with _stdout_text() as out:
                buffer = getattr(out, "buffer", None)
                out.flush()
                if buffer is None:
                    out.write(spool.read().decode("utf-8"))
                else:
                    shutil.copyfileobj(spool, buffer)
        return
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a text-only stream (tests, notebooks)
        yield sys.stdout
        sys.stdout.flush()
        return
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        yield wrapper
    finally:
        with contextlib.suppress(ValueError, OSError):
            wrapper.flush()
        wrapper.detach()
