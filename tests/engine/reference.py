"""An independent reference evaluator of rulebook conditions, for tests only.

Written from the data dictionary and the rulebook format, not from the
engine: it reads condition *models* (Comparison, AllOf, AnyOf, NotOf) and a
*Record* directly, and shares no code with amnesty.rules.conditions,
amnesty.rules.kleene or amnesty.engine.facts. Unknown is None, and the
logic is Kleene's: "and" is false as soon as one part is false, "or" is true
as soon as one part is true, otherwise unknown if any part is.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from amnesty.models.record import Record
from amnesty.models.condition import AllOf, AnyOf, Comparison, NotOf, ParamRef

Truth = bool | None


def age(birth: date | None, as_of: date) -> int | None:
    """Completed years: the number of birthdays on or before ``as_of`` (29 February falls on 1 March)."""
    if birth is None:
        return None
    years = as_of.year - birth.year
    try:
        birthday = birth.replace(year=as_of.year)
    except ValueError:  # 29 February in a common year
        birthday = date(as_of.year, 3, 1)
    return years if as_of >= birthday else years - 1


def fact(record: Record, name: str, as_of: date) -> Any:
    """The record's value of a field a condition may read, in plain Python terms."""
    if name == "age":
        return age(record.birth_date, as_of)
    value = getattr(record, name)
    if isinstance(value, tuple):
        return {str(item) for item in value}
    if isinstance(value, str):  # enums are str subclasses: compare their text
        return str(value)
    return value


def constant(value: Any, params: dict[str, Any]) -> Any:
    """A condition's value with parameters substituted (``plus_days`` added to a date)."""
    if isinstance(value, ParamRef):
        base = params[value.param]
        if value.plus_days is None:
            return base
        return base + timedelta(days=constant(value.plus_days, params))
    return value


def _typed(value: Any, like: Any) -> Any:
    """Dates written as text compare as dates."""
    if isinstance(like, date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def comparison(cmp: Comparison, record: Record, params: dict[str, Any], as_of: date) -> Truth:
    value = fact(record, cmp.field, as_of)
    if cmp.op == "is_unknown":
        return value is None
    if cmp.op == "is_known":
        return value is not None
    if value is None:
        return None
    wanted = constant(cmp.value, params)
    if cmp.op == "contains":
        return wanted in value
    if cmp.op == "contains_any":
        return any(item in value for item in wanted)
    if cmp.op in ("in", "not_in"):
        found = any(value == _typed(item, value) for item in wanted)
        return found if cmp.op == "in" else not found
    wanted = _typed(wanted, value)
    return {
        "==": value == wanted, "!=": value != wanted, "<": value < wanted,
        "<=": value <= wanted, ">": value > wanted, ">=": value >= wanted,
    }[cmp.op]


def truth(condition: Any, record: Record, params: dict[str, Any], as_of: date) -> Truth:
    """The condition's truth value for the record: True, False or None (unknown)."""
    if isinstance(condition, NotOf):
        inner = truth(condition.not_, record, params, as_of)
        return None if inner is None else not inner
    if isinstance(condition, AllOf | AnyOf):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        values = [truth(part, record, params, as_of) for part in parts]
        decisive = isinstance(condition, AnyOf)
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    return comparison(condition, record, params, as_of)
