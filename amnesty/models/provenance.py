"""Where a rulebook's reading comes from: its sources, its articles and the conflicts between sources.

A legal reviewer audits a rule by its article and the sources behind it:
whether the article's text is quoted (``official_text``) or only reported,
who published it, and, where sources disagree, which reading the rulebook
adopts, why, and which bundled scenario takes the other one.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any, Literal

from pydantic import Field, model_serializer

from amnesty.models.condition import Strict
from amnesty.models.unused import left_out


class SourceKind(StrEnum):
    official_text = "official_text"  # the instrument's wording, quoted or published
    official_statement = "official_statement"  # an official speaking about it
    press = "press"
    ngo = "ngo"
    analysis = "analysis"


class Source(Strict):
    id: str
    title: str
    url: str | None = None
    kind: SourceKind | None = Field(default=None, description="What kind of source it is; lint asks for it.")
    language: Literal["ar", "en", "ku"] | None = Field(default=None, description="The language it is written in.")
    published: date | None = None

    @model_serializer(mode="wrap")
    def _omit_unused(self, handler: Any) -> dict[str, Any]:
        return left_out(handler(self), none=("kind", "language"))


class Basis(StrEnum):
    official_text = "official_text"  # the article's wording is quoted in a source
    reported = "reported"  # only a summary of it is known


class Article(Strict):
    """One article (or, when no source numbers it, a descriptive label) of the law."""

    basis: Basis
    summary: str = Field(min_length=1, description="The project's own summary, not the law's words.")
    terms: list[str] = Field(default_factory=list, description="The law's key legal terms, in Arabic.")
    sources: list[str] = Field(min_length=1, description="Ids of the sources it rests on.")
    numbered_by: list[str] = Field(
        default_factory=list, description="Sources that give this article number (needed for a reported number)."
    )


class Reading(Strict):
    sources: list[str] = Field(min_length=1)
    reading: str = Field(min_length=1)


class Conflict(Strict):
    """Sources that disagree: who says what, the reading adopted and why, and the scenario with the other."""

    topic: str = Field(min_length=1)
    readings: list[Reading] = Field(min_length=2)
    default: str = Field(min_length=1)
    why: str = Field(min_length=1)
    scenario: str | None = Field(default=None, description="Id of the bundled scenario that takes the other reading.")
