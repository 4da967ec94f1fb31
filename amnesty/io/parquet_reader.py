"""Parquet registers read directly, a row group at a time, as the CSV reader reads a file.

A data team that keeps its register in Parquet (and gets its decisions back
in Parquet) should not have to export it to CSV first, with the choices
such an export makes for dates, booleans and lists. Each batch of rows
becomes CSV text inside polars (no Python object per cell), which the
ordinary CSV reader then reads: the same validation, the same messages,
the same column strategy. The file's row N (from 1) is line N + 1 in every
message, as in the CSV it would export to, whose first line is the header.

Cells are written as a person reads them, as the Excel reader writes them:
dates as YYYY-MM-DD, booleans as true/false, whole numbers without ``.0``
(a float column, as pandas writes integers with gaps, or a decimal one), a
column of nothing but nulls as empty cells, a list as its items
between ``;`` (``offence_categories``), a line break inside a value as a
space (rows and lines stay one to one), nulls empty. A column of a type no
data-dictionary field can hold (a struct, a map, bytes) is refused naming
it, if the data dictionary names it; any other column is read as empty.

Parquet needs to seek, so it cannot come on standard input, and pyarrow and
polars start threads: a run reading Parquet starts its workers afresh rather
than forking them (``amnesty.engine.parallel.start_method``), about a second
more at a million records.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from amnesty.errors import InputFileError
from amnesty.io.chunked import ChunkedStream
from amnesty.io.source import FIELD_SET
from amnesty.models.note import note_n

SUFFIXES = (".parquet", ".pq")
MAGIC = b"PAR1"
ROWS_PER_BATCH = 32_768


def is_parquet(source: str | Path) -> bool:
    """A Parquet file, by its name or by its first bytes (never standard input: Parquet needs to seek).

    Only a regular file is opened to look: reading the start of a pipe (``<(zcat register.csv.gz)``,
    ``/dev/stdin``) would take those bytes from the run that reads it next."""
    if str(source) == "-":
        return False
    path = Path(str(source))
    if path.suffix.lower() in SUFFIXES:
        return True
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except (OSError, ValueError):
        return False


def open_parquet(path: str | Path) -> tuple[BinaryIO, str]:
    """The file as a stream of CSV bytes, and a note on what was read."""
    import pyarrow.parquet as pq

    shown = str(path)
    try:
        handle = pq.ParquetFile(path)
    except FileNotFoundError:
        raise InputFileError("file not found", path=shown) from None
    except IsADirectoryError:
        raise InputFileError("is a directory, not a file (a partitioned dataset? give one of its files)",
                             path=shown) from None
    except (OSError, ValueError) as exc:
        raise InputFileError(f"is not a readable Parquet file ({_first_line(exc)})", path=shown) from None
    _judge_columns(handle, shown)
    meta = handle.metadata
    groups = meta.num_row_groups
    said = note_n("read Parquet: {rows} rows in {n} row group", "read Parquet: {rows} rows in {n} row groups", groups,
                  rows=meta.num_rows)
    stream = ChunkedStream(_csv_chunks(handle, shown), handle.close)
    return io.BufferedReader(stream, buffer_size=1 << 18), said


def _judge_columns(handle: Any, shown: str) -> None:
    """Refuse a column of a type no field can hold before any record is read (``_as_text`` says which);
    names given twice are left to the CSV reader's header check, which says so in its own words."""
    import polars as pl

    names = handle.schema_arrow.names
    if len(set(names)) == len(names):
        empty = pl.from_arrow(handle.schema_arrow.empty_table())
        for name, kind in zip(names, empty.dtypes):
            _as_text(name, kind, shown)


def _csv_chunks(handle: Any, shown: str) -> Iterator[bytes]:
    import polars as pl
    import pyarrow as pa

    names = handle.schema_arrow.names
    yield _csv_line([_one_line(name) for name in names]).encode("utf-8")  # the CSV reader judges the header
    try:
        for batch in handle.iter_batches(batch_size=ROWS_PER_BATCH):
            if not batch.num_rows:
                continue
            frame = pl.from_arrow(batch)
            text = frame.select(_as_text(name, kind, shown) for name, kind in zip(names, frame.dtypes))
            broken = text.select(pl.all().str.contains(r"[\r\n]").any()).row(0)
            if any(broken):  # a line break inside a value becomes a space: rows and lines stay one to one
                text = text.with_columns(pl.col(name).str.replace_all(r"\r\n|\r|\n", " ")
                                         for name, hit in zip(names, broken) if hit)
            out = io.BytesIO()
            text.write_csv(out, include_header=False, line_terminator="\n", quote_style="necessary")
            yield out.getvalue()
    except (OSError, ValueError, pa.ArrowException, pl.exceptions.PolarsError) as exc:  # found when reached
        raise InputFileError(f"cannot be read to its end as Parquet ({_first_line(exc)})", path=shown) from None


def _as_text(name: str, kind: Any, shown: str) -> Any:
    """A column as text cells, as a person reads them (an expression); nulls stay null."""
    import polars as pl

    column = pl.col(name)
    if kind == pl.String:
        text = column
    elif kind in (pl.Boolean, pl.Date, pl.Categorical, pl.Null) or kind.is_integer() or isinstance(kind, pl.Enum):
        text = column.cast(pl.String)  # an all-null column (pandas writes one for a column of None) is empty
    elif kind.is_float() or kind.is_decimal():  # 180.0 and 180.00 are 180 (pandas' integers with gaps, SQL's numerics)
        whole = (column == column.floor()) & (column.abs() < 2**53)
        if kind.is_float():
            whole = column.is_finite() & whole
        whole_text = column.cast(pl.Int64, strict=False).cast(pl.String)
        text = pl.when(whole).then(whole_text).otherwise(column.cast(pl.String))
    elif kind == pl.Datetime or isinstance(kind, pl.Datetime):
        midnight = column.dt.time() == pl.time(0)
        text = pl.when(midnight).then(column.dt.strftime("%Y-%m-%d")).otherwise(column.dt.strftime("%Y-%m-%d %H:%M:%S"))
    elif isinstance(kind, pl.List | pl.Array) and _textual(kind.inner):
        text = column.cast(pl.List(pl.String)).list.join(";")
    else:
        text = _refused(name, kind, shown)
    return text.alias(name)


def _textual(kind: Any) -> bool:
    import polars as pl

    return kind in (pl.String, pl.Categorical) or isinstance(kind, pl.Enum) or kind.is_integer()


def _refused(name: str, kind: Any, shown: str) -> Any:
    """A column of a type no field holds: refused if the data dictionary names it, else read as empty
    (it is ignored, and listed among the columns the data dictionary does not name)."""
    import polars as pl

    if name.strip() in FIELD_SET:
        raise InputFileError(f"column {name.strip()} holds {kind} values, which it cannot hold; "
                             "write it as text, numbers, dates, booleans or a list of text", path=shown)
    return pl.lit(None, dtype=pl.String)


def _csv_line(cells: list[str | None]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(["" if cell is None else cell for cell in cells])
    return out.getvalue()


def _one_line(cell: str | None) -> str | None:
    """A value on one line: a line break inside it becomes a space, so rows and lines stay one to one."""
    return None if cell is None else cell.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
