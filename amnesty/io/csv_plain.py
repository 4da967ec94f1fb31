"""Plain CSV lines, handed out unparsed so another process can split them.

Most of a register export is plain: no quote, no NUL, no lone carriage
return, valid UTF-8. For such lines the careful reader of ``csv_reader``
has nothing to watch, and splitting at commas gives exactly the cells the
csv module would. So the reader hands runs of plain lines out as raw bytes
(``PlainLines``), a worker turns them into rows with ``split_plain``, and
only the rest goes through the careful line feed. Reading then costs the
reading process almost nothing per record, which is what lets several
worker processes be kept busy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import Any, BinaryIO

from amnesty.io.csv_support import is_blank
from amnesty.io.source import FIELD_LIMIT, LINE_LIMIT, clean_id, oversize_problem

CHUNK_BYTES = 1 << 18
_LONE_CR = re.compile(rb"\r(?!\n)")  # with quotes and NUL, what only the careful reader may read

Row = tuple  # (line, cells of CsvLayout.names | None, problem | None, record_id | None)


@dataclass(frozen=True)
class PlainLines:
    """Whole plain lines of a CSV file, starting at line ``first_line``."""

    first_line: int
    data: bytes

    @cached_property
    def last_line(self) -> int:  # counted once: the reading process asks for it several times per batch
        return self.first_line + self.data.count(b"\n") - 1


@dataclass(frozen=True)
class CsvLayout:
    """What splitting a plain line needs to know about the header."""

    header_line: int
    ncols: int
    names: tuple[str, ...]  # data-dictionary columns, in file order
    positions: tuple[int, ...]  # their indexes in a row
    id_at: int
    header: tuple[str, ...] = ()  # every column name, to name an oversized cell outside the data dictionary

    def column(self, index: int) -> str:
        """A column's name for a message, as the careful reader gives it."""
        if index < len(self.header):
            return self.header[index] or f"(unnamed column {index + 1})"
        return f"(cell {index + 1}, beyond the header)"


def ragged_problem(cells: int, layout: CsvLayout) -> str:
    return (
        f"has {cells} cells but the header (line {layout.header_line}) "
        f"has {layout.ncols} columns; check for a missing or extra comma"
    )


def split_plain(layout: CsvLayout, chunk: PlainLines) -> list[Row]:
    """The rows of plain lines, exactly as the careful reader gives them (blank lines give none)."""
    text = chunk.data.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    ncols, id_at, positions = layout.ncols, layout.id_at, layout.positions
    pick = itemgetter(*positions) if len(positions) > 1 else (lambda cells: (cells[positions[0]],))
    rows: list[Row] = []
    append = rows.append
    line = chunk.first_line
    for text_line in text.split("\n")[:-1]:
        cells = text_line.split(",")
        if len(text_line) > FIELD_LIMIT and (oversized := _oversized(cells, layout)):
            record_id = clean_id(cells[id_at]) if id_at < len(cells) else None
            append((line, None, oversized, record_id))
        elif len(cells) == ncols and cells[id_at]:
            append((line, pick(cells), None, cells[id_at]))
        elif not is_blank(cells):
            record_id = clean_id(cells[id_at]) if id_at < len(cells) else None
            if len(cells) != ncols:
                append((line, None, ragged_problem(len(cells), layout), record_id))
            else:
                append((line, pick(cells), None, record_id))
        line += 1
    return rows


def _oversized(cells: list[str], layout: CsvLayout) -> str | None:
    """The careful reader's message for a cell over FIELD_LIMIT, checked on the rare line that could hold one.

    Without it an unquoted 5 MB cell would be decided (and copied out) while
    the same cell quoted, or in JSON Lines, is refused.
    """
    if len(cells) != layout.ncols:
        return None  # ragged: the careful reader names that first
    for i, cell in enumerate(cells):
        if len(cell) > FIELD_LIMIT:
            return oversize_problem(layout.column(i), len(cell))
    return None


class LineBuffer:
    """A binary stream read by lines, whose next bytes can be looked at before they are taken.

    The careful reader reads it line by line; ``plain`` takes the run of
    plain lines that starts here, if there is one. Bytes are copied once.
    """

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self._buf = b""
        self._pos = 0

    def readline(self, limit: int = -1) -> bytes:
        buf, pos = self._buf, self._pos
        if pos >= len(buf):
            return self._stream.readline(limit)
        end = buf.find(b"\n", pos)
        end = len(buf) if end < 0 else end + 1
        if limit is not None and limit >= 0:
            end = min(end, pos + limit)
        line = buf[pos:end]
        self._pos = end
        if end == len(buf) and not line.endswith(b"\n") and (limit is None or limit < 0 or len(line) < limit):
            line += self._stream.readline(-1 if limit is None or limit < 0 else limit - len(line))
        return line

    def plain(self, size: int = CHUNK_BYTES) -> bytes:
        """The plain whole lines that come next (b"" if the next line is not plain, or at the end)."""
        if self._pos >= len(self._buf):
            data = self._stream.read(size)
            if data and not data.endswith(b"\n"):
                data += self._stream.readline(LINE_LIMIT)
            self._buf, self._pos = data, 0
        buf, pos = self._buf, self._pos
        stop = len(buf)
        for byte in (b'"', b"\0"):
            at = buf.find(byte, pos, stop)
            if at >= 0:
                stop = at
        if buf.find(b"\r", pos, stop) >= 0 and buf.count(b"\r", pos, stop) != buf.count(b"\r\n", pos, stop):
            stop = _LONE_CR.search(buf, pos, stop).start()
        cut = buf.rfind(b"\n", pos, stop) + 1
        if cut <= pos:
            return b""
        chunk = buf[pos:cut]
        if not chunk.isascii():
            try:
                chunk.decode()
            except UnicodeDecodeError as exc:
                chunk = chunk[: chunk.rfind(b"\n", 0, exc.start) + 1]
        self._pos = pos + len(chunk)
        return chunk

    def close(self) -> None:
        self._stream.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)
