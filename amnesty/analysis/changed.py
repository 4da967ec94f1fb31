"""One record the comparison found changed: its decision on each side, and the rules that made
the difference.

A record has *changed* when its outcome, its sentence after the amnesty or
its release date differs between the two sides (``Side.differs``). The
rules named for it are those on one side only, or on both but meaning
something different there (``rule_differences``), so a reader sees why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from amnesty.rules.compiler import CompiledRulebook


@dataclass(frozen=True)
class Side:
    """One side's decision, as much of it as the comparison reports."""

    outcome: str
    sentence_after: dict[str, Any] | None
    release_date: str | None
    rules: tuple[str, ...]

    @classmethod
    def of(cls, decision: Mapping[str, Any]) -> Side:
        return cls(
            decision["outcome"], decision["sentence_after"], decision["release_date"],
            tuple(reason["rule"] for reason in decision["reasons"]),
        )

    def differs(self, other: Side) -> bool:
        return (self.outcome, self.sentence_after, self.release_date) != (
            other.outcome, other.sentence_after, other.release_date,
        )


@dataclass(frozen=True)
class ChangedRecord:
    record_id: str | None
    facility_id: str | None
    region: str
    baseline: Side
    scenario: Side
    deciding_rules: tuple[str, ...]

    def to_dict(self, as_of: date) -> dict[str, Any]:
        b, s = self.baseline, self.scenario
        return {
            "record_id": self.record_id,
            "facility_id": self.facility_id,
            "region": self.region,
            "as_of": as_of.isoformat(),
            "baseline_outcome": b.outcome,
            "scenario_outcome": s.outcome,
            "baseline_sentence": b.sentence_after,
            "scenario_sentence": s.sentence_after,
            "baseline_release_date": b.release_date,
            "scenario_release_date": s.release_date,
            "deciding_rules": list(self.deciding_rules),
            "baseline_rules": list(b.rules),
            "scenario_rules": list(s.rules),
        }


def rule_differences(a: CompiledRulebook, b: CompiledRulebook) -> frozenset[str]:
    """Ids of rules that mean something different on the two sides, or exist on one side only."""
    left, right = {r.id: r for r in a.rules}, {r.id: r for r in b.rules}
    differ = set()
    for rule_id in left.keys() | right.keys():
        x, y = left.get(rule_id), right.get(rule_id)
        if x is None or y is None or (x.kind, x.tree, x.effect) != (y.kind, y.tree, y.effect):
            differ.add(rule_id)
        elif a.overridden_by.get(rule_id, ()) != b.overridden_by.get(rule_id, ()):
            differ.add(rule_id)
    return frozenset(differ)


def deciding_rules(before: Side, after: Side, differs: frozenset[str]) -> tuple[str, ...]:
    """The rules that made the difference for one record.

    A reason on one side only, or on both sides but with a different meaning
    (a parameter it reads changed, a rule overriding it was switched off).
    If neither side's reasons differ, both sides' reasons are given.
    """
    out = [r for r in before.rules if r not in after.rules or r in differs]
    out += [r for r in after.rules if (r not in before.rules or r in differs) and r not in out]
    return tuple(out) if out else tuple(dict.fromkeys(before.rules + after.rules))
