"""Baseline against scenario for the report, from ``api.compare``.

The comparison itself (one pass, both sides at one as-of date, the rules
that made each difference) is ``amnesty.analysis.compare``; here it is only
shaped for the page: counts of changed records per group, and each changed
record's baseline side attached to its row of the decisions table. The
report's own rulebook (with its changes) is the scenario, so the table's
rows are the scenario's decisions and ``--compare`` names the baseline.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from amnesty.report.collect import NO_FACILITY, OUTCOME_INDEX, release_horizons, sentence_text

# Positions in a report table row (see Collector.add).
ROW_ID, ROW_OUTCOME = 0, 3
RELEASED = ("release", "reduced")
HORIZONS = ("at_as_of", "within_1y", "within_2y", "within_5y", "total")


def comparison_view(comparison, rows: list[list[Any]], tr: Any = None) -> dict[str, Any]:
    """The tables the page shows; sets the baseline's ``[outcome, new sentence, release, deciding rules]`` on changed rows."""
    _attach(comparison, rows, tr)
    by_facility = Counter(change.facility_id or NO_FACILITY for change in comparison.changed)
    by_region = Counter(change.region for change in comparison.changed)
    tables = comparison.tables()
    return {
        "as_of": tables["as_of"],
        "records": tables["records"],
        "changed": tables["changed"],
        "baseline": tables["baseline"],
        "scenario": tables["scenario"],
        "outcomes": tables["outcomes"],
        "transitions": tables["transitions"],
        "by_region": {key: {**sides, "changed": by_region.get(key, 0)} for key, sides in tables["by_region"].items()},
        "by_facility": {key: {**sides, "changed": by_facility.get(key, 0)} for key, sides in tables["by_facility"].items()},
    }


def _attach(comparison, rows: list[list[Any]], tr: Any = None) -> None:
    """Match each changed record to its table row, in input order.

    Changed records come in input order, so one forward walk pairs them;
    record id and scenario outcome (the row's own) must both agree, which keeps a later
    duplicate of a record id (invalid on both sides, never changed) apart.
    """
    position = 0
    for change in comparison.changed:
        record_id = change.record_id or ""
        while position < len(rows) and not (
            rows[position][ROW_ID] == record_id and rows[position][ROW_OUTCOME] == OUTCOME_INDEX[change.scenario.outcome]
        ):
            position += 1
        if position == len(rows):
            raise ValueError(f"changed record {record_id!r} is not among the report's decisions")
        side = change.baseline
        rows[position].append([
            OUTCOME_INDEX[side.outcome], sentence_text(side.sentence_after, tr), side.release_date or "",
            list(change.deciding_rules),
        ])
        position += 1


def release_change(releases: Counter, comparison, as_of: date) -> dict[str, dict[str, int]]:
    """People released by each horizon under both sides.

    ``releases`` are the scenario's (the report's own decisions); the
    baseline's are the same with each changed record's release moved back,
    so a what-if that changes only dates (life to 20 years) shows here even
    when no outcome changes.
    """
    baseline = Counter(releases)
    for change in comparison.changed:
        for side, sign in ((change.scenario, -1), (change.baseline, 1)):
            if side.outcome in RELEASED and side.release_date:
                baseline[(change.region, side.release_date)] += sign
    totals = []
    for counts in (+baseline, releases):
        rows = release_horizons(counts, as_of)
        totals.append({key: sum(row[key] for row in rows) for key in HORIZONS})
    return {key: {"baseline": totals[0][key], "scenario": totals[1][key], "delta": totals[1][key] - totals[0][key]}
            for key in HORIZONS}
