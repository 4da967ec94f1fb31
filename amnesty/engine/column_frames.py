"""A batch's cells as columns, for the column strategy (``amnesty.engine.columnar``).

Each distinct cell goes through the record model once (``amnesty.engine.cells``);
what it means (its class, and for the columns the strategy reads, its value)
is kept here as columns (``ColumnFrame``), so a batch converts only its new
cells and maps the rest inside polars, as expressions that one query runs for
every column at once (a polars call costs about half a millisecond however
small, and a batch has dozens of columns). ``cell_table`` is that query: a
batch of lines in, a table of classes, values and row flags out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amnesty.engine.cells import BAD, MAX_CELLS, ColumnCells
from amnesty.engine.dated import DATED_FIELDS, RECORDS, _iso
from amnesty.engine.fastpath import AFTER_BIRTH
from amnesty.io.source import FIELD_LIMIT

ESCAPED = r'[\x00-\x1f\\"]|^\s|\s$'  # text JSON would escape, or an id or facility the reader strips

if TYPE_CHECKING:
    import polars as pl

    from amnesty.engine.columnar import ColumnarBatches


class ColumnFrame:
    """A column's distinct cells met so far, as polars Series (cell, class, value), so that a
    batch sends only its new cells through the record model and maps the rest in polars, every
    column in one query (``amnesty.engine.columnar``)."""

    def __init__(self, column: ColumnCells):
        self.column = column
        self.dtype, self.convert = _values().get(column.name, (None, None))
        self._reset()

    def _reset(self) -> None:
        import polars as pl

        self.known: set[str] = set()
        self.cells = pl.Series("cell", [], dtype=pl.String)
        self.classes = pl.Series("class", [], dtype=pl.Int32)
        self.values = None if self.dtype is None else pl.Series("value", [], dtype=self.dtype)

    def learn(self, unique: list[str]) -> None:
        """A batch's distinct cells (no nulls): those not met before go through the record model.
        They are told apart here, not in the batch's query: polars 2.1 gave one column's answer
        for another's to ``unique().filter(~unique().is_in(list))`` on several columns at once."""
        import polars as pl

        unmet = set(unique).difference(self.known)  # a set operation: a Python loop over every cell cost more
        if not unmet:
            return
        new = sorted(unmet)  # the same order whatever the hash seed, so class numbers are reproducible
        if len(self.known) + len(new) > MAX_CELLS:  # memory stays bounded: start afresh
            self._reset()
            new = sorted(unique)  # sorted here too: class numbers stay reproducible after a fresh start
        column = self.column
        classes, fresh = [], []
        for cell in new:  # a cell's value is read as soon as it is classed: the column may start afresh
            classes.append(column.lookup(cell))
            fresh.append(column.value[cell])
        self.known.update(new)
        self.cells = pl.concat([self.cells, pl.Series("cell", new, dtype=pl.String)], rechunk=True)
        self.classes = pl.concat([self.classes, pl.Series("class", classes, dtype=pl.Int32)], rechunk=True)
        if self.values is not None:
            fresh = [self.convert(value) for value in fresh]
            self.values = pl.concat([self.values, pl.Series("value", fresh, dtype=self.dtype)], rechunk=True)

    def classes_of(self, cells: pl.Expr) -> pl.Expr:
        """Each cell's class (BAD when it fails validation on its own; null for a missing cell)."""
        import polars as pl

        return cells.replace_strict(self.cells, self.classes, default=BAD, return_dtype=pl.Int32)

    def values_of(self, cells: pl.Expr) -> pl.Expr | None:
        """Each cell's validated value, for a column the run reads (else None)."""
        if self.values is None:
            return None
        return cells.replace_strict(self.cells, self.values, default=None, return_dtype=self.dtype)


def value_dtypes() -> dict[str, Any]:
    """The columns whose values the strategy reads, and their polars types."""
    return {name: dtype for name, (dtype, _) in _values().items()}


def _values() -> dict[str, tuple[Any, Any]]:
    """The columns whose values (not only classes) the strategy reads: dtype, and how a validated
    value becomes a cell of it."""
    import polars as pl

    same = lambda value: value  # noqa: E731
    return {
        "facility_id": (pl.String, same),
        "sentence_type": (pl.String, lambda value: value and value.value),
        "sentence_months": (pl.Int64, same),
        "custody_start": (pl.Date, same),
        "birth_date": (pl.Date, same),
        "offence_date": (pl.Date, same),
        "surrender_date": (pl.Date, same),
    }


def cell_table(owner: ColumnarBatches, raw: list[str]) -> tuple[pl.DataFrame, dict[str, int]]:
    """A batch of plain CSV lines as a table: per row its cells' classes (``_c_<field>``), the values
    the strategy reads, its id (``_id``), whether it is a plain record the columns can decide
    (``_plain``: the right number of fields, no cell failing alone, no text JSON would escape, the
    record model's cross-field checks) and its position (``_at``); and how many plain rows are dated
    after the as-of date, as ``engine.dated`` counts them (rows that are not plain are counted
    where they are decided, row by row)."""
    import polars as pl

    layout = owner.layout
    lines = pl.Series("line", raw, dtype=pl.String)
    split = lines.str.split_exact(",", layout.ncols - 1).struct.unnest()
    frame = pl.DataFrame({name: split.to_series(at) for name, at in zip(layout.names, layout.positions)})
    dated = [name for name in DATED_FIELDS if name in frame.columns]
    read = list(dict.fromkeys([*(c.name for c in owner._columns), *dated]))
    unique = frame.select(pl.col(read).drop_nulls().unique().implode()).row(0, named=True) if read else {}
    codes, values, late = [], {}, []
    for column in owner._columns:
        known = owner.frame(column)
        known.learn(unique[column.name])
        codes.append(known.classes_of(pl.col(column.name)).alias(f"_c_{column.name}"))
        value = known.values_of(pl.col(column.name))
        if value is not None:
            values[column.name] = value
    limit = owner.fast.as_of.isoformat()
    for name in dated:
        if name in values:  # a validated date: counted from its value, below
            continue
        cells = unique[name]
        after = pl.Series([(_iso(cell) or "") > limit for cell in cells], dtype=pl.Boolean)
        late.append(pl.col(name).replace_strict(pl.Series(cells, dtype=pl.String), after, default=False,
                                                return_dtype=pl.Boolean).alias(f"_late_{name}"))
    ids, line = pl.col("record_id"), pl.col("line")
    table = frame.with_columns(lines).select(
        *codes,
        *(values.get(name, pl.lit(None, dtype=dtype)).alias(name) for name, dtype in value_dtypes().items()),
        ids.alias("_id"),
        *late,
        ((line.str.count_matches(",", literal=True) == layout.ncols - 1) & (line.str.len_bytes() <= FIELD_LIMIT)
         & (ids.str.len_bytes() > 0) & ~ids.str.contains(ESCAPED)).alias("_plain"),
    )
    plain = pl.col("_plain")
    for column in owner._columns:
        plain = plain & (pl.col(f"_c_{column.name}") != BAD)
    born = pl.col("birth_date")
    sane = ~((pl.col("sentence_type") == "fixed").fill_null(False) & pl.col("sentence_months").is_null())
    for later in AFTER_BIRTH:
        sane &= ~(pl.col(later) < born).fill_null(False)
    table = table.with_columns(
        (plain.fill_null(False) & sane & ~pl.col("facility_id").str.contains(ESCAPED).fill_null(True))
        .fill_null(False).alias("_plain"),
        pl.int_range(len(raw), dtype=pl.Int64).alias("_at"),
    )
    if not dated:
        return table, {}
    # A plain row's date cell is valid, and a valid date is an ISO date once its digits and
    # spaces are read as ``engine.dated`` reads them: its text is after the as-of date exactly
    # when its value is. Only a dated column the rules do not read is compared as text.
    is_late = {name: pl.col(name) > owner.fast.as_of if name in values else pl.col(f"_late_{name}")
               for name in dated}
    counts = table.select(
        *((late & pl.col("_plain")).fill_null(False).sum().alias(name) for name, late in is_late.items()),
        pl.any_horizontal(*is_late.values()).and_(pl.col("_plain")).fill_null(False).sum().alias(RECORDS),
    ).row(0, named=True)
    texts = [f"_late_{name}" for name in dated if name not in values]
    return table.drop(*texts), {name: n for name, n in counts.items() if n}
