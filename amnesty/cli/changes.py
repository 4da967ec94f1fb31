"""``amnesty changes``: what changed between two runs over a register (last night's decisions and tonight's)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.analysis_options import ForceOpt
from amnesty.cli.common import LangOpt, fitted_in, log_console, stdout_console
from amnesty.cli.notes import print_warnings
from amnesty.i18n import translator

WHAT = {"release_date": "release date"}  # what_changed's words, as the catalogue has them (i18n.vocabulary)


def changes(
    before: Annotated[str, typer.Argument(metavar="BEFORE", help="The earlier run's decisions file, as evaluate wrote it (.jsonl, .csv, .json or .parquet; plain or .gz, .bz2, .xz).")],
    after: Annotated[str, typer.Argument(metavar="AFTER", help="The later run's decisions file.")],
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write every changed, new and gone record to FILE (.csv or .jsonl).")] = None,
    tables: Annotated[Optional[str], typer.Option("--tables", help="Write the counts and tables to FILE.json.")] = None,
    show: Annotated[int, typer.Option("--show", help="How many changed records to list on screen.")] = 20,
    force: ForceOpt = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the warnings (on standard error) and, "
                     "when a record changed, is new or gone, the one line that counts them: a scheduled job "
                     "mails only a night when someone's decision moved.")] = False,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when a record changed, is new or gone, "
                         "0 when none did (as diff does); 2 stays an error.")] = False,
    lang: LangOpt = "en",
) -> None:
    """What changed from one run's decisions to another's, record by record: outcome, sentence, release date, facility.

    Records are paired by record id; new and gone records are counted and listed too. A release
    due by each run's own as-of date is "now" in both, not a change.

    Example: amnesty changes decisions-2026-11-30.jsonl.gz decisions-2026-12-01.jsonl.gz --output changed.csv
    """
    api.check_outputs([(output, ("jsonl", "csv")), (tables, ("json",))], force=force, inputs=(before, after))
    tr = translator(lang)
    result = api.changes(before, after)
    if output:
        result.write_changes(output, force=force)
    if tables:
        result.write_tables(tables, force=force)
    counts = result.counts
    moved = counts["changed"] + counts["added"] + counts["removed"]
    if quiet:
        print_warnings(log_console(), result.warnings, tr)
        if moved:
            stdout_console().print(_counts_line(counts, tr), soft_wrap=True)
    else:
        _report(result, output, tables, show, tr)
    if exit_code and moved:
        raise typer.Exit(1)


def _counts_line(counts: dict, tr) -> str:
    return tr("{compared} records in both runs: {changed} changed (outcome, sentence, release date or "
              "facility), {unchanged} unchanged; {added} new; {removed} gone").format(
        **{key: tr.number(value) for key, value in counts.items()})


def _report(result, output, tables, show: int, tr) -> None:
    """Both runs, the counts, the transitions, the facilities and the first changed records, on screen."""
    console = stdout_console()
    for name, side in (("before", result.before), ("after", result.after)):
        console.print(tr("{side}: {source}, {n} decisions; {rulebooks}; as of {as_of}").format(
            side=tr(name), source=side.source, n=tr.number(side.decisions),
            rulebooks=", ".join(f"{b['id']} v{b['version']} (sha256 {b['sha256'][:12]})" for b in side.rulebooks),
            as_of=", ".join(side.as_of)))
    counts = result.counts
    console.print(_counts_line(counts, tr))
    print_warnings(console, result.warnings, tr)
    console.print(fitted_in(console, lambda header: _transitions(result, header, tr), api.OUTCOMES, tr))
    facilities = result.by_facility
    if facilities:
        console.print(_facilities(facilities, tr))
    if counts["changed"] + counts["added"] + counts["removed"] and show > 0:
        console.print(_records(result, show, tr))
    if output:
        total = counts["changed"] + counts["added"] + counts["removed"]
        console.print(tr.ngettext("{n} record written to {path}", "{n} records written to {path}",
                                  tr.plural_of(total)).format(n=tr.number(total), path=output))
    if tables:
        console.print(tr("tables written to {path}").format(path=tables))


def _transitions(result, header=str, tr=None) -> Table:
    table = Table(title=tr("Records in both runs: earlier outcome (rows) to later outcome (columns)"),
                  title_justify="left")
    table.add_column(tr("from \\ to"), no_wrap=True)
    for outcome in api.OUTCOMES:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    for outcome, row in result.transitions.items():
        table.add_row(tr.outcome(outcome), *(tr.number(row[o]) for o in api.OUTCOMES))
    return table


def _facilities(facilities: dict, tr) -> Table:
    table = Table(title=tr("Facilities with changes"), title_justify="left")
    for column in ("facility", "changed", "new", "gone", "now release"):
        table.add_column(tr(column), justify="left" if column == "facility" else "right", no_wrap=True)
    for facility, row in facilities.items():
        table.add_row(facility, *(tr.number(row[k]) for k in ("changed", "added", "removed", "now_release")))
    return table


def _records(result, show: int, tr) -> Table:
    rows = result.rows()
    more = tr(" (first {show} of {count}; --output writes all)").format(
        show=show, count=tr.number(len(rows))) if len(rows) > show else ""
    table = Table(title=tr("Changed, new and gone records") + more, title_justify="left")
    for column in ("record", "facility", "before", "after", "what changed"):
        table.add_column(tr(column), no_wrap=column in ("record", "facility"))
    for row in rows[:show]:
        table.add_row(row["record_id"] or "", row["facility_after"] or row["facility_before"] or "",
                      _side(row, "before", tr), _side(row, "after", tr),
                      {"added": tr("new"), "removed": tr("gone")}.get(row["change"])
                      or ", ".join(tr(WHAT.get(what, what)) for what in row["what_changed"]))
    return table


def _side(row: dict, side: str, tr) -> str:
    outcome = row[f"outcome_{side}"]
    if outcome is None:
        return "—"
    text = tr.outcome(outcome)
    if row[f"sentence_{side}"]:
        text += f", {row[f'sentence_{side}']}"
    if row[f"release_date_{side}"]:
        text += tr(", out {date}").format(date=row[f"release_date_{side}"])
    return text
