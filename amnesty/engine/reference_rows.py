"""The plain way for one row of the fast path: the evaluator's own decision, from the row's raw cells.

The fast path (``amnesty.engine.fastpath``) decides most rows from templates;
every row it cannot take (an invalid cell, a record-level problem, the first
row of a new key) and every row it checks (each ``CHECK_EVERY``-th, each new
template's first) is decided here instead, exactly as ``Evaluator.decide_values``
decides a record. Keeping this apart keeps the shortcut and its reference
visibly separate: nothing here takes a shortcut.
"""

from __future__ import annotations

from typing import Any

from amnesty.errors import EngineError
from amnesty.engine import decisions
from amnesty.engine.batch_result import BatchResult
from amnesty.engine.cells import ABSENT


class ReferenceRows:
    """Mixed into the fast path: the plain decision of a row, the checks against it, and how a
    plainly decided row joins a batch's result. Needs ``evaluator``, ``names``, ``encode``,
    ``dicts``, ``redactor`` and ``unit``."""

    def _check(self, line: int, cells: tuple, text: str) -> None:
        plain = self._finish(self._plain(line, cells))
        if self.encode(plain) != text:
            raise EngineError(f"{self.unit} {line}: the fast path's decision differs from the evaluator's; no output was written")

    def _check_outcome(self, line: int, cells: tuple, facility, outcome: str, possible: tuple) -> None:
        decision = self._plain(line, cells)
        if (decision["facility_id"], decision["outcome"], tuple(decision["possible_outcomes"])) != (
            facility, outcome, possible
        ):
            raise EngineError(f"{self.unit} {line}: the fast path's outcome differs from the evaluator's; nothing was written")

    def _values(self, cells: tuple) -> dict[str, Any]:
        values = {}
        for name, cell in zip(self.names, cells):
            if cell is ABSENT:
                continue
            values[name] = cell[-1] if type(cell) is tuple else cell
        return values

    def _plain(self, line: int, cells: tuple) -> dict[str, Any]:
        return self.evaluator.decide_values(self._values(cells), f"{self.unit} {line}: ")

    def _unreadable(self, line: int, problem: str | None, record_id: str | None) -> dict[str, Any]:
        """A row the reader could not read: invalid, with the reader's own words for why."""
        ev = self.evaluator
        return decisions.invalid(record_id, None, [f"{self.unit} {line}: " + (problem or "unreadable row")], ev.as_of,
                                 ev.ref)

    def _finish(self, decision: dict[str, Any]) -> dict[str, Any]:
        return self.redactor.decision(decision) if self.redactor else decision

    def _emit_plain(self, result: BatchResult, kinds: dict, position: int, decision: dict[str, Any]) -> None:
        outcome = decision["outcome"]
        possible = tuple(decision["possible_outcomes"])
        result.codes.append(kinds.setdefault((decision["facility_id"], outcome, possible), len(kinds)))
        decision = self._finish(decision)  # redacted before anything of it is kept, even the --strict message
        if outcome == "invalid":
            result.errors[position] = list(decision["errors"])  # every one, for the errors file and the counts
        if result.out is not None:
            result.out.append(decision if self.dicts else self.encode(decision))


def _row_id(raw: Any) -> str | None:
    """The record id as the duplicate check compares it (see ``amnesty.engine.stream.row_id_of``)."""
    if type(raw) is tuple:
        raw = raw[-1]
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if raw is None or raw is ABSENT or not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip()
