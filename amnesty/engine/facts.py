"""A record as the facts the rules read.

Two forms of the same facts: the Python form (lists as frozensets) that the
plain evaluator and the record's key use, and the durable_rules form, which
needs every key present (a missing key never matches, not even ``== null``),
lists as objects of booleans, and dates as ISO text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from typing import Any

from amnesty.models.fields import FIELDS, FieldType
from amnesty.models.record import Record
from amnesty.engine.sentence import age_on

_LIST_FIELDS = {name: spec.choices for name, spec in FIELDS.items() if spec.type is FieldType.enum_list}
_RECORD_FIELDS = [name for name, spec in FIELDS.items() if not spec.reads]



def _born_near(years: Any, as_of: date) -> list[date]:
    """Birth dates at which ``age`` crosses ``years`` on the as-of date: born exactly so many years
    before it, and a year either side (``worlds`` adds the day either side of each)."""
    out = []
    for n in (int(years) - 1, int(years), int(years) + 1):
        year = as_of.year - n
        if 1 <= year <= 9999:
            try:
                out.append(as_of.replace(year=year))
            except ValueError:  # 29 February in a common year
                out.append(as_of.replace(year=year, day=28))
    return out


DERIVED: dict[str, tuple[str, Callable[[Any, date], Any], Callable[[Any, date], list[Any]] | None]] = {
    "age": ("birth_date", age_on, _born_near),
}
"""Facts computed from one record field and the as-of date: name -> (field, function, near).

``near(threshold, as_of)`` gives values of the field at which the fact crosses a threshold a rule
compares it with, so the worlds of unknown facts try the field on both sides of every threshold
(None: the fact's thresholds pick no particular values of its field)."""

if {name: spec.reads for name, spec in FIELDS.items() if spec.reads} != {n: (f,) for n, (f, *_) in DERIVED.items()}:
    raise RuntimeError("amnesty.models.fields and amnesty.engine.facts disagree on the derived facts")


def fact_value(value: Any) -> Any:
    """One record value in fact form: dates as ISO text, lists as frozensets, enums as text."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return frozenset(str(item) for item in value)
    if isinstance(value, Fraction):  # months an earlier instrument of a chain left: a number, as months are
        return float(value)
    if value is not None and not isinstance(value, bool | int):
        return str(value)
    return value


def python_fact(record: Record, as_of: date) -> dict[str, Any]:
    fact = {name: fact_value(getattr(record, name)) for name in _RECORD_FIELDS}
    for name, (source, derive, _) in DERIVED.items():
        value = getattr(record, source)
        fact[name] = None if value is None else derive(value, as_of)
    return fact


def field_facts(name: str, value: Any, as_of: date) -> dict[str, Any]:
    """The facts one record field gives on its own: itself and the facts derived from it."""
    facts = {name: fact_value(value)} if name in FIELDS else {}
    for derived, (source, derive, _) in DERIVED.items():
        if source == name:
            facts[derived] = None if value is None else derive(value, as_of)
    return facts


def durable_fact(fact: dict[str, Any], record_id: str) -> dict[str, Any]:
    """The durable_rules form; ``record_id`` feeds the sentinel rule."""
    out = dict(fact)
    for name, choices in _LIST_FIELDS.items():
        members = fact[name]
        out[name] = None if members is None else {choice: choice in members for choice in choices}
    out["record_id"] = record_id
    return out
