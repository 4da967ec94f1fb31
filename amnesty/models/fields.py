"""What a rule condition may read: the record's fields and the facts derived from them.

The record's fields are declared once, in ``amnesty.models.record.Record``;
``FIELDS`` is read from it: a field's kind is the cell parser it is
declared with (``amnesty.models.cells``: ``parse_flag`` reads a boolean,
``parse_date`` a date, ...) and an enum's choices are its enum's members.
Only the derived facts, computed from a record field and the as-of date,
are declared here (``DERIVED_FACTS``; the function that computes each is
``amnesty.engine.facts.DERIVED``).

The compiler type-checks every constant against this table, because the
rules engine compares mismatched types as text without complaint
(``"2024-07-16" < 20240717`` is true there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args

from pydantic import BeforeValidator
from pydantic.fields import FieldInfo

from amnesty.models import cells
from amnesty.models.record import Record


class FieldType(StrEnum):
    text = "text"
    country = "country"
    date = "date"
    integer = "integer"
    boolean = "boolean"
    enum = "enum"
    enum_list = "enum_list"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    choices: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()  # record fields a derived fact is computed from
    description: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return self.reads or (self.name,)


# The kind of value each cell parser gives: a record field's kind is its parser's.
KIND_OF_PARSER: dict[Any, FieldType] = {
    cells.verbatim_text: FieldType.text,
    cells.parse_country: FieldType.country,
    cells.parse_date: FieldType.date,
    cells.parse_months: FieldType.integer,
    cells.parse_flag: FieldType.boolean,
    cells.enum_text: FieldType.enum,
    cells.parse_enum_list: FieldType.enum_list,
}

NOT_READ_BY_RULES = ("record_id",)  # the record's identity: copied to its decision, never a fact

DERIVED_FACTS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "age",
        FieldType.integer,
        reads=("birth_date",),
        description="completed years at the as-of date, from birth_date",
    ),
)


def _enum_in(annotation: Any) -> type[StrEnum] | None:
    """The enum inside a field's annotation (``X | None``, ``tuple[X, ...] | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return annotation
    for arg in get_args(annotation):
        found = _enum_in(arg)
        if found is not None:
            return found
    return None


def record_field_spec(name: str, info: FieldInfo) -> FieldSpec:
    """A record field as the rules see it, read from its declaration in ``Record``."""
    parsers = [m.func for m in info.metadata if isinstance(m, BeforeValidator) and m.func in KIND_OF_PARSER]
    if len(parsers) != 1:
        raise TypeError(f"Record.{name} needs exactly one cell parser of amnesty.models.cells (found {len(parsers)})")
    kind = KIND_OF_PARSER[parsers[0]]
    if kind not in (FieldType.enum, FieldType.enum_list):
        return FieldSpec(name, kind)
    enum = _enum_in(info.annotation)
    if enum is None:
        raise TypeError(f"Record.{name} is read as an enum but its annotation names no enum")
    return FieldSpec(name, kind, tuple(member.value for member in enum))


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        *(record_field_spec(name, info) for name, info in Record.model_fields.items() if name not in NOT_READ_BY_RULES),
        *DERIVED_FACTS,
    )
}

_ORDER = {name: i for i, name in enumerate(FIELDS)}


def in_field_order(names) -> tuple[str, ...]:
    """Field names in data-dictionary order, so lists of missing facts are stable."""
    return tuple(sorted(set(names), key=_ORDER.__getitem__))
