"""A rule's condition as data: comparisons of a record field with a value or a parameter, combined
with ``all``, ``any`` and ``not``.

The models are strict (``extra="forbid"``): a misspelt key in a rulebook is
an error, not a silently ignored condition. ``amnesty.rules.compiler``
turns a condition into the leaves the engine evaluates.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_serializer

from amnesty.models.unused import left_out


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamRef(Strict):
    """A reference to a named parameter, optionally shifted by a number of days or years back
    (``minus_years`` reads "reached 75 on the date of issue" as a birth-date cut-off)."""

    param: str
    plus_days: int | ParamRef | None = None
    minus_years: int | ParamRef | None = None

    @model_serializer(mode="wrap")
    def _omit_unused(self, handler: Any) -> dict[str, Any]:
        """Leave out an unused shift, so rulebooks that do not use it keep their digest."""
        return left_out(handler(self), none=("minus_years",))


Literal_ = date | bool | int | float | str | list[Any]
Value = Union[ParamRef, Literal_]

Op = Literal[
    "==", "!=", "<", "<=", ">", ">=",
    "in", "not_in", "contains", "contains_any", "is_unknown", "is_known",
]


class Comparison(Strict):
    """``field op value``: the leaf of every condition."""

    field: str
    op: Op
    value: Value | None = None


class AllOf(Strict):
    all: list[Condition] = Field(min_length=1)


class AnyOf(Strict):
    any: list[Condition] = Field(min_length=1)


class NotOf(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    not_: Condition = Field(alias="not")


def _condition_tag(raw: Any) -> str | None:
    keys = set(raw) if isinstance(raw, dict) else set(vars(raw)) if isinstance(raw, BaseModel) else set()
    for tag, key in (("all", "all"), ("any", "any"), ("not", "not"), ("not", "not_"), ("cmp", "field")):
        if key in keys:
            return tag
    return None


Condition = Annotated[
    Union[
        Annotated[Comparison, Tag("cmp")],
        Annotated[AllOf, Tag("all")],
        Annotated[AnyOf, Tag("any")],
        Annotated[NotOf, Tag("not")],
    ],
    Discriminator(
        _condition_tag,
        custom_error_type="condition",
        custom_error_message="a condition needs one of the keys field, all, any or not",
    ),
]


for _model in (ParamRef, AllOf, AnyOf, NotOf):
    _model.model_rebuild()
