"""Records files through the API: evaluate them (to a file, a callback or a DataFrame), find one
record, write a synthetic sample, name the formats.

``evaluate_file`` is what ``amnesty evaluate`` runs; every output is
checked before any record is read, so a run that cannot write fails at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import amnesty.api as api  # the package, read at call time: a test or notebook may replace api.SAMPLE
from amnesty.api.rulebooks import DEFAULT_RULEBOOK, RulebookLike
from amnesty.api.summary import RunSummary, write_summary, written_sha256
from amnesty.engine.dated import as_of_choice
from amnesty.errors import InputFileError, OutputFileError
from amnesty.io.invalid import InvalidLog
from amnesty.io.redact import Redactor
from amnesty.models.record import Record

SAMPLE = Path(str(resources.files("amnesty") / "data" / "sample.csv"))


def evaluate_records(
    records: Iterable[Mapping[str, Any] | Record],
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    as_of: date | str | None = None,
    then: Iterable[RulebookLike] = (),
) -> Iterator[dict[str, Any]]:
    """Decisions for records given as dicts (CSV-like or JSON-like) or Record objects, in order.

    The records go through the same run as a file's (``engine.run``): the same checks, the same
    duplicate rule, the same decisions as ``evaluate_file`` would write, positions named
    "record N" (from 1). Lazy: records are read and decided 2,000 at a time.
    """
    from amnesty.engine import run
    from amnesty.io.memory import MemorySource

    book = api.load_rulebook(rulebook, then=then)
    as_of = as_of_choice(book, as_of)[0]
    with MemorySource(records) as rows:
        for (decision,) in run.decisions(rows, [book], as_of):
            yield decision


def evaluate_file(
    input: str | Path | None = None,  # noqa: A002 - the command's argument name
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
    output: str | Path | None = None,
    force: bool = False,
    strict: bool = False,
    redactor: Redactor | None = None,
    on_decision: Callable[[dict[str, Any]], None] | None = None,
    workers: int | None = None,
    on_progress: Callable[[int], None] | None = None,
    errors: str | Path | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    facilities: str | Path | Mapping[str, Any] | None = None,
    then: Iterable[RulebookLike] = (),
    baseline: RulebookLike | None = None,
    summary_file: str | Path | None = None,
    max_invalid: int | str | None = None,
    min_records: int | None = None,
    absent_ok: Iterable[str] = (),
) -> RunSummary:
    """Evaluate a records file: CSV or JSON Lines (plain or compressed), an ``.xlsx`` workbook or
    Parquet (None: the bundled sample; "-": standard input, not a workbook or Parquet).

    ``output`` is the decisions file, its format named by its extension (``.jsonl``, ``.csv``,
    ``.json``, ``.parquet``; ``decisions.jsonl.gz``, ``.bz2`` or ``.xz`` compressed; "-": JSON Lines
    on standard output), written only once the run succeeds.
    ``strict`` stops at the first invalid record (nothing is written);
    ``max_invalid`` (a number of records, or a percentage as ``"0.5%"``) is the most invalid records
    the run accepts, ``min_records`` the fewest records: past either, it stops once every record is
    read, and nothing is written; ``absent_ok`` names fields the register is known not to hold, whose
    missing columns are not warned about (``absent_columns`` still lists them);
    ``redactor`` replaces record ids with keyed pseudonyms in every decision;
    ``workers`` is the number of processes deciding records (default: every
    core; the output is the same bytes for any number); ``on_progress`` is
    called with the number of records just decided; ``errors`` writes every
    error of every invalid record as CSV for the data team, one row per error
    (line, record_id, field, value, problem: a record with three errors has
    three rows), the same bytes for any ``workers`` (the summary keeps the
    first few records and counts records by field). An ``.xlsx`` workbook is
    read directly (the first sheet, or ``sheet``); CSV with ``;`` or tabs
    between columns too (``delimiter``, or detected): ``input_notes`` says
    how. Facility codes missing from the facility register (``facilities``,
    default the bundled synthetic one) are named in ``warnings``. ``on_decision``, given
    each decision as a dict, is slower: prefer an output file when speed counts.
    ``then`` names later instruments, decided in turn (see ``load_rulebook``).

    ``summary_file`` receives the summary as JSON (``summary_document``; "-" for standard output)
    once every record is decided and every other output is in place: a scheduled job's monitor
    reads it rather than the printed tables. A run that stops (a bad file, --strict) writes none.

    ``baseline`` (a rulebook, as ``load_rulebook`` takes it) decides every record under it too,
    in the same run: the summary's ``comparison`` is then ``baseline`` against ``rulebook`` (the
    scenario), as ``api.compare`` gives it at this as-of date, and the records are read and decided
    once (the report does this). Such a run writes no decisions file: ``output``, ``strict`` and
    ``redactor`` go without it.
    """
    from amnesty.engine import pipeline
    from amnesty.engine.absent import absent_fields, absent_notes, expected_absent
    from amnesty.engine.decisions import rulebook_ref
    from amnesty.engine.gates import gates
    from amnesty.models.note import note
    from amnesty.io.guards import check_outputs, input_files
    from amnesty.io.readers import open_records
    from amnesty.io.writers import open_writer

    book = api.load_rulebook(rulebook, then=then)
    other = None if baseline is None else api.load_rulebook(baseline)
    gate = gates(strict=strict, max_invalid=max_invalid, min_records=min_records)
    if other is not None and (output is not None or strict or redactor is not None or gate.active):
        raise ValueError("a run with a baseline writes no decisions file: pass output, strict, max_invalid, "
                         "min_records or redactor without it")
    expected = expected_absent(absent_ok)
    source = api.SAMPLE if input is None else input
    inputs = input_files(source, book.path, facilities, *(() if other is None else (other.path,)))
    # standard input too, when it is a file; the rulebooks, the register
    if str(output) == "-" and str(summary_file) == "-":
        raise OutputFileError("standard output can take the decisions or the summary, not both; "
                              "give the summary a file (--summary run.json)", path="-")
    # every target, before any work
    check_outputs([(output, ()), (errors, ()), (summary_file, ("json",))], force=force, inputs=inputs)
    as_of, chosen, warnings = as_of_choice(book, as_of)
    register = _facilities(facilities)  # read first, so a bad register fails before the records are read
    log = InvalidLog(errors, force=force, inputs=inputs)
    with open_records(source, delimiter=delimiter, sheet=sheet, digest=summary_file is not None) as rows, log:
        summary = RunSummary(rows.path, rulebook_ref(book), as_of, as_of_chosen=chosen, warnings=warnings,
                             invalid_log=log, input_notes=list(getattr(rows, "notes", [])))
        run = partial(
            pipeline.decide_source, rows, book, as_of, summary, workers=workers, strict=strict, redactor=redactor,
            on_decision=on_decision, on_progress=on_progress,
        )
        if other is not None:
            summary.comparison = _decide_beside(rows, other, book, as_of, summary, register, workers, on_decision,
                                                on_progress)
        elif output is None:
            run()
            gate.check(summary, rows.path)
        else:
            with open_writer(output, force=force, inputs=inputs, hold=strict or gate.active) as writer:
                run(writer=writer)
                rows.check_unchanged()  # again, as the file may be written to after its end was read
                _check_counts(summary)
                gate.check(summary, rows.path)  # inside the writers: past a gate, nothing is put in place
            summary.output = str(output)
        summary.max_invalid = None if gate.invalid is None else gate.invalid.given
        summary.min_records = gate.min_records
        if not summary.records_in and other is None:
            summary.warnings.append(note("the input holds no records (a header only?): no decision was made"))
        summary.extra_columns = list(rows.extra_columns)
        books = [book] if other is None else [book, other]
        summary.absent_columns = absent_fields(rows.present_fields, books)
        summary.warnings += absent_notes(rows.present_fields, rows.extra_columns, books, expected)
        summary.source_sha256 = rows.sha256()
        _check_counts(summary)  # before the errors file is put in place
    _warn_unknown_facilities(summary, register, facilities)
    if summary.comparison is not None:
        summary.comparison.warnings += summary.warnings
    if summary_file is not None:
        summary.output_sha256, summary.errors_sha256 = written_sha256(output), written_sha256(errors)
        write_summary(summary, summary_file, force=force, inputs=inputs)
    return summary


def _decide_beside(rows, baseline, book, as_of: date, summary: RunSummary, register, workers, on_decision,
                   on_progress):
    """One run of ``rows`` under ``baseline`` and ``book``: ``summary`` counts ``book``'s decisions
    (as a run of ``book`` alone would), ``on_decision`` gets them, and both sides feed the comparison."""
    from amnesty.analysis.compare import Comparison, ComparisonTally, side_info
    from amnesty.engine.run import RunCounts, decisions

    result = Comparison(rows.path, as_of, side_info(baseline), side_info(book), as_of_chosen=summary.as_of_chosen,
                        warnings=as_of_choice(baseline, as_of)[2])
    tally = ComparisonTally(result, baseline, book, register)
    first = RunCounts()
    for before, after in decisions(rows, [baseline, book], as_of, workers=workers, counts=[first, summary]):
        tally.add(before, after)
        if on_decision is not None:
            on_decision(after)
        if on_progress is not None:
            on_progress(1)
    result.dated_after.update(first.dated_after)  # a run counts the records dated after the as-of date once
    summary.dated_after.update(first.dated_after)
    return tally.finish()


def _warn_unknown_facilities(summary: RunSummary, register, facilities) -> None:
    counts = {code: sum(c.values()) for code, c in summary.by_facility.items()}
    _note_unknown(summary.warnings, counts, register, facilities)


def _note_unknown(warnings: list[str], counts: Mapping[str, int], register, facilities) -> None:
    """Add a warning naming the facility codes (with their records) that the register lacks."""
    from amnesty.facilities import unknown_facilities, unknown_note

    named = None if facilities is None or isinstance(facilities, Mapping) else facilities
    note = unknown_note(unknown_facilities(dict(counts), register), named or ("given" if facilities else None))
    if note:
        warnings.append(note)


def _facilities(facilities: str | Path | Mapping[str, Any] | None):
    """The facility register: a path, an already loaded register, or None for the bundled one."""
    from amnesty.facilities import load_facilities

    return dict(facilities) if isinstance(facilities, Mapping) else load_facilities(facilities)


def _check_counts(summary: RunSummary) -> None:
    if summary.records_in != summary.decisions_out:
        raise InputFileError(
            f"{summary.records_in} records were read but {summary.decisions_out} decisions made; "
            "nothing was written",
            path=summary.source,
        )


def decisions_frame(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
    kind: str = "polars",
    workers: int | None = None,
    then: Iterable[RulebookLike] = (),
):
    """Every decision of a records file as a DataFrame, one row per record in input order.

    Columns are those of the Parquet output (``amnesty evaluate -o FILE.parquet``): dates are dates,
    months numbers, reasons a list of structs. ``kind`` is ``"polars"`` (default) or ``"pandas"``
    (needs the pandas extra). The decisions are the bytes ``evaluate`` would write, read back.
    """
    import tempfile

    from amnesty.analysis.frames import KINDS, _pandas

    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    with tempfile.TemporaryDirectory(prefix="amnesty-frame-") as folder:
        target = Path(folder) / "decisions.parquet"
        api.evaluate_file(input, rulebook=rulebook, as_of=as_of, output=target, workers=workers, then=then)
        if kind == "pandas":
            _pandas()
            import pyarrow.parquet as pq

            return pq.read_table(target).to_pandas()
        import polars

        return polars.read_parquet(target)


def check_outputs(
    outputs: Iterable[tuple[str | Path | None, Iterable[str]]], *, force: bool = False, inputs: Iterable[Any] = (),
) -> None:
    """Refuse, before any work, an output (path, the formats its extension may name; none: any) that
    exists without ``force``, has another extension, is named twice or would replace one of ``inputs``
    (records files, registers, rulebook names; those that are not files are skipped)."""
    from amnesty.io.guards import check_outputs as check, input_files

    check([(path, tuple(suffixes)) for path, suffixes in outputs], force=force, inputs=input_files(*inputs))


def write_sample(output: str | Path, count: int = 10000, *, seed: int = 2024, force: bool = False,
                 invalid_rate: float = 0.0) -> int:
    """Write ``count`` synthetic records (no real person) as CSV; the same count and seed give the same
    file. ``invalid_rate`` (e.g. ``0.007``) breaks that share of rows on purpose. Returns the rows written.

    Only CSV is written: a name ending in another format's extension (``.xlsx``, ``.jsonl``, ...) would get
    CSV text under it, which that format's reader then refuses, so it is refused here, in one sentence."""
    from amnesty.synth import write_sample_csv

    suffix = Path(output).suffix.lower()
    if suffix in (".xlsx", ".xls", ".jsonl", ".ndjson", ".json-lines", ".json", ".parquet"):
        raise OutputFileError(f"the sample is written as CSV, so the file name should end in .csv, not {suffix}",
                              path=output)
    return write_sample_csv(output, count, seed, force=force, invalid_rate=invalid_rate)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a file format: ``record``, ``decision``, ``rulebook`` or ``summary`` (what
    ``evaluate --summary`` writes)."""
    from amnesty.models.decision import Decision
    from amnesty.models.rulebook import Rulebook
    from amnesty.models.run_summary import RunSummaryDocument

    models = {"record": Record, "decision": Decision, "rulebook": Rulebook, "summary": RunSummaryDocument}
    if kind not in models:
        raise ValueError(f"no schema named {kind!r}; one of {', '.join(models)}")
    return models[kind].model_json_schema(by_alias=True)
