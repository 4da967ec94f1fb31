"""A decision as JSON text with holes for what differs between the records of one pattern.

Records of one pattern and result share every reason, rule and note; only
their own values (id, facility, sentence, dates) differ. So the decision of
the first such record, made the plain way, is cut at those values into a
template, and every later record's decision is the template's pieces with
its values between them (row by row in ``amnesty.engine.fastpath``, a column
at a time in ``amnesty.engine.columnar``). Each template is proved, when it
is made, to give back the decision it was cut from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from amnesty.errors import EngineError
from amnesty.engine.outcome import Plan, Result

DATES = tuple(f.name for f in fields(Result) if "date" in str(f.type))
UNDATED = tuple(f.name for f in fields(Result) if f.name not in (*DATES, "sentence_after"))
PER_RECORD = ("record_id", "facility_id", "sentence_before", "sentence_after", *DATES)


class NoTemplate(Exception):
    """A decision that cannot be cut into a template: its records are decided the plain way."""


class Template:
    """A decision's JSON with holes for what differs between records of one key and result."""

    def __init__(self, decision: dict[str, Any], encode: Callable[[Any], str]):
        slots = [name for name in decision if name in PER_RECORD]
        if slots != [s for s in PER_RECORD if s in decision]:
            raise EngineError(f"the decision's fields changed ({', '.join(decision)}); the fast path needs updating")
        # The whole decision encoded once, each per-record value a marker that is cut out after.
        marks = {name: f"\x1e{i}\x1e" for i, name in enumerate(slots)}
        text = encode({name: marks.get(name, value) for name, value in decision.items()})
        quoted = [encode(marks[name]) for name in slots]
        pieces = []
        for mark in quoted:
            if text.count(mark) != 1:  # a value of the decision is the marker itself: no template
                raise NoTemplate
            before, text = text.split(mark)
            pieces.append(before)
        self.pieces = [*pieces, text]  # the text between the holes: a record's decision is its values between them
        self.dates = tuple(slot for slot in slots if slot in DATES)


@dataclass
class Entry:
    plan: Plan
    findings: dict[str, Any]
    fixed: Result | None  # the result, when the key alone decides it
    templates: dict[tuple, Template] = field(default_factory=dict)


def result_key(result: Result) -> tuple:
    """A result without its dates and new term, which differ from record to record and are filled in."""
    return tuple(map(result.__getattribute__, UNDATED))


def possible_outcomes(result: Result) -> tuple[str, ...]:
    """The possible outcomes as the decision writes them."""
    return tuple(o.value for o in result.possible) or (result.outcome.value,)
