"""A grid of scenarios: outcome counts for every combination of a few parameters' values.

``--grid life_commuted_years=15:25:1 --grid release_age=65:80:5`` is 11 x 4 =
44 variants of one rulebook, each the base (with its own ``--set`` and
``--disable`` changes) plus one point's values. Every point is compiled
here before any record is read, so a value the law refuses (a fraction
above 1, negative years) stops the run with one sentence naming it, and a
grid larger than ``max_points`` is refused before anything is compiled.
The counting is ``analysis.sweep_run``'s, in this process, in local worker
processes or on a Dask cluster, with the same numbers every way. Each row
names the rulebook, its version, the point's sha256 and the as-of date, so
a row read alone still says which law and which values produced it.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.analysis import sweep_run
from amnesty.analysis.sweep_run import WITHIN_YEARS, Tabular, release_limits, variant
from amnesty.analysis.sweep_values import parse_values
from amnesty.engine import decisions
from amnesty.engine.absent import absent_notes
from amnesty.engine.dated import as_dict as dated_as_dict, as_of_choice, describe as describe_dated
from amnesty.errors import ScenarioError, did_you_mean
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.params import IMPLICIT_PARAMS, coerce_value
from amnesty.rules.changes import describe_changes

MAX_POINTS = 1000

GridSpec = Mapping[str, "str | Iterable[Any]"] | Iterable[str]


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class GridRow:
    """Outcome counts at one point of the grid."""

    point: dict[str, Any]  # parameter -> value
    sha256: str
    outcomes: dict[str, int]
    released_within: dict[str, int]
    possible: dict[str, int] = field(default_factory=dict)

    @property
    def bounds(self) -> dict[str, dict[str, int]]:
        """Per outcome: records decided so (``certain``), and that could be once unknown facts are known."""
        return {o: {"certain": n, "possible": max(n, self.possible.get(o, 0))} for o, n in self.outcomes.items()}

    def to_dict(self) -> dict[str, Any]:
        return {"parameters": {k: _json(v) for k, v in self.point.items()}, "sha256": self.sha256,
                "outcomes": self.outcomes, "bounds": self.bounds, "released_within": self.released_within}

    def flat(self, rulebook: Mapping[str, Any], as_of: date) -> dict[str, Any]:
        """One table row: the point's values, outcomes, bounds, releases, and the law that produced them
        (id, version, the base's own changes such as ``set fixed_term_remit_fraction=0.25``, sha256, as-of date)."""
        row: dict[str, Any] = {}
        for name, value in self.point.items():
            row[name] = ",".join(map(str, value)) if isinstance(value, list) else _json(value)
        row.update(self.outcomes)
        row.update({f"{o}_possible": b["possible"] for o, b in self.bounds.items() if o != "invalid"})
        row.update({f"released_within_{k}": n for k, n in self.released_within.items()})
        row.update({"rulebook": rulebook["id"], "version": rulebook["version"],
                    "changes": describe_changes(rulebook.get("overrides") or {}),  # the base's own, beside the point's
                    "sha256": self.sha256, "as_of": as_of.isoformat()})
        return row


@dataclass
class GridSweep(Tabular):
    source: str
    rulebook: dict[str, Any]  # the base: id, version, sha256 and its own changes
    grid: dict[str, list[Any]]  # parameter -> its values, in the order given
    parameters: dict[str, dict[str, Any]]  # parameter -> description and the rulebook's value
    as_of: date
    records: int = 0
    rows: list[GridRow] = field(default_factory=list)
    as_of_chosen: str = ""
    warnings: list[str] = field(default_factory=list)
    dated_after: Counter = field(default_factory=Counter)

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: as-of warnings, records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rulebook": self.rulebook,
            "grid": {name: [_json(v) for v in values] for name, values in self.grid.items()},
            "parameters": self.parameters,
            "as_of": self.as_of.isoformat(),
            "as_of_chosen": self.as_of_chosen,
            "records": self.records,
            "within_years": list(WITHIN_YEARS),
            "rows": [row.to_dict() for row in self.rows],
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
        }

    def table(self) -> list[dict[str, Any]]:
        """Flat rows for CSV files and data frames, one per grid point."""
        return [row.flat(self.rulebook, self.as_of) for row in self.rows]


def parse_grid(book: CompiledRulebook, grid: GridSpec, max_points: int = MAX_POINTS) -> dict[str, list[Any]]:
    """Each parameter's typed values, from ``{"name": "FROM:TO:STEP" | "a,b,c" | [values]}`` or ``["name=SPEC", ...]``.

    Types are checked here; bounds the law sets (a fraction at most 1) when each point is compiled.
    """
    law = book.rulebook
    items = list(grid.items()) if isinstance(grid, Mapping) else [_split(text) for text in grid]
    if not items:
        raise ScenarioError("--grid: give at least one PARAM=FROM:TO:STEP or PARAM=a,b,c")
    axes: dict[str, list[Any]] = {}
    for name, spec in items:
        name = name.strip()
        if name in IMPLICIT_PARAMS:
            raise ScenarioError(f"--grid {name}: {name!r} is the rulebook's enactment date and cannot be varied; use --as-of")
        if name not in law.parameters:
            raise ScenarioError(f"--grid {name}: {law.id} has no parameter {name!r}" + did_you_mean(name, law.parameters)
                                + f" (parameters: {', '.join(sorted(law.parameters))})")
        if name in axes:
            raise ScenarioError(f"--grid {name}: the parameter is given twice; list all its values in one --grid")
        kind = law.parameters[name].type
        if isinstance(spec, str):
            values = parse_values(name, kind, spec, option="--grid", limit=max(max_points, MAX_POINTS))
        else:
            try:
                values = [coerce_value(kind, value) for value in spec]
            except ValueError as exc:
                raise ScenarioError(f"--grid {name}: {exc}") from None
        if not values:
            raise ScenarioError(f"--grid {name}: no values")
        seen = [repr(v) for v in values]
        twice = next((v for v, r in zip(values, seen) if seen.count(r) > 1), None)
        if twice is not None:
            raise ScenarioError(f"--grid {name}: the value {_json(twice)} is given twice")
        axes[name] = values
    points = grid_points(axes)
    if points > max_points:
        sizes = " x ".join(str(len(values)) for values in axes.values())
        raise ScenarioError(f"--grid: {sizes} = {points:,} points, more than the {max_points:,} allowed; "
                            f"use larger steps, or --max-points {points} if you mean it")
    return axes


def _split(text: str) -> tuple[str, str]:
    name, sep, spec = str(text).partition("=")
    if not sep or not name.strip():
        raise ScenarioError(f"--grid expects PARAM=FROM:TO:STEP or PARAM=a,b,c, got {text!r}")
    return name, spec


def sweep_grid(
    input: str | Path,  # noqa: A002 - the command's argument name
    book: CompiledRulebook,
    grid: GridSpec,
    *,
    as_of: date | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    max_points: int = MAX_POINTS,
) -> GridSweep:
    """Count ``input``'s outcomes under ``book`` at every point of ``grid`` (the cartesian product of its values).

    ``workers`` local processes share the input's batches out, a Dask ``scheduler`` (address or
    Client) the points; the numbers are the same either way.
    """
    if hasattr(book, "members") or not isinstance(book, CompiledRulebook):
        raise ScenarioError("a grid varies the parameters of one rulebook, not a chain")
    axes = parse_grid(book, grid, max_points)
    points = [dict(zip(axes, combination)) for combination in itertools.product(*axes.values())]
    books = [variant(book.rulebook, book.path, book.overrides, point, "--grid") for point in points]
    as_of, chosen, warnings = as_of_choice(book, as_of)
    law = book.rulebook
    described = {name: {"description": law.parameters[name].description,
                        "rulebook_value": _json(coerce_value(law.parameters[name].type, law.parameters[name].value))}
                 for name in axes}
    source = str(input)
    result = GridSweep(source, decisions.rulebook_ref(book), axes, described, as_of,
                       as_of_chosen=chosen, warnings=warnings)
    part = sweep_run.run(source, book, points, books, as_of, workers=workers, scheduler=scheduler)
    result.records, result.dated_after = part.records, part.dated_after
    result.warnings += absent_notes(part.present, part.extra_columns, books)
    labels = list(release_limits(as_of))
    for point, compiled, tally in zip(points, books, part.tallies):
        typed = {name: compiled.rulebook.parameters[name].value for name in point}
        result.rows.append(GridRow(
            typed, compiled.sha256,
            {o.value: tally.outcomes.get(o.value, 0) for o in OUTCOME_ORDER},
            {label: tally.released.get(label, 0) for label in labels},
            {o.value: tally.possible.get(o.value, 0) for o in OUTCOME_ORDER},
        ))
    return result


def grid_points(axes: Mapping[str, Sequence[Any]]) -> int:
    """How many points a grid has."""
    return math.prod(len(values) for values in axes.values())
