"""The result of a timeline run: projected releases per period and group, as tables.

``amnesty.analysis.timeline`` counts the releases; a ``Timeline`` holds the
counts and gives them as JSON (``to_dict``), as one row per period and
group (``table``, CSV) and as a DataFrame, with the cumulative totals and
the upper band of releases still possible once unknown facts are known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.engine.dated import as_dict as dated_as_dict, describe as describe_dated
from amnesty.engine.sentence import add_months


def period_of(day: date, by: str) -> str:
    if by == "month":  # years in four digits, as ISO dates have them (the charts read "0001-01" back)
        return f"{day.year:04d}-{day.month:02d}"
    if by == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


_MONTHS_IN = {"month": 1, "quarter": 3, "year": 12}


def period_count(start: date, end: date, by: str) -> int:
    """How many periods ``period_labels(start, end, by)`` gives, without making them."""
    step = _MONTHS_IN[by]
    first = start.year * 12 + (start.month - 1) // step * step
    last = end.year * 12 + (end.month - 1) // step * step
    return (last - first) // step + 1


def period_labels(start: date, end: date, by: str) -> list[str]:
    """Every period from the one holding ``start`` to the one holding ``end``."""
    labels: list[str] = []
    current = date(start.year, start.month, 1)
    while current <= end:
        label = period_of(current, by)
        if not labels or labels[-1] != label:
            labels.append(label)
        if (current.year, current.month) == (date.max.year, date.max.month):  # the calendar's last month
            break
        current = add_months(current, 1)
    return labels


@dataclass
class Timeline:
    source: str
    rulebook: dict[str, Any]
    as_of: date
    until: date
    by: str
    group: str
    phases: list[list[str]] | None = None
    phase_months: int = 1
    periods: list[str] = field(default_factory=list)
    releases: dict[str, list[int]] = field(default_factory=dict)
    after_horizon: dict[str, int] = field(default_factory=dict)
    not_released: dict[str, int] = field(default_factory=dict)
    phase_dates: dict[str, str] = field(default_factory=dict)
    records: int = 0
    possible_releases: dict[str, list[int]] = field(default_factory=dict)  # review records that could be out then

    @property
    def possible_cumulative(self) -> dict[str, list[int]]:
        """Per group and period: released by then for certain, plus review records that could be (the upper band)."""
        return {
            group: running_totals([a + b for a, b in zip(counts, self.possible_releases.get(group, [0] * len(counts)))])
            for group, counts in self.releases.items()
        }

    @property
    def possible_by_horizon(self) -> int:
        """Released by the horizon at most, once every unknown fact is known (review records at their earliest)."""
        return self.released_by_horizon + sum(map(sum, self.possible_releases.values()))
    as_of_chosen: str = ""  # how the as-of date was chosen: given, or the law's enactment date
    warnings: list[str] = field(default_factory=list)  # e.g. an as-of date before the law's enactment
    dated_after: Counter = field(default_factory=Counter)  # records dated after the as-of date, by field
    unknown_facilities: Counter = field(default_factory=Counter)  # facility codes not in the register: records

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: as-of warnings, records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]

    @property
    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*self.releases.values())] if self.releases else [0] * len(self.periods)

    @property
    def cumulative(self) -> dict[str, list[int]]:
        return {group: running_totals(counts) for group, counts in self.releases.items()}

    @property
    def released_by_horizon(self) -> int:
        return sum(self.totals)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rulebook": self.rulebook,
            "as_of": self.as_of.isoformat(),
            "until": self.until.isoformat(),
            "by": self.by,
            "group": self.group,
            "phases": self.phases,
            "phase_months": self.phase_months if self.phases else None,
            "phase_dates": self.phase_dates,
            "records": self.records,
            "as_of_chosen": self.as_of_chosen,
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
            "released_by_horizon": self.released_by_horizon,
            "after_horizon": self.after_horizon,
            "not_released": self.not_released,
            "periods": self.periods,
            "releases": self.releases,
            "cumulative": self.cumulative,
            "total": self.totals,
            "total_cumulative": running_totals(self.totals),
            "possible_by_horizon": self.possible_by_horizon,
            "possible_releases": self.possible_releases,
            "possible_cumulative": self.possible_cumulative,
            "total_possible_cumulative": self.total_possible_cumulative,
        }

    @property
    def total_possible_cumulative(self) -> list[int]:
        """All groups: the upper band of the cumulative releases."""
        columns = zip(*self.possible_cumulative.values()) if self.possible_cumulative else ()
        return [sum(column) for column in columns] or [0] * len(self.periods)

    def table(self) -> list[dict[str, Any]]:
        """One row per period and group (long form), for CSV files and data frames."""
        cumulative = self.cumulative
        return [
            {
                "period": period, self.group: group, "releases": counts[i], "cumulative": cumulative[group][i],
                "as_of": self.as_of.isoformat(),
            }
            for i, period in enumerate(self.periods)
            for group, counts in self.releases.items()
        ]

    def write(self, path: str | Path, *, force: bool = False) -> None:
        """``.json`` (everything) or ``.csv`` (one row per period and group)."""
        from amnesty.analysis.outputs import input_paths, write_table

        write_table(self, path, force=force, inputs=input_paths(self.source))

    def to_frame(self, kind: str = "pandas"):
        """A DataFrame in long form: ``kind`` pandas (needs the pandas extra) or polars."""
        from amnesty.analysis.frames import timeline_frame

        return timeline_frame(self, kind)


def running_totals(counts: Sequence[int]) -> list[int]:
    total, out = 0, []
    for n in counts:
        total += n
        out.append(total)
    return out
