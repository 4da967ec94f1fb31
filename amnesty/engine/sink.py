"""The reading process's share of a run: what only it can do, because it sees every batch in order.

Duplicate ids across the whole input (``amnesty.engine.seen_ids``), --strict
(stop at the first invalid record, before anything is written), writing,
counting by facility and outcome, and the callback a notebook or an
aggregator gives. Deciders know none of this; a sink knows no rule.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from amnesty.errors import EngineError, InvalidRecordError
from amnesty.io import decoded
from amnesty.io.writers import encoder
from amnesty.engine import decisions
from amnesty.engine.batch_result import BatchResult
from amnesty.engine.parallel import Batch
from amnesty.engine.seen_ids import SeenIds, repeats
from amnesty.engine.stream import duplicate_message


class Sink:
    """The reading process's share: duplicates, --strict, writing, counting, in input order."""

    def __init__(self, book, as_of, summary, writer, strict, redactor, on_decision, on_progress, path, spec):
        self.as_of, self.ref = as_of, decisions.rulebook_ref(book)
        self.summary, self.writer, self.strict, self.redactor = summary, writer, strict, redactor
        self.on_decision, self.on_progress, self.path = on_decision, on_progress, path
        self.encode = encoder(spec.fmt) if spec.fmt else None
        self.dicts = spec.dicts
        self.unit = spec.unit
        self.seen = SeenIds()  # the only state that grows with the input: 24 bytes per record id (past 65,536)

    def take(self, batch: Batch, result: BatchResult, repeated: dict[int, int] | None = None) -> Any:
        """Count and write one decided batch; gives back its decisions as written (a blob of JSON
        lines, a list of texts, or dicts), duplicates replaced, or None when a blob with lines
        replaced went to the writer in pieces and no callback reads it. ``repeated`` is the batch's repeated
        ids (``seen_ids.repeats``) when a run of several rulebooks has found them once for all;
        otherwise this sink finds them."""
        count = len(result.lines)
        blob = isinstance(result.out, bytes)
        if repeated is None:
            repeated = repeats(self.seen, result.ids, result.lines, result.problems)
        duplicates = self._duplicates(result, repeated)
        pieces = None  # a blob with some lines replaced, as slices of it (the blob is never split)
        if blob and result.sizes is not None:
            out_count = _checked_count(result.out, result.sizes)
            if duplicates:
                pieces = _spliced(result.out, result.sizes, {p: self.encode(d).encode() for p, (_, d) in duplicates.items()})
        elif blob:
            if duplicates:  # some lines are replaced
                result.out = result.out.split(b"\n") if result.out else []
            out_count = len(result.out) if duplicates else (result.out.count(b"\n") + 1 if result.out else 0)
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
            if result.out is not None and pieces is None:
                text = decision if self.dicts else self.encode(decision)
                result.out[position] = text.encode() if blob else text
        self._count(count, tally)
        if hasattr(self.summary, "dated_after"):
            self.summary.dated_after.update(result.dated_after)
        written = False
        if pieces is not None:
            written = hasattr(self.writer, "write_pieces")
            if written:
                self.writer.write_pieces(pieces, count)
            result.out = b"".join(pieces) if self.on_decision or not written else None  # only for whoever reads it
        if result.out is not None:
            if self.dicts:
                for decision in result.out:
                    if self.writer:
                        self.writer.write(decision)
                    self.on_decision(decision)
            else:
                if self.writer and blob and not written:
                    self.writer.write_blob(result.out if isinstance(result.out, bytes) else b"\n".join(result.out), count)
                elif self.writer and not blob:
                    self.writer.write_encoded(result.out)
                if self.on_decision:
                    lines = (result.out.split(b"\n") if result.out else []) if isinstance(result.out, bytes) else result.out
                    for text in lines:
                        self.on_decision(decoded.loads(text))
        if self.on_progress:
            self.on_progress(count)
        return result.out

    def _duplicates(self, result: BatchResult, repeated: dict[int, int]) -> dict[int, tuple[int, dict]]:
        """Later records with an id already seen: invalid, naming the line of the first (redacted already)."""
        out = {}
        for position, first in repeated.items():
            record_id, line = result.ids[position], result.lines[position]
            facility = result.kinds[result.codes[position]][0]
            message = f"{self.unit} {line}: " + duplicate_message(record_id, f"{self.unit} {first}")
            decision = decisions.invalid(record_id, facility, [message], self.as_of, self.ref)
            out[position] = (first, self.redactor.decision(decision) if self.redactor else decision)
        return out

    def _log_invalid(self, result: BatchResult, duplicates: dict) -> None:
        """Every invalid record with every one of its errors, in input order, for the summary's invalid log."""
        errors = {**result.errors, **{p: d["errors"] for p, (_, d) in duplicates.items()}}
        for position in sorted(errors):
            record_id, messages = result.ids[position], errors[position]  # messages are redacted already
            if self.redactor and record_id:
                record_id = self.redactor.pseudonym(record_id)
            self.summary.add_invalid(messages, record_id)

    def _stop_at_first_invalid(self, result: BatchResult, duplicates: dict) -> None:
        errors = {**result.errors, **{p: d["errors"] for p, (_, d) in duplicates.items()}}
        if errors:
            first = errors[min(errors)][0]
            raise InvalidRecordError(first + " (stopped by --strict; nothing was written)", path=self.path)

    def _count(self, count: int, tally: Counter) -> None:
        summary = self.summary
        summary.records_in += count
        for (facility, outcome, possible), n in tally.items():
            if n:
                summary.count(facility or "(none)", outcome, possible, n)


def _checked_count(blob: bytes, sizes: Any) -> int:
    """How many lines a blob holds by its lines' sizes, or -1 when the sizes do not add up to it."""
    count = len(sizes)
    total = sum(sizes) + count - 1 if count else 0
    return count if total == len(blob) else -1


def _spliced(blob: bytes, sizes: Any, replaced: dict[int, bytes]) -> list:
    """The blob's lines with some replaced, as pieces whose concatenation is the new blob: slices of
    the blob itself between the replaced lines, so nothing else is copied."""
    view = memoryview(blob)
    pieces, at = [], 0
    line, start = 0, 0  # a line and its first byte, counted on from line to line (sums of slices, in C)
    for position in sorted(replaced):
        start += sum(sizes[line:position]) + position - line
        line = position
        pieces += [view[at:start], replaced[position]]
        at = start + sizes[position]
    pieces.append(view[at:])
    return pieces
