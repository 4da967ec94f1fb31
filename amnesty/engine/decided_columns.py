"""Which rows a scope or exclusion rule decides, found in polars for a whole batch at once.

Most records of a register are out of scope or excluded (seven in ten of
the synthetic million), and such a record's decision reads nothing but the
scope and exclusion findings (``plan.decided_plan``). Yet their keys are the
most varied, since every other column still differs: 84% of the new keys of
a million records are of this kind, and each new key costs the evaluator
its findings in Python. So here the findings of the scope and exclusion
rules, and of the rules that prevail over them, are polars expressions over
the batch's cell classes, in the same three-valued logic (polars' ``&``,
``|`` and ``~`` are Kleene's); a row they decide takes the entry of its
decided pattern straight away, and only rows they do not decide need a key.

A decided pattern that no row has had yet is left to the key path, which
decides its first row the plain way and proves its template. The
expressions are a third implementation of the rule trees, so
tests/engine/test_decided_columns.py holds them to the compiled trees on
every built-in rulebook, and the column strategy's sampled rows (decided the
plain way, compared byte for byte) check them in every run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from typing import TYPE_CHECKING, Any

from amnesty.engine.plan import decided_by, decided_signature, stages
from amnesty.rules.conditions import Leaf

if TYPE_CHECKING:
    import polars as pl

    from amnesty.engine.cells import ColumnCells
    from amnesty.rules.compiler import CompiledRulebook


MAX_RULES = 62


class DecidedColumns:
    """The decided-pattern signature of each row of a batch, from its cell classes."""

    def __init__(self, book: CompiledRulebook, columns: list[ColumnCells], constant: dict[int, Any]):
        self.book = book
        self.scope, self.exclusion = stages(book)[:2]
        # Each stage's holding rules are bits of one 64-bit integer: a rulebook with more scope or
        # exclusion rules than that (none has a tenth of it) keeps every row on its key.
        self.enabled = bool(self.scope or self.exclusion) and max(len(self.scope), len(self.exclusion)) <= MAX_RULES
        self._where = {i: (column, at) for column in columns for at, i in enumerate(column.leaf_indexes)}
        self._constant = constant
        self._trees = {rule.id: rule.tree for rule in book.rules}
        self._leaf_cache: dict[int, tuple[int, Any]] = {}  # leaf -> (classes mapped, its expression)

    # -- expressions ------------------------------------------------------------

    def leaf(self, i: int) -> pl.Expr:
        """Leaf ``i``'s truth on each row: its column's class mapped to the class's truth."""
        import polars as pl

        if i in self._constant:
            return pl.lit(self._constant[i], dtype=pl.Boolean)
        column, at = self._where[i]
        known = self._leaf_cache.get(i)
        if known is None or known[0] != len(column.truths):  # new cells may have made new classes
            truths = pl.Series([t[at] for t in column.truths], dtype=pl.Boolean)
            classes = pl.Series(range(len(column.truths)), dtype=pl.Int32)
            expression = pl.col(f"_c_{column.name}").replace_strict(classes, truths, default=None,
                                                                     return_dtype=pl.Boolean)
            known = self._leaf_cache[i] = (len(column.truths), expression)
        return known[1]

    def tree(self, tree: Any) -> pl.Expr:
        """A condition tree in polars' three-valued logic (the same truth table as ``kleene.evaluate``)."""
        import polars as pl

        if isinstance(tree, Leaf):
            return self.leaf(self.book.leaf_index[tree])
        parts = [self.tree(child) for child in tree.children]
        if tree.kind == "not":
            return ~parts[0]
        if not parts:
            return pl.lit(tree.kind == "all", dtype=pl.Boolean)
        return reduce((lambda a, b: a & b) if tree.kind == "all" else (lambda a, b: a | b), parts)

    def effective(self, rule_id: str) -> pl.Expr:
        """The rule holds and no rule that prevails over it does (``plan._effective``)."""
        own = self.tree(self._trees[rule_id])
        overriders = [self.tree(self._trees[o]) for o in self.book.overridden_by.get(rule_id, ())]
        return own if not overriders else own & ~reduce(lambda a, b: a | b, overriders)

    def columns(self) -> list[pl.Expr]:
        """Per row: the scope rules that definitely hold (bits in rule order), the exclusion rules
        that do, and whether some scope rule may hold (``_scope_bits``, ``_excluded_bits``,
        ``_scope_doubt``)."""
        import polars as pl

        def bits(rules: tuple[str, ...]) -> pl.Expr:
            if not rules:
                return pl.lit(0, dtype=pl.Int64)
            return pl.sum_horizontal(
                self.effective(r).fill_null(False).cast(pl.Int64) * (1 << n) for n, r in enumerate(rules))

        doubt = (pl.any_horizontal(self.effective(r).is_null() for r in self.scope) if self.scope
                 else pl.lit(False))
        return [bits(self.scope).alias("_scope_bits"), bits(self.exclusion).alias("_excluded_bits"),
                doubt.alias("_scope_doubt")]

    # -- a batch ------------------------------------------------------------------

    def split(self, rest: pl.DataFrame, by_pattern: dict, decide_rows: Callable[[list[int], set], None],
              ) -> tuple[pl.DataFrame, pl.DataFrame, list[Any]]:
        """``rest`` less the rows that a scope or exclusion rule decides; those rows, with ``_decided``,
        their number in the list of entries also given (the entries of their patterns, from
        ``by_pattern``). The first row of a decided pattern no row has had yet goes to
        ``decide_rows`` (positions ``_at``), which decides it the plain way and so makes the
        pattern's entry for the others."""
        import polars as pl

        if not self.enabled or not rest.height:
            return rest, rest.clear().with_columns(pl.lit(0, dtype=pl.Int64).alias("_decided")), []
        codes = ["_scope_bits", "_excluded_bits", "_scope_doubt"]
        rest = rest.with_columns(self.columns())
        found = rest.select(codes).unique(maintain_order=True).with_row_index("_code")
        rest = rest.join(found, on=codes, how="left", maintain_order="left").drop(codes)
        signatures = [self.signature(*row) for row in found.select(codes).rows()]
        new = [code for code, signature in enumerate(signatures) if signature is not None and signature not in by_pattern]
        if new:
            first = rest.filter(pl.col("_code").is_in(new)).group_by("_code", maintain_order=True).first()["_at"]
            decide_rows(sorted(first.to_list()), set())
            rest = rest.filter(~pl.col("_at").is_in(first.implode()))
        numbers, entries = [], []
        for signature in signatures:
            entry = None if signature is None else by_pattern.get(signature)
            numbers.append(-1 if entry is None else len(entries))
            if entry is not None:
                entries.append(entry)
        rest = rest.with_columns(pl.col("_code").replace_strict(
            pl.Series(range(len(numbers)), dtype=pl.UInt32), pl.Series(numbers, dtype=pl.Int64)).alias("_decided")
        ).drop("_code")
        decided = rest.filter(pl.col("_decided") >= 0)
        return rest.filter(pl.col("_decided") < 0).drop("_decided"), decided, entries

    # -- signatures ---------------------------------------------------------------

    def signature(self, scope_bits: int, excluded_bits: int, doubt: bool) -> tuple | None:
        """The evaluator's signature of a decided pattern (``Evaluator._signature``), or None when
        these findings decide nothing yet."""
        holding = tuple(r for n, r in enumerate(self.scope) if scope_bits >> n & 1)
        excluding = tuple(r for n, r in enumerate(self.exclusion) if excluded_bits >> n & 1)
        plan = decided_by(self.book, holding, excluding, doubt)
        return None if plan is None else decided_signature(plan)
