"""``amnesty evaluate``: a records file in, one decision per record out."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from amnesty import api
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, RulebookOpt, SetOpt, ThenOpt, is_terminal, outcome_table, parse_date, stderr_console,
    stdout_console,
)
from amnesty.io.redact import Redactor
from amnesty.rules.scenario import parse_assignments


def evaluate(
    input: InputArg = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Write decisions to FILE (.jsonl, .csv or .json); - for JSON Lines on standard output."),
    ] = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first invalid record; write nothing.")] = False,
    redact: Annotated[
        bool, typer.Option("--redact", help="Replace record ids with keyed pseudonyms (key in AMNESTY_REDACT_KEY).")
    ] = False,
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", "-w", min=1, help="Processes deciding records (default: every core); same output for any number."),
    ] = None,
) -> None:
    """Evaluate every record of a file against an amnesty law and summarise outcomes by facility.

    Exit code 0 when every record was decided, 1 when some records are invalid.

    Example: amnesty evaluate records.csv --as-of 2024-09-01 --output decisions.jsonl
    """
    book = api.load_rulebook(rulebook, set=parse_assignments(set_ or []), disable=disable or [], then=then or [])
    to_stdout = output == "-"
    console = stderr_console() if to_stdout else stdout_console()
    with Progress(
        SpinnerColumn(), TextColumn("{task.completed:,} records"), TimeElapsedColumn(),
        console=stderr_console(), transient=True, disable=not is_terminal(),
    ) as progress:
        task = progress.add_task("evaluating")
        summary = api.evaluate_file(
            input, rulebook=book, as_of=parse_date(as_of), output=output, force=force, strict=strict,
            redactor=Redactor.from_environment() if redact else None,
            workers=workers, on_progress=lambda count: progress.advance(task, count),
        )
    ref = summary.rulebook
    console.print(
        f"{ref['id']} v{ref['version']} (sha256 {ref['sha256'][:12]}), as of {summary.as_of}"
        + (f", changes {ref['overrides']}" if ref["overrides"] and "chain" not in ref["overrides"] else "")
    )
    console.print(outcome_table(summary.to_dict()["by_facility"], f"Outcomes by facility: {summary.source}"))
    console.print(
        f"records in: {summary.records_in:,}; decisions out: {summary.decisions_out:,}; invalid: {summary.invalid:,}"
        + (f"; written to {summary.output}" if summary.output and not to_stdout else "")
    )
    if summary.extra_columns:
        console.print(f"ignored columns the data dictionary does not name: {', '.join(summary.extra_columns)}")
    if summary.invalid:
        raise typer.Exit(1)
