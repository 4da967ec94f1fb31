"""CSV records: the C csv module for speed, a line feed around it for safety.

The csv module parses; this module only feeds it one physical line at a
time and watches. Feeding lines ourselves gives exact line numbers, lets a
line with bad bytes or a NUL become one problem row instead of a crash,
and makes it possible to take lines back when a quote goes wrong.

Unbalanced quotes: a stray ``"`` makes the csv module read on, across
line breaks, until the next quote or the end of the file, silently
swallowing the records in between into one value. A value may span lines
only in a column outside the data dictionary (say, a multi-line note),
and only if the record it ends up in is otherwise sound. A record that
spans lines is judged a runaway quote when it has the wrong number of
cells, grows past
``FIELD_LIMIT``, reaches the end of the file inside the quote, has text
after a closing quote, or swallowed a line that holds enough commas to be
a record of its own. Then only the line where the quote opened becomes a
problem row, and parsing restarts on the next line, so the records the
quote swallowed are read again rather than lost. A record that is sound
but for a line break inside a quoted data-dictionary value (``"SYN-\n7"``
as a record id, valid CSV) is one record, and one problem row: reading it
again from the next line would invent a record that is not there.
"""

from __future__ import annotations

import csv
from collections import deque
from collections.abc import Iterator
from operator import itemgetter
from typing import BinaryIO

from amnesty.errors import InputFileError
from amnesty.io.csv_plain import CHUNK_BYTES, CsvLayout, LineBuffer, PlainLines, ragged_problem
from amnesty.io.csv_problems import CsvProblems, _Runaway
from amnesty.io.csv_support import check_header, is_blank
from amnesty.io.source import (
    EXTRA_KEYS_LIMIT,
    FIELD_LIMIT,
    FIELD_SET,
    LINE_LIMIT,
    RawRow,
    RecordSource,
    display_name,
    has_undecodable,
    line_break_problem,
    oversize_problem,
    skip_long_line,
)

# The module-wide limit only guards memory; this reader bounds fields itself
# (FIELD_LIMIT, LINE_LIMIT), so the csv module must not stop earlier.
csv.field_size_limit(max(csv.field_size_limit(), 2 * LINE_LIMIT))


_UNBALANCED_HEADER = "the header has an unbalanced quote (a quoted name runs past the end of the line)"


class CsvSource(CsvProblems, RecordSource):
    format = "csv"

    def __init__(self, stream: BinaryIO, path: str):
        super().__init__(LineBuffer(stream), path)
        self._next_line = 1  # line on which the record being parsed starts
        self._texts: list[str] = []  # lines of the record being parsed
        self._replay: deque[str] = deque()  # lines taken back after a runaway quote
        self._defects: dict[int, tuple[str, int]] = {}  # line -> (kind, size)
        self._read_header()
        self._rows = self._iter_rows()

    # -- the line feed -------------------------------------------------------

    def _feed(self) -> Iterator[str]:
        """Physical lines as text; bad bytes are noted in ``_defects``, not raised.

        A line read from the file (not replayed) is always the next one after
        the lines held in ``_texts``, which gives its number without a counter.
        """
        readline = self._stream.readline
        texts, replay = self._texts, self._replay
        size = sum(map(len, texts))
        while True:
            if replay:
                text = replay.popleft()
            else:
                raw = readline(LINE_LIMIT)
                if not raw:
                    return
                try:
                    text = raw.decode()
                except UnicodeDecodeError:
                    text = self._defect(raw)
                else:
                    if b"\0" in raw or len(raw) >= LINE_LIMIT:
                        text = self._defect(raw)
            if texts:
                size += len(text)
                texts.append(text)
                if size > FIELD_LIMIT:
                    raise _Runaway
            else:
                size = len(text)
                texts.append(text)
            yield text

    def _defect(self, raw: bytes) -> str:
        """Note what is wrong with a line just read and return its text as best it can be had."""
        line = self._next_line + len(self._texts)
        if len(raw) >= LINE_LIMIT and not raw.endswith(b"\n"):
            self._defects[line] = ("long", skip_long_line(self._stream.readline, raw))
            # Only the start, without quotes, is fed on: enough to recover the record id.
            return raw[:4096].decode("utf-8", "replace").replace('"', "").replace("\r", "") + "\n"
        text = raw.decode("utf-8", "surrogateescape")
        if has_undecodable(text):
            self._defects[line] = ("utf8", 0)
        elif b"\0" in raw:
            self._defects[line] = ("nul", 0)
        return text

    # -- the header ----------------------------------------------------------

    def _read_header(self) -> None:
        texts = self._texts
        try:
            for row in csv.reader(self._feed(), strict=True):
                line = self._next_line
                if len(texts) == 1 and line not in self._defects and is_blank(row):
                    self._next_line += 1
                    texts.clear()
                    continue
                break
            else:
                raise InputFileError(
                    "is empty; a CSV file needs a header line naming its columns", path=self.path
                )
        except (_Runaway, csv.Error) as exc:
            line = self._next_line
            if len(texts) > 1 or isinstance(exc, _Runaway) or "unexpected end of data" in str(exc):
                raise InputFileError(_UNBALANCED_HEADER, path=self.path, line=line) from None
            if "new-line character" in str(exc):
                raise InputFileError(
                    "ends its lines with a bare carriage return (old Mac style); re-save it with "
                    "LF or CRLF line ends",
                    path=self.path,
                ) from None
            raise InputFileError(f"the header cannot be read as CSV ({exc})", path=self.path, line=line) from None
        if len(texts) > 1:
            raise InputFileError(_UNBALANCED_HEADER, path=self.path, line=line)
        kind, size = self._defects.pop(line, ("", 0))
        if kind == "nul":
            raise InputFileError("is a binary file, not CSV (its header holds NUL bytes)", path=self.path, line=line)
        if kind == "utf8":
            raise InputFileError("is not UTF-8; re-save it as UTF-8", path=self.path, line=line)
        if kind == "long":
            raise InputFileError(
                f"the header is {size / (1 << 20):.1f} MB long; this is not a records CSV file", path=self.path
            )
        self._next_line += 1
        texts.clear()
        self._set_columns(row, line)

    def _set_columns(self, row: list[str], line: int) -> None:
        names = check_header(row, line, self.path)
        self.header_line = line
        self._header = names
        self._ncols = len(names)
        self._picked = tuple((i, name) for i, name in enumerate(names) if name in FIELD_SET)
        self._names = tuple(name for _, name in self._picked)
        self.present_fields = frozenset(self._names)
        self._pick = itemgetter(*(i for i, _ in self._picked))
        self._id_at = names.index("record_id")
        extra = [i for i, name in enumerate(names) if name not in FIELD_SET]
        self.extra_columns = [display_name(names[i]) or f"(unnamed column {i + 1})" for i in extra[:EXTRA_KEYS_LIMIT]]
        if len(extra) > EXTRA_KEYS_LIMIT:
            self.extra_columns.append(f"... and {len(extra) - EXTRA_KEYS_LIMIT:,} more")

    # -- the rows ------------------------------------------------------------

    @property
    def layout(self) -> CsvLayout:
        return CsvLayout(
            self.header_line, self._ncols, self._names, tuple(i for i, _ in self._picked), self._id_at,
            tuple(self._header),
        )

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[RawRow | PlainLines]:
        """The rows, except that runs of plain lines come out unparsed (see ``csv_plain``)."""
        while True:
            if not (self._texts or self._replay or self._defects):
                data = self._stream.plain(size)
                if data:
                    chunk = PlainLines(self._next_line, data)
                    self._next_line = chunk.last_line + 1
                    yield chunk
                    continue
            row = next(self._rows, None)
            if row is None:
                self.check_unchanged()  # every line read: were they the file's lines all along?
                return
            yield row

    def _iter_rows(self) -> Iterator[RawRow]:
        texts, defects = self._texts, self._defects
        ncols, names, pick, id_at = self._ncols, self._names, self._pick, self._id_at
        while True:
            try:
                for row in csv.reader(self._feed(), strict=True):
                    if (
                        len(texts) == 1
                        and len(row) == ncols
                        and not defects
                        and row[id_at]
                        and len(texts[0]) <= FIELD_LIMIT
                        and texts[0].count("\r") == texts[0].endswith("\r\n")
                    ):
                        line = self._next_line
                        self._next_line = line + 1
                        texts.clear()
                        yield RawRow(line, dict(zip(names, pick(row))), None, row[id_at])
                    else:
                        result = self._slow_row(row)
                        if result is not None:
                            yield result
                return
            except _Runaway:
                yield self._restart(f"grows past {FIELD_LIMIT >> 20} MB")
            except csv.Error as exc:
                if not texts:  # cannot happen: csv fails only on a line it was given
                    raise InputFileError(f"cannot be read as CSV ({exc})", path=self.path) from None
                yield self._broken(exc)

    def _slow_row(self, row: list[str]) -> RawRow | None:
        """Everything off the fast path: blank lines, defects, ragged or runaway rows."""
        texts, line = self._texts, self._next_line
        if len(texts) > 1 and self._swallowed(row):
            return self._restart(f"runs on to line {line + len(texts) - 1}")
        self._next_line = line + len(texts)
        defect = self._pop_defects(line, line + len(texts))
        texts.clear()
        if defect is not None:
            return RawRow(line, None, self._defect_message(defect, row, line), self._row_id(row))
        if is_blank(row):
            return None
        if len(row) != self._ncols:
            return RawRow(line, None, ragged_problem(len(row), self.layout), self._row_id(row))
        for i, cell in enumerate(row):
            if len(cell) > FIELD_LIMIT:
                return RawRow(line, None, oversize_problem(self._column(i), len(cell)), self._row_id(row))
        for i, name in self._picked:
            if "\n" in row[i] or "\r" in row[i]:
                return RawRow(line, None, line_break_problem(name), self._row_id(row))
        return RawRow(line, dict(zip(self._names, self._pick(row))), None, self._row_id(row))
