"""Outcome counts across a range of one parameter ("what if life went to 10, 15, 20 years?").

Each value is a variant of the same rulebook, compiled once; a sweep is one
run over the records with every variant (``engine.run.variant_batches``):
records are read and validated once, by the run's row contract, and decided
under every variant together by the variants strategy (``engine.variants``),
in bounded batches, so a sweep of twenty values costs a few single
evaluations and its memory does not grow with the input.
With ``workers`` the batches of the input are shared out between local
processes; with a Dask ``scheduler`` the values are shared out between
machines (``amnesty.analysis.sweep_run``); the counts are the same.
Every row carries the sha256 of its variant, as a decision would. A grid of
several parameters at once is ``amnesty.analysis.sweep_grid``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.engine.dated import as_dict as dated_as_dict, as_of_choice, describe as describe_dated
from amnesty.analysis import sweep_run
from amnesty.analysis.sweep_run import WITHIN_YEARS, Tabular, release_limits, variant
from amnesty.analysis.sweep_values import parse_values
from amnesty.engine import decisions
from amnesty.engine.absent import absent_notes
from amnesty.errors import InputFileError, ScenarioError, did_you_mean
from amnesty.models.decision import OUTCOME_ORDER, Outcome
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.params import coerce_value

__all__ = ["WITHIN_YEARS", "Sweep", "SweepRow", "sweep"]
_RELEASED = (Outcome.release, Outcome.reduced)


@dataclass
class SweepRow:
    """Outcome counts under one value of the swept parameter."""

    value: Any
    sha256: str
    outcomes: dict[str, int]
    released_within: dict[str, int]
    possible: dict[str, int] = field(default_factory=dict)  # outcome -> records that could have it

    @property
    def bounds(self) -> dict[str, dict[str, int]]:
        """Per outcome: records decided so (``certain``), and that could be once unknown facts are known."""
        return {o: {"certain": n, "possible": max(n, self.possible.get(o, 0))} for o, n in self.outcomes.items()}

    def to_dict(self) -> dict[str, Any]:
        value = self.value.isoformat() if isinstance(self.value, date) else self.value
        return {"value": value, "sha256": self.sha256, "outcomes": self.outcomes, "bounds": self.bounds,
                "released_within": self.released_within}

    def flat(self, param: str, as_of: date) -> dict[str, Any]:
        """One table row: the value, the as-of date, a column per outcome and per release window."""
        value = self.value
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = ",".join(map(str, value))
        row: dict[str, Any] = {param: value, "as_of": as_of.isoformat(), **self.outcomes}
        row.update({f"{o}_possible": b["possible"] for o, b in self.bounds.items() if o != "invalid"})
        row.update({f"released_within_{k}": n for k, n in self.released_within.items()})
        row["sha256"] = self.sha256
        return row


@dataclass
class Sweep(Tabular):
    source: str
    rulebook: dict[str, Any]
    param: str
    description: str
    base_value: Any
    as_of: date
    records: int = 0
    rows: list[SweepRow] = field(default_factory=list)
    as_of_chosen: str = ""  # how the as-of date was chosen: given, or the law's enactment date
    warnings: list[str] = field(default_factory=list)  # e.g. an as-of date before the law's enactment
    dated_after: Counter = field(default_factory=Counter)  # records dated after the as-of date, by field

    def notes(self) -> list[str]:
        """Sentences a reader must see beside the counts: as-of warnings, records dated after it."""
        late = describe_dated(self.dated_after, self.as_of)
        return [*self.warnings, *([late] if late else [])]

    def to_dict(self) -> dict[str, Any]:
        base = self.base_value.isoformat() if isinstance(self.base_value, date) else self.base_value
        return {
            "source": self.source,
            "rulebook": self.rulebook,
            "param": self.param,
            "description": self.description,
            "base_value": base,
            "as_of": self.as_of.isoformat(),
            "records": self.records,
            "within_years": list(WITHIN_YEARS),
            "rows": [row.to_dict() for row in self.rows],
            "as_of_chosen": self.as_of_chosen,
            "dated_after_as_of": dated_as_dict(self.dated_after),
            "warnings": list(self.warnings),
        }

    def table(self) -> list[dict[str, Any]]:
        """Flat rows for CSV files and data frames."""
        return [row.flat(self.param, self.as_of) for row in self.rows]


def sweep(
    input: str | Path,  # noqa: A002 - the command's argument name
    book: CompiledRulebook,
    param: str,
    values: str | Iterable[Any],
    *,
    as_of: date | None = None,
    then: Sequence[Any] = (),
    workers: int | None = None,
    scheduler: Any = None,
) -> Sweep:
    """Evaluate ``input`` under ``book`` with ``param`` set to each value in turn.

    ``then`` (compiled later instruments) makes each variant the first instrument of a chain;
    chains are one run with every chain (``engine.run.decisions``), decided record by record
    the plain way, in this process only. ``workers`` and ``scheduler`` are as in ``sweep_run.run``.
    """
    if hasattr(book, "members"):
        raise ScenarioError("to sweep a chain, name its first instrument with --rulebook and the later ones with --then")
    if not isinstance(book, CompiledRulebook):
        raise ScenarioError(f"sweep varies a parameter of one rulebook, not of {book.id}")
    law = book.rulebook
    if param not in law.parameters:
        raise ScenarioError(
            f"{law.id} has no parameter {param!r}" + did_you_mean(param, law.parameters)
            + f" (parameters: {', '.join(sorted(law.parameters))})"
        )
    spec = law.parameters[param]
    wanted = parse_values(param, spec.type, values) if isinstance(values, str) else list(values)
    if not wanted:
        raise ScenarioError(f"--param {param}: no values to sweep")
    if then and (workers not in (None, 1) or scheduler is not None):
        raise ScenarioError("a sweep of a chain (--then) runs in one process; leave out --workers and --scheduler")
    books = [variant(law, book.path, book.overrides, {param: value}, "--param") for value in wanted]
    variants = [(one.rulebook.parameters[param].value, one) for one in books]
    source = str(input)
    base = coerce_value(spec.type, spec.value)
    if then:
        from amnesty.engine.chain import chain_of

        variants = [(value, chain_of([compiled, *then])) for value, compiled in variants]
        book = chain_of([book, *then])
    as_of, chosen, warnings = as_of_choice(book, as_of)
    result = Sweep(source, decisions.rulebook_ref(book), param, spec.description, base, as_of,
                   as_of_chosen=chosen, warnings=warnings)
    limits = release_limits(as_of)
    if then or _rules_in_force_differ(books, as_of):
        tallies = [sweep_run.Tally() for _ in variants]
        _sweep_each(source, variants, as_of, limits, tallies, result)
    else:
        part = sweep_run.run(source, book, [{param: value} for value in wanted], books, as_of,
                             workers=workers, scheduler=scheduler, option="--param")
        result.records, result.dated_after, tallies = part.records, part.dated_after, part.tallies
        result.warnings += absent_notes(part.present, part.extra_columns, books)
    for (value, compiled), tally in zip(variants, tallies):
        counts, within, could = tally.outcomes, tally.released, tally.possible
        if sum(counts.values()) != result.records:
            raise InputFileError(
                f"{result.records} records were read but {sum(counts.values())} decided for {param}={value}",
                path=source,
            )
        result.rows.append(SweepRow(
            value, compiled.sha256,
            {o.value: counts.get(o.value, 0) for o in OUTCOME_ORDER},
            {label: within.get(label, 0) for label in limits},
            {o.value: could.get(o.value, 0) for o in OUTCOME_ORDER},
        ))
    return result


def _rules_in_force_differ(books: list[CompiledRulebook], as_of: date) -> bool:
    """Whether a value moves a deadline of the law past the as-of date, so that the variants have
    different rules in force (``CompiledRulebook.at``): the variants strategy needs the same rules."""
    return len({tuple(rule.id for rule in book.at(as_of).rules) for book in books}) > 1


def _sweep_each(source, variants, as_of, limits, tallies, result) -> None:
    """One run with every variant, each decided on its own (``engine.run.decisions``: a chain's
    variants, or variants with different rules in force), its decisions counted."""
    from amnesty.engine.run import RunCounts, decisions
    from amnesty.io.readers import open_records

    counts = [RunCounts() for _ in variants]
    with open_records(source) as rows:
        for decided in decisions(rows, [chain for _, chain in variants], as_of, counts=counts):
            for mine, decision in zip(tallies, decided):
                mine.outcomes[decision["outcome"]] += 1
                mine.possible.update(decision.get("possible_outcomes") or (decision["outcome"],))
                if decision["outcome"] in _RELEASED and decision["release_date"]:
                    day = date.fromisoformat(decision["release_date"])
                    for label, limit in limits.items():
                        mine.released[label] += day <= limit
    result.records = counts[0].records_in
    result.dated_after.update(counts[0].dated_after)
    result.warnings += absent_notes(rows.present_fields, rows.extra_columns, [chain for _, chain in variants])
