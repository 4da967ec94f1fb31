"""Decide a stream of raw rows: every row in gives exactly one decision out.

Rows are decided one at a time as they are read, so memory does not grow
with the input (only the set of record ids seen, needed to refuse duplicates).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Protocol

from amnesty.engine import decisions
from amnesty.engine.evaluator import Evaluator


class Row(Protocol):
    line: int
    values: dict[str, Any] | None
    problem: str | None
    record_id: str | None


def row_id(row: Row) -> str | None:
    """The record id as given, surrounding whitespace removed (data dictionary v2), or None when blank."""
    return row_id_of(row.values.get("record_id") if row.values else row.record_id)


def duplicate_message(record_id: str, first: str) -> str:
    """One wording for a repeated id, whichever way records arrive."""
    return f"field record_id: {record_id!r} is a duplicate of the record on {first}"


def row_id_of(raw: Any) -> str | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if raw is None or not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip()


def decide_rows(rows: Iterable[Row], evaluator: Evaluator) -> Iterator[dict[str, Any]]:
    first_line: dict[str, int] = {}
    for row in rows:
        where = f"line {row.line}: "
        record_id = row_id(row)
        duplicate_of = first_line.get(record_id) if record_id else None
        if record_id and duplicate_of is None:
            first_line[record_id] = row.line
        if row.problem or row.values is None:
            yield _invalid(evaluator, row, record_id, where + (row.problem or "unreadable row"))
        elif duplicate_of is not None:
            message = where + duplicate_message(record_id, f"line {duplicate_of}")
            yield _invalid(evaluator, row, record_id, message)
        else:
            yield evaluator.decide_values(row.values, where)


def _invalid(evaluator: Evaluator, row: Row, record_id: str | None, message: str) -> dict[str, Any]:
    facility = row.values.get("facility_id") if row.values else None
    facility = facility if isinstance(facility, str) and facility.strip() else None
    return decisions.invalid(record_id, facility, [message], evaluator.as_of, evaluator.ref)
