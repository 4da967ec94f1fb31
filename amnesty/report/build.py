"""Assemble everything a report shows.

The records are evaluated once, with the same API as ``amnesty evaluate``, so
the report's numbers are the numbers the decisions file would give; that one
run feeds the table, the counts and the release timeline (the aggregator
behind ``api.timeline``) and, with ``--compare``, the comparison (the
aggregator behind ``api.compare``, both rulebooks decided in that same
run), so each aggregation has one implementation and the input is read
and decided once. The API is handed in by its
caller (``Runs``), never imported: the report sits below ``amnesty.api``. The input's sha256 is taken
before and checked after, so a file changed mid-run is refused rather than
described wrongly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol


from amnesty.analysis.timeline import TimelineTally, timeline_of
from amnesty.engine.dated import as_of_choice
from amnesty.errors import InputFileError
from amnesty.facilities import UNKNOWN_REGION, Facility, load_facilities
from amnesty.i18n import translator
from amnesty.io.source import file_sha256
from amnesty.report.collect import OUTCOMES, Collector, release_horizons
from amnesty.report.comparison import comparison_view, release_change
from amnesty.report.provenance import Invocation, overrides_text, scenario_of
from amnesty.report.words import records_words
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.changes import variant_label
from amnesty.version import installed_version


class Runs(Protocol):
    """What a report needs of the API; ``api.report`` passes the ``amnesty.api`` module itself."""

    SAMPLE: Path
    load_rulebook: Callable[..., Any]
    evaluate_file: Callable[..., Any]
    timeline: Callable[..., Any]


@dataclass
class ReportData:
    """Plain data for the template and the charts; nothing here needs the engine."""

    provenance: dict[str, Any]
    outcomes: dict[str, int]
    by_facility: dict[str, dict[str, int]]
    by_region: dict[str, dict[str, int]]
    facilities: list[dict[str, Any]]
    timeline: dict[str, Any]
    horizons: list[dict[str, Any]]
    barring: list[dict[str, Any]]
    missing: list[tuple[str, int]]
    table: dict[str, Any]
    comparison: dict[str, Any] | None = None
    bounds: dict[str, dict[str, int]] | None = None  # outcome -> certain and possible counts

    @property
    def total(self) -> int:
        return sum(self.outcomes.values())


def build_report_data(
    invocation: Invocation,
    *,
    book: CompiledRulebook,
    runs: Runs,
    as_of: date | None = None,
    compare_book: CompiledRulebook | None = None,
    tr: Any = None,
) -> ReportData:
    """Evaluate the input with ``runs`` and gather the report's contents (the decisions, the timeline,
    the comparison)."""
    api = runs
    source = api.SAMPLE if invocation.input is None else Path(invocation.input)
    if str(invocation.input) == "-":
        raise InputFileError(
            "a report reads a file, not standard input, so that it can record the file's sha256", path="-"
        )
    if source.is_fifo() or source.is_char_device() or source.is_socket():  # the digest would leave the run nothing
        raise InputFileError("a report reads a file, not a pipe or a device, so that it can record the file's "
                             "sha256 and read it again; save the records to a file first", path=str(source))
    register = load_facilities(invocation.facilities)
    digest = file_sha256(source)
    collector = Collector(register, tr)  # the table's sentences in the reader's language
    tally = TimelineTally(register)

    def gather(decision: dict[str, Any]) -> None:  # one run feeds the table, the counts and the timeline
        collector.add(decision)
        tally.add(decision)

    # one run feeds the table, the counts, the timeline and, under a baseline too, the comparison
    summary = api.evaluate_file(source, rulebook=book, as_of=as_of, on_decision=gather,
                                facilities=invocation.facilities, baseline=compare_book)
    last = max([summary.as_of, *(date.fromisoformat(day) for _, day in collector.releases)])
    chosen, warnings = as_of_choice(book, summary.as_of)[1:]
    timeline = timeline_of(tally, summary.source, book, summary.as_of, last, as_of_chosen=chosen,
                           warnings=warnings, dated_after=summary.dated_after)
    comparison = None
    if compare_book is not None:
        # the report's own rulebook, with its changes, is the what-if: the scenario; --compare names the baseline
        result = summary.comparison
        comparison = comparison_view(result, collector.rows, tr)
        comparison["releases"] = release_change(collector.releases, result, summary.as_of)
    if file_sha256(source) != digest:
        raise InputFileError("the input file changed while the report was being made; run it again", path=source)
    counts = summary.to_dict()
    by_facility = counts["by_facility"]
    return ReportData(
        provenance=_provenance(invocation, book, compare_book, summary, source, digest),
        outcomes=counts["outcomes"],
        by_facility=by_facility,
        by_region=group_by_region(by_facility, register),
        facilities=facility_rows(by_facility, register),
        timeline=timeline.to_dict(),
        horizons=release_horizons(collector.releases, summary.as_of),
        barring=collector.barring_reasons(),
        missing=collector.missing.most_common(),
        table={"outcomes": list(OUTCOMES), "reasons": collector.reason_list(), "rows": collector.rows},
        comparison=comparison,
        bounds=counts["bounds"],
    )


def group_by_region(by_facility: dict[str, dict[str, int]], register: dict[str, Facility]) -> dict[str, dict[str, int]]:
    """Facility counts summed per region; a facility missing from the register counts as "unknown"."""
    regions: dict[str, dict[str, int]] = {}
    for facility_id, counts in by_facility.items():
        facility = register.get(facility_id)
        region = facility.region if facility else UNKNOWN_REGION
        target = regions.setdefault(region, dict.fromkeys(OUTCOMES, 0))
        for outcome in OUTCOMES:
            target[outcome] += counts.get(outcome, 0)
    return dict(sorted(regions.items()))


def facility_rows(by_facility: dict[str, dict[str, int]], register: dict[str, Facility]) -> list[dict[str, Any]]:
    rows = []
    for facility_id, counts in sorted(by_facility.items()):
        facility = register.get(facility_id)
        rows.append({
            "facility_id": facility_id,
            "name": facility.name if facility else "not in the facility register",
            "region": facility.region if facility else UNKNOWN_REGION,
            "capacity": facility.capacity if facility else None,
            "counts": counts,
            "total": sum(counts.values()),
        })
    return rows


def _provenance(invocation, book, compare_book, summary, source, digest) -> dict[str, Any]:
    path = Path(source)
    ref = summary.rulebook
    result = {
        "rulebook": {**ref, "title": book.rulebook.title, "enacted": book.rulebook.enacted.isoformat(),
                     "label": variant_label(book.id, book.overrides)},
        "changes": overrides_text(ref.get("overrides") or {}),
        "scenario": scenario_of(book),
        "sources": [
            {"title": s.title, "published": s.published.isoformat() if s.published else ""}
            for s in book.rulebook.sources
        ],
        "as_of": summary.as_of.isoformat(),
        "as_of_chosen": summary.as_of_chosen,
        "notes": summary.notes() + (as_of_choice(compare_book, summary.as_of)[2] if compare_book is not None else []),
        "input": {
            "name": path.name,
            "bundled": invocation.input is None,  # what the page says of the records rests on this, not on a name
            "shown": "the bundled synthetic sample (amnesty/data/sample.csv)" if invocation.input is None
            else invocation.input,
            "sha256": digest,
            "bytes": path.stat().st_size,
            "records_in": summary.records_in,
            "decisions_out": summary.decisions_out,
            "invalid": summary.invalid,
            "extra_columns": summary.extra_columns,
        },
        "facilities": invocation.facilities or "the bundled synthetic facility register",
        "command": invocation.command(),
        "python": invocation.python(),
        "amnesty_version": installed_version() or "unknown",
        "compare": None,
    }
    result["records_words"] = records_words(result["input"], translator("en"))  # report.make says it again in the reader's
    if compare_book is not None:
        result["compare"] = {
            "id": compare_book.id, "version": compare_book.version, "sha256": compare_book.sha256,
            "title": compare_book.rulebook.title, "changes": overrides_text(compare_book.overrides),
            "scenario": scenario_of(compare_book), "label": variant_label(compare_book.id, compare_book.overrides),
        }
    return result


