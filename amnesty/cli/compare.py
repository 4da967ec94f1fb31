"""``amnesty compare``: two rulebooks or scenarios on the same records."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.analysis.compare import OUTCOMES
from amnesty.cli.analysis_options import FacilitiesOpt, ForceOpt, invalid_exit, side_line, signed
from amnesty.cli.notes import as_of_line, print_notes
from amnesty.cli.tables import fitted
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, SetOpt, ThenOpt, parse_date, stdout_console
from amnesty.rules.scenario import parse_assignments


def compare(
    input: InputArg = None,
    scenario: Annotated[str, typer.Option("--scenario", "-s", help="Rulebook id, bundled scenario id, or rulebook or scenario file to compare.")] = ...,
    baseline: Annotated[str, typer.Option("--baseline", "-b", help="Rulebook id, bundled scenario id, or rulebook or scenario file to compare against.")] = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    facilities: FacilitiesOpt = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the changed records to FILE (.jsonl or .csv).")] = None,
    tables: Annotated[Optional[str], typer.Option("--tables", help="Write the tables (counts, transitions, deltas) to FILE.json.")] = None,
    show: Annotated[int, typer.Option("--show", help="How many changed records to list on screen.")] = 20,
    force: ForceOpt = False,
) -> None:
    """Compare outcomes under two rulebooks or scenarios, at one as-of date (default: the baseline's enactment).

    --set and --disable change the scenario side; --then follows both sides with the same later instruments.

    Example: amnesty compare --baseline aanes-2024-law-10 --scenario law-10-life-20 --output changed.csv
    """
    other = api.load_rulebook(scenario, set=parse_assignments(set_ or []), disable=disable or [])
    result = api.compare(
        input, baseline=baseline, scenario=other, as_of=parse_date(as_of), facilities=facilities, then=then or []
    )
    if output:
        result.write_changed(output, force=force)
    if tables:
        result.write_tables(tables, force=force)
    console = stdout_console()
    console.print(f"baseline {side_line(result.baseline)}")
    console.print(f"scenario {side_line(result.scenario)}")
    console.print(f"both evaluated {as_of_line(result)}; {result.records:,} records from {result.source}; "
                  f"{len(result.changed):,} changed (outcome, sentence or release date)")
    print_notes(console, result)
    console.print(_counts(result))
    console.print(fitted(console, lambda header: _transitions(result, header), OUTCOMES))
    console.print(fitted(console, lambda header: _deltas(result.by_region, "region", f"Change by region, as of {result.as_of}", header), OUTCOMES))
    moved = {k: v for k, v in result.by_facility.items() if any(v["delta"].values())}
    if moved:
        console.print(fitted(console, lambda header: _deltas(moved, "facility", f"Facilities with changes, as of {result.as_of}", header), OUTCOMES))
    if result.changed and show > 0:
        console.print(_changed(result, show))
    for path, what in ((output, f"{len(result.changed):,} changed records"), (tables, "tables")):
        if path:
            console.print(f"{what} written to {path}")
    invalid_exit(console, result.outcomes["invalid"]["baseline"])


def _counts(result) -> Table:
    """Outcome counts side by side; the sides are named in full on the lines above the table."""
    table = Table(title=f"Outcomes as of {result.as_of}", title_justify="left")
    for column in ("outcome", "baseline", "scenario", "change"):
        table.add_column(column, justify="left" if column == "outcome" else "right", no_wrap=True)
    for outcome, row in result.outcomes.items():
        table.add_row(outcome, f"{row['baseline']:,}", f"{row['scenario']:,}", signed(row["delta"]))
    return table


def _transitions(result, header=str) -> Table:
    table = Table(title="Transitions: baseline outcome (rows) to scenario outcome (columns)", title_justify="left")
    table.add_column("from \\ to", no_wrap=True)
    for outcome in OUTCOMES:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    for outcome, row in result.transitions.items():
        table.add_row(outcome, *(f"{row[o]:,}" for o in OUTCOMES))
    return table


def _deltas(groups: dict, name: str, title: str, header=str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(name, no_wrap=True)
    for outcome in OUTCOMES:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    for key, sides in groups.items():
        table.add_row(key, *(signed(sides["delta"][o]) for o in OUTCOMES))
    return table


def _changed(result, show: int) -> Table:
    count = len(result.changed)
    more = f" (first {show} of {count:,}; --output writes all)" if count > show else ""
    table = Table(title=f"Changed records{more}", title_justify="left")
    shown = result.changed[:show]
    table.caption, table.caption_justify = "deciding rules: the rules that made the difference", "left"
    for column in ("record", "facility", "baseline", "scenario", "deciding rules"):
        # ids and rule ids whole; a side's words wrap, and an outcome name always fits
        table.add_column(column, no_wrap=column in ("record", "facility", "deciding rules"),
                         min_width=11 if column in ("baseline", "scenario") else None)
    for change in shown:  # one rule a line, so a rule id is never cut in two
        table.add_row(change.record_id or "", change.facility_id or "", _side(change.baseline),
                      _side(change.scenario), "\n".join(change.deciding_rules))
    return table


def _side(side) -> str:
    text = side.outcome
    if side.sentence_after:
        text += f", {side.sentence_after['type']} {side.sentence_after['months'] or ''}".rstrip()
    if side.release_date:
        text += f", out {side.release_date}"
    return text
