"""Open a records file (CSV or JSON Lines, plain or compressed; an Excel workbook; Parquet) as a
stream of raw rows.

Everything that is wrong with a file as a whole is found here, from the
first 64 KB, before a single row is yielded: a file in the wrong encoding
or format would otherwise give a run full of invalid decisions (or, worse,
of wrongly read ones). What is wrong with one row becomes that row's
``problem`` instead, so one bad line never costs the other records.

Encodings: only UTF-8 is read, with or without a BOM. UTF-16/32 are
recognised by their BOM (or, for UTF-16 without one, by its NUL bytes)
and refused with a hint; bytes that are not UTF-8 in the first 64 KB mean
the whole file is in another encoding (Latin-1, Windows-1256, ...) and
are refused naming the line; such bytes further on are taken to be one
damaged row and become that row's problem.
"""

from __future__ import annotations

import codecs
import io
import sys
from pathlib import Path
from typing import BinaryIO

from amnesty.errors import InputFileError
from amnesty.io.compressed import compression_of, decompressed, inner_suffix
from amnesty.io.by_path import open_parquet_records, open_workbook_records, with_file_digest
from amnesty.io.csv_reader import CsvSource
from amnesty.io.jsonl_reader import JsonlSource
from amnesty.io.parquet_reader import is_parquet
from amnesty.io.source import PREFIX_SIZE, Digesting, PrefixedStream, RawRow, RecordSource
from amnesty.io.unchanged import state_of
from amnesty.io.xlsx_reader import is_workbook
from amnesty.models.note import note

__all__ = ["RawRow", "RecordSource", "open_records"]

_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json-lines": "jsonl"}
_FORMAT_NAMES = {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl"}

_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)
_SIGNATURES = (
    (b"PK\x03\x04", "is a ZIP archive (an Excel .xlsx workbook?), not CSV or JSON Lines; "
     "export the sheet as 'CSV UTF-8'"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "is an Excel .xls workbook, not CSV or JSON Lines; "
     "export the sheet as 'CSV UTF-8'"),
    (b"%PDF", "is a PDF document, not CSV or JSON Lines"),
    (b"PAR1", "is a Parquet file, which is read from its path (it needs to seek): give the path of the file itself"),
)
_TEXT_BYTES = bytes(range(0x20, 0x100)) + b"\t\n\r\x0b\x0c\x1b"


def open_records(
    source: str | Path, fmt: str | None = None, *, delimiter: str | None = None, sheet: str | None = None,
    digest: bool = False,
) -> RecordSource:
    """Open ``source`` (a path, or "-" for standard input) for reading records.

    ``fmt`` is "csv" or "jsonl"; without it the extension decides (.csv;
    .jsonl, .ndjson, .json-lines), and otherwise the first non-blank byte
    (``{`` means JSON Lines; ``[``, a JSON array, is refused as such). Raises InputFileError for a problem with the
    file as a whole; problems with single rows come out as rows.

    An ``.xlsx`` workbook is read directly (the first sheet, or ``sheet``), and
    so is a Parquet file (``amnesty.io.parquet_reader``); CSV with ``;`` or
    tabs between columns is read too (``delimiter``, or detected from the
    header), and CSV or JSON Lines compressed with gzip, bzip2 or xz
    (``amnesty.io.compressed``). Each is said in the source's ``notes``.
    With ``digest``, the source's ``sha256()`` is that of the file's bytes
    once read (as stored: compressed if it is), standard input included.
    Its ``check_unchanged()``, once every row is read, refuses a file that
    changed meanwhile (``amnesty.io.unchanged``).
    """
    before = state_of(source)
    records = _open(source, fmt, delimiter, sheet, digest)
    records.opened_as = before
    return records


def _open(source: str | Path, fmt: str | None, delimiter: str | None, sheet: str | None, digest: bool,
          ) -> RecordSource:
    if is_parquet(source):
        return with_file_digest(open_parquet_records(source, fmt, delimiter, sheet), source, digest)
    if sheet is not None and not is_workbook(source):
        raise InputFileError(f"--sheet {sheet!r} names a sheet of an Excel workbook (.xlsx), and this is not one",
                             path="<stdin>" if str(source) == "-" else str(source))
    if is_workbook(source):
        return with_file_digest(open_workbook_records(source, sheet), source, digest)
    if fmt is not None:
        if fmt.lower() not in _FORMAT_NAMES:
            raise InputFileError(f"unknown input format {fmt!r}; use csv or jsonl", path=str(source))
        fmt = _FORMAT_NAMES[fmt.lower()]
    if str(source) == "-":
        path, raw, owned = "<stdin>", sys.stdin.buffer, False
        fmt = fmt or None
    else:
        path = str(source)
        raw, owned = _open_file(Path(source), path), True
        fmt = fmt or _EXTENSIONS.get(Path(source).suffix.lower())
    digesting = Digesting(raw, close_inner=owned) if digest else None
    if digesting is not None:
        raw = digesting
    compression = None
    try:
        head = _head(raw, path)
        compression = compression_of(head)
        if compression:  # read as the text it holds; the name's inner extension tells the format
            raw, owned = decompressed(PrefixedStream(head, raw, close_rest=owned), compression, path), True
            head = _head(raw, path)
            if fmt is None and path != "<stdin>":
                fmt = _EXTENSIONS.get(inner_suffix(path))
        complete = len(head) < PREFIX_SIZE
        _judge_bytes(head, complete, path)
        body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
        if fmt is None:
            fmt = _sniff(body, complete, path)
        if fmt == "jsonl":
            _judge_jsonl(body, path)
        stream = io.BufferedReader(PrefixedStream(body, raw, close_rest=owned), buffer_size=1 << 18)
    except BaseException:
        if owned:
            raw.close()
        raise
    notes = []
    try:
        if fmt == "csv":
            stream, notes = _with_delimiter(stream, body, delimiter, path)
        elif delimiter is not None:
            raise InputFileError("--delimiter applies to CSV files only", path=path)
        records = CsvSource(stream, path) if fmt == "csv" else JsonlSource(stream, path)
    except BaseException:
        stream.close()
        raise
    if compression:
        notes.append(note("read {compression}-compressed input", compression=compression))
    records.notes = notes
    records.compression = compression
    records.sized = compression is None
    records.digest = digesting
    return records


def _with_delimiter(stream, body: bytes, given: str | None, path: str):
    """The stream rewritten with commas when the file uses ``;`` or tabs (given or detected)."""
    from amnesty.io import delimited

    chosen = delimited.delimiter_of(given, path)
    if chosen is None:
        detected = delimited.detect(body)
        if detected is None:
            return stream, []
        chosen, given_flag = detected, False
    else:
        given_flag = True
    if chosen == ",":
        return stream, []
    return delimited.with_commas(stream, chosen), [delimited.note(chosen, given_flag)]


def _head(raw: BinaryIO, path: str) -> bytes:
    try:
        return raw.read(PREFIX_SIZE)
    except OSError as exc:
        raise InputFileError(f"cannot be read ({exc.strerror or exc})", path=path) from None


def _open_file(path: Path, display: str) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the RecordSource
    except FileNotFoundError:
        raise InputFileError("file not found", path=display) from None
    except IsADirectoryError:
        raise InputFileError("is a directory, not a file", path=display) from None
    except PermissionError:
        raise InputFileError("cannot be read: permission denied", path=display) from None
    except OSError as exc:
        raise InputFileError(f"cannot be opened ({exc.strerror or exc})", path=display) from None


def _judge_bytes(head: bytes, complete: bool, path: str) -> None:
    """Refuse files that are not UTF-8 text, saying what they are instead."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            raise InputFileError(f"is {name}; re-save it as UTF-8", path=path)
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    for signature, message in _SIGNATURES:
        if body.startswith(signature):
            raise InputFileError(message, path=path)
    first = body.split(b"\n", 1)[0]
    if b"\0" in first:
        if not first.strip(b"\0"):
            raise InputFileError("is a binary file, not CSV or JSON Lines (it holds nothing but NUL bytes)", path=path)
        half = len(first) // 2
        odd, even = first[1::2].count(0), first[0::2].count(0)
        if half >= 2 and (odd * 3 >= half) != (even * 3 >= half):  # NULs in one byte of each pair: UTF-16
            raise InputFileError("is UTF-16 (without a byte-order mark); re-save it as UTF-8", path=path)
        raise InputFileError("is a binary file, not CSV or JSON Lines (its first line holds NUL bytes)", path=path)
    control = len(body.translate(None, _TEXT_BYTES))
    if control > max(8, len(body) // 20):
        raise InputFileError("is a binary file, not CSV or JSON Lines", path=path)
    bad = _first_bad_utf8(body, complete)
    if bad is not None:
        line = body.count(b"\n", 0, bad) + 1
        column = bad - body.rfind(b"\n", 0, bad)
        raise InputFileError(
            f"is not UTF-8 (byte 0x{body[bad]:02X} at column {column}; Latin-1 or Windows-1256?); "
            "re-save it as UTF-8",
            path=path,
            line=line,
        )


def _first_bad_utf8(data: bytes, complete: bool) -> int | None:
    """Offset of the first byte that is not UTF-8; a character cut at the end of an incomplete prefix is fine."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not complete and exc.end == len(data) and exc.reason == "unexpected end of data":
            return None
        return exc.start
    return None


def _sniff(body: bytes, complete: bool, path: str) -> str:
    start = body.lstrip()[:1]
    if not start and complete:
        raise InputFileError("is empty; there are no records to read", path=path)
    return "jsonl" if start in (b"{", b"[") else "csv"


def _is_csv_header(line: bytes) -> bool:
    """Whether a line reads as a CSV header with a data-dictionary column: a CSV file under a JSON Lines name."""
    from amnesty.io.csv_support import cells_of, column_name
    from amnesty.io.source import FIELD_SET

    cells = cells_of(line.decode("utf-8", "replace").rstrip("\r"))
    return len(cells) > 1 and any(column_name(cell) in FIELD_SET for cell in cells)


def _judge_jsonl(body: bytes, path: str) -> None:
    """Refuse JSON that is not one object per line, before it becomes one problem row per line."""
    nul = body.find(b"\0")
    if nul >= 0:
        line = body.count(b"\n", 0, nul) + 1
        raise InputFileError("holds a NUL byte; it is a binary or damaged file, not JSON Lines", path=path, line=line)
    stripped = body.lstrip()
    line = body.count(b"\n", 0, len(body) - len(stripped)) + 1
    first = stripped.split(b"\n", 1)[0].strip()
    if first.startswith(b"["):
        raise InputFileError(
            "holds a JSON array, not JSON Lines (one object per line); convert it, e.g. with jq -c '.[]'",
            path=path,
            line=line,
        )
    if first and not first.startswith(b"{") and _is_csv_header(first):
        raise InputFileError(
            "is CSV (its first line is a header naming data-dictionary columns), not JSON Lines; "
            "name it .csv",
            path=path,
            line=line,
        )
    if first == b"{":
        raise InputFileError(
            "spreads a record over several lines; JSON Lines needs one object per line (jq -c .)",
            path=path,
            line=line,
        )
