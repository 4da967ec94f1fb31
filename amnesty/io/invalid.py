"""What was invalid, for the data team: the first few on screen, counts by field, all of them in a CSV.

"invalid: 353" tells a case officer that something is wrong but not what.
Each invalid decision already carries one sentence per problem, naming its
line, field and value; here those sentences are split back into columns,
the first few records kept for the screen (each by its first problem),
every record counted once under each field it has a problem in, and, with
``--errors FILE``, every problem of every record written as a row of a CSV
a data clerk can sort, filter and group (a record with four problems has
four rows, each with its line and record_id), so that one round of fixing
at the source fixes them all. Rows are written as they come: nothing grows
with the input but the count per field.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from amnesty.io.atomic import atomic_open, check_target
from amnesty.io.cells import safe_cell

SHOWN = 5
COLUMNS = ("line", "record_id", "field", "value", "problem")
WHOLE_ROW = "(whole row)"  # the field of a row that could not be read at all
_MESSAGE = re.compile(r"^line (?P<line>\d+): (?:field (?P<field>[A-Za-z_]\w*): )?(?P<rest>.*)$", re.S)
_VALUE = re.compile(r"""^(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\S+) (?P<problem>(?:is |was |cannot |must |has |does ).*)$""", re.S)


@dataclass(frozen=True)
class InvalidRecord:
    line: int | None
    record_id: str | None
    field: str
    value: str
    problem: str

    def row(self) -> list[str]:
        return [str(self.line or ""), self.record_id or "", self.field, self.value, self.problem]


def split_message(message: str, record_id: str | None = None) -> InvalidRecord:
    """``line 7: field birth_date: '1990-02-31' is invalid: not a real calendar date`` as columns."""
    found = _MESSAGE.match(message)
    if not found:
        return InvalidRecord(None, record_id, WHOLE_ROW, "", message)
    line, field, rest = int(found["line"]), found["field"], found["rest"]
    if field is None:
        return InvalidRecord(line, record_id, WHOLE_ROW, "", rest)
    value, problem = "", rest
    shown = _VALUE.match(rest)
    if shown and not rest.startswith("required"):
        value, problem = _unquote(shown["value"]), shown["problem"]
    problem = problem.removeprefix("is invalid: ")
    return InvalidRecord(line, record_id, field, value, problem)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _safe(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (the rule of every CSV the tool writes)."""
    return safe_cell(cell)


class InvalidLog:
    """Fed every invalid decision's errors in input order; keeps the first few records, the records per
    field, and an optional CSV with a row per error."""

    def __init__(self, errors_file: str | Path | None = None, *, force: bool = False, inputs=()):
        self.first: list[InvalidRecord] = []
        self.by_field: Counter[str] = Counter()  # field -> invalid records with a problem in it
        self.path = None if errors_file is None else str(errors_file)
        self._force, self._inputs = force, tuple(inputs)
        self._context = None
        self._writer: Any = None
        if errors_file is not None:
            check_target(Path(errors_file), force=force, inputs=self._inputs)

    def __enter__(self) -> InvalidLog:
        if self.path is not None:
            self._context = atomic_open(Path(self.path), force=self._force, inputs=self._inputs)
            handle: IO[str] = self._context.__enter__()
            self._writer = csv.writer(handle, lineterminator="\n")
            self._writer.writerow(COLUMNS)
        return self

    def __exit__(self, *exc) -> None:
        if self._context is not None:
            self._context.__exit__(*exc)

    def add(self, messages: Sequence[str], record_id: str | None = None) -> None:
        """One invalid record: every one of its errors, in the decision's order. The screen keeps its
        first; each field it names counts the record once; the CSV gets a row each."""
        entries = [split_message(message, record_id) for message in messages]
        if not entries:
            return
        self.by_field.update(list(dict.fromkeys(entry.field for entry in entries)))  # once a field, in order met
        if len(self.first) < SHOWN:
            self.first.append(entries[0])
        if self._writer is not None:
            for entry in entries:
                self._writer.writerow([_safe(cell) for cell in entry.row()])

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_field": dict(self.by_field.most_common()),
            "first": [dict(zip(COLUMNS, (e.line, e.record_id, e.field, e.value, e.problem))) for e in self.first],
            "errors_file": self.path,
        }
