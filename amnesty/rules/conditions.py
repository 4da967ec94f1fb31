"""Resolve a rule's condition into a tree of typed leaves.

Parameters are substituted, constants are type-checked against the field
they are compared with, and the sugar operators are rewritten into a small
core (==, !=, <, <=, >, >=, in, contains, is_unknown, and/or/not) that both
evaluators share. A leaf compares one fact with one constant, which is what
makes a record's findings depend only on which side of each constant its
values fall (the basis of per-key caching in the engine).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Union

from amnesty.models.fields import FIELDS, FieldSpec, FieldType
from amnesty.models.condition import AllOf, AnyOf, Comparison, NotOf, ParamRef
from amnesty.errors import did_you_mean

ORDERED = {FieldType.date, FieldType.integer}
ORDER_OPS = {"<", "<=", ">", ">="}


@dataclass(frozen=True)
class Leaf:
    """``fact[field] op value`` with a constant value in fact form (dates as ISO text)."""

    field: str
    op: str
    value: Any = None

    def describe(self) -> str:
        if self.op == "is_unknown":
            return f"{self.field} is unknown"
        shown = ", ".join(map(str, self.value)) if isinstance(self.value, tuple) else self.value
        return f"{self.field} {self.op} {shown}"


@dataclass(frozen=True)
class Node:
    """An ``all``/``any``/``not`` node over child trees."""

    kind: str  # "all", "any", "not"
    children: tuple[Tree, ...]


Tree = Union[Leaf, Node]


class ConditionError(ValueError):
    """A condition that cannot be compiled; the compiler adds file, line and rule."""


def resolve(condition: Any, values: dict[str, Any]) -> Tree:
    if isinstance(condition, AllOf):
        return _group("all", [resolve(c, values) for c in condition.all])
    if isinstance(condition, AnyOf):
        return _group("any", [resolve(c, values) for c in condition.any])
    if isinstance(condition, NotOf):
        return Node("not", (resolve(condition.not_, values),))
    return _comparison(condition, values)


def _group(kind: str, children: list[Tree]) -> Tree:
    if len(children) == 1:
        return children[0]
    return Node(kind, tuple(children))


def _comparison(cmp: Comparison, values: dict[str, Any]) -> Tree:
    spec = FIELDS.get(cmp.field)
    if spec is None:
        raise ConditionError(f"unknown field {cmp.field!r}" + did_you_mean(cmp.field, FIELDS))
    op = cmp.op
    if op in ("is_unknown", "is_known"):
        if cmp.value is not None:
            raise ConditionError(f"{op} on {cmp.field} takes no value")
        leaf = Leaf(cmp.field, "is_unknown")
        return leaf if op == "is_unknown" else Node("not", (leaf,))
    if cmp.value is None:
        raise ConditionError(f"{cmp.field} {op} needs a value")
    value = resolve_value(cmp.value, values)
    if spec.type is FieldType.enum_list:
        return _list_comparison(spec, op, value)
    if op in ("in", "not_in"):
        if not isinstance(value, list | tuple) or not value:
            raise ConditionError(f"{cmp.field} {op} needs a non-empty list, got {value!r}")
        leaf = Leaf(cmp.field, "in", tuple(_constant(spec, v) for v in value))
        return leaf if op == "in" else Node("not", (leaf,))
    if op in ("contains", "contains_any"):
        raise ConditionError(f"{op} works on list fields; {cmp.field} is a single value (use in)")
    if op in ORDER_OPS and spec.type not in ORDERED:
        raise ConditionError(f"{cmp.field} is {spec.type.value}, which has no order; use == or in")
    return Leaf(cmp.field, op, _constant(spec, value))


def _list_comparison(spec: FieldSpec, op: str, value: Any) -> Tree:
    if op == "contains":
        return Leaf(spec.name, "contains", _constant(spec, value))
    if op == "contains_any":
        if not isinstance(value, list | tuple) or not value:
            raise ConditionError(f"{spec.name} contains_any needs a non-empty list, got {value!r}")
        return _group("any", [Leaf(spec.name, "contains", _constant(spec, v)) for v in value])
    raise ConditionError(f"{spec.name} is a list; use contains or contains_any, not {op}")


def resolve_value(value: Any, values: dict[str, Any]) -> Any:
    """A literal as it is, or a parameter's value (shifted by plus_days for dates)."""
    if not isinstance(value, ParamRef):
        return value
    if value.param not in values:
        raise ConditionError(f"unknown parameter {value.param!r}" + did_you_mean(value.param, values))
    base = values[value.param]
    if value.minus_years is not None:
        base = _years_before(base, resolve_value(value.minus_years, values))
    if value.plus_days is None:
        return base
    days = resolve_value(value.plus_days, values)
    if not isinstance(base, date) or isinstance(days, bool) or not isinstance(days, int):
        raise ConditionError(f"plus_days needs a date parameter and a whole number of days, got {base!r}, {days!r}")
    try:
        return base + timedelta(days=days)
    except OverflowError:
        raise ConditionError(f"{base} plus {days} days falls outside the calendar (years 1 to 9999)") from None


def _years_before(base: Any, years: Any) -> date:
    """The same day ``years`` earlier; 29 February falls back to the 28th in a common year."""
    if not isinstance(base, date) or isinstance(years, bool) or not isinstance(years, int):
        raise ConditionError(f"minus_years needs a date parameter and a whole number of years, got {base!r}, {years!r}")
    if years < 0:  # an age, a span served: never negative (--set release_age=-1 was taken as "born next year")
        raise ConditionError(f"minus_years needs a number of years >= 0, got {years}")
    year = base.year - years
    if not 1 <= year <= 9999:
        raise ConditionError(f"{base} minus {years} years falls outside the calendar (years 1 to 9999)")
    try:
        return base.replace(year=year)
    except ValueError:
        return base.replace(year=year, day=28)


def _constant(spec: FieldSpec, value: Any) -> Any:
    """The constant in fact form, or an error if it cannot meet the field's values."""
    kind = spec.type
    if kind is FieldType.date:
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if isinstance(value, date):
            return value.isoformat()
    elif kind is FieldType.integer:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if isinstance(value, float) and not math.isfinite(value):  # every comparison with it is meaningless
                raise ConditionError(f"{spec.name}: {value!r} is not a finite number")
            return value
    elif kind is FieldType.boolean:
        if isinstance(value, bool):
            return value
    elif kind in (FieldType.enum, FieldType.enum_list):
        if isinstance(value, str) and value in spec.choices:
            return value
        if isinstance(value, str):
            raise ConditionError(
                f"{value!r} is not a value of {spec.name}" + did_you_mean(value, spec.choices)
            )
    elif kind is FieldType.country:
        if isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha() and value.isupper():
            return value
    elif isinstance(value, str):
        if not _is_text(value):
            shown = f"{value[:40]!r}{'...' if len(value) > 40 else ''}"
            raise ConditionError(f"{spec.name}: the text {shown} holds a lone surrogate code point, "
                                 "which is not text the rules engine can read")
        return value
    raise ConditionError(f"{spec.name} is {kind.value}; cannot compare it with {value!r}")


def _is_text(value: str) -> bool:
    """Whether ``value`` is text at all: a lone surrogate has no UTF-8 form (no record holds
    one, and the rulebook's digest could not be computed)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def leaves(tree: Tree) -> list[Leaf]:
    if isinstance(tree, Leaf):
        return [tree]
    return [leaf for child in tree.children for leaf in leaves(child)]


def source_fields(tree: Tree) -> tuple[str, ...]:
    """Record fields the condition reads, in data-dictionary order."""
    wanted = {src for leaf in leaves(tree) for src in FIELDS[leaf.field].sources}
    return tuple(name for name in FIELDS if name in wanted)
