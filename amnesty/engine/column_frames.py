"""A column's distinct cells as polars Series, for the column strategy (``amnesty.engine.columnar``).

Each distinct cell goes through the record model once (``amnesty.engine.cells``);
what it means (its class, and for the columns the strategy reads, its value)
is kept here as columns, so a batch converts only its new cells and maps the
rest inside polars, as expressions that one query runs for every column at once
(a polars call costs about half a millisecond however small, and a batch has
dozens of columns).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amnesty.engine.cells import BAD, MAX_CELLS, ColumnCells

if TYPE_CHECKING:
    import polars as pl


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
        """A batch's distinct cells (no nulls): those not met before go through the record model."""
        import polars as pl

        new = [cell for cell in unique if cell not in self.known]
        if not new:
            return
        if len(self.known) + len(new) > MAX_CELLS:  # memory stays bounded: start afresh
            self._reset()
            new = list(unique)
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
