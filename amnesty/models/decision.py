"""The decision: the output contract of data-dictionary.md.

A decision is advice for a person, so it carries everything needed to
reproduce and challenge it: the reasons with their articles, the facts that
were missing, and exactly which encoded law produced it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Outcome(StrEnum):
    """Outcomes in order of precedence: the first that applies wins."""

    invalid = "invalid"
    not_covered = "not_covered"
    excluded = "excluded"
    review = "review"
    deferred = "deferred"  # relief waits on a condition not yet met (a final judgment, the victim's claim)
    release = "release"
    reduced = "reduced"


OUTCOME_ORDER: tuple[Outcome, ...] = tuple(Outcome)


class Finding(StrEnum):
    """How a rule stood for a record under three-valued logic."""

    applies = "applies"
    unknown = "unknown"


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(description="Id of the rule in the rulebook.")
    article: str = Field(description="Article of the law the rule encodes.")
    effect: str = Field(description="not_covered, exclude, release, remit, commute, reduce, review, ...")
    text: str = Field(description="A sentence a person can read.")
    finding: Finding = Field(
        default=Finding.applies,
        description="applies: the rule definitely holds; unknown: it depends on a missing fact.",
    )
    subject_to: str | None = Field(
        default=None, description="A condition the relief depends on that the record cannot show; absent when none."
    )


class Sentence(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(description="death, life, fixed or none; null when unknown.")
    months: float | int | None = Field(default=None, description="Months of a fixed term, up to two decimals.")


class RulebookRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: str
    sha256: str = Field(description="Digest of the exact rulebook, scenario changes included.")
    overrides: dict[str, Any] = Field(
        default_factory=dict, description="Parameter values and switched-off rules that differ from the rulebook."
    )


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: str | None
    facility_id: str | None
    outcome: Outcome
    possible_outcomes: list[Outcome] = Field(
        default_factory=list,
        description="The outcomes the record could have once its unknown facts are known, in precedence order; "
        "[outcome] when no unknown fact matters (a definite exclusion with unknown scope facts lists "
        "not_covered and excluded).",
    )
    reasons: list[Reason] = Field(default_factory=list, description="Most decisive first.")
    missing: list[str] = Field(
        default_factory=list,
        description="Every unknown fact whose value could change the outcome or the release date, "
        "whatever the other unknown facts turn out to be; filled in, the record is no longer review "
        "for want of a fact.",
    )
    sentence_before: Sentence | None = None
    sentence_after: Sentence | None = None
    release_date: date | None = None
    parole_date: date | None = Field(
        default=None, description="For reduced: the earliest date parole becomes possible, when the law provides it."
    )
    earliest_release_date: date | None = Field(
        default=None,
        description="For review: the earliest date the person could be released once the unknown facts "
        "are known (the as-of date when release is possible); null when no release is possible.",
    )
    as_of: date
    rulebook: RulebookRef
    errors: list[str] = Field(default_factory=list, description="Only for invalid records.")


class Step(BaseModel):
    """One instrument of a chain of successive instruments, as it decided the record."""

    model_config = ConfigDict(extra="forbid")

    rulebook: RulebookRef
    as_of: date = Field(description="The instrument's enactment date; the run's as-of date for the last.")
    outcome: Outcome
    possible_outcomes: list[Outcome] = Field(
        default_factory=list, description="What this instrument could decide once its missing facts are known.")
    reasons: list[Reason] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    sentence_before: Sentence | None = Field(default=None, description="The sentence the previous instrument left.")
    sentence_after: Sentence | None = None
    release_date: date | None = None


class ChainDecision(Decision):
    """A decision under successive instruments: ``rulebook`` names the chain, ``steps`` has one entry each."""

    steps: list[Step] = Field(default_factory=list, description="One per instrument, in enactment order.")
