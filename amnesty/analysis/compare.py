"""Two rulebooks or scenarios on the same records: what the change in the law changes.

Both sides are decided by the ordinary engine, record by record in one pass
over the input, at one as-of date, so the comparison shows what the laws
change and not the passage of time, and each side's decisions are exactly
what ``evaluate`` gives. A record has *changed* when its outcome, its
sentence after the amnesty or its release date differs.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.analysis.changed import ChangedRecord, Side, deciding_rules, rule_differences
from amnesty.rules.changes import describe_changes, variant_label
from amnesty.engine.absent import absent_notes
from amnesty.engine.dated import as_dict as dated_as_dict, as_of_choice, describe as describe_dated
from amnesty.engine.run import RunCounts, decisions
from amnesty.errors import EngineError
from amnesty.facilities import Facility, region_of
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.models.note import note
from amnesty.rules.compiler import CompiledRulebook

OUTCOMES = tuple(o.value for o in OUTCOME_ORDER)
NO_FACILITY = "(none)"


def side_info(book: CompiledRulebook) -> dict[str, Any]:
    """How a side is named in every output: the law, its variant, its digest."""
    return {
        "label": variant_label(book.id, book.overrides),
        "id": book.id,
        "title": book.rulebook.title,
        "version": book.version,
        "sha256": book.sha256,
        "overrides": book.overrides,
        "changes": describe_changes(book.overrides, scenario=False),
    }


@dataclass
class Comparison:
    source: str
    as_of: date
    baseline: dict[str, Any]
    scenario: dict[str, Any]
    records: int = 0
    transitions: dict[str, dict[str, int]] = field(default_factory=dict)
    by_facility: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_region: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: list[ChangedRecord] = field(default_factory=list)
    possible_transitions: dict[str, dict[str, int]] = field(default_factory=dict)
    possible: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> outcome -> records it is possible for
    as_of_chosen: str = ""  # how the one as-of date of both sides was chosen
    warnings: list[str] = field(default_factory=list)  # an as-of date before either side's enactment
    dated_after: Counter = field(default_factory=Counter)  # records dated after the as-of date, by field

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: as-of warnings, records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]

    @property
    def outcomes(self) -> dict[str, dict[str, int]]:
        """Outcome counts side by side, with the change."""
        before = {o: sum(self.transitions[o].values()) for o in OUTCOMES}
        after = {o: sum(row[o] for row in self.transitions.values()) for o in OUTCOMES}
        return {o: {"baseline": before[o], "scenario": after[o], "delta": after[o] - before[o]} for o in OUTCOMES}

    def tables(self) -> dict[str, Any]:
        """Everything but the changed records themselves (``--tables``)."""
        return {
            "source": self.source,
            "as_of": self.as_of.isoformat(),
            "baseline": self.baseline,
            "scenario": self.scenario,
            "records": self.records,
            "changed": len(self.changed),
            "as_of_chosen": self.as_of_chosen,
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
            "outcomes": self.outcomes,
            "transitions": self.transitions,
            "possible_transitions": self.possible_transitions,
            "bounds": self.bounds,
            "by_region": self.by_region,
            "by_facility": self.by_facility,
        }

    @property
    def bounds(self) -> dict[str, dict[str, dict[str, int]]]:
        """Per side and outcome: records decided so (``certain``) and records that could be, once
        their unknown facts are known (``possible``)."""
        out = {}
        for side in ("baseline", "scenario"):
            certain = {o: v[side] for o, v in self.outcomes.items()}
            possible = self.possible.get(side, {})
            out[side] = {o: {"certain": certain[o], "possible": max(certain[o], possible.get(o, 0))} for o in OUTCOMES}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {**self.tables(), "changed_records": [c.to_dict(self.as_of) for c in self.changed]}

    def write_changed(self, path: str | Path, *, force: bool = False) -> int:
        """The changed records as ``.jsonl`` or ``.csv``; returns how many were written."""
        from amnesty.analysis.outputs import input_paths, write_changed

        return write_changed(self, path, force=force, inputs=input_paths(self.source))

    def write_tables(self, path: str | Path, *, force: bool = False) -> None:
        """The tables (everything but the changed records) as JSON."""
        from amnesty.analysis.outputs import input_paths, output_format, write_json

        output_format(path, ("json",))
        write_json(path, self.tables(), force=force, inputs=input_paths(self.source))

    def to_frame(self, table: str = "changed", kind: str = "pandas"):
        """A DataFrame (``kind`` pandas or polars) of ``changed``, ``transitions``, ``region`` or ``facility``."""
        from amnesty.analysis import frames

        makers = {
            "changed": frames.changed_frame,
            "transitions": frames.transitions_frame,
            "region": lambda c, kind: frames.deltas_frame(c, "region", kind),
            "facility": lambda c, kind: frames.deltas_frame(c, "facility", kind),
        }
        if table not in makers:
            raise ValueError(f"table must be one of {', '.join(makers)}, got {table!r}")
        return makers[table](self, kind=kind)


def compare(
    input: str | Path,  # noqa: A002 - the command's argument name
    baseline: CompiledRulebook,
    scenario: CompiledRulebook,
    *,
    as_of: date | None = None,
    facilities: Mapping[str, Facility],
    workers: int | None = 1,
) -> Comparison:
    from amnesty.io.readers import open_records

    as_of, chosen, warnings = as_of_choice(baseline, as_of)
    if chosen.startswith("the enactment"):
        chosen = note("the enactment date of the baseline {id}, as no --as-of was given", id=baseline.id)
    warnings += as_of_choice(scenario, as_of)[2]
    with open_records(input) as rows:
        result = Comparison(rows.path, as_of, side_info(baseline), side_info(scenario), as_of_chosen=chosen,
                            warnings=warnings)
        tally = ComparisonTally(result, baseline, scenario, facilities)
        counts = [RunCounts(), RunCounts()]
        for b, s in decisions(rows, [baseline, scenario], as_of, workers=workers, counts=counts):  # one run, two books
            tally.add(b, s)
        result.dated_after.update(counts[0].dated_after)
        result.warnings += absent_notes(rows.present_fields, rows.extra_columns, [baseline, scenario])
    return tally.finish()


class ComparisonTally:
    """Fills a ``Comparison`` from the baseline and scenario decisions of the same records, pair by
    pair, as one run yields them (``compare`` here, or ``api.evaluate_file`` with a baseline)."""

    def __init__(self, result: Comparison, baseline: CompiledRulebook, scenario: CompiledRulebook,
                 facilities: Mapping[str, Facility]):
        self.result, self.facilities = result, facilities
        self.differs = rule_differences(baseline, scenario)
        self.transitions: Counter = Counter()
        self.possible_moves: Counter = Counter()
        self.possible = {"baseline": Counter(), "scenario": Counter()}
        self.groups: dict[str, dict[str, tuple[Counter, ...]]] = {"facility": {}, "region": {}}
        self.regions: dict[str, str] = {}

    def add(self, b: Mapping[str, Any], s: Mapping[str, Any]) -> None:
        """One record's baseline and scenario decisions."""
        if b["record_id"] != s["record_id"]:
            raise EngineError("the two sides of the comparison did not decide the same records in the same order")
        result, possible = self.result, self.possible
        result.records += 1
        self.transitions[(b["outcome"], s["outcome"])] += 1
        bp, sp = b.get("possible_outcomes") or [b["outcome"]], s.get("possible_outcomes") or [s["outcome"]]
        possible["baseline"].update(bp)
        possible["scenario"].update(sp)
        if bp == sp and Side.of(b) == Side.of(s):  # decided alike: the same facts lead both sides alike
            moves = [(x, x) for x in bp]
        else:  # each side's possibilities paired: an upper bound on what the same facts could do
            moves = itertools.product(bp, sp)
        for move in moves:
            self.possible_moves[move] += 1
        facility = b["facility_id"] or NO_FACILITY
        region = self.regions.setdefault(facility, region_of(self.facilities, b["facility_id"]))
        for kind, key in (("facility", facility), ("region", region)):
            pair = self.groups[kind].setdefault(key, (Counter(), Counter(), Counter(), Counter()))
            pair[0][b["outcome"]] += 1
            pair[1][s["outcome"]] += 1
            pair[2].update(bp)
            pair[3].update(sp)
        before, after = Side.of(b), Side.of(s)
        if before.differs(after):
            result.changed.append(ChangedRecord(
                b["record_id"], b["facility_id"], region, before, after, deciding_rules(before, after, self.differs),
            ))

    def finish(self) -> Comparison:
        """The comparison's tables, once every record is in; checked to add up."""
        result, transitions, moves = self.result, self.transitions, self.possible_moves
        result.transitions = {a: {b: transitions.get((a, b), 0) for b in OUTCOMES} for a in OUTCOMES}
        result.possible_transitions = {
            a: {b: max(moves.get((a, b), 0), transitions.get((a, b), 0)) for b in OUTCOMES} for a in OUTCOMES
        }
        result.possible = {side: dict(counts) for side, counts in self.possible.items()}
        result.by_facility = {
            key: {"region": self.regions[key], **_sides(*pair)} for key, pair in sorted(self.groups["facility"].items())
        }
        result.by_region = {key: _sides(*pair) for key, pair in sorted(self.groups["region"].items())}
        if sum(map(sum, (row.values() for row in result.transitions.values()))) != result.records:
            raise EngineError("the transition matrix does not add up to the number of records")
        return result


def _sides(before: Counter, after: Counter, could_before: Counter, could_after: Counter) -> dict[str, dict[str, int]]:
    """Both sides' counts, the change, and each side's possible counts (records that could have the
    outcome once their unknown facts are known; never fewer than the certain ones)."""
    return {
        "baseline": {o: before.get(o, 0) for o in OUTCOMES},
        "scenario": {o: after.get(o, 0) for o in OUTCOMES},
        "delta": {o: after.get(o, 0) - before.get(o, 0) for o in OUTCOMES},
        "baseline_possible": {o: max(before.get(o, 0), could_before.get(o, 0)) for o in OUTCOMES},
        "scenario_possible": {o: max(after.get(o, 0), could_after.get(o, 0)) for o in OUTCOMES},
    }
