"""``amnesty evaluate``: a records file in, one decision per record out."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from amnesty import api
from amnesty.cli.common import (
    AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, WorkersOpt, log_console, outcome_table,
    parse_date, stderr_console, stdout_console,
)
from amnesty.cli.bounds import bounds_sentence, bounds_table
from amnesty.cli.analysis_options import FacilitiesOpt
from amnesty.cli.progress import RunProgress
from amnesty.cli.notes import as_of_line, invalid_table, print_notes, records_line, rulebook_words

from amnesty.i18n import note_words, translator

_EXTENSIONS = ", ".join(f".{name}" for name in api.OUTPUT_FORMATS[:-1]) + f" or .{api.OUTPUT_FORMATS[-1]}"


def evaluate(
    input: InputArg = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help=f"Write decisions to FILE ({_EXTENSIONS}; add .gz, .bz2 or .xz to "
                                                "compress it); - for JSON Lines on standard output."),
    ] = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first invalid record; write nothing.")] = False,
    max_invalid: Annotated[
        Optional[str],
        typer.Option("--max-invalid", metavar="N|P%",
                     help="The most invalid records a good run has, as a number (25) or a share of the records "
                     "read (0.5%): within it the run exits 0; past it the run stops once every record is read "
                     "and writes nothing, exit 2 (for a nightly job: a broken export keeps last night's output)."),
    ] = None,
    min_records: Annotated[
        Optional[int],
        typer.Option("--min-records", metavar="N", min=0,
                     help="The fewest records a good run reads: with fewer, the run stops and writes nothing, exit 2 "
                     "(an export cut short, or with its header only, keeps last night's output)."),
    ] = None,
    absent_ok: Annotated[
        Optional[list[str]],
        typer.Option("--absent-ok", metavar="FIELD",
                     help="A field the register is known not to hold (repeatable, or a,b): its missing column is "
                     "not warned about every night; any other missing column still is."),
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", help="Replace record ids with keyed pseudonyms (key in AMNESTY_REDACT_KEY).")
    ] = False,
    delimiter: Annotated[
        Optional[str],
        typer.Option("--delimiter", help="Column separator of a CSV file: ',', ';', 'tab' or '|'. Default: detected from the header."),
    ] = None,
    sheet: Annotated[
        Optional[str], typer.Option("--sheet", help="Sheet of an .xlsx workbook to read. Default: the first.")
    ] = None,
    facilities: FacilitiesOpt = None,
    errors: Annotated[
        Optional[str],
        typer.Option("--errors", help="Write every error of every invalid record to FILE as CSV, one row per error "
                     "(line, record_id, field, value, problem)."),
    ] = None,
    summary_file: Annotated[
        Optional[str],
        typer.Option("--summary", help="Write the run's counts, rulebook (id, version, sha256, parameters), as-of date, "
                     "warnings and first invalid records to FILE as JSON, for a scheduled job; - for standard output."),
    ] = None,
    workers: WorkersOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print nothing but warnings and, when it exits 1, the count of "
                           "invalid records, on standard error (no tables, no progress): a good scheduled run "
                           "prints nothing, so cron mails only when there is something to read."),
    ] = False,
    lang: LangOpt = "en",
) -> None:
    """Evaluate every record of a file against an amnesty law and summarise outcomes by facility.

    Exit codes: 0 every record decided (with --max-invalid, invalid records within it too); 1 decided,
    but some records are invalid (each has an invalid decision; --errors FILE lists them); 2 a usage,
    input or rulebook error, or more invalid records than --max-invalid allows, or fewer records than
    --min-records (one sentence, nothing written); 3 the rules engine failed its own checks; 130
    interrupted, 143 terminated (SIGTERM) (nothing written).

    Example: amnesty evaluate records.csv --as-of 2024-09-01 --output decisions.jsonl
    """
    tr = translator(lang)
    book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [], then=then or [])
    book = api.localise(book, tr.lang)
    to_stdout = output == "-" or summary_file == "-"
    console = stderr_console() if to_stdout else stdout_console()
    with RunProgress(api.SAMPLE if input is None else input, quiet=quiet) as advance:
        summary = api.evaluate_file(
            input, rulebook=book, as_of=parse_date(as_of), output=output, force=force, strict=strict,
            max_invalid=max_invalid, min_records=min_records, absent_ok=absent_ok or (),
            redactor=api.Redactor.from_environment() if redact else None,
            workers=workers, on_progress=advance, errors=errors,
            delimiter=delimiter, sheet=sheet, facilities=facilities, summary_file=summary_file,
        )
    if quiet:
        _quiet_report(summary, tr)
    else:
        _report(console, summary, output, tr)
    if summary.invalid and summary.max_invalid is None:
        raise typer.Exit(1)


def _quiet_report(summary, tr) -> None:
    """What a scheduled job must see, and only that, on standard error: the warnings, and why the run
    exits 1 (a crontab mails whatever a job prints: a good night prints nothing)."""
    console = log_console()
    print_notes(console, summary, tr)
    if summary.invalid and summary.max_invalid is None:
        _say_invalid(console, summary, tr)


def _say_invalid(console, summary, tr) -> None:
    console.print(records_line(summary.records_in, summary.decisions_out, summary.invalid, tr))
    _errors_file_line(console, summary, tr)


def _errors_file_line(console, summary, tr) -> None:
    """Where the invalid records are listed, or how to list them."""
    if summary.invalid_log.path:
        console.print(tr.ngettext("the invalid record written to {path}", "all {n} invalid records written to {path}",
                                  summary.invalid).format(n=tr.number(summary.invalid), path=summary.invalid_log.path))
    else:
        console.print(tr("--errors FILE writes every invalid record as CSV for the data team"))


def _report(console, summary, output, tr) -> None:
    """The run for whoever started it: the law and date, the tables, the warnings, the invalid records."""
    ref = summary.rulebook
    for note in summary.input_notes:  # how the file was read, in the reader's language
        stderr_console().print(f"{str(summary.source)}: {note_words(note, tr)}")
    console.print(f"{rulebook_words(ref, tr)}{tr.list_sep()}{as_of_line(summary, tr)}")
    title = tr("Outcomes by facility: {source}").format(source=summary.source)
    console.print(outcome_table(summary.to_dict()["by_facility"], title, console, tr))
    bounds = summary.bounds
    if any(b["possible"] > b["certain"] for b in bounds.values()):
        console.print(bounds_table(summary.to_dict()["bounds_by_facility"], tr("Certain–possible by facility"),
                                   "facility", tr))
    console.print(bounds_sentence(bounds, tr))
    console.print(records_line(summary.records_in, summary.decisions_out, summary.invalid, tr)
                  + (tr("; written to {path}").format(path=summary.output) if summary.output and output != "-" else ""))
    if tr.lang != "en":
        console.print(tr("Reasons in this language are the project's own translation, not an official text of the law."))
    print_notes(console, summary, tr)
    if summary.invalid:
        console.print(invalid_table(summary.invalid_log, summary.invalid, tr))
        _errors_file_line(console, summary, tr)
    if summary.extra_columns:
        console.print(tr("ignored columns the data dictionary does not name: {columns}").format(
            columns=", ".join(summary.extra_columns)))
    if summary.invalid and summary.max_invalid is not None:
        console.print(tr("within --max-invalid {limit}: the run is good").format(limit=summary.max_invalid))
