"""The scenario: a rulebook plus the changes a policy question asks about.

A scenario file is small on purpose: it names its base rulebook and says
only what differs (parameter values, rules switched off, rules added), so a
reviewer sees the whole what-if at a glance and the base law stays one
source of truth. Like rulebooks, it is strict: a misspelt key is an error.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from amnesty.models.provenance import Article, Source
from amnesty.models.rulebook import Parameter, Rule


class Scenario(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Names the scenario in decisions and tables.")
    title: str = Field(min_length=1)
    base: str = Field(
        min_length=1,
        description="Built-in rulebook id, or a rulebook file path (relative to the scenario file).",
    )
    question: str = Field(min_length=1, description="The policy question the scenario models.")
    notes: list[str] = Field(default_factory=list, description="Readings and caveats an analyst should know.")
    set: dict[str, Any] = Field(default_factory=dict, description="Parameter values that differ from the base.")
    disable: list[str] = Field(default_factory=list, description="Ids of base rules switched off.")
    enable: list[str] = Field(
        default_factory=list, description="Ids of base rules that are off by default (another reading) switched on."
    )
    add_rules: list[Rule] = Field(default_factory=list, description="Rules the base law does not have.")
    add_parameters: dict[str, Parameter] = Field(
        default_factory=dict, description="Parameters the added rules name, beside the base's own."
    )
    add_sources: list[Source] = Field(default_factory=list, description="Sources the added rules cite.")
    add_articles: dict[str, Article] = Field(
        default_factory=dict,
        description="Articles the added rules cite that the base's articles block lacks (the reading they encode).",
    )
