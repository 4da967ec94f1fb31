"""The column strategy's last step: a batch's decisions filled from templates, column by column.

Rows whose pattern decides them alone (not_covered, excluded, most reviews)
take their template as it is; rows whose one world applies reliefs to the
sentence get their new term and release date by column arithmetic (whole
calendar months, then days, as ``amnesty.engine.sentence.add_term`` counts
them). Each new template's first row, and every row the columns cannot
decide exactly (several worlds, dates past the calendar), goes row by row.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from amnesty.engine.outcome import Result, SentenceFacts, cached_term, single_world
from amnesty.engine.templates import possible_outcomes, result_key
from amnesty.models.decision import Outcome

if TYPE_CHECKING:  # imported where used: see ``amnesty.engine.columnar._load_polars``
    import polars as pl

_LAST_DAY = date(9999, 12, 31)
_SLOTS = 7  # record_id, facility_id, sentence_before, sentence_after, release_date, parole_date, earliest_...


class FillFromColumns:
    """Mixed into a column batch: its rows with known entries become decision texts (``filled``)."""

    def _columnar(self, rest: pl.DataFrame) -> None:
        import polars as pl

        fast, book, as_of = self.fast, self.fast.book, self.fast.as_of
        # A group is what a row's result depends on: its entry, and its sentence only when the
        # entry's one world applies reliefs to it (most rows' results do not read it at all).
        reads_sentence = [entry.fixed is None and single_world(entry.plan) is not None for entry in self.entries]
        reads = pl.col("_entry").replace_strict(
            pl.Series(range(len(reads_sentence)), dtype=pl.Int64), pl.Series(reads_sentence, dtype=pl.Boolean))
        rest = rest.with_columns(
            pl.when(reads).then(pl.col("sentence_type")).alias("_type"),
            pl.when(reads).then(pl.col("sentence_months")).alias("_months"),
        )
        groups = rest.select("_entry", "_type", "_months").unique(maintain_order=True)
        results: list[Any] = []  # per group: a Result, a term to date, or None (row by row)
        for at, kind, months in groups.iter_rows():
            entry = self.entries[at]
            if entry.fixed is not None:
                results.append(entry.fixed)
                continue
            active = single_world(entry.plan)
            if active is None:
                results.append(None)
                continue
            term = cached_term(book, active, SentenceFacts(kind, months, None, as_of), fast._terms)
            if isinstance(term, Result):
                results.append(None if term.wants_fact else Result(
                    term.outcome, term.rules, term.sentence_after, term.release_date, term.missing,
                    term.parole_date, (term.outcome,)))
            else:
                results.append(term)
        groups = groups.with_columns(pl.Series("_group", range(groups.height), dtype=pl.Int64))
        rest = rest.join(groups, on=["_entry", "_type", "_months"], how="left",
                         maintain_order="left", nulls_equal=True)
        dated = [g for g, r in enumerate(results) if isinstance(r, tuple)]
        several = rest.filter(pl.col("_group").is_in([g for g, r in enumerate(results) if r is None]))
        rest = rest.filter(~pl.col("_at").is_in(several["_at"].implode()))
        self._by_worlds(several)
        ends = [r[2] if isinstance(r, tuple) else (0, 0) for r in results]
        paroles = [r[3] if isinstance(r, tuple) and r[3] else None for r in results]
        rest = rest.with_columns(
            _due=_add(pl.col("custody_start"), pl.col("_group"), ends),
            _parole=_add(pl.col("custody_start"), pl.col("_group"), [p or (0, 0) for p in paroles]),
            _has_parole=pl.col("_group").replace_strict(
                {g: paroles[g] is not None for g in range(len(results))}, return_dtype=pl.Boolean),
            _dated=pl.col("_group").is_in(dated),
        )
        beyond = rest.filter(pl.col("_dated") & (pl.col("custody_start").is_null() | (pl.col("_due") > _LAST_DAY)
                                                  | (pl.col("_has_parole") & (pl.col("_parole") > _LAST_DAY))))
        by_row = beyond["_at"]
        rest = rest.filter(~pl.col("_at").is_in(by_row.implode()))
        rest = rest.with_columns(_released=(pl.col("_dated") & (pl.col("_due") <= as_of)).fill_null(False))
        # Each row's result, less its dates: a template per (group, released).
        variants = rest.select("_group", "_released").unique(maintain_order=True)
        templates = []
        for group, released in variants.iter_rows():
            result = results[group]
            if isinstance(result, tuple):
                rules, after = result[0], result[1]
                outcome = Outcome.release if released else Outcome.reduced
                result = Result(outcome, rules, after, as_of if released else date.min, frozenset(), None, (outcome,))
            templates.append(result)
        self._fill(rest, variants, templates, by_row)

    def _fill(self, rest: pl.DataFrame, variants: pl.DataFrame, results: list[Result], by_row) -> None:
        import polars as pl

        fast = self.fast
        variants = variants.with_columns(pl.Series("_variant", range(variants.height), dtype=pl.Int64))
        rest = rest.join(variants, on=["_group", "_released"], how="left", maintain_order="left")
        chosen: list[Any] = [None] * len(results)
        # the entry of a variant: the one of its first row
        firsts = rest.group_by("_variant", maintain_order=True).agg(pl.col("_entry").first(), pl.col("_at").first())
        first_at = {}
        for variant, number, at in firsts.iter_rows():
            entry = self.entries[number]
            template = entry.templates.get(result_key(results[variant]))
            chosen[variant] = template
            first_at[variant] = at
        new = [first_at[v] for v in first_at if chosen[v] is None]
        if new:  # the first row of a new template proves it against the plain way
            self._rows(sorted(new), set())
            rest = rest.filter(~pl.col("_at").is_in(new))
            for variant, number, at in firsts.iter_rows():
                if chosen[variant] is None:
                    chosen[variant] = self.entries[number].templates.get(result_key(results[variant]))
            lost = [v for v in range(len(chosen)) if chosen[v] is None]
            if lost:
                self._rows(sorted(rest.filter(pl.col("_variant").is_in(lost))["_at"].to_list()), set())
                rest = rest.filter(~pl.col("_variant").is_in(lost))
        self._by_row_rest(by_row)
        if not rest.height:
            return
        pieces = [pl.Series([t.pieces[i] if t else "" for t in chosen], dtype=pl.String) for i in range(_SLOTS + 1)]
        sentences = self._sentences(rest)
        released = f'"{fast.as_of.isoformat()}"'
        due = pl.when(pl.col("_released")).then(pl.lit(released)).otherwise(
            pl.lit('"') + pl.col("_due").dt.strftime("%Y-%m-%d") + pl.lit('"'))
        release = pl.when(pl.col("_dated")).then(due).otherwise(
            pl.col("_variant").replace_strict({v: _json_date(r.release_date) for v, r in enumerate(results)}))
        parole = pl.when(pl.col("_dated") & ~pl.col("_released") & pl.col("_has_parole")).then(
            pl.lit('"') + pl.col("_parole").dt.strftime("%Y-%m-%d") + pl.lit('"')).otherwise(
            pl.col("_variant").replace_strict({v: _json_date(r.parole_date) for v, r in enumerate(results)}))
        earliest = pl.col("_variant").replace_strict(
            {v: _json_date(r.earliest_release_date) for v, r in enumerate(results)})
        slots = [
            pl.lit('"') + pl.col("_id") + pl.lit('"'),
            pl.lit('"') + pl.col("facility_id") + pl.lit('"'),
            sentences,
            pl.col("_variant").replace_strict(
                {v: fast.sentence_after(r.sentence_after) for v, r in enumerate(results)}, return_dtype=pl.String),
            release, parole, earliest,
        ]
        table = pl.DataFrame([piece.alias(f"_p{i}") for i, piece in enumerate(pieces)]).with_row_index(
            "_variant").with_columns(pl.col("_variant").cast(pl.Int64))
        rest = rest.join(table, on="_variant", how="left", maintain_order="left")
        parts = []
        for i in range(_SLOTS):
            parts += [pl.col(f"_p{i}"), slots[i]]
        self.filled = rest.select(
            "_at", "_id", "facility_id", "_variant", pl.concat_str([*parts, pl.col(f"_p{_SLOTS}")]).alias("text"))
        self.variant_kinds = [(r.outcome.value, possible_outcomes(r)) for r in results]

    def _by_worlds(self, rows: pl.DataFrame) -> None:
        """Rows whose pattern leaves several worlds (or wants a fact): each is decided from its
        entry's plan and its own sentence and custody date, as the row strategy decides it, without
        reading its line again; a row whose result has no template yet goes row by row."""
        fast = self.fast
        alone = []
        columns = ("_at", "_id", "facility_id", "sentence_type", "sentence_months", "custody_start", "_entry")
        for at, record_id, facility, kind, months, custody, number in rows.select(columns).iter_rows():
            entry = self.entries[number]
            result = fast.result_of(entry, kind, months, custody)
            template = None if result is None else entry.templates.get(result_key(result))
            if template is None:  # dates past the calendar, or a result with no template yet
                alone.append(at)
                continue
            text = fast.fill(template, record_id, facility, kind, months, result)
            self.by_row[at] = (record_id, (facility, result.outcome.value, possible_outcomes(result)), text)
        if alone:
            self._rows(alone, set())

    def _by_row_rest(self, by_row: pl.Series) -> None:
        positions = sorted(set(by_row.to_list()))
        if positions:
            self._rows(positions, set())

    def _sentences(self, rest: pl.DataFrame) -> pl.Expr:
        import polars as pl

        fast = self.fast
        pairs = rest.select("sentence_type", "sentence_months").unique()
        mapping = {}
        for kind, months in pairs.iter_rows():
            mapping[f"{kind}|{months}"] = fast.sentence(kind, months)
        return (pl.col("sentence_type").fill_null("None") + pl.lit("|") + pl.col("sentence_months").cast(pl.String)
                .fill_null("None")).replace_strict(mapping, return_dtype=pl.String)


def _add(start: pl.Expr, group: pl.Expr, terms: list[tuple[int, int]]) -> pl.Expr:
    """``sentence.add_term`` on a column: whole calendar months (clamped to the month's end), then days."""
    import polars as pl

    months = group.replace_strict({g: f"{m}mo" for g, (m, _) in enumerate(terms)}, return_dtype=pl.String)
    days = group.replace_strict({g: d for g, (_, d) in enumerate(terms)}, return_dtype=pl.Int64)
    return start.dt.offset_by(months) + pl.duration(days=days)


def _json_date(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'

