"""``amnesty report``: one self-contained HTML file for a briefing."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated, Optional

import typer

from amnesty import api
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, is_terminal, parse_date, stderr_console,
)
from amnesty.cli.text import LiteralConsole


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
    lang: LangOpt = "en",
) -> None:
    """Write a self-contained HTML report (opens offline; nothing is fetched) with charts and a searchable decisions table.

    Exit code 1 when some records are invalid.

    Example: amnesty report records.csv --as-of 2024-09-01 --compare scenario.yaml --output report.html
    """
    working = stderr_console().status("evaluating the records and drawing the charts") if is_terminal() else nullcontext()
    with working:
        result = api.report(
            input, output=output, rulebook=rulebook, set=api.parse_assignments(set_ or []), disable=disable or [],
            as_of=parse_date(as_of), compare=compare, facilities=facilities, charts=charts, force=force,
            lang=lang,
            then=then or [],
        )
    console = LiteralConsole()
    counts = ", ".join(f"{outcome} {count:,}" for outcome, count in result.outcomes.items())
    console.print(f"wrote {result.output} ({result.bytes:,} bytes): {result.records:,} records; {counts}")
    console.print(f"rulebook {result.rulebook}")
    if result.changed is not None:
        console.print(f"the scenario {result.scenario} changes {result.changed:,} records against the baseline {result.baseline}")
    for note in result.notes:
        console.print(f"warning: {note}")
    if result.charts:
        console.print(f"charts: {', '.join(result.charts)}")
    if result.outcomes.get("invalid"):
        raise typer.Exit(1)
