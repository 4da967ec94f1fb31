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

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from amnesty.errors import EngineError, SettingError
from amnesty.io import decoded
from amnesty.io.csv_plain import CsvLayout, PlainLines, split_plain
from amnesty.io.writers import encoder
from amnesty.models.record import RECORD_FIELDS
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine.dated import count_after
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.columnar import ColumnarBatches
from amnesty.engine.batch_result import BatchResult
from amnesty.engine.fastpath import FastEvaluator
from amnesty.engine.parallel import Batch, shared_out
from amnesty.engine.plainbatch import PlainBatches
from amnesty.engine.sink import Sink
from amnesty.engine.worker_book import worker_book

ROWS_PER_BATCH = 2_000
# Plain CSV per batch for the column strategy (its cost per batch is high, per row low). More
# saves time, less saves memory; AMNESTY_BATCH_BYTES sets it (the output is the same bytes).
BATCH_BYTES_VARIABLE = "AMNESTY_BATCH_BYTES"
DEFAULT_BATCH_BYTES = 1 << 21
BATCH_BYTES_RANGE = (1 << 10, 1 << 28)  # 1 KiB to 256 MiB: a process holds 30 to 60 times its batch
COLUMNAR_BYTES: int | None = None  # None: AMNESTY_BATCH_BYTES, or DEFAULT_BATCH_BYTES (tests set it directly)
_UNITS = {"": 1, "b": 1, "k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10, "m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20}
BATCH_CHARS = 1 << 23  # and no more text than this per batch: 2,000 rows of 1 MB values would take gigabytes
MIN_SHARED_BYTES = 1 << 18  # a smaller share per batch is not worth a pool: the file is decided here


def columnar_bytes() -> int:
    """Plain CSV per batch: COLUMNAR_BYTES when set, else AMNESTY_BATCH_BYTES, read when a run starts
    (a wrong value stops that run with one sentence; importing the package never fails on it)."""
    if COLUMNAR_BYTES is not None:
        return COLUMNAR_BYTES
    return parse_batch_bytes(os.environ.get(BATCH_BYTES_VARIABLE))


def parse_batch_bytes(text: str | None) -> int:
    """``2097152``, ``512K``, ``2MB`` or ``2MiB`` as bytes (K and M count 1,024); unset or blank is the default."""
    if text is None or not text.strip():
        return DEFAULT_BATCH_BYTES
    found = re.fullmatch(r"\s*(\d{1,12})\s*([a-z]*)\s*", text.lower())
    scale = _UNITS.get(found.group(2)) if found else None
    low, high = BATCH_BYTES_RANGE
    if scale is None or not low <= int(found.group(1)) * scale <= high:
        raise SettingError(f"{BATCH_BYTES_VARIABLE}={text!r} is not a batch size: give bytes from {low:,} to "
                           f"{high:,}, or a number with K or M (1,024 and 1,048,576), as in 2M")
    return int(found.group(1)) * scale


def plain_batch_bytes(rows: Any, workers: int) -> int:
    """Plain CSV per batch for a run on ``workers`` processes: ``columnar_bytes()``, or less for a file too
    small to give each worker two batches (the least a pool starts with, ``parallel.shared_out``).
    A file of 10,000 records (1.5 MB) was one batch, decided in one process while the other cores
    idled; in four batches on two workers it takes 0.91x to 0.96x the time, 30,000 records 0.84x
    to 0.87x (farm-bench, pairs alternating, two runs each). Below MIN_SHARED_BYTES a share, the
    pool costs more than it saves, and the batch stays whole."""
    most = columnar_bytes()
    # A compressed file's size (gzip, a workbook, Parquet) says little of the text it holds: its
    # batches are the usual size.
    size = _file_size(getattr(rows, "path", None)) if getattr(rows, "sized", True) else None
    share = size // (2 * workers) if size is not None and workers > 1 else most
    return most if share < MIN_SHARED_BYTES else min(most, share)


def _file_size(path: Any) -> int | None:
    """Bytes of a regular file, or None (standard input, a pipe, records in memory)."""
    try:
        status = os.stat(path)
    except (TypeError, ValueError, OSError):
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


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
    unit: str = "line"  # how a decision names a record's position: "line 7" in a file, "record 7" in memory


class Decider:
    """Decides one batch: an Evaluator and its fast path, owned by one process."""

    def __init__(self, spec: DeciderSpec, book: CompiledRulebook | None = None):
        self.reencode = None  # or the output's encoder, when its texts are made from the JSON decisions
        if spec.recipe is not None:  # chains and --rulebook auto: every record the plain way
            self.layout, self.names, self.as_of = spec.layout, spec.names, spec.as_of
            self.redactor = spec.redactor
            self.evaluator = (book if book is not None else spec.recipe).evaluator(spec.as_of)
            self.blob = spec.fmt in ("jsonl", "json") and not spec.dicts
            self.columnar = ColumnarBatches(None, None)
            self.fast = PlainBatches(
                self.evaluator, spec.names, encode=encoder(spec.fmt) if spec.fmt else None, dicts=spec.dicts,
                redactor=spec.redactor, unit=spec.unit,
            )
            return
        if book is None:
            book = worker_book(spec.rulebook, spec.path, spec.overrides, spec.sha256)
            if spec.language != "en":
                from amnesty.i18n.rulebook import localise
                book = localise(book, spec.language)
        self.layout, self.names, self.as_of = spec.layout, spec.names, spec.as_of
        self.redactor = spec.redactor
        self.evaluator = Evaluator(book, spec.as_of)
        # A format other than JSON is written from the JSON decisions, re-encoded here: JSON is what
        # the strategies make fast, and an encoder reads a decision as JSON gives it (``io.encoding``).
        text_format = spec.fmt is not None and spec.fmt not in ("jsonl", "json")
        self.reencode = encoder(spec.fmt) if text_format and as_json(spec) else None
        fmt = "jsonl" if self.reencode else spec.fmt
        encode = encoder(fmt) if fmt else None
        self.blob = fmt in ("jsonl", "json") and not spec.dicts
        self.fast = FastEvaluator(
            self.evaluator, spec.names, encode=encode, dicts=spec.dicts, redactor=spec.redactor,
            templates=fmt in ("jsonl", "json"), unit=spec.unit,
        )
        self.columnar = ColumnarBatches(self.fast, spec.layout)

    def __call__(self, payload: Any) -> BatchResult:
        result = self._decided(payload)
        if self.reencode and result.out is not None:
            lines = (result.out.split(b"\n") if result.out else []) if isinstance(result.out, bytes) else result.out
            result.out, result.sizes = [self.reencode(decoded.loads(line)) for line in lines], None
        return result

    def _decided(self, payload: Any) -> BatchResult:
        if isinstance(payload, PlainLines) and self.columnar.enabled:
            return self.columnar.decide(payload)  # JSON lines, one blob: the strategy runs for JSON output only
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


def as_json(spec: DeciderSpec) -> bool:
    """Whether a run's decisions can be made as JSON text (the column strategy's output): one
    rulebook, no redaction, no decision dicts for a callback."""
    return spec.recipe is None and not spec.dicts and spec.redactor is None


def make_deciders(specs: tuple[DeciderSpec, ...]) -> Deciders:
    """The factory each worker runs once (a module-level function, so it can be sent to a process)."""
    return Deciders(list(specs))


def workers_wanted(workers: int | None) -> int:
    """``workers``, or by default one per CPU this process may use, as many as its memory holds
    (``amnesty.engine.capacity``)."""
    if workers is None:
        from amnesty.engine.capacity import default_workers

        return default_workers()
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
        recipe, getattr(rows, "unit", "line"),
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
    columnar = fmt is not None and as_json(spec)
    workers = workers_wanted(workers)
    size = plain_batch_bytes(rows, workers)  # read (and AMNESTY_BATCH_BYTES checked) for every run
    batches = batches_of(rows, spec.layout, size if columnar else None)
    sink = Sink(book, as_of, summary, writer, strict, redactor, on_decision, on_progress, rows.path, spec)
    for batch, (result,) in decided(batches, [spec], [book], workers):
        sink.take(batch, result)


def decided(batches: Iterator[Batch], specs: list[DeciderSpec], books: list[Any], workers: int):
    """(batch, one result per spec) in order: in this process for one worker or a small input,
    else in a pool whose every worker holds one Decider per spec."""
    yield from shared_out(batches, workers, partial(Deciders, specs, books), partial(make_deciders, tuple(specs)),
                          preload=[__name__])


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


def _rows_batch(seq: int, rows: list[tuple]) -> Batch:
    return Batch(seq, rows[0][0], rows[-1][0], len(rows), rows)
