"""``amnesty report``: one self-contained HTML file for a briefing."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated, Optional

import typer

from amnesty import api
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, is_terminal, log_console, parse_date,
    stderr_console,
)
from amnesty.cli.notes import print_warnings, records_line
from amnesty.cli.text import LiteralConsole
from amnesty.i18n import translator


def report(
    input: InputArg = None,
    output: Annotated[
        str, typer.Option("--output", "-o", help="The HTML file to write (an existing one is kept unless --force).")
    ] = "report.html",
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    compare: Annotated[
        Optional[str],
        typer.Option("--compare", help="Add a comparison against this baseline (rulebook id, scenario id or file); the report's own rulebook, with --set and --disable, is the scenario."),
    ] = None,
    facilities: Annotated[
        Optional[str], typer.Option("--facilities", help="Facility register CSV for regions. Default: the bundled one.")
    ] = None,
    charts: Annotated[
        Optional[str], typer.Option("--charts", help="Also write every chart as PNG and SVG into this folder, for slides.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing report and chart files.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the warnings, on standard error, one line "
                     "each: a good scheduled run prints nothing.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Write a self-contained HTML report (opens offline; nothing is fetched) with charts and a searchable decisions table.

    Exit code 1 when some records are invalid. --quiet prints only the warnings (and, with exit 1,
    the count of invalid records) on standard error.

    Example: amnesty report records.csv --as-of 2024-09-01 --compare scenario.yaml --output report.html
    """
    tr = translator(lang)  # a wrong --lang is refused before any work
    shown = is_terminal() and not quiet
    working = stderr_console().status(tr("evaluating the records and drawing the charts")) if shown else nullcontext()
    with working:
        result = api.report(
            input, output=output, rulebook=rulebook, set=api.parse_assignments(set_ or []), disable=disable or [],
            as_of=parse_date(as_of), compare=compare, facilities=facilities, charts=charts, force=force,
            lang=lang,
            then=then or [],
        )
    if quiet:
        log = log_console()
        print_warnings(log, result.notes, tr)
        if result.outcomes.get("invalid"):  # why it exits 1
            log.print(records_line(result.records, result.records, result.outcomes["invalid"], tr))
    else:
        _said(result, tr)
    if result.outcomes.get("invalid"):
        raise typer.Exit(1)


def _said(result, tr) -> None:
    """What the report holds, for whoever made it: the file, the counts, the law, the warnings."""
    console = LiteralConsole()
    counts = tr.list_sep().join(f"{tr.outcome(outcome)} {tr.number(count)}" for outcome, count in result.outcomes.items())
    console.print(tr("wrote {output} ({bytes} bytes): {records} records; {counts}").format(
        output=result.output, bytes=tr.number(result.bytes), records=tr.number(result.records), counts=counts))
    console.print(tr("rulebook {rulebook}").format(rulebook=result.rulebook))
    if result.changed is not None:
        console.print(tr.ngettext(
            "the scenario {scenario} changes {changed} record against the baseline {baseline}",
            "the scenario {scenario} changes {changed} records against the baseline {baseline}", result.changed).format(
                scenario=result.scenario, changed=tr.number(result.changed), baseline=result.baseline))
    print_warnings(console, result.notes, tr)
    if result.charts:
        console.print(tr("charts: {paths}").format(paths=", ".join(result.charts)))
