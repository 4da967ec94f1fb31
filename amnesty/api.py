"""The Python API: everything the command line does, callable from a notebook.

    >>> from amnesty import api
    >>> book = api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20})
    >>> summary = api.evaluate_file(api.SAMPLE, rulebook=book, output="decisions.jsonl")
    >>> summary.outcomes
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from amnesty.io.invalid import InvalidLog
from amnesty.engine.dated import as_dict as dated_as_dict, as_of_choice, describe as describe_dated
from amnesty.errors import InputFileError, RulebookError, ScenarioError
from amnesty.io.redact import Redactor
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook, compile_rulebook
from amnesty.rules.scenario import describe_changes, parse_assignments
from amnesty.engine.chain import CompiledChain
from amnesty.engine.evaluator import Evaluation, Evaluator
from amnesty.engine.select import evaluator_for, evaluator_invalid

DEFAULT_RULEBOOK = "aanes-2024-law-10"
SAMPLE = Path(str(resources.files("amnesty") / "data" / "sample.csv"))

OUTCOMES = tuple(o.value for o in OUTCOME_ORDER)  # every outcome, in precedence order (the tables' columns)

RulebookLike = str | Path | CompiledRulebook | CompiledChain


def load_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
    then: Iterable[RulebookLike] = (),
) -> CompiledRulebook | CompiledChain:
    """A built-in id, a bundled scenario or chain id, or a rulebook, scenario or chain file, with
    optional parameter changes and rules switched off.

    ``then`` names later instruments (each any of the above): the result is a chain, decided
    instrument after instrument (data-dictionary.md, "Successive instruments"); ``set`` and
    ``disable`` change the first. ``"auto"`` picks, per record, the instrument of the
    authority holding the person (``amnesty/data/authorities.yaml``).
    """
    from amnesty.rules.scenario import load_variant
    from amnesty.engine.chain import chain_of
    from amnesty.analysis.chains import chain_names

    later = [load_rulebook(item) for item in then]
    if not isinstance(rulebook, str | Path) or str(rulebook) == "auto":  # compiled already, or the automatic choice
        if str(rulebook) == "auto":
            from amnesty.analysis.auto import load_auto

            if later or set or disable:
                raise ScenarioError("--rulebook auto picks one instrument per record; it takes no --then, --set or --disable")
            return load_auto()
        if set or disable:
            raise ValueError("pass changes with the rulebook's id or path, not with a compiled rulebook")
        first = rulebook
    else:
        names = chain_names(rulebook)
        if names is not None:
            first = load_rulebook(names[0], set=set, disable=disable, then=names[1:])
        else:
            source, overrides = load_variant(rulebook, set, disable)
            try:
                first = compile_rulebook(source, overrides)
            except RulebookError as exc:
                if not set and not list(disable):
                    raise
                from amnesty.analysis.set_errors import blame_change

                raise blame_change(rulebook, set, list(disable), exc) from None
    if not later:
        return first
    members = [*(first.members if isinstance(first, CompiledChain) else [first])]
    for item in later:
        members.extend(item.members if isinstance(item, CompiledChain) else [item])
    return chain_of(members)


@dataclass
class RunSummary:
    """Counts of one evaluation run, checked: every record in gave one decision out."""

    source: str
    rulebook: dict[str, Any]
    as_of: date
    records_in: int = 0
    decisions_out: int = 0
    outcomes: Counter = field(default_factory=Counter)
    by_facility: dict[str, Counter] = field(default_factory=dict)
    extra_columns: list[str] = field(default_factory=list)
    output: str | None = None
    possible: Counter = field(default_factory=Counter)  # outcome -> records for which it is possible
    possible_by_facility: dict[str, Counter] = field(default_factory=dict)
    as_of_chosen: str = ""  # how the as-of date was chosen: given, or the law's enactment date
    warnings: list[str] = field(default_factory=list)  # e.g. an as-of date before the law's enactment
    dated_after: Counter = field(default_factory=Counter)  # records dated after the as-of date, by field
    invalid_log: InvalidLog = field(default_factory=InvalidLog)  # the first few invalid records, counts by field
    input_notes: list[str] = field(default_factory=list)  # how the input was read: sheet, delimiter

    def add_invalid(self, message: str, record_id: str | None = None) -> None:
        """One invalid record's first error, in input order (the pipeline calls this)."""
        self.invalid_log.add(message, record_id)

    def add(self, decision: Mapping[str, Any]) -> None:
        self.decisions_out += 1
        outcome = decision["outcome"]
        self.outcomes[outcome] += 1
        facility = decision.get("facility_id") or "(none)"
        self.by_facility.setdefault(facility, Counter())[outcome] += 1
        self.count_possible(facility, tuple(decision.get("possible_outcomes") or (outcome,)), 1)

    def count_possible(self, facility: str, possible: tuple[str, ...], n: int) -> None:
        """Bounds: a record counts towards every outcome it could still have once its unknown facts are known."""
        counts = self.possible_by_facility.setdefault(facility, Counter())
        for outcome in possible:
            self.possible[outcome] += n
            counts[outcome] += n

    @property
    def bounds(self) -> dict[str, dict[str, int]]:
        """Per outcome: ``certain`` (decided so) and ``possible`` (could be, once unknown facts are known)."""
        return bounds(self.outcomes, self.possible)

    @property
    def invalid(self) -> int:
        return self.outcomes.get("invalid", 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rulebook": self.rulebook,
            "as_of": self.as_of.isoformat(),
            "records_in": self.records_in,
            "decisions_out": self.decisions_out,
            "outcomes": {o.value: self.outcomes.get(o.value, 0) for o in OUTCOME_ORDER},
            "by_facility": {
                f: {o.value: c.get(o.value, 0) for o in OUTCOME_ORDER} for f, c in sorted(self.by_facility.items())
            },
            "bounds": self.bounds,
            "bounds_by_facility": {
                f: bounds(self.by_facility.get(f, Counter()), self.possible_by_facility.get(f, Counter()))
                for f in sorted(self.by_facility)
            },
            "extra_columns": self.extra_columns,
            "output": self.output,
            "as_of_chosen": self.as_of_chosen,
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
            "invalid_records": self.invalid_log.to_dict(),
            "input_notes": list(self.input_notes),
        }

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: the as-of warnings and records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]


def bounds(certain: Mapping[str, int], possible: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """``{outcome: {certain, possible}}`` in precedence order: how many records have the outcome
    now, and how many could have it once their unknown facts are known (never fewer)."""
    return {
        o.value: {"certain": certain.get(o.value, 0), "possible": max(possible.get(o.value, 0), certain.get(o.value, 0))}
        for o in OUTCOME_ORDER
    }


def evaluate_records(
    records: Iterable[Mapping[str, Any] | Record],
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    as_of: date | None = None,
    then: Iterable[RulebookLike] = (),
) -> Iterator[dict[str, Any]]:
    """Decisions for records given as dicts (CSV-like or JSON-like) or Record objects, in order."""
    from amnesty.engine.stream import duplicate_message, row_id_of

    book = load_rulebook(rulebook, then=then)
    first: dict[str, int] = {}
    with evaluator_for(book, as_of) as evaluator:
        for index, record in enumerate(records, start=1):
            where = f"record {index}: "
            record_id = record.record_id if isinstance(record, Record) else row_id_of(record.get("record_id"))
            if record_id is not None and record_id in first:  # the same rule as for files
                facility = record.facility_id if isinstance(record, Record) else record.get("facility_id")
                message = where + duplicate_message(record_id, f"record {first[record_id]}")
                yield evaluator_invalid(evaluator, record_id, facility if isinstance(facility, str) else None, [message])
                continue
            if record_id is not None:
                first[record_id] = index
            if isinstance(record, Record):
                yield evaluator.decide(record, where)
            else:
                yield evaluator.decide_values(dict(record), where)


def evaluate_file(
    input: str | Path | None = None,  # noqa: A002 - the command's argument name
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
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
) -> RunSummary:
    """Evaluate a CSV or JSON Lines file (None: the bundled sample; "-": standard input).

    ``strict`` stops at the first invalid record (nothing is written);
    ``redactor`` replaces record ids with keyed pseudonyms in every decision;
    ``workers`` is the number of processes deciding records (default: every
    core; the output is the same bytes for any number); ``on_progress`` is
    called with the number of records just decided; ``errors`` writes every
    invalid record (line, record_id, field, value, problem) as CSV for the
    data team (the summary keeps the first few). An ``.xlsx`` workbook is
    read directly (the first sheet, or ``sheet``); CSV with ``;`` or tabs
    between columns too (``delimiter``, or detected): ``input_notes`` says
    how. Facility codes missing from the facility register (``facilities``,
    default the bundled synthetic one) are named in ``warnings``. ``on_decision``, given
    each decision as a dict, is slower: prefer an output file when speed counts.
    ``then`` names later instruments, decided in turn (see ``load_rulebook``).
    """
    from amnesty.engine import pipeline
    from amnesty.engine.decisions import rulebook_ref
    from amnesty.io.guards import check_outputs, input_files
    from amnesty.io.readers import open_records
    from amnesty.io.writers import open_writer

    book = load_rulebook(rulebook, then=then)
    source = SAMPLE if input is None else input
    inputs = input_files(source, book.path, facilities)  # standard input too, when it is a file; the rulebook, the register
    check_outputs([(output, ()), (errors, ())], force=force, inputs=inputs)  # every target, before any work
    as_of, chosen, warnings = as_of_choice(book, as_of)
    register = _facilities(facilities)  # read first, so a bad register fails before the records are read
    log = InvalidLog(errors, force=force, inputs=inputs)
    with open_records(source, delimiter=delimiter, sheet=sheet) as rows, log:
        summary = RunSummary(rows.path, rulebook_ref(book), as_of, as_of_chosen=chosen, warnings=warnings,
                             invalid_log=log, input_notes=list(getattr(rows, "notes", [])))
        run = partial(
            pipeline.decide_source, rows, book, as_of, summary, workers=workers, strict=strict, redactor=redactor,
            on_decision=on_decision, on_progress=on_progress,
        )
        if output is None:
            run()
        else:
            with open_writer(output, force=force, inputs=inputs, hold=strict) as writer:
                run(writer=writer)
                _check_counts(summary)
            summary.output = str(output)
        summary.extra_columns = list(rows.extra_columns)
        _check_counts(summary)  # before the errors file is put in place
    _warn_unknown_facilities(summary, register, facilities)
    return summary


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


def _check_counts(summary: RunSummary) -> None:
    if summary.records_in != summary.decisions_out:
        raise InputFileError(
            f"{summary.records_in} records were read but {summary.decisions_out} decisions made; "
            "nothing was written",
            path=summary.source,
        )


def find_record(record_id: str, input: str | Path | None = None) -> tuple[int, dict[str, Any]]:  # noqa: A002
    """The line and raw values of the first record with ``record_id``."""
    from amnesty.io.readers import open_records

    source = SAMPLE if input is None else input
    record_id = record_id.strip()  # ids are compared without surrounding whitespace (data dictionary v2)
    with open_records(source) as rows:
        for row in rows:
            if row.values is not None and str(row.values.get("record_id", "")).strip() == record_id:
                return row.line, row.values
        path = rows.path
    raise InputFileError(f"no record with record_id {record_id!r}", path=path)


def explain_record(
    record_id: str,
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
    lang: str = "en",
    then: Iterable[RulebookLike] = (),
):
    """One record's decision with every rule's finding, the facts it read and what would change it;
    for a chain, one explanation per instrument in ``.steps``.

    ``lang`` (en, ar, ku): the language of the reasons and of what would change them."""
    from amnesty.analysis.explain import explain
    from amnesty.analysis.explain_chain import explain_chain
    from amnesty.engine.dated import count_after
    from amnesty.i18n import translator
    from amnesty.i18n.rulebook import localise

    tr = translator(lang)
    line, values = find_record(record_id, input)
    book = load_rulebook(rulebook, then=then)
    if isinstance(book, CompiledRulebook):  # a chain or the automatic choice speaks English for now
        book = localise(book, tr.lang)
    as_of, chosen, warnings = as_of_choice(book, as_of)
    if isinstance(book, CompiledChain):
        result = explain_chain(book, values, line, as_of)
    else:
        with evaluator_for(book, as_of) as evaluator:
            if not isinstance(evaluator, Evaluator):
                raise ScenarioError("explain needs one rulebook or a chain, not --rulebook auto: name the instrument")
            result = explain(evaluator, values, line, tr)
    late = count_after([(line, values)], None, as_of)
    if late:
        fields = ", ".join(f"{name} {values.get(name)}" for name in late if name != "records")
        warnings.append(f"the record is dated after the as-of date {as_of} ({fields}); "
                        "its decision counts time that had not yet passed")
    result.as_of_chosen, result.warnings = chosen, warnings
    return result


def report(
    input: str | Path | None = None,  # noqa: A002
    *,
    output: str | Path,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
    as_of: date | None = None,
    compare: RulebookLike | None = None,
    facilities: str | Path | None = None,
    charts: str | Path | None = None,
    force: bool = False,
    lang: str = "en",
    then: Iterable[str | Path] = (),
):
    """A self-contained HTML report with charts; ``charts`` also writes PNG and SVG.

    With ``compare``, that rulebook is the baseline and ``rulebook`` with ``set`` and ``disable`` is the
    scenario (the what-if): every change shown is scenario minus baseline.

    ``lang`` (en, ar, ku) is the language of the page's words; ``ar`` lays it out right to left.
    """
    import sys

    from amnesty.report.make import make_report

    return make_report(
        input, output=output, rulebook=rulebook, set=set, disable=disable, as_of=as_of, compare=compare,
        facilities=facilities, charts=charts, force=force, lang=lang, then=then, runs=sys.modules[__name__],
    )


def notices(
    record_ids: Iterable[str] = (),
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
    lang: str = "en",
    every: bool = False,
    facility: str | None = None,
    facilities: str | Path | None = None,
):
    """Printable decision notices of ``record_ids`` (or, with ``every``, of every record, narrowed to
    ``facility``) in ``lang`` (en, ar, ku): a ``NoticeSet``; ``write_notices`` writes it as HTML."""
    from amnesty.notice import make_notices

    return make_notices(
        record_ids, SAMPLE if input is None else input, book=load_rulebook(rulebook), as_of=as_of, lang=lang,
        every=every, facility=facility, facilities=facilities,
    )


def write_notices(notices, output: str | Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> int:
    """Write ``notices`` as one self-contained HTML file, one A4 page per person, completely or not at
    all (never over one of ``inputs``); returns its size in bytes."""
    from amnesty.notice.html import write_notices as write

    return write(notices, output, force=force, inputs=tuple(inputs))


def load_scenario(path: str | Path):
    """A scenario file or bundled scenario id, validated (``.scenario`` holds its question and changes).

    To evaluate it, pass the same path to ``load_rulebook`` or to any ``rulebook=`` argument.
    """
    from amnesty.rules.scenario import load_scenario as load

    return load(path)


def compare(
    input: str | Path | None = None,  # noqa: A002
    *,
    baseline: RulebookLike = DEFAULT_RULEBOOK,
    scenario: RulebookLike,
    as_of: date | None = None,
    facilities: str | Path | Mapping[str, Any] | None = None,
    then: Iterable[RulebookLike] = (),
):
    """Baseline against scenario on the same records at one as-of date (default: the baseline's enactment date).

    Gives a ``Comparison``: ``.outcomes``, ``.transitions``, ``.by_facility``, ``.by_region``,
    ``.changed`` (records whose outcome, sentence or release date differ), ``.to_dict()``, ``.to_frame()``.
    ``then`` follows both sides with the same later instruments.
    """
    from amnesty.analysis.compare import compare as run

    then = list(then)
    register = _facilities(facilities)
    result = run(
        SAMPLE if input is None else input, load_rulebook(baseline, then=then), load_rulebook(scenario, then=then),
        as_of=as_of, facilities=register,
    )
    counts = {code: sum(sides["baseline"].values()) for code, sides in result.by_facility.items()}
    _note_unknown(result.warnings, counts, register, facilities)
    return result


def sweep(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    param: str,
    values: str | Iterable[Any],
    as_of: date | None = None,
    then: Iterable[RulebookLike] = (),
    workers: int = 1,
    scheduler: Any = None,
):
    """Outcome counts for each value of one parameter; ``values`` is a list or ``"FROM:TO:STEP"`` / ``"a,b,c"``.

    Gives a ``Sweep``: ``.rows`` (one per value, with outcome counts and releases within 1, 2 and 5 years),
    ``.to_dict()``, ``.to_frame()``. With ``then``, the parameter of ``rulebook`` (the first instrument)
    is swept and the later instruments follow it unchanged. ``workers`` processes or a Dask
    ``scheduler`` (an address such as ``"tcp://10.0.0.5:8786"``, or a ``Client``) share the values
    out, as in ``sweep_grid``; the counts are the same.
    """
    from amnesty.analysis.sweep import sweep as run

    later = [load_rulebook(item) for item in then]
    return run(SAMPLE if input is None else input, load_rulebook(rulebook), param, values, as_of=as_of, then=later,
               workers=workers, scheduler=scheduler)


def sweep_grid(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    grid: Mapping[str, str | Iterable[Any]] | Iterable[str],
    as_of: date | None = None,
    workers: int = 1,
    scheduler: Any = None,
    max_points: int = 1000,
):
    """Outcome counts at every combination of several parameters' values (a grid of scenarios).

    ``grid`` maps each parameter to ``"FROM:TO:STEP"`` (both ends included), ``"a,b,c"`` or a list,
    or is a list of ``"NAME=SPEC"`` texts. ``workers`` local processes, or the Dask cluster behind
    ``scheduler`` (an address or a ``dask.distributed.Client``; Dask is imported only then), share
    the points out; the numbers are the same either way. A grid of more than ``max_points`` points
    is refused. Gives a ``GridSweep``: ``.rows`` (one per point: its values, outcome counts with
    bounds, releases within 1, 2 and 5 years, its sha256), ``.table()``, ``.to_dict()``,
    ``.write(path)``, ``.to_frame()``.
    """
    from amnesty.analysis.sweep_grid import sweep_grid as run

    return run(SAMPLE if input is None else input, load_rulebook(rulebook), grid, as_of=as_of,
               workers=workers, scheduler=scheduler, max_points=max_points)


def timeline(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
    by: str = "month",
    group: str = "region",
    until: date | None = None,
    phases: Iterable[Iterable[str] | str] | None = None,
    phase_months: int = 1,
    facilities: str | Path | Mapping[str, Any] | None = None,
    then: Iterable[RulebookLike] = (),
):
    """Projected releases per month, quarter or year, by region or facility, up to ``until``
    (default five years after the as-of date); ``phases`` (lists of regions, in order) spread
    immediate releases ``phase_months`` apart. Gives a ``Timeline``: ``.to_dict()``, ``.to_frame()``.
    """
    from amnesty.analysis.timeline import timeline as run

    register = _facilities(facilities)
    result = run(
        SAMPLE if input is None else input, load_rulebook(rulebook, then=then), facilities=register,
        as_of=as_of, by=by, group=group, until=until, phases=list(phases) if phases else None,
        phase_months=phase_months,
    )
    _note_unknown(result.warnings, result.unknown_facilities, register, facilities)
    return result


def _facilities(facilities: str | Path | Mapping[str, Any] | None):
    """The facility register: a path, an already loaded register, or None for the bundled one."""
    from amnesty.facilities import load_facilities

    return dict(facilities) if isinstance(facilities, Mapping) else load_facilities(facilities)


def audit(rulebooks: Iterable[str | Path] = ()):
    """Run each rulebook's worked cases and measure rule coverage (every built-in when none is named).

    ``[r.ok for r in api.audit()]``; ``r.problems()`` names each failing case and uncovered rule.
    """
    from amnesty.analysis.audit import audit as run_audit

    return run_audit(rulebooks)


def lint_rulebook(rulebook: str | Path):
    """Every problem in a rulebook file at once (``.errors``, ``.warnings``), each with file, line and rule.

    A scenario (bundled id or file) is checked as it is loaded: its changes against its base, first problem only.
    """
    from amnesty.analysis.audit import lint
    from amnesty.rules.lint import lint_scenario
    from amnesty.rules.scenario import is_scenario

    return lint_scenario(rulebook) if is_scenario(rulebook) else lint(rulebook)


def single_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
) -> CompiledRulebook:
    """``load_rulebook`` for what shows or compares one law (``rulebooks show`` and ``diff``): a built-in
    id, a bundled scenario id, or a rulebook or scenario file; a chain or ``auto`` is refused in one sentence."""
    book = load_rulebook(rulebook, set=set, disable=disable)
    if isinstance(book, CompiledRulebook):
        return book
    if isinstance(book, CompiledChain):
        names = ", ".join(member.id for member in book.members)
        raise ScenarioError(f"{str(rulebook)!r} is a chain of several instruments ({names}); name one of them")
    raise ScenarioError(f"{str(rulebook)!r} picks an instrument per record; name one instrument")


def list_rulebooks() -> list:
    """The built-in rulebooks (each a ``Rulebook``: ``.id``, ``.title``, ``.enacted``, ``.version``, ``.rules``)."""
    from amnesty.rules.loader import builtin_ids, load_rulebook as load

    return [load(rulebook_id) for rulebook_id in builtin_ids()]


def localise(book: CompiledRulebook | CompiledChain, lang: str):
    """``book`` with its reasons, summaries and notes in ``lang`` (en, ar, ku) where the project has
    translations; a chain or the automatic choice speaks English for now and is returned as it is."""
    from amnesty.i18n import translator
    from amnesty.i18n.rulebook import localise as translate

    return translate(book, translator(lang).lang) if isinstance(book, CompiledRulebook) else book


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
    file. ``invalid_rate`` (e.g. ``0.007``) breaks that share of rows on purpose. Returns the rows written."""
    from amnesty.synth import write_sample_csv

    return write_sample_csv(output, count, seed, force=force, invalid_rate=invalid_rate)


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a file format: ``record``, ``decision`` or ``rulebook``."""
    from amnesty.models.decision import Decision
    from amnesty.models.rulebook import Rulebook

    models = {"record": Record, "decision": Decision, "rulebook": Rulebook}
    if kind not in models:
        raise ValueError(f"no schema named {kind!r}; one of {', '.join(models)}")
    return models[kind].model_json_schema(by_alias=True)


def diff_rulebooks(first: RulebookLike, second: RulebookLike):
    """Sources, articles, parameters and rules added, removed or changed between two rulebooks
    (``.lines()`` for text, ``.to_dict()``); each may be anything ``single_rulebook`` takes, scenarios included."""
    from amnesty.rules.diff import diff_rulebooks as run_diff

    return run_diff(single_rulebook(first), single_rulebook(second))


def describe_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
):
    """A rulebook article by article, as ``amnesty rulebooks show`` prints it (``.lines()``, ``.to_dict()``).

    A scenario is shown with its values in force (summaries filled in from them) and named with its changes.
    """
    from amnesty.rules.describe import describe
    from amnesty.rules.scenario import load_scenario as load

    book = single_rulebook(rulebook, set=set, disable=disable)
    scenario = None
    if book.overrides.get("scenario") and not isinstance(rulebook, CompiledRulebook):
        found = load(rulebook).scenario
        scenario = {"id": found.id, "title": found.title, "base": found.base, "question": found.question}
    return describe(book, scenario)


__all__ = [
    "DEFAULT_RULEBOOK", "SAMPLE", "OUTCOMES", "RunSummary", "Evaluation", "Redactor", "load_rulebook",
    "single_rulebook", "list_rulebooks", "localise", "parse_assignments", "describe_changes", "evaluate_records",
    "evaluate_file", "decisions_frame", "check_outputs", "find_record", "explain_record", "report", "notices",
    "write_notices", "load_scenario", "compare", "sweep", "sweep_grid", "timeline", "audit", "lint_rulebook",
    "diff_rulebooks", "describe_rulebook", "json_schema", "write_sample", "triage",
]


def triage(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
    output: str | Path | None = None,
    force: bool = False,
):
    """Rank the unknown facts of the review records by how many each would settle alone (and how many
    of those could then be released), overall and per facility; ``output`` writes the worklist CSV:
    per facility, each record and the facts to collect for it, the records settled first at the top."""
    from amnesty.analysis.triage import triage as run, write_worklist
    from amnesty.io.readers import open_records

    book = load_rulebook(rulebook)
    source = SAMPLE if input is None else input
    with open_records(source) as rows, Evaluator(book, as_of) as evaluator:
        result = run(evaluator, rows, rows.path)
    if output is not None:
        inputs = () if str(source) == "-" else (Path(source),)
        write_worklist(result, output, force=force, inputs=inputs)
    return result


def decisions_frame(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | None = None,
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
        evaluate_file(input, rulebook=rulebook, as_of=as_of, output=target, workers=workers, then=then)
        if kind == "pandas":
            _pandas()
            import pyarrow.parquet as pq

            return pq.read_table(target).to_pandas()
        import polars

        return polars.read_parquet(target)
