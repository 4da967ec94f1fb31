"""The counts of one evaluation run (``RunSummary``), checked: every record in gave one decision out.

``amnesty evaluate`` prints them, ``--summary`` writes them as JSON and the
report draws its tables from them; ``bounds`` says, beside each outcome,
how many more records could have it once their unknown facts are known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.engine.counts import count_into
from amnesty.engine.dated import as_dict as dated_as_dict, describe as describe_dated
from amnesty.io.invalid import InvalidLog
from amnesty.models.decision import OUTCOME_ORDER

OUTCOMES = tuple(o.value for o in OUTCOME_ORDER)  # every outcome, in precedence order (the tables' columns)


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
    absent_columns: list[str] = field(default_factory=list)  # fields the rules read that the input lacks
    output: str | None = None
    possible: Counter = field(default_factory=Counter)  # outcome -> records for which it is possible
    possible_by_facility: dict[str, Counter] = field(default_factory=dict)
    as_of_chosen: str = ""  # how the as-of date was chosen: given, or the law's enactment date
    warnings: list[str] = field(default_factory=list)  # e.g. an as-of date before the law's enactment
    dated_after: Counter = field(default_factory=Counter)  # records dated after the as-of date, by field
    invalid_log: InvalidLog = field(default_factory=InvalidLog)  # the first few invalid records, records by field
    input_notes: list[str] = field(default_factory=list)  # how the input was read: sheet, delimiter
    comparison: Any = None  # with a baseline (``evaluate_file(baseline=...)``): the Comparison of the same run
    source_sha256: str | None = None  # of the bytes read, when asked for (``evaluate_file(summary_file=...)``)
    output_sha256: str | None = None  # of the decisions file as written (compressed if it is), when asked for
    errors_sha256: str | None = None  # of the errors file as written, when asked for
    max_invalid: str | None = None  # --max-invalid as given: the run was within it
    min_records: int | None = None  # --min-records: the run read at least so many

    def add_invalid(self, messages: Sequence[str], record_id: str | None = None) -> None:
        """One invalid record's errors, every one, in input order (the pipeline calls this)."""
        self.invalid_log.add(messages, record_id)

    def add(self, decision: Mapping[str, Any]) -> None:
        outcome = decision["outcome"]
        possible = tuple(decision.get("possible_outcomes") or (outcome,))
        self.count(decision.get("facility_id") or "(none)", outcome, possible, 1)

    def count(self, facility: str, outcome: str, possible: tuple[str, ...], n: int) -> None:
        """As a run's ``RunCounts`` counts (``engine.counts``), and each possible outcome in all."""
        count_into(self, facility, outcome, possible, n)
        for one in possible:
            self.possible[one] += n

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
            "min_records": self.min_records,
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
            "absent_columns": self.absent_columns,
            "output": self.output,
            "output_sha256": self.output_sha256,
            "as_of_chosen": self.as_of_chosen,
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
            "invalid_records": {**self.invalid_log.to_dict(),
                                **({"errors_file_sha256": self.errors_sha256} if self.errors_sha256 else {}),
                                "max_invalid": self.max_invalid},
            "input_notes": list(self.input_notes),
        }

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: the as-of warnings and records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]


SUMMARY_FORMAT = 1  # of the document ``--summary`` writes; raised when a key changes meaning or goes


def summary_document(summary: RunSummary) -> dict[str, Any]:
    """The run as ``amnesty evaluate --summary`` writes it, for a scheduled job's monitoring: what
    the console prints, as data, and what made it (the tool's version; the sha256 of the bytes read;
    the rulebook's id, version, sha256 and changed parameters; the as-of date and how it was chosen),
    and the sha256 of each file it wrote, so a copy taken elsewhere can be checked against it.
    No clock time: the same input, rulebook and as-of date give the same bytes, for any number of
    workers."""
    from amnesty.version import installed_version

    document = summary.to_dict()
    return {"summary_format": SUMMARY_FORMAT, "amnesty_version": installed_version() or "unknown",
            "source": document.pop("source"), "source_sha256": summary.source_sha256, **document}


def write_summary(summary: RunSummary, target: str | Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """``summary_document`` as JSON to ``target`` ("-": standard output), whole or not at all."""
    import json
    import sys

    from amnesty.io.atomic import atomic_open

    text = json.dumps(summary_document(summary), indent=2, ensure_ascii=False) + "\n"
    if str(target) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_open(target, force=force, inputs=inputs) as handle:
        handle.write(text)


def written_sha256(path: str | Path | None) -> str | None:
    """The sha256 of an output file now in place, read back (the bytes on disk, not those meant to
    be), or None for no file or standard output."""
    from amnesty.io.source import file_sha256

    return file_sha256(path) if path is not None and str(path) != "-" and Path(path).is_file() else None


def bounds(certain: Mapping[str, int], possible: Mapping[str, int]) -> dict[str, dict[str, int]]:
    """``{outcome: {certain, possible}}`` in precedence order: how many records have the outcome
    now, and how many could have it once their unknown facts are known (never fewer)."""
    return {
        o.value: {"certain": certain.get(o.value, 0), "possible": max(possible.get(o.value, 0), certain.get(o.value, 0))}
        for o in OUTCOME_ORDER
    }

