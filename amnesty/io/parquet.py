"""Decisions as Parquet, for data teams: typed columns, nested reasons, row groups of 50,000.

The deciders write JSON Lines (``encoding = "jsonl"``); this sink reads each
batch of lines with pyarrow's own JSON reader into an Arrow table of one
fixed schema (``table_of_lines``: a dozen times as fast as a dict per
decision) and writes row groups of ``ROWS_PER_GROUP`` rows, so memory holds
about one group, never the file. Dates are dates, months are numbers,
reasons a list of structs; the rulebook's changes (``rulebook.overrides``,
free-form) and anything beyond the data dictionary's fields (a chain's
``steps``) are kept as JSON text, so no decision loses a field: a batch that
has either goes decision by decision (``row``), into the same row groups, so
the file is the same bytes either way. Like every output, the file appears
whole or not at all (``amnesty.io.atomic``).
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


def table_of_lines(data: bytes) -> Any:
    """A batch of JSON lines as a table of the schema, parsed by pyarrow's own JSON reader (a dozen
    times as fast as a dict per decision); None when the batch holds what only ``row`` words the
    same way (a field beyond the schema, a rulebook with changes, a value of another type)."""
    import io

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.json as pj

    full = schema()
    ref_read = pa.struct([(n, pa.string()) for n in ("id", "version", "sha256")])  # and "overrides", inferred
    read = pa.schema([
        pa.field(f.name, pa.string() if f.name in _DATES else ref_read if f.name == "rulebook" else f.type)
        for f in full if f.name != "extra"
    ])
    options = pj.ParseOptions(explicit_schema=read, unexpected_field_behavior="infer")
    try:
        table = pj.read_json(io.BytesIO(data), read_options=pj.ReadOptions(use_threads=False), parse_options=options)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if table.schema.names != read.names or any(table.schema.field(n).type != read.field(n).type for n in read.names
                                                  if n != "rulebook"):
        return None
    ref = table.column("rulebook").combine_chunks()
    overrides = ref.type.get_field_index("overrides")
    if ref.type.num_fields != 4 or overrides != 3 or ref.type.field(3).type.num_fields:
        return None  # changes to the rulebook (or no such field): ``row`` words them
    columns = {}
    for name in read.names:
        column = table.column(name)
        if name in _DATES:
            try:
                column = pc.cast(column, pa.date32())
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                return None  # ``row`` says what is wrong with the date
        elif name == "rulebook":
            texts = pa.array(["{}"] * len(ref), pa.string())
            column = pa.StructArray.from_arrays([*(ref.field(i) for i in range(3)), texts],
                                                fields=list(full.field("rulebook").type), mask=ref.is_null())
        columns[name] = column
    columns["extra"] = pa.nulls(table.num_rows, pa.string())
    return pa.table(columns, schema=full)


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
        self._rows: list[dict[str, Any]] = []  # decisions given one by one, not yet a table
        self._tables: list[Any] = []  # the rows not yet written, in order, as tables
        self._pending = 0  # rows in ``_tables`` and ``_rows``

    def __enter__(self) -> ParquetWriter:
        self._context = atomic_open(self._target, force=self._force, inputs=self._inputs)
        self._handle = self._context.__enter__()  # the file itself is opened when the first rows come
        return self

    def write(self, decision: Mapping[str, Any]) -> None:
        self._rows.append(row(decision))
        self._added(1)

    def write_encoded(self, texts: list[str] | list[bytes]) -> None:
        for text in texts:
            self.write(decoded.loads(text))

    def write_blob(self, data: bytes, count: int) -> None:
        if not count:
            return
        table = table_of_lines(data)
        if table is None or table.num_rows != count:
            self.write_encoded(data.split(b"\n"))
            return
        self._tabled()
        self._tables.append(table)
        self._added(count)

    def _tabled(self) -> None:
        """The decisions given one by one, as a table after the others (order is kept)."""
        if self._rows:
            import pyarrow as pa

            self._tables.append(pa.Table.from_pylist(self._rows, schema=schema()))
            self._rows = []

    def _added(self, count: int) -> None:
        self.count += count
        self._pending += count
        if self._pending >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        self._flush_to(self._opened(), whole=False)

    def _opened(self) -> pq.ParquetWriter:
        if self._writer is None:
            self._writer = self._new_writer()
        return self._writer

    def _new_writer(self) -> pq.ParquetWriter:
        import pyarrow.parquet as pq

        return pq.ParquetWriter(self._handle.buffer, schema(), compression="zstd")

    def _flush_to(self, writer: pq.ParquetWriter, whole: bool = True) -> None:
        """Row groups of ROWS_PER_GROUP rows, however the rows came (the same file either way); the
        rest too when ``whole``."""
        import pyarrow as pa

        self._tabled()
        if not self._tables:
            return
        table = pa.concat_tables(self._tables) if len(self._tables) > 1 else self._tables[0]
        start = 0
        while table.num_rows - start >= ROWS_PER_GROUP or (whole and start < table.num_rows):
            size = min(ROWS_PER_GROUP, table.num_rows - start)
            writer.write_table(table.slice(start, size))
            start += size
        rest = table.slice(start)
        self._tables = [rest] if rest.num_rows else []
        self._pending = rest.num_rows

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
