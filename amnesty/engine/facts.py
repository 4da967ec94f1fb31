"""A record as the facts the rules read.

Two forms of the same facts: the Python form (lists as frozensets) that the
plain evaluator and the record's key use, and the durable_rules form, which
needs every key present (a missing key never matches, not even ``== null``),
lists as objects of booleans, and dates as ISO text.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from amnesty.models.fields import FIELDS, FieldType
from amnesty.models.record import Record
from amnesty.engine.sentence import age_on

_LIST_FIELDS = {name: spec.choices for name, spec in FIELDS.items() if spec.type is FieldType.enum_list}
_RECORD_FIELDS = [name for name, spec in FIELDS.items() if not spec.reads]


def python_fact(record: Record, as_of: date) -> dict[str, Any]:
    fact: dict[str, Any] = {}
    for name in _RECORD_FIELDS:
        value = getattr(record, name)
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = frozenset(str(item) for item in value)
        elif value is not None and not isinstance(value, bool | int):
            value = str(value)
        fact[name] = value
    fact["age"] = None if record.birth_date is None else age_on(record.birth_date, as_of)
    return fact


def durable_fact(fact: dict[str, Any], record_id: str) -> dict[str, Any]:
    """The durable_rules form; ``record_id`` feeds the sentinel rule."""
    out = dict(fact)
    for name, choices in _LIST_FIELDS.items():
        members = fact[name]
        out[name] = None if members is None else {choice: choice in members for choice in choices}
    out["record_id"] = record_id
    return out
