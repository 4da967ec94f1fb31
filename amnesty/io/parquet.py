"""Decisions as Parquet, for data teams: typed columns, nested reasons, one row group per batch.

The deciders write JSON Lines (``encoding = "jsonl"``); this sink turns each
batch of lines into an Arrow table with one fixed schema and appends it as
a row group, so memory holds one batch, never the file. Dates are dates,
months are numbers, reasons a list of structs; the rulebook's changes
(``rulebook.overrides``, free-form) and anything beyond the data
dictionary's fields (a chain's ``steps``) are kept as JSON text, so no
decision loses a field. Like every output, the file appears whole or not
at all (``amnesty.io.atomic``).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amnesty.io import decoded
from amnesty.io.atomic import atomic_open

# pyarrow is imported where it is used: it starts threads, and a run that starts its worker
# processes after that cannot fork them (``amnesty.engine.parallel.start_method``).
if TYPE_CHECKING:
    import pyarrow.parquet as pq

ROWS_PER_GROUP = 50_000
NAMES = (
    "record_id", "facility_id", "outcome", "possible_outcomes", "reasons", "missing", "sentence_before",
    "sentence_after", "release_date", "parole_date", "earliest_release_date", "as_of", "rulebook", "errors",
    "extra",  # any other field of the decision, as JSON text (null when none)
)


@cache
def schema() -> Any:
    """The file's one schema (``NAMES`` in order), made when the first rows are written."""
    import pyarrow as pa

    sentence = pa.struct([("type", pa.string()), ("months", pa.float64())])
    reason = pa.struct([(name, pa.string()) for name in ("rule", "article", "effect", "text", "finding", "subject_to")])
    types = {
        "possible_outcomes": pa.list_(pa.string()), "reasons": pa.list_(reason), "missing": pa.list_(pa.string()),
        "sentence_before": sentence, "sentence_after": sentence, "release_date": pa.date32(),
        "parole_date": pa.date32(), "earliest_release_date": pa.date32(), "as_of": pa.date32(),
        "rulebook": pa.struct([(n, pa.string()) for n in ("id", "version", "sha256", "overrides")]),
        "errors": pa.list_(pa.string()),
    }
    return pa.schema([(name, types.get(name, pa.string())) for name in NAMES])


_DATES = ("release_date", "parole_date", "earliest_release_date", "as_of")
_KNOWN = frozenset(NAMES)


def row(decision: Mapping[str, Any]) -> dict[str, Any]:
    """One decision in the schema's types."""
    out = {name: decision.get(name) for name in NAMES if name != "extra"}
    for name in _DATES:
        if out[name] is not None:
            out[name] = date.fromisoformat(out[name])
    ref = out["rulebook"]
    if ref is not None:
        out["rulebook"] = {**{k: ref.get(k) for k in ("id", "version", "sha256")},
                           "overrides": json.dumps(ref.get("overrides") or {}, ensure_ascii=False, sort_keys=True)}
    extra = {k: v for k, v in decision.items() if k not in _KNOWN}
    out["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return out


class ParquetWriter:
    """``DecisionWriter``'s interface for a ``.parquet`` target."""

    format = "parquet"
    encoding = "jsonl"

    def __init__(self, target: Path, *, force: bool, inputs: tuple[Path, ...]):
        self.path = str(target)
        self.count = 0
        self._target, self._force, self._inputs = target, force, inputs
        self._context: Any = None
        self._writer: pq.ParquetWriter | None = None
        self._handle: Any = None
        self._rows: list[dict[str, Any]] = []

    def __enter__(self) -> ParquetWriter:
        self._context = atomic_open(self._target, force=self._force, inputs=self._inputs)
        self._handle = self._context.__enter__()  # the file itself is opened when the first rows come
        return self

    def write(self, decision: Mapping[str, Any]) -> None:
        self._rows.append(row(decision))
        self.count += 1
        if len(self._rows) >= ROWS_PER_GROUP:
            self._flush()

    def write_encoded(self, texts: list[str]) -> None:
        for text in texts:
            self.write(decoded.loads(text))

    def write_blob(self, data: bytes, count: int) -> None:
        if count:
            for line in data.split(b"\n"):
                self.write(decoded.loads(line))

    def _flush(self) -> None:
        self._flush_to(self._opened())

    def _opened(self) -> pq.ParquetWriter:
        if self._writer is None:
            self._writer = self._new_writer()
        return self._writer

    def _new_writer(self) -> pq.ParquetWriter:
        import pyarrow.parquet as pq

        return pq.ParquetWriter(self._handle.buffer, schema(), compression="zstd")

    def _flush_to(self, writer: pq.ParquetWriter) -> None:
        if self._rows:
            import pyarrow as pa

            writer.write_table(pa.Table.from_pylist(self._rows, schema=schema()))
            self._rows = []

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool | None:
        context, self._context = self._context, None
        if context is None:
            return None
        writer, self._writer = self._writer, None
        try:
            if exc_type is None:
                writer = writer or self._new_writer()  # a run without a record still writes the schema
                self._flush_to(writer)
            if writer is not None:
                writer.close()  # the footer; on failure too, so nothing writes to the closed file later
        except BaseException as error:
            if writer is not None:
                with contextlib.suppress(Exception):
                    writer.close()
            if exc_type is None:
                context.__exit__(type(error), error, error.__traceback__)  # the partial file goes; its own wording
                raise
        return context.__exit__(exc_type, exc, tb)
