"""Projected releases over time, per month, quarter or year, by region or facility.

A release counts in the period of its release date: the as-of date for
``release``, the projected end of the reduced term for ``reduced``. Releases
after the horizon are counted apart, so the cumulative total at the horizon
is exactly the number of people released by then.

Release phases model implementation, not eligibility: Law No. 10's first
releases were reported to go region by region (Raqqa first, then Jazira,
then Euphrates and Manbij). With phases, a person released at once is
counted on their region's phase date instead (phase 1 on the as-of date,
each next phase ``phase_months`` later); regions named in no phase come in
one last phase after the named ones. Reduced sentences keep their own dates.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.engine.absent import absent_notes
from amnesty.engine.dated import as_of_choice
from amnesty.engine.run import RunCounts, decisions
from amnesty.analysis.compare import NO_FACILITY, OUTCOMES, side_info
from amnesty.engine.sentence import add_months_or_end
from amnesty.errors import ScenarioError, did_you_mean
from amnesty.facilities import UNKNOWN_REGION, Facility, region_of
from amnesty.rules.compiler import CompiledRulebook
from amnesty.analysis.timeline_result import Timeline, period_count, period_labels, period_of

PERIODS = ("month", "quarter", "year")
GROUPS = ("region", "facility")
DEFAULT_HORIZON_YEARS = 5
MAX_PERIODS = 1500  # 125 years by month (2 s to print): more is a mistyped --until, not a projection anyone reads
_RELEASED = ("release", "reduced")


def timeline(
    input: str | Path,  # noqa: A002 - the command's argument name
    book: CompiledRulebook,
    *,
    facilities: Mapping[str, Facility],
    as_of: date | None = None,
    by: str = "month",
    group: str = "region",
    until: date | None = None,
    phases: Sequence[Sequence[str] | str] | None = None,
    phase_months: int = 1,
    workers: int | None = 1,
    max_periods: int = MAX_PERIODS,
) -> Timeline:
    from amnesty.io.readers import open_records

    if by not in PERIODS:
        raise ScenarioError(f"--by must be one of {', '.join(PERIODS)}, got {by!r}")
    if group not in GROUPS:
        raise ScenarioError(f"--group must be one of {', '.join(GROUPS)}, got {group!r}")
    as_of, chosen, warnings = as_of_choice(book, as_of)
    until = until or add_months_or_end(as_of, 12 * DEFAULT_HORIZON_YEARS)
    if until < as_of:
        raise ScenarioError(f"--until {until} is before the as-of date {as_of}")
    periods = period_count(as_of, until, by)
    if periods > max_periods:  # before a record is read: --until 9999-12-31 by month took two minutes to print
        instead = "an earlier --until" if by == "year" else "--by year or an earlier --until"
        raise ScenarioError(f"--until {until} by {by} gives {periods:,} periods, more than the {max_periods:,} "
                            f"allowed; use {instead}, or raise --max-periods")
    phase_list = _phase_list(phases, facilities)
    if phase_list and phase_months < 1:
        raise ScenarioError(f"--phase-months must be at least 1, got {phase_months}")
    with open_records(input) as rows:
        tally = TimelineTally(facilities, group)
        counts = RunCounts()
        for (decision,) in decisions(rows, [book], as_of, workers=workers, counts=[counts]):
            tally.add(decision)
        warnings += absent_notes(rows.present_fields, rows.extra_columns, [book])
        return timeline_of(tally, rows.path, book, as_of, until, by=by, phases=phase_list, phase_months=phase_months,
                           as_of_chosen=chosen, warnings=warnings, dated_after=counts.dated_after)


class TimelineTally:
    """What a timeline needs from each decision of a run, gathered as the decisions pass: records
    by group, outcome and day. Periods and the horizon are applied at the end (``timeline_of``),
    so one run can feed a timeline whose horizon it finds out itself, as the report's does."""

    def __init__(self, facilities: Mapping[str, Facility], group: str = "region"):
        self.facilities, self.group = facilities, group
        self.records = 0
        self.unknown_facilities: Counter = Counter()
        self.regions: set[str] = set()
        self.days: Counter = Counter()  # (group key, region, outcome, release date, earliest date) -> records

    def add(self, decision: Mapping[str, Any]) -> None:
        self.records += 1
        facility = decision["facility_id"]
        region = region_of(self.facilities, facility)
        if facility and facility not in self.facilities:
            self.unknown_facilities[facility] += 1
        self.regions.add(region)
        key = region if self.group == "region" else facility or NO_FACILITY
        self.days[(key, region, decision["outcome"], decision["release_date"],
                   decision.get("earliest_release_date"))] += 1


def timeline_of(
    tally: TimelineTally, source: str, book: CompiledRulebook, as_of: date, until: date, *, by: str = "month",
    phases: list[list[str]] | None = None, phase_months: int = 1, as_of_chosen: str = "",
    warnings: list[str] | None = None, dated_after: Mapping[str, int] | None = None,
) -> Timeline:
    """The timeline of what ``tally`` gathered, in periods of ``by`` up to ``until``."""
    facilities, group = tally.facilities, tally.group
    dates = _phase_dates(phases, as_of, phase_months)
    labels = period_labels(as_of, until, by)
    position = {label: i for i, label in enumerate(labels)}
    counts: dict[str, list[int]] = {}
    possible: dict[str, list[int]] = {}
    after: Counter = Counter()
    other: Counter = Counter()
    result = Timeline(source, side_info(book), as_of, until, by, group, phases, phase_months, labels,
                      as_of_chosen=as_of_chosen, warnings=list(warnings or []))
    result.records = tally.records
    result.unknown_facilities.update(tally.unknown_facilities)
    for (key, region, outcome, release, earliest), n in tally.days.items():
        row = counts.setdefault(key, [0] * len(labels))
        could = possible.setdefault(key, [0] * len(labels))
        if outcome not in _RELEASED or release is None:
            other[outcome] += n
            if earliest:  # a review record: the earliest it could be out, once its facts are known
                day = date.fromisoformat(earliest)
                if phases and day == as_of:
                    day = dates.get(region, dates[None])
                if day <= until:
                    could[position[period_of(day, by)]] += n
            continue
        day = date.fromisoformat(release)
        if phases and outcome == "release" and day == as_of:
            day = dates.get(region, dates[None])
        if day > until:
            after[key] += n
        else:
            row[position[period_of(day, by)]] += n
    result.dated_after.update(dated_after or {})
    result.releases = dict(sorted(counts.items()))
    result.possible_releases = {key: possible[key] for key in result.releases}
    result.after_horizon = {key: after.get(key, 0) for key in result.releases}
    result.not_released = {o: other.get(o, 0) for o in OUTCOMES if o not in _RELEASED}
    if phases:
        result.phase_dates = {r: d.isoformat() for r, d in dates.items() if r}
        named = {r for phase in phases for r in phase}
        if (tally.regions | {f.region for f in facilities.values()}) - named:
            result.phase_dates["(other regions)"] = dates[None].isoformat()
    return result


def _phase_list(phases: Sequence[Sequence[str] | str] | None, facilities: Mapping[str, Facility]) -> list[list[str]] | None:
    """Phases as lists of regions; a phase given as text may list regions with commas."""
    if not phases:
        return None
    known = sorted({f.region for f in facilities.values()} | {UNKNOWN_REGION})
    result: list[list[str]] = []
    seen: set[str] = set()
    for phase in phases:
        names = [n.strip() for n in phase.split(",")] if isinstance(phase, str) else [str(n).strip() for n in phase]
        names = [n for n in names if n]
        if not names:
            raise ScenarioError("a release phase names no region")
        for name in names:
            if name not in known:
                raise ScenarioError(
                    f"--phase: no region {name!r} in the facility register" + did_you_mean(name, known)
                    + f" (regions: {', '.join(known)})"
                )
            if name in seen:
                raise ScenarioError(f"--phase: region {name!r} is in two phases")
            seen.add(name)
        result.append(names)
    return result


def _phase_dates(phases: list[list[str]] | None, as_of: date, every: int) -> dict[str | None, date]:
    """Each named region's phase date; the key None holds the date of the regions named in no phase."""
    if not phases:
        return {None: as_of}
    dates: dict[str | None, date] = {}
    for number, regions in enumerate(phases):
        for region in regions:
            dates[region] = add_months_or_end(as_of, every * number)
    dates[None] = add_months_or_end(as_of, every * len(phases))
    return dates
