"""Which unknown facts to collect first: a plan for one round of record collection.

Every ``review`` record that waits for facts names them (``missing``). A
fact *settles* a record when, filled in alone with any value it could
take, the record is no longer ``review`` for want of a fact: that is
checked by deciding the record again with the fact set to one value of
each of its classes (the values that meet every side of every comparison
the rules make; see ``amnesty.engine.worlds``), so a claim that a fact
settles a record holds whatever the answer turns out to be. Facts are
ranked by the records they settle, then by how many of those could then
be released; the worklist gives, per facility, each record and the facts
to collect for it, records settled by the top-ranked facts first.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amnesty.models.fields import FIELDS
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine.absent import absent_notes
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.sentence import add_months_or_end
from amnesty.engine.worlds import field_classes

WORKLIST_COLUMNS = (
    "facility_id", "record_id", "collect", "settled_by", "possible_outcomes", "could_be_released",
    "earliest_release_date",
)


@dataclass
class FactRank:
    """One unknown fact: in how many review records it is missing, how many it settles alone."""

    fact: str
    missing_in: int = 0
    settles: int = 0
    could_release: int = 0  # of the records it settles, those some answer would release
    records: list[str] = field(default_factory=list)  # the records it settles, in input order

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "missing_in": self.missing_in, "settles": self.settles,
                "could_release": self.could_release, "records": list(self.records)}


@dataclass
class WorkItem:
    facility_id: str
    record_id: str
    collect: list[str]  # the record's missing facts, best-ranked first
    settled_by: list[str]  # facts that settle the record alone
    possible_outcomes: list[str]
    could_be_released: bool
    earliest_release_date: str | None

    def row(self) -> dict[str, str]:
        return {
            "facility_id": self.facility_id, "record_id": self.record_id, "collect": ";".join(self.collect),
            "settled_by": ";".join(self.settled_by), "possible_outcomes": ";".join(self.possible_outcomes),
            "could_be_released": "true" if self.could_be_released else "false",
            "earliest_release_date": self.earliest_release_date or "",
        }


@dataclass
class Triage:
    source: str
    rulebook: dict[str, Any]
    as_of: date
    records: int = 0
    review: int = 0  # review records that wait for facts
    ranking: list[FactRank] = field(default_factory=list)
    by_facility: dict[str, list[FactRank]] = field(default_factory=dict)
    worklist: list[WorkItem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a field the rules read that the file has no column for

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "rulebook": self.rulebook, "as_of": self.as_of.isoformat(),
            "records": self.records, "review": self.review, "warnings": list(self.warnings),
            "ranking": [r.to_dict() for r in self.ranking],
            "by_facility": {f: [r.to_dict() for r in ranks] for f, ranks in sorted(self.by_facility.items())},
            "worklist": [item.row() for item in self.worklist],
        }


def answers(book: CompiledRulebook, as_of: date, fact: str) -> list[Any]:
    """One value of each class of the fact: every answer it could give, as far as the rules can tell."""
    classes = field_classes(book, as_of).get(fact)
    if classes is not None:
        return [_typed(fact, value) for value in classes.values]
    if fact == "custody_start":  # long ago, that day, the day after: clamped to the calendar at either end
        long_ago = add_months_or_end(as_of, -12 * 60)
        return [long_ago, as_of, *([as_of + timedelta(days=1)] if as_of < date.max else [])]
    if fact == "sentence_months":
        return [0, 1, 12 * 9_000]
    spec = FIELDS[fact]
    return list(spec.choices) if spec.choices else [True, False]


def _typed(fact: str, value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def settles(evaluator: Evaluator, record: Record, fact: str) -> tuple[bool, bool]:
    """(filling ``fact`` alone decides the record whatever its value, some value releases the person)."""
    base = record.model_dump(exclude_none=True)
    released = False
    values = answers(evaluator.book, evaluator.as_of, fact)
    if fact == "custody_start" and record.birth_date:  # the earliest custody the record allows: the day after birth
        values = [record.birth_date + timedelta(days=1), *values[1:]]
    for value in values:
        try:
            filled = Record.model_validate({**base, fact: value})
        except ValidationError:
            # A fixed term without months, or dates that cannot all be true: this answer cannot be
            # tried, so the fact is not claimed to settle the record.
            return False, released
        decision = evaluator.decide(filled)
        if decision["outcome"] == "review" and decision["missing"]:
            return False, released
        released |= decision["outcome"] == "release"
    return True, released


def triage(evaluator: Evaluator, rows, source: str) -> Triage:
    """Rank the unknown facts of the review records in ``rows`` (records files' rows)."""
    result = Triage(source, evaluator.ref, evaluator.as_of)
    overall: dict[str, FactRank] = {}
    per_facility: dict[str, dict[str, FactRank]] = {}
    pending = []
    for row in _first_of_each_id(rows):
        if row.values is None:
            result.records += 1
            continue
        result.records += 1
        decision = evaluator.decide_values(row.values, f"line {row.line}: ")
        if decision["outcome"] != "review" or not decision["missing"]:
            continue
        record = Record.model_validate(row.values)
        result.review += 1
        facility = decision["facility_id"]
        settled_by = []
        for fact in decision["missing"]:
            ok, released = settles(evaluator, record, fact)
            for table in (overall, per_facility.setdefault(facility, {})):
                rank = table.setdefault(fact, FactRank(fact))
                rank.missing_in += 1
                if ok:
                    rank.settles += 1
                    rank.could_release += released
                    rank.records.append(decision["record_id"])
            if ok:
                settled_by.append(fact)
        pending.append((decision, settled_by))
    result.ranking = _ranked(overall.values())
    result.by_facility = {f: _ranked(t.values()) for f, t in per_facility.items()}
    order = {rank.fact: i for i, rank in enumerate(result.ranking)}
    items = []
    for position, (decision, settled_by) in enumerate(pending):
        collect = sorted(decision["missing"], key=order.__getitem__)
        settled_by = sorted(settled_by, key=order.__getitem__)
        first = order[settled_by[0]] if settled_by else len(order)
        item = WorkItem(
            decision["facility_id"], decision["record_id"], collect, settled_by, decision["possible_outcomes"],
            "release" in decision["possible_outcomes"], decision["earliest_release_date"],
        )
        items.append(((decision["facility_id"], first, len(collect), position), item))
    result.worklist = [item for _, item in sorted(items, key=lambda pair: pair[0])]
    # a fact missing from every record because the file has no column for it: said, as evaluate says it
    result.warnings = absent_notes(getattr(rows, "present_fields", None), getattr(rows, "extra_columns", ()),
                                   [evaluator.book])
    return result


def _first_of_each_id(rows, size: int = 2_000):
    """The rows, a repeated record id's later rows made unreadable: ``evaluate`` decides them
    invalid (the run's row contract, ``seen_ids.repeats``), so they wait for no fact here either."""
    from amnesty.engine.seen_ids import SeenIds, repeats
    from amnesty.engine.stream import row_id_of

    seen = SeenIds()
    for chunk in _chunks(rows, size):
        ids = [row_id_of(r.record_id if r.values is None else r.values.get("record_id")) for r in chunk]
        unreadable = [i for i, r in enumerate(chunk) if r.values is None]
        repeated = repeats(seen, ids, [r.line for r in chunk], unreadable)
        for i, row in enumerate(chunk):
            yield replace(row, values=None) if i in repeated else row


def _chunks(rows, size: int):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ranked(ranks) -> list[FactRank]:
    return sorted(ranks, key=lambda r: (-r.settles, -r.could_release, -r.missing_in, list(FIELDS).index(r.fact)))


def write_worklist(result: Triage, path: str | Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    from amnesty.analysis.outputs import write_csv

    write_csv(path, [item.row() for item in result.worklist], list(WORKLIST_COLUMNS), force=force, inputs=inputs)
