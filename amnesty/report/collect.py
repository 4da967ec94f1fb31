"""What the report needs from each decision, gathered as decisions stream past.

Decisions are not kept whole: for 100,000 records that would be gigabytes.
Each one leaves a compact table row (reasons as indexes into one shared
list) and adds to the counts the charts are drawn from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Any

from amnesty.facilities import Facility, region_of
from amnesty.models.decision import OUTCOME_ORDER

OUTCOMES: tuple[str, ...] = tuple(o.value for o in OUTCOME_ORDER)
OUTCOME_INDEX = {name: index for index, name in enumerate(OUTCOMES)}
# Effects that keep a person out: the law does not reach them, or an exclusion bars them.
BARRING_EFFECTS = ("not_covered", "exclude")


def sentence_text(sentence: Mapping[str, Any] | None) -> str:
    """A sentence as a reader writes it: "fixed 119 mo", "life", or "unknown"."""
    if not sentence:
        return ""
    kind, months = sentence.get("type"), sentence.get("months")
    if kind is None:
        return "unknown"
    if kind == "fixed":
        return f"fixed {months:g} mo" if isinstance(months, int | float) else "fixed, months unknown"
    return str(kind)


class Collector:
    """Counts and table rows for one evaluation, fed one decision at a time."""

    def __init__(self, facilities: dict[str, Facility]):
        self.facilities = facilities
        self.reasons: dict[tuple, int] = {}
        self.rows: list[list[Any]] = []
        self.releases: Counter[tuple[str, str]] = Counter()  # (region, ISO date) -> people
        self.barred: Counter[int] = Counter()  # reason index -> people it keeps out
        self.decisive: Counter[int] = Counter()  # reason index -> people for whom it is the first reason
        self.missing: Counter[str] = Counter()

    def add(self, decision: Mapping[str, Any]) -> None:
        outcome = decision["outcome"]
        refs = [self._reason(reason) for reason in decision["reasons"]]
        if outcome in ("excluded", "not_covered"):
            barring = [
                ref for ref, reason in zip(refs, decision["reasons"])
                if reason["effect"] in BARRING_EFFECTS and reason.get("finding", "applies") == "applies"
            ]
            self.barred.update(set(barring))
            if barring:
                self.decisive[barring[0]] += 1
        self.missing.update(decision["missing"])
        release = decision["release_date"]
        region = region_of(self.facilities, decision["facility_id"])
        if release and outcome in ("release", "reduced"):
            self.releases[(region, release)] += 1
        self.rows.append([
            decision["record_id"] or "",
            decision["facility_id"] or "",
            region,
            OUTCOME_INDEX[outcome],
            sentence_text(decision["sentence_before"]),
            sentence_text(decision["sentence_after"]),
            release or "",
            refs,
            decision["missing"],
            decision["errors"],
        ])

    def _reason(self, reason: Mapping[str, Any]) -> int:
        key = (reason["rule"], reason["article"], reason["effect"], reason["text"], reason.get("finding", "applies"))
        return self.reasons.setdefault(key, len(self.reasons))

    def reason_list(self) -> list[dict[str, str]]:
        names = ("rule", "article", "effect", "text", "finding")
        return [dict(zip(names, key)) for key in self.reasons]

    def barring_reasons(self) -> list[dict[str, Any]]:
        """Rules that keep people out, most people first, each with its article."""
        listed = self.reason_list()
        rows = [
            {**listed[index], "people": people, "decisive": self.decisive.get(index, 0)}
            for index, people in self.barred.items()
        ]
        return sorted(rows, key=lambda row: (-row["people"], row["rule"]))

    def release_series(self, as_of: date) -> dict[str, list[tuple[str, int]]]:
        """Per region, the cumulative number released on each date a release falls."""
        per_region: dict[str, Counter[str]] = {}
        for (region, day), count in self.releases.items():
            per_region.setdefault(region, Counter())[day] += count
        series = {}
        for region in sorted(per_region):
            running, points = 0, []
            for day in sorted(per_region[region]):
                running += per_region[region][day]
                points.append((day, running))
            series[region] = points
        return series


def release_horizons(series: dict[str, list[tuple[str, int]]], as_of: date, years=(1, 2, 5)) -> list[dict]:
    """Per region: released at the as-of date, within each horizon, and in all."""
    def shifted(n: int) -> str:
        try:
            return as_of.replace(year=as_of.year + n).isoformat()
        except ValueError:  # 29 February
            return as_of.replace(year=as_of.year + n, day=28).isoformat()

    rows = []
    for region, points in series.items():
        row = {"region": region, "at_as_of": _upto(points, as_of.isoformat())}
        for n in years:
            row[f"within_{n}y"] = _upto(points, shifted(n))
        row["total"] = points[-1][1] if points else 0
        rows.append(row)
    return rows


def _upto(points: list[tuple[str, int]], day: str) -> int:
    count = 0
    for when, running in points:
        if when > day:
            break
        count = running
    return count
