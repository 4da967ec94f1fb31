"""A batch of the run, as the records the variants of a sweep read: the row contract, once for all variants.

The run hands over batches as the pipeline reads them (``pipeline.batches_of``:
plain CSV lines, or rows the careful reader read, blank lines already gone,
ragged and oversized lines already unreadable rows). Here each row is
sorted once, whatever the number of variants: unreadable or repeated
(``seen_ids.repeats``), invalid, or valid. Validity is the record model's
own, decided the way one evaluation decides it: each distinct cell of a
column through the fast path's column validators (``fastpath.FastEvaluator``,
so the same cells are valid or not as in ``evaluate``), and any row they do
not settle (a bad cell, dates that cannot all be true, a record-level
problem) through the first variant's ``Evaluator.decide_values``, the
reference, which keeps the record when it is valid. Variants share the
as-of date and the facts their rules read, so a row is invalid under every
variant or under none (a term ending past 9999-12-31 is the exception, and
``engine.variants`` decides it per variant).

A valid row is kept as its cells, not as a record: its facts are those of
its cells, each distinct cell made into facts once (``field_facts``), and a
leaf's truth is computed once per distinct cell of its column
(``Chunk.leaf``). Every ``CHECK_EVERY``-th such row is also validated and
made into facts the reference way (``Record``, ``python_fact``): the facts
and every leaf's truth must agree, or the run stops. A row durable_rules is
asked about has its key computed again from its facts, and it must be the
key its columns gave (``engine.variants``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from amnesty.errors import EngineError
from amnesty.io.csv_plain import CsvLayout, PlainLines, split_plain
from amnesty.models.fields import FIELDS
from amnesty.models.record import Record
from amnesty.rules.conditions import Leaf
from amnesty.engine.dated import count_after
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.facts import field_facts, python_fact
from amnesty.engine.fastpath import FastEvaluator
from amnesty.engine.outcome import SentenceFacts
from amnesty.engine.stream import row_id_of

CHECK_EVERY = 128
MAX_TRUTHS = 1 << 16  # distinct cells remembered per leaf; past that the leaf starts afresh


class Collector(Evaluator):
    """The first variant's evaluator: validates like ``evaluate`` (same invalid decisions) but keeps
    a valid record undecided, for the variants to decide."""

    taken: Record | None = None

    def decide(self, record: Record, where: str = "") -> dict[str, Any] | None:
        if self.record_problem(record):
            return super().decide(record, where)
        self.taken = record
        return None


class Table:
    """One batch's rows as read: line, id and whether the reader could read it, in input order."""

    def __init__(self, rows: list[tuple], ids: list[str | None], names: Sequence[str] | None, as_of: date):
        self.rows = rows
        self.lines = [row[0] for row in rows]
        self.ids = ids
        self.problems = [i for i, row in enumerate(rows) if row[1] is None]
        self.dated_after = count_after(rows, names, as_of)


def read_table(payload: Any, layout: CsvLayout | None, names: Sequence[str], as_of: date) -> Table:
    """A batch's rows and their ids as the duplicate check compares them (no validation yet: the
    reading process of a run in worker processes needs only this)."""
    rows = split_plain(layout, payload) if isinstance(payload, PlainLines) else list(payload)
    id_at = names.index("record_id") if "record_id" in names else None
    ids = []
    for _, cells, _, record_id in rows:
        if cells is None:
            raw = record_id
        elif type(cells) is dict:
            raw = cells.get("record_id")
        else:
            raw = cells[id_at] if id_at is not None else None
        ids.append(row_id_of(raw[-1] if type(raw) is tuple else raw))
    return Table(rows, ids, names if layout is not None else None, as_of)


class Chunk:
    """The valid records of a batch, in an order of their own: rows kept as cells, then rows the
    reference validated (kept as facts). Only counts come out of a chunk, so order does not matter."""

    def __init__(self, reader: ChunkReader):
        self.reader = reader
        self.cells: list[tuple] = []  # rows valid by their columns
        self.facts: list[dict[str, Any]] = []  # rows the reference validated
        self.record_ids: list[str] = []
        self.sentences: list[SentenceFacts] = []
        self.checks: dict[int, dict[str, Any]] = {}  # position -> the reference's facts, to compare
        self._slow_ids: list[str] = []
        self._slow_sentences: list[SentenceFacts] = []
        self._by_column: list[tuple] | None = None

    def __len__(self) -> int:
        return len(self.record_ids)

    def finish(self) -> Chunk:
        self.record_ids += self._slow_ids
        self.sentences += self._slow_sentences
        return self

    def leaf(self, leaf: Leaf, function: Any) -> list:
        """The leaf's truth for every record: once per distinct cell of its column, then per fact."""
        if self._by_column is None:
            self._by_column = list(zip(*self.cells))
        fast = self.reader.truths(leaf, function, self._by_column, len(self.cells)) if self.cells else []
        return fast + [function(fact) for fact in self.facts]

    def fact(self, i: int) -> dict[str, Any]:
        """The record's facts: from its columns' cells, or as the reference made them."""
        if i >= len(self.cells):
            return self.facts[i - len(self.cells)]
        return self.reader.column_facts(self.cells[i])


class ChunkReader:
    """Sorts the rows of the run's batches; one per run, beside the variants' evaluators."""

    def __init__(self, reference: Collector, layout: CsvLayout | None, names: Sequence[str],
                 check_every: int | None = None):
        self.reference, self.layout, self.names, self.as_of = reference, layout, tuple(names), reference.as_of
        self.fast = FastEvaluator(reference, self.names, encode=None)
        self.enabled = self.fast.enabled
        self.check_every = check_every or CHECK_EVERY
        self._id_at = self.names.index("record_id") if "record_id" in self.names else None
        columns = self.fast._columns
        self._columns = columns
        self._positions = self.fast._positions
        at = {column.name: i for i, column in enumerate(columns)}
        self._type, self._months, self._custody = (
            at.get(n) for n in ("sentence_type", "sentence_months", "custody_start"))
        self._truths: dict[Leaf, dict] = {}
        self._facts: list[dict] = [{} for _ in columns]  # per column: cell -> the facts it gives
        self._blank = {name: None for name in FIELDS}
        self._pick = self.fast._pick
        self._seen = 0

    def table(self, payload: Any) -> Table:
        """A batch's rows and their ids as the duplicate check compares them."""
        return read_table(payload, self.layout, self.names, self.as_of)

    def chunk(self, table: Table, invalid: set[int]) -> tuple[Chunk, int]:
        """The batch's valid records, and how many of its records are invalid (``invalid``: positions
        already known to be, such as repeated ids)."""
        chunk = Chunk(self)
        count = 0
        for position, (line, cells, _, _) in enumerate(table.rows):
            if cells is None or position in invalid:
                count += 1
                continue
            if type(cells) is dict:
                cells = self.fast._cells_of(cells)
            if self.enabled and self._fast(chunk, cells, table.ids[position]):
                continue
            record = self._validated(self.fast._values(cells), f"line {line}: ")
            if record is None:
                count += 1
                continue
            chunk.facts.append(python_fact(record, self.as_of))
            chunk._slow_ids.append(record.record_id)
            chunk._slow_sentences.append(_sentence(record, self.as_of))
        return chunk.finish(), count

    def _fast(self, chunk: Chunk, cells: tuple, record_id: str | None) -> bool:
        """Keep a row its columns prove valid (the checks of ``FastEvaluator._fast``); False to leave
        it to the reference."""
        if type(cells[self._id_at]) is not str or record_id is None:
            return False
        picked = self._pick(cells)
        if self.fast.key_of(picked) is None:
            return False
        kind, months, custody = (
            None if at is None else self._columns[at].value[picked[at]]
            for at in (self._type, self._months, self._custody))
        self._seen += 1
        if self._seen % self.check_every == 0:
            reference = self.reference_facts(cells)[1]
            if reference != self.column_facts(cells):
                raise EngineError(f"record {record_id!r}: the column validators' facts differ from the record "
                                  "model's; no decision was made")
            chunk.checks[len(chunk.cells)] = reference
        chunk.cells.append(cells)
        chunk.record_ids.append(record_id)
        chunk.sentences.append(SentenceFacts(kind and kind.value, months, custody, self.as_of))
        return True

    def _validated(self, values: dict[str, Any], where: str) -> Record | None:
        """The record, when the reference finds it valid; None when it does not."""
        collector = self.reference
        collector.taken = None
        collector.decide_values(values, where)
        record, collector.taken = collector.taken, None
        return None if record is None else collector.prepare(record)

    def reference_facts(self, cells: tuple) -> tuple[Record, dict[str, Any]]:
        """A row kept as cells, validated and made into facts the reference way."""
        record = self._validated(self.fast._values(cells), "")
        if record is None:
            raise EngineError(f"record {cells[self._id_at]!r}: the column validators found it valid and the "
                              "record model did not; no decision was made")
        return record, python_fact(record, self.as_of)

    def column_facts(self, cells: tuple) -> dict[str, Any]:
        """A row's facts from its columns: each distinct cell made into facts once (``field_facts``)."""
        fact = dict(self._blank)
        for at, (column, position) in enumerate(zip(self._columns, self._positions)):
            fact.update(self._cell_facts(at, column, cells[position]))
        return fact

    def _cell_facts(self, at: int, column: Any, cell: Any) -> dict[str, Any]:
        known = self._facts[at]
        facts = known.get(cell)
        if facts is None:
            if len(known) > MAX_TRUTHS:
                known.clear()
            column.lookup(cell)
            facts = known[cell] = field_facts(column.name, column.value[cell], self.as_of)
        return facts

    def truths(self, leaf: Leaf, function: Any, by_column: list[tuple], count: int) -> list:
        """The leaf's truth for each row of cells, computed once per distinct cell of its column."""
        source = FIELDS[leaf.field].sources[0]
        if source not in self.names:  # a column the file does not have: blank in every record
            return [function(field_facts(source, None, self.as_of))] * count
        position = self.names.index(source)
        at = self._positions.index(position)
        column, cells = self._columns[at], by_column[position]
        known = self._truths.setdefault(leaf, {})
        if len(known) > MAX_TRUTHS:
            known.clear()
        for cell in set(cells).difference(known):
            known[cell] = function(self._cell_facts(at, column, cell))
        return list(map(known.__getitem__, cells))


def _sentence(record: Record, as_of: date) -> SentenceFacts:
    kind = record.sentence_type.value if record.sentence_type else None
    return SentenceFacts(kind, record.sentence_months, record.custody_start, as_of)


__all__ = ["CHECK_EVERY", "Chunk", "ChunkReader", "Collector", "Table"]
