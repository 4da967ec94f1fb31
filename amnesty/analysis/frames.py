"""Analysis results as pandas DataFrames, for notebooks.

pandas is an optional extra (``pip install 'amnesty[pandas]'``): it is
imported only when a frame is asked for, and its absence is one clear error.
"""

from __future__ import annotations

from typing import Any

from amnesty.errors import AmnestyError


class PandasMissingError(AmnestyError):
    """Raised when a DataFrame is asked for but pandas is not installed."""


def _pandas() -> Any:
    try:
        import pandas
    except ImportError:
        raise PandasMissingError(
            "DataFrames need pandas, which is not installed; install it with pip install 'amnesty[pandas]' "
            "or use .to_dict()"
        ) from None
    return pandas


def sweep_frame(sweep) -> Any:
    """One row per swept value: the value, a column per outcome and per release window, the variant's sha256."""
    return _pandas().DataFrame(sweep.table())


def timeline_frame(timeline) -> Any:
    """Long form: one row per period and group, with releases and the cumulative count."""
    return _pandas().DataFrame(timeline.table(), columns=["period", timeline.group, "releases", "cumulative"])


def transitions_frame(comparison) -> Any:
    """The transition matrix: baseline outcomes down, scenario outcomes across."""
    pandas = _pandas()
    frame = pandas.DataFrame.from_dict(comparison.transitions, orient="index")
    frame.index.name, frame.columns.name = "baseline", "scenario"
    return frame


def deltas_frame(comparison, by: str = "region") -> Any:
    """One row per region (or facility) and outcome, with both sides' counts and the change."""
    table = comparison.by_region if by == "region" else comparison.by_facility
    rows = [
        {by: key, "outcome": outcome, "baseline": sides["baseline"][outcome],
         "scenario": sides["scenario"][outcome], "delta": sides["delta"][outcome]}
        for key, sides in table.items() for outcome in sides["delta"]
    ]
    return _pandas().DataFrame(rows, columns=[by, "outcome", "baseline", "scenario", "delta"])


def changed_frame(comparison) -> Any:
    """One row per changed record, as ``compare --output`` writes it."""
    rows = [change.to_dict(comparison.as_of) for change in comparison.changed]
    return _pandas().DataFrame(rows)
