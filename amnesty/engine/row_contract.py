"""The row contract every decider shares: a rulebook's evaluator, a chain, the automatic choice.

Raw values become a record through the record model, or an ``invalid``
decision naming what to correct; a validated record that no law can decide
at the as-of date (born after it, a term past the calendar) is refused the
same way whoever decides it. Kept apart from the evaluator so a decider
that has none (``--rulebook auto`` with no instrument in force) asks the
same questions, not a copy of them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from amnesty.engine import decisions
from amnesty.models import problems
from amnesty.models.record import Record

MAX_MONTHS = 12 * 9_999  # a longer term ends past 9999-12-31 whenever it started


def contract_problem(record: Record, as_of: date) -> str | None:
    """What makes a validated record undecidable at ``as_of`` under any law (the data dictionary's
    record contract: nobody's age before their birth, no term past the calendar); whoever decides
    without an evaluator (``--rulebook auto`` with no instrument in force) asks it too."""
    if record.birth_date and record.birth_date > as_of:
        return f"field birth_date: {record.birth_date} " + problems.AFTER_AS_OF.format(as_of=as_of)
    if record.sentence_months is not None and record.sentence_months > MAX_MONTHS:
        return f"field sentence_months: {record.sentence_months} is more than 9,999 years; no term can be computed"
    return None


def decide_raw(decider: Any, values: dict[str, Any], where: str, invalid: Any) -> dict[str, Any]:
    """The one row contract of every decider (a rulebook, a chain, the automatic choice): validate raw
    values with the record model, then ``decider.decide``; ``invalid(record_id, facility_id, errors)``
    words a record that fails, in the decider's own terms."""
    try:
        record = Record.model_validate(values)
    except ValidationError as exc:
        return invalid(_text(values.get("record_id")), _text(values.get("facility_id")),
                       decisions.validation_messages(exc, where))
    return decider.decide(record, where)


def _text(value: Any) -> str | None:
    """An identifier for an invalid decision: the text without surrounding whitespace, or None
    when blank or not text."""
    return value.strip() if isinstance(value, str) and value.strip() else None
