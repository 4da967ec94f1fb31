"""The rulebook: one amnesty law as data.

A legal reviewer reads these files, so the models are strict
(``extra="forbid"``: a misspelt key is an error, not a silently ignored rule)
and every rule carries its article, source and the reading it adopts.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_serializer, model_validator

from amnesty.models.condition import Condition, Strict, Value
from amnesty.models.provenance import Article, Conflict, Source
from amnesty.models.unused import left_out


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
    defer = "defer"  # the relief waits on a condition not yet met (a final judgment, the victim's claim)


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
        return left_out(handler(self), none=("parole_fraction", "subject_to"))


class ParamType(StrEnum):
    date = "date"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    text = "text"
    list = "list"


def _source_shorthand_schema(schema: dict[str, Any]) -> None:
    """The JSON Schema of a file as written: ``source: X`` in place of ``sources: [X]``, one of the two."""
    properties = schema.setdefault("properties", {})
    properties["source"] = {"type": "string", "description": "The id of the one source; short for sources: [id]."}
    schema["required"] = [name for name in schema.get("required", []) if name != "sources"]
    schema["oneOf"] = [{"required": ["sources"]}, {"required": ["source"]}]


def _rule_schema(schema: dict[str, Any]) -> None:
    """A rule as written: ``source`` shorthand, and ``effect: exclude`` for ``effect: {type: exclude}``."""
    _source_shorthand_schema(schema)
    effect = schema["properties"]["effect"]
    schema["properties"]["effect"] = {
        "anyOf": [{k: v for k, v in effect.items() if k != "description"},
                  {"type": "string", "enum": [e.value for e in EffectType]}],
        "description": effect.get("description", ""),
    }


class Complement(Strict):
    """A list parameter that is every value of a record field the other list (and ``except``) leaves out.

    Some laws need both halves of one partition: the crimes they cover, and
    (to tell a case that mixes covered and uncovered crimes) every other
    crime. Written as two independent lists, a scenario that widens one
    silently leaves the other as it was; declared as a complement, the
    second follows the first and cannot be set on its own.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_alias=True, validate_by_name=True,
                              serialize_by_alias=True)

    of: str = Field(description="The list parameter this one complements.")
    within: str = Field(description="The record field whose values the two lists share out.")
    except_: list[str] = Field(
        default_factory=list, alias="except",
        description="Values of the field in neither list, because other rules decide them (an exclusion, say).",
    )


class _Sourced(Strict):
    """A part of a rulebook that cites its sources (``sources``, at least one); ``source: X`` is
    short for ``sources: [X]``."""

    @model_validator(mode="before")
    @classmethod
    def _source_shorthand(cls, data: Any) -> Any:
        if isinstance(data, dict) and "source" in data:
            data = dict(data)
            source = data.pop("source")
            if "sources" in data:
                raise ValueError("give either source or sources, not both")
            data["sources"] = [source]
        return data

    @property
    def source(self) -> str:
        return self.sources[0]


class Parameter(_Sourced):
    """A number, date or list the law fixes; conditions name it, never repeat it."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_source_shorthand_schema)

    description: str
    type: ParamType
    value: Any
    unit: str | None = None
    sources: list[str] = Field(min_length=1, description="Ids of the sources that give the value.")
    notes: list[str] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    complement: Complement | None = Field(
        default=None,
        description="This list is every value of a field that another list parameter leaves out; "
        "it follows that parameter in a scenario and is not set on its own.",
    )

    @model_serializer(mode="wrap")
    def _omit_unused(self, handler: Any) -> dict[str, Any]:
        """Empty optional parts are left out, so that a rulebook's digest does not change when the
        format gains one."""
        return left_out(handler(self), empty=("conflicts",), none=("complement",))


class AsOfWindow(Strict):
    """The as-of dates on which a rule is in force: ``{op: "<=", value: {param: deadline}}``.

    A deadline the law sets changes what it gives once it has passed: weapons
    not yet surrendered wait for their surrender (deferred) until the
    deadline, and after it the remission can no longer be earned. A record
    cannot say which day the decision is made for; the as-of date does."""

    op: Literal["<", "<=", ">", ">="]
    value: Value


class Rule(_Sourced):
    # The YAML key ``overrides`` (the rules this one is an exception to) is ``prevails_over`` in Python,
    # so that ``overrides`` means one thing in the code: a rulebook's record of changes (see rules/changes.py).
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_rule_schema,
                              validate_by_alias=True, validate_by_name=True, serialize_by_alias=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    article: str = Field(min_length=1)
    kind: Kind
    sources: list[str] = Field(min_length=1, description="Ids of entries in the rulebook's sources.")
    enabled: bool = Field(default=True, description="False: a reading off by default, switched on by a scenario.")
    summary: str = Field(min_length=1, description="One sentence a lawyer can check against the text.")
    when: Condition
    effect: Annotated[Effect, Field(description="What applies when the condition holds.")]
    prevails_over: list[str] = Field(
        default_factory=list, alias="overrides",
        description="Rules this one displaces when both hold (an exception to them).",
    )
    notes: list[str] = Field(default_factory=list, description="Interpretation notes: readings that are a choice.")
    conflicts: list[Conflict] = Field(default_factory=list, description="Sources that disagree, as structured notes.")
    as_of: AsOfWindow | None = Field(
        default=None, description="In force only for decisions as of dates meeting this (a deadline of the law).")

    @model_serializer(mode="wrap")
    def _omit_unused(self, handler: Any) -> dict[str, Any]:
        """Defaults are left out, so rulebooks that do not use them keep their digest."""
        return left_out(handler(self), true=("enabled",), none=("as_of",), empty=("conflicts",))

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
    enable: list[str] = Field(default_factory=list, description="Rules off by default that the case switches on.")
    expect: CaseExpectation


class Rulebook(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    authority: str
    enacted: date
    version: str
    summary: str = ""
    sources: list[Source] = Field(min_length=1)
    articles: dict[str, Article] = Field(
        default_factory=dict, description="The law's articles, keyed by the label rules cite in `article`."
    )
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    rules: list[Rule] = Field(min_length=1)
    unencoded: list[str] = Field(
        default_factory=list, description="Provisions deliberately not encoded, and why."
    )
    case_defaults: dict[str, Any] = Field(
        default_factory=dict, description="Record fields every case starts from unless it says otherwise."
    )
    cases: list[Case] = Field(default_factory=list)


for _model in (Rule, Rulebook):
    _model.model_rebuild()
