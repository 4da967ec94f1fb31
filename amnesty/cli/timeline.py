"""``amnesty timeline``: projected releases over time, by region or facility."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich import box
from rich.measure import Measurement
from rich.table import Table

from amnesty import api
from amnesty.cli.bounds import band
from amnesty.cli.analysis_options import FacilitiesOpt, ForceOpt, invalid_exit, side_line
from amnesty.cli.notes import as_of_and_why, print_notes
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, WorkersOpt, parse_date, stdout_console,
)
from amnesty.i18n import translator

MAX_COLUMNS = 8


def timeline(
    input: InputArg = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    by: Annotated[str, typer.Option("--by", help="Period: month, quarter or year.")] = "month",
    group: Annotated[str, typer.Option("--group", help="Group by region or facility.")] = "region",
    until: Annotated[Optional[str], typer.Option("--until", help="Horizon (YYYY-MM-DD). Default: five years after the as-of date.")] = None,
    phase: Annotated[Optional[list[str]], typer.Option("--phase", help="Regions released together, comma-separated; repeat in order (first phase on the as-of date).")] = None,
    phase_months: Annotated[int, typer.Option("--phase-months", help="Months between release phases.")] = 1,
    facilities: FacilitiesOpt = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the timeline to FILE (.csv: one row per period and group; .json: everything).")] = None,
    force: ForceOpt = False,
    workers: WorkersOpt = None,
    max_periods: Annotated[int, typer.Option("--max-periods", min=1, help="Refuse a timeline of more periods than this.")] = 1500,
    lang: LangOpt = "en",
) -> None:
    """Project releases per month, quarter or year, by region or facility, per period and cumulative.

    Example: amnesty timeline --by quarter --until 2030-12-31 --phase Raqqa --phase Jazira --phase Euphrates,Manbij
    """
    api.check_outputs([(output, ("json", "csv"))], force=force, inputs=(input, facilities, rulebook))
    tr = translator(lang)
    book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [], then=then or [])
    result = api.timeline(
        input, rulebook=book, as_of=parse_date(as_of), by=by, group=group, until=parse_date(until, "--until"),
        phases=phase, phase_months=phase_months, facilities=facilities, workers=workers, max_periods=max_periods,
    )
    if output:
        result.write(output, force=force)
    data = result.to_dict()
    console = stdout_console()
    console.print(side_line(result.rulebook, tr, rulebook))
    console.print(tr("as of {as_of}, until {until}; {records} records from {source}").format(
        as_of=as_of_and_why(result, tr), until=result.until, records=tr.number(result.records), source=result.source))
    print_notes(console, result, tr)
    if result.phases:
        console.print(tr("release phases: ") + "; ".join(f"{region} {day}" for region, day in result.phase_dates.items()))
    groups = list(result.releases) if len(result.releases) <= MAX_COLUMNS else []
    table = _table(result, data, by, group, groups, tr)
    def too_wide(table: Table) -> bool:
        return Measurement.get(console, console.options.update_width(10_000), table).maximum > console.width

    if groups and too_wide(table):  # first try without lines between columns
        table.box, table.show_edge, table.pad_edge = box.SIMPLE_HEAD, False, False
    narrow = bool(groups) and too_wide(table)
    if narrow:  # too wide for this terminal: totals only
        table = _table(result, data, by, group, [], tr)
    console.print(table)
    if narrow:
        console.print(tr("releases per {group} do not fit {width} columns: widen the terminal, or use --output to "
                         "get them").format(group=tr(group), width=console.width))
    elif not groups:
        console.print(tr("{count} {group} groups: use --output to get releases per {group}").format(
            count=len(result.releases), group=tr(group)))
    after = sum(result.after_horizon.values())
    not_released = tr.list_sep().join(f"{tr.number(n)} {tr.outcome(o)}" for o, n in result.not_released.items() if n)
    console.print(tr("released by {until}: {released}; after it: {after}; not released: {not_released}").format(
        until=result.until, released=tr.number(result.released_by_horizon), after=tr.number(after),
        not_released=not_released or tr("none")))
    if result.possible_by_horizon > result.released_by_horizon:
        console.print(tr("released by {until}: up to {possible} depending on unknown facts").format(
            until=result.until, possible=tr.number(result.possible_by_horizon)))
    if output:
        console.print(tr("timeline written to {path}").format(path=output))
    invalid_exit(console, result.not_released.get("invalid", 0), tr)


def _table(result, data, by: str, group: str, groups: list[str], tr=None) -> Table:
    tr = tr or translator("en")
    title = tr("Projected releases per {period}").format(period=tr.pgettext("period", by))
    table = Table(title=title + (tr(" by {group}").format(group=tr(group)) if groups else ""), title_justify="left")
    table.add_column(tr.pgettext("period", by), no_wrap=True)
    for name in (*groups, tr("total"), tr("cumulative")):
        table.add_column(name, justify="right", no_wrap=True)
    for i, period in enumerate(result.periods):
        table.add_row(period, *(tr.number(result.releases[g][i]) for g in groups),
                      tr.number(data["total"][i]), band(data["total_cumulative"][i], data["total_possible_cumulative"][i], tr))
    table.caption = tr("cumulative a–b: a certainly out by then, up to b depending on unknown facts")
    if result.periods:  # a release decision is out on the as-of date, however long ago an earlier instrument freed them
        table.caption += "\n" + tr("{first} counts everyone out by the as-of date ({as_of}), those released before it "
                                    "included").format(first=result.periods[0], as_of=result.as_of)
    return table
