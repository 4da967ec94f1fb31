"""The rulebook: one amnesty law as data.

A legal reviewer reads these files, so the models are strict
(``extra="forbid"``: a misspelt key is an error, not a silently ignored rule)
and every rule carries its article, source and the reading it adopts.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_serializer


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamRef(Strict):
    """A reference to a named parameter, optionally shifted by a number of days."""

    param: str
    plus_days: int | ParamRef | None = None


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


class Kind(StrEnum):
    scope = "scope"
    exclusion = "exclusion"
    relief = "relief"


class EffectType(StrEnum):
    not_covered = "not_covered"
    exclude = "exclude"
    release = "release"  # released at once, sentence untouched (humanitarian release)
    remit = "remit"  # the whole remaining penalty remitted
    commute = "commute"  # sentence replaced by a fixed term of `years`
    reduce = "reduce"  # `remit_fraction` of a fixed term remitted
    review = "review"  # the law has no provision: a person must decide


class Effect(Strict):
    type: EffectType
    years: Value | None = None
    remit_fraction: Value | None = None
    parole_fraction: Value | None = Field(
        default=None,
        description="commute/reduce: share of the new term after which parole becomes possible (gives parole_date).",
    )
    subject_to: str | None = Field(
        default=None,
        description="A condition the relief depends on that the record cannot show (e.g. certified good conduct).",
    )

    @model_serializer(mode="wrap")
    def _omit_unused(self, handler: Any) -> dict[str, Any]:
        """Leave out unused optional attributes, so rulebooks that do not use them keep their digest."""
        data = handler(self)
        for name in ("parole_fraction", "subject_to"):
            if isinstance(data, dict) and data.get(name) is None:
                data.pop(name, None)
        return data


class Source(Strict):
    id: str
    title: str
    url: str | None = None
    published: date | None = None


class ParamType(StrEnum):
    date = "date"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    text = "text"
    list = "list"


class Parameter(Strict):
    """A number, date or list the law fixes; conditions name it, never repeat it."""

    description: str
    type: ParamType
    value: Any
    unit: str | None = None
    source: str
    notes: list[str] = Field(default_factory=list)


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    article: str = Field(min_length=1)
    kind: Kind
    source: str = Field(description="Id of an entry in the rulebook's sources.")
    summary: str = Field(min_length=1, description="One sentence a lawyer can check against the text.")
    when: Condition
    effect: Annotated[Effect, Field(description="What applies when the condition holds.")]
    overrides: list[str] = Field(
        default_factory=list, description="Rules this one displaces when both hold (an exception to them)."
    )
    notes: list[str] = Field(default_factory=list, description="Interpretation notes: readings that are a choice.")

    @field_validator("effect", mode="before")
    @classmethod
    def _effect_shorthand(cls, value: Any) -> Any:
        """``effect: exclude`` is short for ``effect: {type: exclude}``."""
        return {"type": value} if isinstance(value, str) else value


class CaseExpectation(Strict):
    outcome: str
    rules: list[str] = Field(default_factory=list, description="Rule ids that must be among the reasons.")
    not_rules: list[str] = Field(default_factory=list, description="Rule ids that must not be among them.")
    missing: list[str] | None = None
    sentence_after: dict[str, Any] | None = None
    release_date: date | None = None
    parole_date: date | None = None


class Case(Strict):
    """A worked example a legal reviewer can read: a record and what the law makes of it."""

    name: str
    record: dict[str, Any]
    as_of: date | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    disable: list[str] = Field(default_factory=list)
    expect: CaseExpectation


class Rulebook(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    authority: str
    enacted: date
    version: str
    summary: str = ""
    sources: list[Source] = Field(min_length=1)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)
    unencoded: list[str] = Field(
        default_factory=list, description="Provisions deliberately not encoded, and why."
    )
    case_defaults: dict[str, Any] = Field(
        default_factory=dict, description="Record fields every case starts from unless it says otherwise."
    )
    cases: list[Case] = Field(default_factory=list)


for _model in (ParamRef, AllOf, AnyOf, NotOf, Rule, Rulebook):
    _model.model_rebuild()
