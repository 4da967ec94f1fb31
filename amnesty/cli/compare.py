"""``amnesty compare``: two rulebooks or scenarios on the same records."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.analysis.compare import OUTCOMES
from amnesty.cli.analysis_options import FacilitiesOpt, ForceOpt, invalid_exit, side_line, signed
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
    console.print(f"both evaluated as of {result.as_of}; {result.records:,} records from {result.source}; "
                  f"{len(result.changed):,} changed (outcome, sentence or release date)")
    console.print(_counts(result))
    console.print(_transitions(result))
    console.print(_deltas(result.by_region, "region", f"Change by region, as of {result.as_of}"))
    moved = {k: v for k, v in result.by_facility.items() if any(v["delta"].values())}
    if moved:
        console.print(_deltas(moved, "facility", f"Facilities with changes, as of {result.as_of}"))
    if result.changed and show > 0:
        console.print(_changed(result, show))
    for path, what in ((output, f"{len(result.changed):,} changed records"), (tables, "tables")):
        if path:
            console.print(f"{what} written to {path}")
    invalid_exit(console, result.outcomes["invalid"]["baseline"])


def _counts(result) -> Table:
    table = Table(title=f"Outcomes as of {result.as_of}", title_justify="left")
    for column in ("outcome", result.baseline["label"], result.scenario["label"], "change"):
        table.add_column(column, justify="left" if column == "outcome" else "right")
    for outcome, row in result.outcomes.items():
        table.add_row(outcome, f"{row['baseline']:,}", f"{row['scenario']:,}", signed(row["delta"]))
    return table


def _transitions(result) -> Table:
    table = Table(title="Transitions: baseline outcome (rows) to scenario outcome (columns)", title_justify="left")
    table.add_column("from \\ to")
    for outcome in OUTCOMES:
        table.add_column(outcome, justify="right")
    for outcome, row in result.transitions.items():
        table.add_row(outcome, *(f"{row[o]:,}" for o in OUTCOMES))
    return table


def _deltas(groups: dict, name: str, title: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(name)
    for outcome in OUTCOMES:
        table.add_column(outcome, justify="right")
    for key, sides in groups.items():
        table.add_row(key, *(signed(sides["delta"][o]) for o in OUTCOMES))
    return table


def _changed(result, show: int) -> Table:
    count = len(result.changed)
    more = f" (first {show} of {count:,}; --output writes all)" if count > show else ""
    table = Table(title=f"Changed records{more}", title_justify="left")
    for column in ("record", "facility", "baseline", "scenario", "rules that made the difference"):
        table.add_column(column)
    for change in result.changed[:show]:
        table.add_row(change.record_id or "", change.facility_id or "", _side(change.baseline),
                      _side(change.scenario), ", ".join(change.deciding_rules))
    return table


def _side(side) -> str:
    text = side.outcome
    if side.sentence_after:
        text += f", {side.sentence_after['type']} {side.sentence_after['months'] or ''}".rstrip()
    if side.release_date:
        text += f", out {side.release_date}"
    return text
