"""Analyses through the API: what many decisions add up to (compare, sweep, timeline, triage), what
changed between two runs, one record explained, and a rulebook's worked cases audited.

Each function loads its rulebooks with ``api.load_rulebook`` and hands the
work to ``amnesty.analysis``, imported only when called, so that
``import amnesty.api`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import amnesty.api as api  # the package, read at call time: a test or notebook may replace api.SAMPLE
from amnesty.api.files import _facilities, _note_unknown
from amnesty.api.rulebooks import DEFAULT_RULEBOOK, RulebookLike, items
from amnesty.engine.chain import CompiledChain
from amnesty.engine.dated import as_day, as_of_choice
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.select import evaluator_for
from amnesty.errors import ScenarioError
from amnesty.models.note import note
from amnesty.rules.compiler import CompiledRulebook


def explain_record(
    record_id: str,
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
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
    row = api.find_row(record_id, input)
    # an unreadable row is given whole: the run decides it invalid, naming what is wrong with it
    line, values = row.line, row.values if row.values is not None else row
    book = api.load_rulebook(rulebook, then=then)
    book = localise(book, tr.lang)
    as_of, chosen, warnings = as_of_choice(book, as_of)
    if isinstance(book, CompiledChain):
        result = explain_chain(book, values, line, as_of, tr)
    else:
        with evaluator_for(book, as_of) as evaluator:
            if not isinstance(evaluator, Evaluator):
                raise ScenarioError("explain needs one rulebook or a chain, not --rulebook auto: name the instrument")
            result = explain(evaluator, values, line, tr)
    late = count_after([(line, values)], None, as_of) if row.values is not None else {}
    if late:
        fields = [f"{name} {values.get(name)}" for name in late if name != "records"]
        warnings.append(note("the record is dated after the as-of date {as_of} ({fields}); its decision counts time "
                             "that had not yet passed", as_of=as_of, fields=fields))
    result.as_of_chosen, result.warnings = chosen, warnings
    return result


def compare(
    input: str | Path | None = None,  # noqa: A002
    *,
    baseline: RulebookLike = DEFAULT_RULEBOOK,
    scenario: RulebookLike,
    as_of: date | str | None = None,
    facilities: str | Path | Mapping[str, Any] | None = None,
    then: Iterable[RulebookLike] = (),
    workers: int | None = None,
):
    """Baseline against scenario on the same records at one as-of date (default: the baseline's enactment date).

    Gives a ``Comparison``: ``.outcomes``, ``.transitions``, ``.by_facility``, ``.by_region``,
    ``.changed`` (records whose outcome, sentence or release date differ), ``.to_dict()``, ``.to_frame()``.
    ``then`` follows both sides with the same later instruments. ``workers`` processes decide the
    records (default: every core); the result is the same for any number.
    """
    from amnesty.analysis.compare import compare as run

    then = items(then)
    register = _facilities(facilities)
    result = run(
        api.SAMPLE if input is None else input, api.load_rulebook(baseline, then=then), api.load_rulebook(scenario, then=then),
        as_of=as_of, facilities=register, workers=workers,
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
    as_of: date | str | None = None,
    then: Iterable[RulebookLike] = (),
    workers: int | None = None,
    scheduler: Any = None,
):
    """Outcome counts for each value of one parameter; ``values`` is a list or ``"FROM:TO:STEP"`` / ``"a,b,c"``.

    Gives a ``Sweep``: ``.rows`` (one per value, with outcome counts and releases within 1, 2 and 5 years),
    ``.to_dict()``, ``.to_frame()``. With ``then``, the parameter of ``rulebook`` (the first instrument)
    is swept and the later instruments follow it unchanged. ``workers`` processes (default: every
    core, as ``evaluate_file``) share the records out, or a Dask ``scheduler`` (an address such as
    ``"tcp://10.0.0.5:8786"``, or a ``Client``) the values, as in ``sweep_grid``; the counts are the
    same.
    """
    from amnesty.analysis.sweep import sweep as run

    later = [api.load_rulebook(item) for item in items(then)]
    return run(api.SAMPLE if input is None else input, api.load_rulebook(rulebook), param, values, as_of=as_of, then=later,
               workers=workers, scheduler=scheduler)


def sweep_grid(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    grid: Mapping[str, str | Iterable[Any]] | Iterable[str],
    as_of: date | str | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    max_points: int = 1000,
):
    """Outcome counts at every combination of several parameters' values (a grid of scenarios).

    ``grid`` maps each parameter to ``"FROM:TO:STEP"`` (both ends included), ``"a,b,c"`` or a list,
    or is a list of ``"NAME=SPEC"`` texts. ``workers`` local processes (default: every core) share
    the records out, or the Dask cluster behind ``scheduler`` (an address or a
    ``dask.distributed.Client``; Dask is imported only then) the points; the numbers are the same
    either way. A grid of more than ``max_points`` points
    is refused. Gives a ``GridSweep``: ``.rows`` (one per point: its values, outcome counts with
    bounds, releases within 1, 2 and 5 years, its sha256), ``.table()``, ``.to_dict()``,
    ``.write(path)``, ``.to_frame()``.
    """
    from amnesty.analysis.sweep_grid import sweep_grid as run

    return run(api.SAMPLE if input is None else input, api.load_rulebook(rulebook), grid, as_of=as_of,
               workers=workers, scheduler=scheduler, max_points=max_points)


def timeline(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
    by: str = "month",
    group: str = "region",
    until: date | str | None = None,
    phases: Iterable[Iterable[str] | str] | None = None,
    phase_months: int = 1,
    facilities: str | Path | Mapping[str, Any] | None = None,
    then: Iterable[RulebookLike] = (),
    workers: int | None = None,
    max_periods: int = 1500,  # analysis.timeline.MAX_PERIODS, not imported: importing the api loads no analysis
):
    """Projected releases per month, quarter or year, by region or facility, up to ``until``
    (default five years after the as-of date); ``phases`` (lists of regions, in order) spread
    immediate releases ``phase_months`` apart. Gives a ``Timeline``: ``.to_dict()``, ``.to_frame()``.
    More than ``max_periods`` periods is refused before any record is read (a mistyped ``until``).
    ``workers`` processes decide the records (default: every core); the result is the same for any number.
    """
    from amnesty.analysis.timeline import timeline as run

    register = _facilities(facilities)
    result = run(
        api.SAMPLE if input is None else input, api.load_rulebook(rulebook, then=then), facilities=register,
        as_of=as_of, by=by, group=group, until=as_day(until, "until"), phases=list(phases) if phases else None,
        phase_months=phase_months, workers=workers, max_periods=max_periods,
    )
    _note_unknown(result.warnings, result.unknown_facilities, register, facilities)
    return result


def triage(
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
    output: str | Path | None = None,
    force: bool = False,
):
    """Rank the unknown facts of the review records by how many each would settle alone (and how many
    of those could then be released), overall and per facility; ``output`` writes the worklist CSV:
    per facility, each record and the facts to collect for it, the records settled first at the top."""
    from amnesty.analysis.triage import triage as run, write_worklist
    from amnesty.io.readers import open_records

    as_of = as_day(as_of)
    book = api.load_rulebook(rulebook)
    if not isinstance(book, CompiledRulebook):  # the facts it ranks are the leaves of one rulebook's conditions
        raise ScenarioError("triage ranks the unknown facts of one law: give --rulebook one instrument, not a chain "
                            "or auto (amnesty evaluate --rulebook CHAIN lists each record's missing facts)")
    source = api.SAMPLE if input is None else input
    with open_records(source) as rows, Evaluator(book, as_of) as evaluator:
        result = run(evaluator, rows, rows.path)
    if output is not None:
        inputs = () if str(source) == "-" else (Path(source),)
        write_worklist(result, output, force=force, inputs=inputs)
    return result


def changes(before: str | Path, after: str | Path):
    """What changed from one run's decisions file to another's (``evaluate --output`` of the same
    register, last night's and tonight's), paired by record id: a ``RunChanges`` with the counts,
    the transitions between outcomes, the facilities, and every changed, new and gone record
    (``.records``, a polars DataFrame; ``.to_frame("pandas")``; ``.write_changes(path)``)."""
    from amnesty.analysis.run_changes import run_changes

    return run_changes(before, after)


def audit(rulebooks: Iterable[str | Path] = ()):
    """Run each rulebook's worked cases and measure rule coverage (every built-in when none is named).

    ``[r.ok for r in api.audit()]``; ``r.problems()`` names each failing case and uncovered rule.
    """
    from amnesty.analysis.audit import audit as run_audit

    return run_audit(rulebooks)
