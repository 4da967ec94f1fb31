"""A column's distinct cells as polars Series, for the column strategy (``amnesty.engine.columnar``).

Each distinct cell goes through the record model once (``amnesty.engine.cells``);
what it means (its class, and for the columns the strategy reads, its value)
is kept here as columns, so a batch converts only its new cells and maps the
rest inside polars.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amnesty.engine.cells import BAD, MAX_CELLS, ColumnCells

if TYPE_CHECKING:
    import polars as pl


class ColumnFrame:
    """A column's distinct cells met so far, as polars Series (cell, class, value), so that a
    batch sends only its new cells through the record model and maps the rest in polars."""

    def __init__(self, column: ColumnCells):
        self.column = column
        self.dtype, self.convert = _values().get(column.name, (None, None))
        self._reset()

    def _reset(self) -> None:
        import polars as pl

        self.cells = pl.Series("cell", [], dtype=pl.String)
        self.classes = pl.Series("class", [], dtype=pl.Int32)
        self.values = None if self.dtype is None else pl.Series("value", [], dtype=self.dtype)

    def map(self, cells: pl.Series) -> tuple[pl.Series, pl.Series | None]:
        """Each cell's class (BAD when it fails validation on its own) and, for a column the run
        reads, its value."""
        import polars as pl

        unique = cells.unique().drop_nulls()
        new = unique.filter(~unique.is_in(self.cells.implode())).to_list()
        if new:
            if self.cells.len() + len(new) > MAX_CELLS:  # memory stays bounded: start afresh
                self._reset()
            column = self.column
            classes, fresh = [], []
            for cell in new:  # a cell's value is read as soon as it is classed: the column may start afresh
                classes.append(column.lookup(cell))
                fresh.append(column.value[cell])
            self.cells = pl.concat([self.cells, pl.Series("cell", new, dtype=pl.String)], rechunk=True)
            self.classes = pl.concat([self.classes, pl.Series("class", classes, dtype=pl.Int32)], rechunk=True)
            if self.values is not None:
                fresh = [self.convert(value) for value in fresh]
                self.values = pl.concat([self.values, pl.Series("value", fresh, dtype=self.dtype)], rechunk=True)
        codes = cells.replace_strict(self.cells, self.classes, default=BAD, return_dtype=pl.Int32)
        if self.values is None:
            return codes, None
        return codes, cells.replace_strict(self.cells, self.values, default=None, return_dtype=self.dtype)


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
