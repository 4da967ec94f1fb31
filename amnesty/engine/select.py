"""The evaluator for whatever a caller names: one rulebook, a chain, or the automatic choice.

Every command and API function that decides records goes through
``evaluator_for``, so chains and ``--rulebook auto`` work wherever a single
rulebook does. The three share what callers use: ``as_of``, ``ref``,
``decide``, ``decide_values``, ``record_problem``, ``close``; chains and the
automatic choice also set ``plain_only`` (no fast path).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from amnesty.engine import decisions
from amnesty.engine.evaluator import Evaluator


def evaluator_for(book: Any, as_of: date | None = None) -> Any:
    """An Evaluator for a compiled rulebook; the book's own evaluator for a chain or ``auto``."""
    make = getattr(book, "evaluator", None)
    return make(as_of) if make is not None else Evaluator(book, as_of)


def evaluator_invalid(evaluator: Any, record_id: str | None, facility_id: str | None, errors: list[str]) -> dict:
    """An invalid decision as ``evaluator`` words it (a chain's carries an empty ``steps``)."""
    own = getattr(evaluator, "invalid", None)
    if own is not None:
        return own(record_id, facility_id, errors)
    return decisions.invalid(record_id, facility_id, errors, evaluator.as_of, evaluator.ref)
