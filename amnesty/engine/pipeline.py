"""A records file through the engine, in bounded batches, on one core or all of them.

The reading process reads (plain CSV lines stay unparsed bytes), cuts the
input into batches, and hands them to deciders: its own, or one per worker
process. Deciders send back each batch's decisions already encoded, with
the record ids as read; the reading process then does what needs the whole
file in order (refusing duplicate record ids, stopping at the first invalid
record under --strict), writes, and counts. Every batch is decided the same
way whichever process decides it, so the output is the same bytes for any
number of workers.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import islice
from typing import Any

from amnesty.errors import EngineError, InvalidRecordError
from amnesty.io.csv_plain import CsvLayout, PlainLines, split_plain
from amnesty.io.writers import encoder
from amnesty.models.record import RECORD_FIELDS
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import CompiledRulebook, compile_rulebook
from amnesty.rules.loader import RulebookSource
from amnesty.engine import decisions
from amnesty.engine.dated import count_after
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.columnar import ColumnarBatches
from amnesty.engine.fastpath import BatchResult, FastEvaluator
from amnesty.engine.parallel import Batch, Pool
from amnesty.engine.plainbatch import PlainBatches

ROWS_PER_BATCH = 2_000
# Plain CSV per batch for the column strategy (its cost per batch is high, per row low). More
# saves time, less saves memory; AMNESTY_BATCH_BYTES sets it (the output is the same bytes).
COLUMNAR_BYTES = int(os.environ.get("AMNESTY_BATCH_BYTES") or 1 << 21)
BATCH_CHARS = 1 << 23  # and no more text than this per batch: 2,000 rows of 1 MB values would take gigabytes


@dataclass(frozen=True)
class DeciderSpec:
    """Everything a worker needs to decide exactly as the reading process would (picklable)."""

    rulebook: Rulebook
    path: str
    overrides: dict[str, Any]
    sha256: str
    as_of: date
    names: tuple[str, ...]
    layout: CsvLayout | None
    fmt: str | None  # output format; None when only counts are wanted
    dicts: bool  # decision dicts for a caller's callback
    redactor: Any = None
    language: str = "en"  # of the reason sentences
    recipe: Any = None  # a chain or the automatic choice: how a worker builds its evaluator


class Decider:
    """Decides one batch: an Evaluator and its fast path, owned by one process."""

    def __init__(self, spec: DeciderSpec, book: CompiledRulebook | None = None):
        if spec.recipe is not None:  # chains and --rulebook auto: every record the plain way
            self.layout, self.names, self.as_of = spec.layout, spec.names, spec.as_of
            self.redactor = spec.redactor
            self.evaluator = (book if book is not None else spec.recipe).evaluator(spec.as_of)
            self.blob = spec.fmt in ("jsonl", "json") and not spec.dicts
            self.columnar = ColumnarBatches(None, None)
            self.fast = PlainBatches(
                self.evaluator, spec.names, encode=encoder(spec.fmt) if spec.fmt else None, dicts=spec.dicts,
                redactor=spec.redactor,
            )
            return
        if book is None:
            book = compile_rulebook(RulebookSource(spec.rulebook, spec.path), spec.overrides)
            if book.sha256 != spec.sha256:
                raise EngineError("a worker compiled a different rulebook than the one asked for; nothing was written")
            if spec.language != "en":
                from amnesty.i18n.rulebook import localise
                book = localise(book, spec.language)
        self.layout, self.names, self.as_of = spec.layout, spec.names, spec.as_of
        self.redactor = spec.redactor
        self.evaluator = Evaluator(book, spec.as_of)
        encode = encoder(spec.fmt) if spec.fmt else None
        self.blob = spec.fmt in ("jsonl", "json") and not spec.dicts
        self.fast = FastEvaluator(
            self.evaluator, spec.names, encode=encode, dicts=spec.dicts, redactor=spec.redactor,
            templates=spec.fmt in ("jsonl", "json"),
        )
        self.columnar = ColumnarBatches(self.fast, spec.layout)

    def __call__(self, payload: Any) -> BatchResult:
        if isinstance(payload, PlainLines) and self.columnar.enabled:
            result = self.columnar.decide(payload)
            if self.blob:
                result.out = "\n".join(result.out).encode()
            return result
        rows = split_plain(self.layout, payload) if isinstance(payload, PlainLines) else payload
        try:
            result = self.fast.decide(rows)
        except EngineError as exc:
            if self.redactor is None:
                raise
            # The engine's own messages may quote a record id; under --redact none may leave.
            raise EngineError(self.redactor.scrub(exc.message, _raw_ids(rows, self.fast))) from None
        result.dated_after = dict(count_after(rows, self.names, self.as_of))
        if self.blob and result.out is not None:
            result.out = "\n".join(result.out).encode()  # one object to send, written as it is
        return result

    def close(self) -> None:
        self.evaluator.close()


def _raw_ids(rows: Any, fast: FastEvaluator) -> list[Any]:
    """Every record id of a batch as read, for scrubbing a message that may quote one."""
    ids = []
    for _, cells, _, record_id in rows:
        ids.append(record_id)
        if type(cells) is dict:
            ids.append(cells.get("record_id"))
        elif cells is not None and fast._id_at is not None:
            raw = cells[fast._id_at]
            ids.append(raw[-1] if type(raw) is tuple else raw)
    return [str(i) if isinstance(i, int | float) else i for i in ids]


class Deciders:
    """One Decider per rulebook of a run, owned by one process: a batch comes back decided under each."""

    def __init__(self, specs: list[DeciderSpec], books: list[Any] | None = None):
        self.deciders: list[Decider] = []
        for spec, book in zip(specs, books or [None] * len(specs)):
            self.deciders.append(Decider(spec, book))

    def __call__(self, payload: Any) -> tuple[BatchResult, ...]:
        return tuple(decider(payload) for decider in self.deciders)

    def close(self) -> None:
        for decider in self.deciders:
            decider.close()


def make_deciders(specs: tuple[DeciderSpec, ...]) -> Deciders:
    """The factory each worker runs once (a module-level function, so it can be sent to a process)."""
    return Deciders(list(specs))


def workers_wanted(workers: int | None) -> int:
    if workers is None:
        return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    return workers


def spec_for(rows: Any, book: Any, as_of: date, fmt: str | None, *, dicts: bool = False,
             redactor: Any = None) -> DeciderSpec:
    """What a process needs to decide ``rows`` under ``book`` as this one would."""
    layout = rows.layout if hasattr(rows, "chunks") else None
    recipe = book.recipe() if hasattr(book, "recipe") else None
    return DeciderSpec(
        None if recipe else book.rulebook, book.path, book.overrides, book.sha256, as_of,
        layout.names if layout else RECORD_FIELDS, layout, fmt, dicts, redactor, getattr(book, "language", "en"),
        recipe,
    )


def decide_source(
    rows: Any,
    book: CompiledRulebook,
    as_of: date,
    summary: Any,
    *,
    workers: int | None = None,
    writer: Any = None,
    strict: bool = False,
    redactor: Any = None,
    on_decision: Callable[[dict[str, Any]], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> None:
    """Decide every record of ``rows`` (an open RecordSource) into ``writer`` and ``summary``.

    Deciders write JSON (or the writer's own CSV); ``on_decision`` gets each decision decoded
    from that text, so a callback sees exactly what the output file holds.
    """
    fmt = writer.encoding if writer else ("jsonl" if on_decision else None)
    dicts = on_decision is not None and fmt not in ("jsonl", "json")  # CSV out and a callback: dicts, then both
    spec = spec_for(rows, book, as_of, fmt, dicts=dicts, redactor=redactor)
    columnar = spec.recipe is None and fmt in ("jsonl", "json") and not dicts and redactor is None
    batches = batches_of(rows, spec.layout, COLUMNAR_BYTES if columnar else None)
    sink = Sink(book, as_of, summary, writer, strict, redactor, on_decision, on_progress, rows.path, spec)
    for batch, (result,) in decided(batches, [spec], [book], workers_wanted(workers)):
        sink.take(batch, result)


def decided(batches: Iterator[Batch], specs: list[DeciderSpec], books: list[Any], workers: int):
    """(batch, one result per spec) in order: in this process for one worker or a small input,
    else in a pool whose every worker holds one Decider per spec."""
    first = list(islice(batches, 2 * workers)) if workers > 1 else []
    if workers == 1 or len(first) < 2 * workers:
        deciders = Deciders(specs, books)
        try:
            for batch in [*first, *batches]:
                yield batch, deciders(batch.payload)
        finally:
            deciders.close()
        return
    with Pool(partial(make_deciders, tuple(specs)), workers, preload=[__name__]) as pool:
        yield from pool.map(_chain(first, batches))


def _chain(first: list[Batch], rest: Iterator[Batch]) -> Iterator[Batch]:
    yield from first
    yield from rest


def batches_of(rows: Any, layout: CsvLayout | None, plain_bytes: int | None = None) -> Iterator[Batch]:
    """Plain CSV lines as they come (``plain_bytes`` at a time when given); other rows gathered
    ROWS_PER_BATCH at a time."""
    items = (rows.chunks(plain_bytes) if plain_bytes else rows.chunks()) if layout else iter(rows)
    pending: list[tuple] = []
    chars = 0
    seq = 0
    names = layout.names if layout else None
    for item in items:
        if isinstance(item, PlainLines):
            if pending:
                yield _rows_batch(seq, pending)
                seq, pending, chars = seq + 1, [], 0
            yield Batch(seq, item.first_line, item.last_line, item.last_line - item.first_line + 1, item, "lines")
            seq += 1
            continue
        values = item.values
        if values is not None:
            chars += sum(len(v) for v in values.values() if type(v) is str)
            if names is not None:
                values = tuple(values[name] for name in names)
        pending.append((item.line, values, item.problem, item.record_id))
        if len(pending) >= ROWS_PER_BATCH or chars >= BATCH_CHARS:
            yield _rows_batch(seq, pending)
            seq, pending, chars = seq + 1, [], 0
    if pending:
        yield _rows_batch(seq, pending)


def repeats(seen: dict[str, int], ids: list[str | None], lines: list[int], problems: list[int]) -> dict[int, int]:
    """The row contract on record ids: a later record with an id already seen (in ``seen``, id -> first
    line, which this fills) is invalid, naming the first one's line; an unreadable row keeps its own
    problem. Gives position -> the first line."""
    found = {}
    for position, (record_id, line) in enumerate(zip(ids, lines)):
        if record_id is not None:
            first = seen.setdefault(record_id, line)
            if first != line:
                found[position] = first
    for position in problems:
        found.pop(position, None)
    return found


def _rows_batch(seq: int, rows: list[tuple]) -> Batch:
    return Batch(seq, rows[0][0], rows[-1][0], len(rows), rows)


class Sink:
    """The reading process's share: duplicates, --strict, writing, counting, in input order."""

    def __init__(self, book, as_of, summary, writer, strict, redactor, on_decision, on_progress, path, spec):
        self.as_of, self.ref = as_of, decisions.rulebook_ref(book)
        self.summary, self.writer, self.strict, self.redactor = summary, writer, strict, redactor
        self.on_decision, self.on_progress, self.path = on_decision, on_progress, path
        self.encode = encoder(spec.fmt) if spec.fmt else None
        self.dicts = spec.dicts
        self.first_line: dict[str, int] = {}  # the only state that grows with the input: one entry per record id

    def take(self, batch: Batch, result: BatchResult) -> Any:
        """Count and write one decided batch; gives back its decisions as written (a blob of JSON
        lines, a list of texts, or dicts), duplicates replaced."""
        count = len(result.lines)
        blob = isinstance(result.out, bytes)
        if self._any_seen(result):
            duplicates = self._duplicates(result)
            if blob:  # some lines are replaced
                result.out = result.out.split(b"\n") if result.out else []
        else:
            self.first_line.update(zip(result.ids, result.lines))
            duplicates = {}
        if isinstance(result.out, bytes):
            out_count = result.out.count(b"\n") + 1 if result.out else 0
        else:
            out_count = count if result.out is None else len(result.out)
        if len(result.codes) != count or len(result.ids) != count or out_count != count:
            raise EngineError(f"a batch came back incomplete ({batch.describe()}); no output was written")
        if self.strict:
            self._stop_at_first_invalid(result, duplicates)
        if hasattr(self.summary, "add_invalid") and (result.errors or duplicates):
            self._log_invalid(result, duplicates)
        counts = Counter(result.codes)
        tally = Counter({result.kinds[code]: n for code, n in counts.items()})
        for position, (first, decision) in duplicates.items():
            tally[result.kinds[result.codes[position]]] -= 1
            tally[(decision["facility_id"], "invalid", ("invalid",))] += 1
            if result.out is not None:
                text = decision if self.dicts else self.encode(decision)
                result.out[position] = text.encode() if blob else text
        self._count(count, tally)
        if hasattr(self.summary, "dated_after"):
            self.summary.dated_after.update(result.dated_after)
        if result.out is not None:
            if self.dicts:
                for decision in result.out:
                    if self.writer:
                        self.writer.write(decision)
                    self.on_decision(decision)
            else:
                if self.writer and blob:
                    self.writer.write_blob(result.out if isinstance(result.out, bytes) else b"\n".join(result.out), count)
                elif self.writer:
                    self.writer.write_encoded(result.out)
                if self.on_decision:
                    lines = (result.out.split(b"\n") if result.out else []) if isinstance(result.out, bytes) else result.out
                    for text in lines:
                        self.on_decision(json.loads(text))
        if self.on_progress:
            self.on_progress(count)
        return result.out

    def _any_seen(self, result: BatchResult) -> bool:
        """Whether some id of the batch was seen before or repeats in it (then its lines are split)."""
        ids = [record_id for record_id in result.ids if record_id is not None]
        return len(set(ids)) != len(ids) or not self.first_line.keys().isdisjoint(ids)

    def _duplicates(self, result: BatchResult) -> dict[int, tuple[int, dict]]:
        """Later records with an id already seen: invalid, naming the line of the first (redacted already)."""
        seen, found = self.first_line, {}
        for position, (record_id, line) in enumerate(zip(result.ids, result.lines)):
            if record_id is not None:
                first = seen.setdefault(record_id, line)
                if first != line:
                    found[position] = first
        for position in result.problems:
            found.pop(position, None)  # an unreadable row keeps its own message
        out = {}
        for position, first in found.items():
            record_id, line = result.ids[position], result.lines[position]
            facility = result.kinds[result.codes[position]][0]
            message = f"line {line}: field record_id: {record_id!r} is a duplicate of the record on line {first}"
            decision = decisions.invalid(record_id, facility, [message], self.as_of, self.ref)
            out[position] = (first, self.redactor.decision(decision) if self.redactor else decision)
        return out

    def _log_invalid(self, result: BatchResult, duplicates: dict) -> None:
        """Every invalid record's first error, in input order, for the summary's invalid log."""
        errors = {**result.errors, **{p: d["errors"][0] for p, (_, d) in duplicates.items()}}
        for position in sorted(errors):
            record_id, message = result.ids[position], errors[position]  # messages are redacted already
            if self.redactor and record_id:
                record_id = self.redactor.pseudonym(record_id)
            self.summary.add_invalid(message, record_id)

    def _stop_at_first_invalid(self, result: BatchResult, duplicates: dict) -> None:
        errors = {**result.errors, **{p: d["errors"][0] for p, (_, d) in duplicates.items()}}
        if errors:
            first = errors[min(errors)]
            raise InvalidRecordError(first + " (stopped by --strict; nothing was written)", path=self.path)

    def _count(self, count: int, tally: Counter) -> None:
        summary = self.summary
        summary.records_in += count
        for (facility, outcome, possible), n in tally.items():
            if n:
                summary.decisions_out += n
                summary.outcomes[outcome] += n
                summary.by_facility.setdefault(facility or "(none)", Counter())[outcome] += n
                summary.count_possible(facility or "(none)", possible, n)
