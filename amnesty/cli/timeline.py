"""``amnesty timeline``: projected releases over time, by region or facility."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich import box
from rich.measure import Measurement
from rich.table import Table

from amnesty import api
from amnesty.cli.analysis_options import FacilitiesOpt, ForceOpt, invalid_exit, side_line
from amnesty.cli.notes import as_of_line, print_notes
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, RulebookOpt, SetOpt, ThenOpt, parse_date, stdout_console
from amnesty.rules.scenario import parse_assignments

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
) -> None:
    """Project releases per month, quarter or year, by region or facility, per period and cumulative.

    Example: amnesty timeline --by quarter --until 2030-12-31 --phase Raqqa --phase Jazira --phase Euphrates,Manbij
    """
    book = api.load_rulebook(rulebook, set=parse_assignments(set_ or []), disable=disable or [], then=then or [])
    result = api.timeline(
        input, rulebook=book, as_of=parse_date(as_of), by=by, group=group, until=parse_date(until, "--until"),
        phases=phase, phase_months=phase_months, facilities=facilities,
    )
    if output:
        result.write(output, force=force)
    data = result.to_dict()
    console = stdout_console()
    console.print(side_line(result.rulebook))
    console.print(f"{as_of_line(result)}, until {result.until}; {result.records:,} records from {result.source}")
    print_notes(console, result)
    if result.phases:
        console.print("release phases: " + "; ".join(f"{region} {day}" for region, day in result.phase_dates.items()))
    groups = list(result.releases) if len(result.releases) <= MAX_COLUMNS else []
    table = _table(result, data, by, group, groups)
    def too_wide(table: Table) -> bool:
        return Measurement.get(console, console.options.update_width(10_000), table).maximum > console.width

    if groups and too_wide(table):  # first try without lines between columns
        table.box, table.show_edge, table.pad_edge = box.SIMPLE_HEAD, False, False
    narrow = bool(groups) and too_wide(table)
    if narrow:  # too wide for this terminal: totals only
        table = _table(result, data, by, group, [])
    console.print(table)
    if narrow:
        console.print(f"releases per {group} do not fit {console.width} columns: widen the terminal, "
                      f"or use --output to get them")
    elif not groups:
        console.print(f"{len(result.releases)} {group} groups: use --output to get releases per {group}")
    after = sum(result.after_horizon.values())
    not_released = ", ".join(f"{n:,} {o}" for o, n in result.not_released.items() if n)
    console.print(f"released by {result.until}: {result.released_by_horizon:,}; after it: {after:,}; "
                  f"not released: {not_released or 'none'}")
    if output:
        console.print(f"timeline written to {output}")
    invalid_exit(console, result.not_released.get("invalid", 0))


def _table(result, data, by: str, group: str, groups: list[str]) -> Table:
    table = Table(title=f"Projected releases per {by}" + (f" by {group}" if groups else ""), title_justify="left")
    table.add_column(by, no_wrap=True)
    for name in (*groups, "total", "cumulative"):
        table.add_column(name, justify="right", no_wrap=True)
    for i, period in enumerate(result.periods):
        table.add_row(period, *(f"{result.releases[g][i]:,}" for g in groups),
                      f"{data['total'][i]:,}", f"{data['total_cumulative'][i]:,}")
    return table
