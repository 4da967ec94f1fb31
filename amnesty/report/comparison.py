"""Baseline against scenario for the report: what the change in the law changes.

Both sides are evaluated on the same file at the same as-of date, so the
difference is the law's, not the calendar's. Records are paired by
position (each side gives exactly one decision per record, in input
order) and the pairing is checked by record id.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from amnesty import api
from amnesty.errors import EngineError
from amnesty.facilities import Facility, region_of
from amnesty.report.collect import OUTCOME_INDEX, OUTCOMES, sentence_text
from amnesty.rules.compiler import CompiledRulebook

# Positions in a report table row (see Collector.add).
ROW_ID, ROW_FACILITY, ROW_REGION, ROW_OUTCOME, ROW_AFTER, ROW_RELEASE = 0, 1, 2, 3, 5, 6


def compare_sides(
    source: str | Path,
    rows: list[list[Any]],
    *,
    book: CompiledRulebook,
    other: CompiledRulebook,
    as_of: date,
    facilities: dict[str, Facility],
) -> dict[str, Any]:
    """Evaluate ``other`` on the same records and set each table row's scenario side.

    Adds to every row ``[scenario outcome index, new sentence, release date]``
    and returns the transition matrix, per-facility and per-region deltas.
    """
    position = 0
    transitions: Counter[tuple[str, str]] = Counter()
    facility_counts: dict[str, list[Counter]] = {}
    region_counts: dict[str, list[Counter]] = {}
    changed = 0

    def pair(decision: dict[str, Any]) -> None:
        nonlocal position, changed
        if position >= len(rows) or rows[position][ROW_ID] != (decision["record_id"] or ""):
            raise EngineError("the two sides of the comparison did not give the same records in the same order")
        row = rows[position]
        position += 1
        before, after = OUTCOMES[row[ROW_OUTCOME]], decision["outcome"]
        scenario = [OUTCOME_INDEX[after], sentence_text(decision["sentence_after"]), decision["release_date"] or ""]
        row.append(scenario)
        transitions[(before, after)] += 1
        differs = (before, row[ROW_AFTER], row[ROW_RELEASE]) != (after, scenario[1], scenario[2])
        changed += differs
        for key, table in ((row[ROW_FACILITY] or "(none)", facility_counts),
                           (region_of(facilities, row[ROW_FACILITY]), region_counts)):
            sides = table.setdefault(key, [Counter(), Counter(), Counter()])
            sides[0][before] += 1
            sides[1][after] += 1
            sides[2]["changed"] += differs

    summary = api.evaluate_file(source, rulebook=other, as_of=as_of, on_decision=pair)
    if position != len(rows):
        raise EngineError(f"the comparison paired {position} of {len(rows)} records")
    totals = [Counter(), Counter()]
    for (before, after), count in transitions.items():
        totals[0][before] += count
        totals[1][after] += count
    return {
        "as_of": as_of.isoformat(),
        "baseline": {"id": book.id, "sha256": book.sha256},
        "scenario": summary.rulebook,
        "records": len(rows),
        "changed": changed,
        "transitions": [[transitions.get((a, b), 0) for b in OUTCOMES] for a in OUTCOMES],
        "totals": _delta(totals),
        "by_facility": {key: _group(sides) for key, sides in sorted(facility_counts.items())},
        "by_region": {key: _group(sides) for key, sides in sorted(region_counts.items())},
    }


def _group(sides: list[Counter]) -> dict[str, Any]:
    return {"outcomes": _delta(sides[:2]), "changed": sides[2]["changed"]}


def _delta(sides: list[Counter]) -> dict[str, dict[str, int]]:
    baseline, scenario = sides
    return {
        outcome: {"baseline": baseline.get(outcome, 0), "scenario": scenario.get(outcome, 0),
                  "delta": scenario.get(outcome, 0) - baseline.get(outcome, 0)}
        for outcome in OUTCOMES
    }
