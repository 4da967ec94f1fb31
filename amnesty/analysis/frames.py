"""Analysis results as DataFrames for notebooks: pandas (the default) or polars.

Both are asked for by name (``kind="pandas"`` or ``kind="polars"``) and
imported only when a frame is asked for. polars is part of the install (the
engine decides with it); pandas is an optional extra
(``pip install 'amnesty[pandas]'``), and its absence is one clear error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from amnesty.errors import AmnestyError

KINDS = ("pandas", "polars")


class PandasMissingError(AmnestyError):
    """Raised when a pandas DataFrame is asked for but pandas is not installed."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise PandasMissingError(
            "DataFrames need pandas, which is not installed; install it with pip install 'amnesty[pandas]', "
            "or ask for kind='polars', or use .to_dict()"
        ) from None
    return pandas


def frame(rows: Sequence[Any], columns: Sequence[str] | None = None, kind: str = "pandas") -> Any:
    """Rows (dicts, or tuples in ``columns`` order) as a DataFrame of ``kind``."""
    if kind == "polars":
        import polars

        if rows and not isinstance(rows[0], dict):
            return polars.DataFrame([list(r) for r in rows], schema=list(columns or ()), orient="row")
        table = polars.DataFrame(list(rows), infer_schema_length=None)
        return table.select(columns) if columns and table.width else table
    if kind != "pandas":
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    return _pandas().DataFrame(list(rows), columns=list(columns) if columns else None)


def sweep_frame(sweep, kind: str = "pandas") -> Any:
    """One row per swept value: the value, a column per outcome and per release window, the variant's sha256."""
    return frame(sweep.table(), kind=kind)


def timeline_frame(timeline, kind: str = "pandas") -> Any:
    """Long form: one row per period and group, with releases and the cumulative count."""
    return frame(timeline.table(), ["period", timeline.group, "releases", "cumulative"], kind)


def transitions_frame(comparison, kind: str = "pandas") -> Any:
    """The transition matrix: baseline outcomes down, scenario outcomes across."""
    if kind == "polars":
        rows = [{"baseline": a, **row} for a, row in comparison.transitions.items()]
        return frame(rows, kind="polars")
    matrix = _pandas().DataFrame.from_dict(comparison.transitions, orient="index")
    matrix.index.name, matrix.columns.name = "baseline", "scenario"
    return matrix


def deltas_frame(comparison, by: str = "region", kind: str = "pandas") -> Any:
    """One row per region (or facility) and outcome, with both sides' counts and the change."""
    table = comparison.by_region if by == "region" else comparison.by_facility
    rows = [
        {by: key, "outcome": outcome, "baseline": sides["baseline"][outcome],
         "scenario": sides["scenario"][outcome], "delta": sides["delta"][outcome]}
        for key, sides in table.items() for outcome in sides["delta"]
    ]
    return frame(rows, [by, "outcome", "baseline", "scenario", "delta"], kind)


def changed_frame(comparison, kind: str = "pandas") -> Any:
    """One row per changed record, as ``compare --output`` writes it."""
    rows = [change.to_dict(comparison.as_of) for change in comparison.changed]
    return frame(rows, kind=kind)
