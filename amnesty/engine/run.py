"""One decision run: records read once, decided under one or more rulebooks, in order.

Every way of deciding a file goes through here or through
``pipeline.decide_source`` (which writes an output file), and both go
through the same ``pipeline.Decider`` per rulebook and the same
``sink.Sink`` (duplicates, counting): evaluate is a run with one
rulebook, compare a run with two, the report one run whatever its
sections. Analyses are aggregators over the tuples of decisions a run
yields; they never decide a record themselves.

Decisions reach the caller as dicts decoded from the JSON the deciders
wrote, which is what the output file would hold, byte for byte: an
analysis sees exactly what ``amnesty evaluate`` writes.

A sweep is a run with N variants of one rulebook (``variant_batches``):
the same batches and the same row contract (``pipeline.batches_of``,
``seen_ids.repeats``), decided by the variants strategy
(``engine.variants``), which gives results rather than decisions, since a
sweep only counts them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from amnesty.engine import pipeline
from amnesty.engine.counts import RunCounts
from amnesty.engine.parallel import Batch, shared_out
from amnesty.engine.seen_ids import SeenIds, repeats
from amnesty.engine.sink import Sink
from amnesty.engine.worker_book import worker_book
from amnesty.io import decoded
from amnesty.io.csv_plain import PlainLines
from amnesty.io.memory import MemorySource
from amnesty.models.record import RECORD_FIELDS


def decisions(
    rows: Any,
    books: Sequence[Any],
    as_of: date,
    *,
    workers: int | None = 1,
    counts: Sequence[RunCounts] | None = None,
) -> Iterator[tuple[dict[str, Any], ...]]:
    """For every record of ``rows`` (an open RecordSource), its decision under each of ``books``.

    ``counts`` (one per book) receive what ``amnesty evaluate`` counts: records in, decisions
    out, outcomes, records dated after the as-of date.
    """
    counts = list(counts) if counts is not None else [RunCounts() for _ in books]
    specs = [pipeline.spec_for(rows, book, as_of, "jsonl") for book in books]
    sinks = [Sink(book, as_of, tally, None, False, None, None, None, rows.path, spec)
             for book, tally, spec in zip(books, counts, specs)]
    layout = specs[0].layout
    workers = pipeline.workers_wanted(workers)
    batches = pipeline.batches_of(rows, layout, pipeline.plain_batch_bytes(rows, workers))
    seen = SeenIds()  # the same records under every rulebook: their ids are checked once
    for batch, results in pipeline.decided(batches, specs, list(books), workers):
        first = results[0]
        repeated = repeats(seen, first.ids, first.lines, first.problems)
        texts = []
        for number, (sink, result) in enumerate(zip(sinks, results)):
            if number:
                result.dated_after = {}  # the same records: counted once
            out = sink.take(batch, result, repeated)
            texts.append((out.split(b"\n") if out else []) if isinstance(out, bytes) else out)
        yield from zip(*([decoded.loads(text) for text in side] for side in texts))


def decision_of(values: dict[str, Any], book: Any, as_of: date, *, line: int = 1, unit: str = "line") -> dict[str, Any]:
    """One record's decision, through the run as a file holding it would get it (explain, a worked
    case): ``line`` and ``unit`` name its position in the decision's messages ("line 7: ...")."""
    with MemorySource.at([(line, values)], unit=unit) as rows:
        ((decision,),) = decisions(rows, [book], as_of)
    return decision


@dataclass
class VariantBatch:
    """One batch of a run with variants: its records, those invalid under every variant (unreadable,
    repeated, failing validation), those dated after the as-of date, and each variant's results
    for the others (``engine.variants.Decided``), in the order of ``ids``."""

    records: int
    invalid: int
    dated_after: Counter
    decided: list[Any]
    ids: list[str]  # the record ids of the records decided, in the order of each variant's results


def variant_batches(rows: Any, books: Sequence[Any], as_of: date) -> Iterator[VariantBatch]:
    """Every batch of ``rows`` (an open RecordSource) decided under each of ``books`` (variants of
    one rulebook: the same rules, other values), in this process."""
    layout = rows.layout if hasattr(rows, "chunks") else None
    deciding = VariantDecider(books, as_of, layout)
    try:
        for payload, table, repeated in _with_repeats(rows, layout, as_of):
            yield deciding.batch(payload, repeated, table)
    finally:
        deciding.close()


def variant_counts(rows: Any, books: Sequence[Any], as_of: date, counter: Any, workers: int) -> Iterator[Any]:
    """``variant_batches`` counted by ``counter(len(books), as_of)`` (an aggregator with ``add``), one
    counter per batch, the batches decided and counted in ``workers`` processes. Counts are sums
    over records, so the caller's total is the same for any number of workers. The reading process
    applies the row contract on ids (it sees every batch in order) and sends each batch with its
    repeated positions; each worker compiles the variants itself and checks their sha256."""
    layout = rows.layout if hasattr(rows, "chunks") else None
    specs = tuple((book.rulebook, book.path, dict(book.overrides), book.sha256) for book in books)
    read = enumerate(pipeline.batches_of(rows, layout, pipeline.plain_batch_bytes(rows, workers)))  # (seq, batch)
    here = partial(_Counting, books, as_of, layout, counter)
    for _, counted in shared_out(read, workers, here, partial(_variant_worker, specs, as_of, layout, counter),
                                 preload=[__name__], prepare=partial(_contracted, layout, as_of, SeenIds())):
        yield counted


def _contracted(layout: Any, as_of: date, seen: SeenIds, item: tuple[int, Any]) -> Any:
    """A batch as read, with the row contract on ids applied (``_with_repeats``), as a batch to count."""
    seq, batch = item
    payload, table, repeated = _repeats_of(batch, layout, as_of, seen)
    first, last = (table.lines[0], table.lines[-1]) if table.lines else (0, 0)
    return Batch(seq, first, last, len(table.rows), (payload, repeated))


def _with_repeats(rows: Any, layout: Any, as_of: date) -> Iterator[tuple[Any, Any, set[int]]]:
    """The run's batches, each with its rows as read and the positions of its records whose id was
    read before."""
    seen = SeenIds()
    for batch in pipeline.batches_of(rows, layout, pipeline.columnar_bytes()):
        yield _repeats_of(batch, layout, as_of, seen)


def _repeats_of(batch: Any, layout: Any, as_of: date, seen: SeenIds) -> tuple[Any, Any, set[int]]:
    """One batch's rows as read, its table, and its repeated positions; ``seen`` must see every
    batch of the run, in order."""
    from amnesty.engine.variant_rows import read_table

    names = layout.names if layout else RECORD_FIELDS
    payload = batch.payload if isinstance(batch.payload, PlainLines) else list(batch.payload)
    table = read_table(payload, layout, names, as_of)
    return payload, table, set(repeats(seen, table.ids, table.lines, table.problems))


class VariantDecider:
    """The variants strategy and its reader, owned by one process: a batch in, a VariantBatch out."""

    def __init__(self, books: Sequence[Any], as_of: date, layout: Any):
        from amnesty.engine.variant_rows import ChunkReader
        from amnesty.engine.variants import Variants

        self.books = books
        self.deciding = Variants(books, as_of)
        self.reader = ChunkReader(self.deciding.reference, layout, layout.names if layout else RECORD_FIELDS)

    def batch(self, payload: Any, repeated: set[int], table: Any = None) -> VariantBatch:
        table = table if table is not None else self.reader.table(payload)
        chunk, invalid = self.reader.chunk(table, repeated)
        decided = self.deciding.decide_chunk(chunk) if len(chunk) else [None] * len(self.books)
        return VariantBatch(len(table.rows), invalid, table.dated_after, decided, chunk.record_ids)

    def close(self) -> None:
        self.deciding.close()


def _variant_worker(specs: tuple, as_of: date, layout: Any, counter: Any):
    """What each worker process runs once: the variants compiled here, then a counter per batch."""
    books = [worker_book(*spec, consequence="nothing was counted") for spec in specs]
    return _Counting(books, as_of, layout, counter)


class _Counting:
    """The variants strategy counting each batch it decides: what each process of ``variant_counts``
    runs on a batch and its repeated positions."""

    def __init__(self, books: Sequence[Any], as_of: date, layout: Any, counter: Any):
        self.books, self.as_of, self.counter = books, as_of, counter
        self.deciding = VariantDecider(books, as_of, layout)

    def __call__(self, item: tuple[Any, set[int]]) -> Any:
        counted = self.counter(len(self.books), self.as_of)
        counted.add(self.deciding.batch(*item))
        return counted

    def close(self) -> None:
        self.deciding.close()
