"""Make a report end to end: the function behind ``api.report`` and ``amnesty report``.

Every output is checked before the records are read, so a run that would
fail to write does not spend minutes evaluating first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.io.atomic import check_target
from amnesty.io.guards import input_files
from amnesty.report import require_extra
from amnesty.report.build import Runs, build_report_data
from amnesty.report.words import localise_provenance, rulebook_words
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.loader import builtin_ids


@dataclass
class ReportResult:
    """What was written, with the counts a caller checks."""

    output: str
    bytes: int
    records: int
    outcomes: dict[str, int]
    charts: list[str] = field(default_factory=list)
    changed: int | None = None
    scenario: str | None = None  # with a comparison: the report's own rulebook and changes, by label
    baseline: str | None = None  # with a comparison: the --compare side, by label
    notes: list[str] = field(default_factory=list)  # as-of warnings, records dated after the as-of date
    rulebook: str = ""  # the report's rulebook as text names it: label (its changes), version, digest

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _name(rulebook: str | Path | CompiledRulebook) -> str:
    """How the command line names a rulebook: its built-in id or its file."""
    if isinstance(rulebook, CompiledRulebook):
        return rulebook.id if rulebook.id in builtin_ids() else rulebook.path
    return str(rulebook)


def make_report(
    input: str | Path | None,  # noqa: A002
    *,
    output: str | Path,
    rulebook: str | Path | CompiledRulebook,
    set: Mapping[str, Any] | None = None,  # noqa: A002
    disable: Iterable[str] = (),
    as_of: date | None = None,
    compare: str | Path | CompiledRulebook | None = None,
    facilities: str | Path | None = None,
    charts: str | Path | None = None,
    force: bool = False,
    lang: str = "en",
    then: Iterable[str | Path] = (),
    runs: Runs,
) -> ReportResult:
    """Check every output, evaluate with ``runs`` (the API, handed in by ``api.report``), write the page."""
    require_extra()
    api = runs
    from amnesty.report.chart_files import CHART_NAMES, COMPARISON_CHART_NAMES, check_charts_dir
    from amnesty.report.provenance import Invocation

    set_values, disabled = {str(k): str(v) for k, v in (set or {}).items()}, tuple(disable)
    from amnesty.i18n import translator
    from amnesty.i18n.rulebook import localise

    tr = translator(lang)  # a wrong --lang is refused before any work
    then = tuple(then)
    book = localise(api.load_rulebook(rulebook, set=set_values, disable=disabled, then=then), tr.lang)
    if isinstance(rulebook, CompiledRulebook):  # its changes are already in it
        set_values, disabled = _changes_of(book)
    other = localise(api.load_rulebook(compare), tr.lang) if compare is not None else None
    invocation = Invocation(
        input=None if input is None else str(input), output=str(output), rulebook=_name(rulebook),
        set=set_values, disable=disabled,
        as_of=as_of, compare=None if compare is None else _name(compare),
        facilities=None if facilities is None else str(facilities), charts=None if charts is None else str(charts),
        then=tuple(str(t) for t in then),
    )
    inputs = input_files(input, facilities, rulebook if isinstance(rulebook, str | Path) else None,
                         compare if isinstance(compare, str | Path) else None)
    check_target(Path(output), force=force, inputs=inputs)
    if charts is not None:
        names = CHART_NAMES + (COMPARISON_CHART_NAMES if other is not None else ())
        check_charts_dir(charts, names, force=force)
    data = build_report_data(invocation, book=book, runs=runs, as_of=as_of, compare_book=other, tr=tr)
    from amnesty.report.export import all_charts, svg_text, write_charts  # matplotlib: after the run (chart_files)
    from amnesty.i18n.charts import localise_charts
    from amnesty.i18n.html import translate_page
    from amnesty.report.html import render, write_html

    if tr.lang != "en":  # the provenance first: the charts' context quotes it
        localise_provenance(data.provenance, tr, book, other)
    figures = localise_charts(all_charts(data, tr), tr)  # labels, headings and outcome names in the reader's language
    svgs = {chart.name: svg_text(chart) for chart in figures}  # drawn once, for the page and the chart files
    size = write_html(translate_page(render(data, figures, tr, svgs), tr), output, force=force, inputs=inputs)
    written = [str(path) for path in write_charts(figures, charts, force=force, svgs=svgs)] if charts is not None else []
    return ReportResult(
        output=str(output), bytes=size, records=data.total, outcomes=data.outcomes, charts=written,
        changed=data.comparison["changed"] if data.comparison else None,
        scenario=data.provenance["rulebook"]["label"] if data.comparison else None,
        baseline=data.provenance["compare"]["label"] if data.comparison else None,
        notes=list(data.provenance["notes"]),
        rulebook=rulebook_words(data.provenance, tr),
    )


def _changes_of(book: CompiledRulebook) -> tuple[dict[str, str], tuple[str, ...]]:
    """A compiled rulebook's changes, written back as --set and --disable.

    A scenario's changes live in its file, which ``_name`` already names.
    """
    if book.overrides.get("scenario"):
        return {}, ()
    values = {}
    for name, value in (book.overrides.get("set") or {}).items():
        values[name] = ",".join(map(str, value)) if isinstance(value, list) else str(value)
    return values, tuple(book.overrides.get("disable") or ())
