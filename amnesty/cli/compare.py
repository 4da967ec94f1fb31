"""``amnesty compare``: two rulebooks or scenarios on the same records."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.bounds import band, bounds_sentence
from amnesty.cli.analysis_options import FacilitiesOpt, ForceOpt, invalid_exit, side_line, signed
from amnesty.cli.notes import as_of_and_why, print_notes
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, LangOpt, SetOpt, ThenOpt, WorkersOpt, fitted_in, parse_date, stdout_console,
)
from amnesty.i18n import translator


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
    workers: WorkersOpt = None,
    lang: LangOpt = "en",
) -> None:
    """Compare outcomes under two rulebooks or scenarios, at one as-of date (default: the baseline's enactment).

    --set and --disable change the scenario side; --then follows both sides with the same later instruments.

    Example: amnesty compare --baseline aanes-2024-law-10 --scenario law-10-life-20 --output changed.csv
    """
    api.check_outputs([(output, ("jsonl", "csv")), (tables, ("json",))], force=force,
                      inputs=(input, facilities, scenario, baseline))
    tr = translator(lang)
    other = api.load_rulebook(scenario, set=api.parse_assignments(set_ or []), disable=disable or [])
    result = api.compare(
        input, baseline=baseline, scenario=other, as_of=parse_date(as_of), facilities=facilities, then=then or [],
        workers=workers,
    )
    if output:
        result.write_changed(output, force=force)
    if tables:
        result.write_tables(tables, force=force)
    console = stdout_console()
    console.print(tr("baseline {side}").format(side=side_line(result.baseline, tr, baseline)))
    console.print(tr("scenario {side}").format(side=side_line(result.scenario, tr, scenario)))
    console.print(tr("both evaluated as of {as_of}; {records} records from {source}; {changed} changed (outcome, sentence or release date)").format(
        as_of=as_of_and_why(result, tr), records=tr.number(result.records), source=result.source,
        changed=tr.number(len(result.changed))))
    print_notes(console, result, tr)
    console.print(_counts(result, tr))
    for side in ("baseline", "scenario"):
        console.print(f"{tr(side)}: " + bounds_sentence(result.bounds[side], tr))
    console.print(fitted_in(console, lambda header: _transitions(result, header, tr), api.OUTCOMES, tr))
    console.print(fitted_in(console, lambda header: _deltas(result.by_region, tr("region"), tr("Change by region, as of {as_of}").format(as_of=result.as_of), header), api.OUTCOMES, tr))
    moved = {k: v for k, v in result.by_facility.items() if any(v["delta"].values())}
    if moved:
        console.print(fitted_in(console, lambda header: _deltas(moved, tr("facility"), tr("Facilities with changes, as of {as_of}").format(as_of=result.as_of), header), api.OUTCOMES, tr))
    if result.changed and show > 0:
        console.print(_changed(result, show, tr))
    if output:
        console.print(tr.ngettext("{n} changed record written to {path}", "{n} changed records written to {path}",
                                  len(result.changed)).format(n=tr.number(len(result.changed)), path=output))
    if tables:
        console.print(tr("tables written to {path}").format(path=tables))
    invalid_exit(console, result.outcomes["invalid"]["baseline"], tr)


def _counts(result, tr) -> Table:
    """Outcome counts side by side; the sides are named in full on the lines above the table."""
    table = Table(title=tr("Outcomes as of {as_of}").format(as_of=result.as_of), title_justify="left")
    for column in ("outcome", "baseline", "scenario", "change"):
        table.add_column(tr(column), justify="left" if column == "outcome" else "right", no_wrap=True)
    for outcome, row in result.outcomes.items():
        table.add_row(tr.outcome(outcome), tr.number(row["baseline"]), tr.number(row["scenario"]), signed(row["delta"]))
    return table


def _transitions(result, header=str, tr=None) -> Table:
    tr = tr or translator("en")
    table = Table(title=tr("Transitions: baseline outcome (rows) to scenario outcome (columns)"), title_justify="left")
    table.add_column(tr("from \\ to"), no_wrap=True)
    for outcome in api.OUTCOMES:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    for outcome, row in result.transitions.items():
        possible = result.possible_transitions.get(outcome, {})
        table.add_row(tr.outcome(outcome), *(band(row[o], possible.get(o, row[o]), tr) for o in api.OUTCOMES))
    table.caption = tr("a–b: a records move so now; up to b could, depending on unknown facts")
    return table


def _deltas(groups: dict, name: str, title: str, header=str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(name, no_wrap=True)
    for outcome in api.OUTCOMES:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    for key, sides in groups.items():
        table.add_row(key, *(signed(sides["delta"][o]) for o in api.OUTCOMES))
    return table


def _changed(result, show: int, tr=None) -> Table:
    tr = tr or translator("en")
    count = len(result.changed)
    more = tr(" (first {show} of {count}; --output writes all)").format(show=show, count=tr.number(count)) if count > show else ""
    table = Table(title=tr("Changed records") + more, title_justify="left")
    shown = result.changed[:show]
    table.caption, table.caption_justify = tr("deciding rules: the rules that made the difference"), "left"
    for column in ("record", "facility", "baseline", "scenario", "deciding rules"):
        # ids and rule ids whole; a side's words wrap, and an outcome name always fits
        table.add_column(tr(column), no_wrap=column in ("record", "facility", "deciding rules"),
                         min_width=11 if column in ("baseline", "scenario") else None)
    for change in shown:  # one rule a line, so a rule id is never cut in two
        table.add_row(change.record_id or "", change.facility_id or "", _side(change.baseline, tr),
                      _side(change.scenario, tr), "\n".join(change.deciding_rules))
    return table


def _side(side, tr=None) -> str:
    tr = tr or translator("en")
    text = tr.outcome(side.outcome)
    if side.sentence_after:
        text += f", {side.sentence_after['type']} {side.sentence_after['months'] or ''}".rstrip()
    if side.release_date:
        text += tr(", out {date}").format(date=side.release_date)
    return text
