"""Excel registers (.xlsx) read directly, with openpyxl, one row at a time.

A data clerk's register is usually a workbook; asking for a CSV export
first loses time and, with some locales, the separators. The first sheet
is read (or the one named with ``--sheet``), in read-only mode so memory
stays flat, and each row becomes a line of comma-separated text that the
ordinary CSV reader then reads: row N of the sheet is line N in every
message. Cells are written as a person sees them: dates as YYYY-MM-DD,
whole numbers without ``.0``, booleans as true/false, empty cells empty.
A line break inside a cell becomes a space, so rows and lines stay one to one.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from amnesty.io.chunked import ChunkedStream
from amnesty.errors import InputFileError

SUFFIXES = (".xlsx", ".xlsm")


def is_workbook(source: str | Path) -> bool:
    return str(source) != "-" and Path(str(source)).suffix.lower() in SUFFIXES


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def open_sheet(path: str | Path, sheet: str | None = None) -> tuple[BinaryIO, str]:
    """The sheet as a stream of CSV bytes, and the name of the sheet read."""
    from openpyxl import load_workbook

    shown = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputFileError("file not found", path=shown) from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputFileError(f"is not a readable .xlsx workbook ({exc})", path=shown) from None
    names = book.sheetnames
    if sheet is None:
        worksheet = book.worksheets[0]
    elif sheet in names:
        worksheet = book[sheet]
    else:
        book.close()
        raise InputFileError(f"has no sheet named {sheet!r}; its sheets are {', '.join(map(repr, names))}", path=shown)
    return io.BufferedReader(_SheetStream(book, worksheet), buffer_size=1 << 18), worksheet.title


class _SheetStream(ChunkedStream):
    """A worksheet's rows as CSV bytes; row N of the sheet is line N."""

    def __init__(self, book, worksheet):
        super().__init__(self._lines(worksheet), book.close)

    @staticmethod
    def _lines(worksheet) -> Iterator[bytes]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        expected, width = 1, None
        for row in worksheet.iter_rows(values_only=False):
            number = next((c.row for c in row if getattr(c, "row", None)), expected)
            while expected < number:  # rows openpyxl skips (empty) keep their line
                yield b"\n"
                expected += 1
            cells = [cell_text(getattr(c, "value", None)) for c in row]
            if width is None:  # the header: its last named column sets the width
                while cells and cells[-1] == "":
                    cells.pop()
                width = len(cells)
            elif len(cells) > width and not any(cells[width:]):
                del cells[width:]  # formatted but empty cells right of the table
            else:
                cells += [""] * (width - len(cells))
            writer.writerow(cells)
            yield out.getvalue().encode("utf-8")
            out.seek(0)
            out.truncate()
            expected += 1
