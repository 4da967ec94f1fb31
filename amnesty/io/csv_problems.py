"""The problem rows of a CSV records file: what ``CsvSource`` says when a line cannot be a record.

A quote that runs away across lines (the line where it opened becomes the
problem row and the lines it swallowed are read again), a quote never
closed, text after a closing quote, a lone carriage return, bad bytes or a
NUL inside a line, a line too long to read: each becomes one row with a
sentence naming the line, the field and what is wrong, never a traceback.
``CsvProblems`` holds these steps for ``CsvSource`` (``amnesty.io.csv_reader``),
whose line feed and header they read.
"""

from __future__ import annotations

import csv

from amnesty.io.csv_support import broken_field_at, cells_of, quoted_prefix
from amnesty.io.source import RawRow, about, clean_id, has_undecodable, long_line_problem, nul_problem, undecodable_problem


class _Runaway(Exception):
    """A quoted value grew past FIELD_LIMIT across several lines."""


class CsvProblems:
    """Problem rows of ``CsvSource``: it sets ``_texts`` (the lines of the record being parsed),
    ``_next_line``, ``_replay``, ``_defects``, ``_header``, ``_ncols`` and ``_id_at``."""

    # -- runaway and broken quotes ---------------------------------------------

    def _swallowed(self, row: list[str]) -> bool:
        """Whether a record spanning lines is really a quote that ran away."""
        if len(row) != self._ncols:
            return True
        enough = self._ncols - 1
        return any(quoted_prefix(text).count(",") >= enough for text in self._texts[1:])

    def _restart(self, how: str) -> RawRow:
        """Report the line where a quote opened; read the lines after it again."""
        texts, line = self._texts, self._next_line
        first = texts[0]
        self._replay.extendleft(reversed(texts[1:]))
        self._defects.pop(line, None)
        self._next_line = line + 1
        texts.clear()
        cells = cells_of(first)
        field = self._column(len(cells) - 1)
        problem = (
            f"unbalanced quote: the quoted value of field {field} opens on this line and {how}; "
            f"this line was not read, and reading went on from line {line + 1}"
        )
        return RawRow(line, None, problem, self._row_id(cells[:-1]))

    def _broken(self, exc: csv.Error) -> RawRow:
        """A csv.Error: a quote still open at the end of the file, text after a closing quote, a lone CR."""
        texts, line = self._texts, self._next_line
        at_end = "unexpected end of data" in str(exc)
        if len(texts) > 1:
            return self._restart("never closes" if at_end else f"runs on to line {line + len(texts) - 1}")
        self._next_line = line + len(texts)
        defect = self._pop_defects(line, line + 1)
        first = texts[0] if texts else ""
        texts.clear()
        cells = cells_of(first)
        if defect is not None:
            return RawRow(line, None, self._defect_message(defect, cells, line), self._row_id(cells))
        if at_end:
            field = self._column(len(cells) - 1)
            problem = f"unbalanced quote: the quoted value of field {field} is never closed"
            return RawRow(line, None, problem, self._row_id(cells[:-1]))
        field = self._column(broken_field_at(first))
        if "expected after" in str(exc):
            problem = (
                "malformed quotes: text follows a closing quote; "
                "quote the whole value and double any quote inside it"
            )
        elif "new-line character" in str(exc):
            problem = "holds a carriage return (\\r) outside quotes"
        else:
            problem = f"cannot be read as CSV ({exc})"
        problem = about(field, problem)
        return RawRow(line, None, problem, self._row_id(cells))

    # -- bad bytes, long lines, names ------------------------------------------

    def _pop_defects(self, start: int, stop: int) -> tuple[int, str, int] | None:
        if not self._defects:
            return None
        found = None
        for line in range(start, stop):
            defect = self._defects.pop(line, None)
            if defect is not None and found is None:
                found = (line, *defect)
        return found

    def _defect_message(self, defect: tuple[int, str, int], row: list[str], start: int) -> str:
        line, kind, size = defect
        if kind == "long":
            problem = long_line_problem(size)
        else:
            test = (lambda cell: "\0" in cell) if kind == "nul" else has_undecodable
            at = next((i for i, cell in enumerate(row) if test(cell)), None)
            field = None if at is None else self._column(at)
            problem = nul_problem(field) if kind == "nul" else undecodable_problem(row[at] if field else "", field)
        return problem if line == start else f"{problem} (on line {line}, inside a quoted value)"

    def _column(self, index: int) -> str:
        if index < 0:
            return "(unknown)"
        if index < len(self._header):
            return self._header[index] or f"(unnamed column {index + 1})"
        return f"(cell {index + 1}, beyond the header)"

    def _row_id(self, row: list[str]) -> str | None:
        return clean_id(row[self._id_at]) if self._id_at < len(row) else None
