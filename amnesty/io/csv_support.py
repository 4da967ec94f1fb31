"""Helpers of the CSV reader that need no state: judging the header, picking apart a broken line.

A header that names the wrong columns means every row would be read
wrongly, so it stops the run before the first record with one sentence
saying what to fix, rather than producing a file of invalid decisions.
A broken line, by contrast, costs only its own record; the helpers here
find which field broke and which record it was, so the message can say so.
"""

from __future__ import annotations

import csv
import difflib

from amnesty.errors import InputFileError
from amnesty.io.source import FIELD_SET
from amnesty.models.record import RECORD_FIELDS

REQUIRED = ("record_id", "facility_id")


def column_name(cell: str) -> str:
    """Surrounding whitespace (and a stray second BOM) is not part of a name."""
    return cell.strip().strip("\ufeff").strip()


def check_header(row: list[str], line: int, path: str) -> list[str]:
    """The column names of a header row, or InputFileError saying what is wrong."""
    names = [column_name(cell) for cell in row]
    if not FIELD_SET.intersection(names):
        raise InputFileError(_not_records(row), path=path, line=line)
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if not name:
            continue
        if name in seen:
            raise InputFileError(
                f"the header names column {name!r} twice (columns {seen[name] + 1} and {i + 1}); "
                "remove or rename one",
                path=path,
                line=line,
            )
        seen[name] = i
    missing = [name for name in REQUIRED if name not in seen]
    if missing:
        what = " and ".join(repr(name) for name in missing)
        plural = "columns" if len(missing) > 1 else "column"
        hints = []
        for name in missing:
            close = difflib.get_close_matches(name, [n for n in names if n not in FIELD_SET], n=1)
            if close:
                hints.append(f"{close[0]!r} for {name!r}")
        hint = f" (is {', '.join(hints)} meant?)" if hints else ""
        raise InputFileError(f"the header lacks the required {plural} {what}{hint}", path=path, line=line)
    return names


def _not_records(row: list[str]) -> str:
    """Why a header with no known column was refused, with the likely fix."""
    joined = ",".join(row)
    for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if FIELD_SET.intersection(column_name(part) for part in joined.split(sep)):
            return f"separates columns with {label}, not commas; re-save it as comma-separated CSV"
    start = joined[:40] + ("..." if len(joined) > 40 else "")
    return (
        f"is not a detainee-records CSV file: its header ({start!r}) names none of the "
        f"data-dictionary columns ({', '.join(RECORD_FIELDS[:3])}, ...)"
    )


def is_blank(row: list[str]) -> bool:
    """An empty line, or a row whose every cell is blank: no record to decide."""
    return all(not cell.strip() for cell in row)


def cells_of(text: str) -> list[str]:
    """Best-effort cells of one line, for naming fields and recovering ids."""
    try:
        return next(csv.reader([text]), [])
    except csv.Error:
        try:
            return next(csv.reader([text.replace("\r", " ")]), [])
        except csv.Error:
            return []


def broken_field_at(text: str) -> int:
    """Index of the first field strict csv refuses: text after a closing quote, or a lone CR outside quotes."""
    field, i, start, quoted = 0, 0, True, False
    while i < len(text):
        c = text[i]
        after = text[i + 1 : i + 2]
        if quoted:
            if c == '"':
                if after == '"':
                    i += 2
                    continue
                quoted = False
                if after not in ("", ",", "\r", "\n"):
                    return field
        elif c == '"' and start:
            quoted = True
        elif c == ",":
            field += 1
            start = True
            i += 1
            continue
        elif c == "\r" and after not in ("", "\n"):
            return field
        start = False
        i += 1
    return field


def quoted_prefix(text: str) -> str:
    """The start of a continuation line that is still inside the quoted value opened on an earlier line.

    Only commas in this part were swallowed by the quote; those after the
    closing quote are the record's own (``000777",RQA-01,fixed`` ends a
    quoted id and goes on with the record, it is not a record of its own).
    """
    i = 0
    while True:
        i = text.find('"', i)
        if i < 0:
            return text
        if text.startswith('""', i):
            i += 2
            continue
        return text[:i]
