"""Decide the same records under several variants of one rulebook at once: the run's strategy for a sweep.

A sweep asks one question of the same records twenty times with one value
changed, so everything that does not depend on the value is done once:
records are read and validated once (``engine.variant_rows``, the run's row
contract); a leaf comparison is computed once per distinct leaf and, for
rows kept as cells, once per distinct cell of its column (a variant that
moves one constant adds one column of truths, not a new pass); rules whose
condition is the same in every variant are checked against durable_rules
once per distinct truth pattern of their own leaves, and the rules that
differ again per variant (through the engine's own ``Evaluator``, one per
variant). The engine's guarantee is kept: for every variant, every new
key's durable_rules findings are compared with the plain evaluator's, and a
disagreement stops the run. Plans (what a key decides) are shared between
variants whose rules have the same shape, and each variant starts from the
one before, redoing only the records whose key moved or whose plan may
apply a relief whose effect changed; it says which (``Decided.changed``),
so an aggregator can update its counts rather than count again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from amnesty.errors import EngineError, ScenarioError
from amnesty.models.decision import Outcome
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.conditions import Leaf
from amnesty.rules.kleene import Truth
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.outcome import Result, SentenceFacts, decide, single_world
from amnesty.engine.plan import Plan, make_plan
from amnesty.engine.variant_parts import classes_shape, distinct_leaves, numbered, one_world, picker, same_terms, shape
from amnesty.engine.variant_rows import Chunk, Collector

INVALID = Result(Outcome.invalid)
CHECK_EVERY = 512  # every 512th result of the one-world shortcut is decided by outcome.decide too
_UNSET = object()


@dataclass
class Decided:
    """One variant's results for the records of a chunk; ``changed``: the positions whose result may
    differ from the variant before (None: every position, count afresh)."""

    results: list[Result]
    changed: set[int] | None


@dataclass
class _State:
    """One variant's keys, plans and results for the records of a chunk."""

    index: int
    keys: list[tuple[Truth, ...]]
    plans: list[Plan]
    results: list[Result]


class Variants:
    """Decides chunks of records under every variant; variants must share their rule ids."""

    def __init__(self, books: Sequence[CompiledRulebook], as_of: date):
        if not books:
            raise ValueError("no variants to decide")
        books = self.books = [book.at(as_of) for book in books]  # the rules in force as of that date
        ids = [rule.id for rule in books[0].rules]
        if any([rule.id for rule in book.rules] != ids for book in books):
            raise ScenarioError(f"the variants have different rules in force as of {as_of} (a value moves a deadline "
                                "of the law past that date): sweep that parameter alone, with amnesty sweep --param")
        first = books[0]
        self.shared = tuple(r for r in ids if all(b.rule(r).tree == first.rule(r).tree for b in books))
        self.varying = tuple(r for r in ids if r not in self.shared)
        shared_leaves = distinct_leaves(first, self.shared)
        self._shared_part = [picker([b.leaf_index[leaf] for leaf in shared_leaves]) for b in books]
        self._varying_leaves = [distinct_leaves(b, self.varying) for b in books]
        self._varying_part = [picker([b.leaf_index[leaf] for leaf in vl]) for b, vl in zip(books, self._varying_leaves)]
        # the engine's own durable_rules matching; the first is also the row contract's reference
        self._engines = [(Collector if i == 0 else Evaluator)(book, as_of) for i, book in enumerate(books)]
        self._shared_checked: set[tuple[Truth, ...]] = set()
        self._varying_checked: list[set[tuple[Truth, ...]]] = [set() for _ in books]
        self.as_of = as_of
        self._shape = numbered([(shape(book), classes_shape(book, as_of)) for book in books])
        self._plans: dict[tuple[int, tuple], Plan] = {}  # (shape, pattern) -> plan
        self._world_plans: dict[int, dict] = {}  # per shape: one world's findings -> what it decides
        self._checked: list[dict[tuple[Truth, ...], Plan]] = [{} for _ in books]
        self._actives: dict[int, frozenset[str]] = {}  # plans live as long as the run (self._plans)
        self._single: dict[int, tuple[str, ...] | None] = {}  # plan -> its one world's reliefs
        self._shortcuts = 0
        effects = numbered([tuple((r.id, r.effect) for r in book.rules) for book in books])
        terms: dict[int, dict] = {}
        self._terms = [terms.setdefault(number, {}) for number in effects]  # new terms, shared by equal effects

    @property
    def reference(self) -> Collector:
        """The first variant's evaluator, which validates records as ``evaluate`` does."""
        return self._engines[0]

    def decide_chunk(self, chunk: Chunk) -> list[Decided]:
        """Per variant, one result per valid record of the chunk.

        The first variant decides every record; each next one of the same
        shape starts from the one before and redoes only the records whose
        key moved (a changed constant put them on the other side) or whose
        plan may apply a relief whose effect changed.
        """
        columns: dict[Leaf, list[Truth]] = {}
        out: list[Decided] = []
        state: _State | None = None
        for index, book in enumerate(self.books):
            for leaf, function in zip(book.leaves, book.leaf_functions):
                if leaf not in columns:
                    columns[leaf] = chunk.leaf(leaf, function)
                    _compare(leaf, function, columns[leaf], chunk.checks)
            if state is not None and self._shape[index] == self._shape[state.index]:
                state, changed = self._next(index, chunk, columns, state)
            else:
                state, changed = self._first(index, chunk, columns), None
            out.append(Decided(state.results, changed))
        return out

    def _first(self, index: int, chunk: Chunk, columns: dict[Leaf, list[Truth]]) -> _State:
        book = self.books[index]
        keys = list(zip(*(columns[leaf] for leaf in book.leaves))) if book.leaves else [()] * len(chunk)
        checked = self._checked[index]
        for key, i in {k: i for i, k in enumerate(keys) if k not in checked}.items():
            checked[key] = self._check(index, key, chunk, i)
        plans = [checked[key] for key in keys]
        settled: dict[int, Result] = {}
        results = [self._result(index, plan, sentence, settled) for plan, sentence in zip(plans, chunk.sentences)]
        return _State(index, keys, plans, results)

    def _next(self, index: int, chunk: Chunk, columns: dict[Leaf, list[Truth]],
              before: _State) -> tuple[_State, set[int]]:
        book, previous = self.books[index], self.books[before.index]
        moved = [p for p, (a, b) in enumerate(zip(previous.leaves, book.leaves)) if a != b]
        redo: set[int] = set()
        for position in moved:
            old, new = columns[previous.leaves[position]], columns[book.leaves[position]]
            redo.update(i for i, (x, y) in enumerate(zip(old, new)) if x is not y)
        keys, plans = list(before.keys), list(before.plans)
        for i in redo:
            keys[i] = tuple(columns[leaf][i] for leaf in book.leaves)
            plans[i] = self._check(index, keys[i], chunk, i)
        if self.varying:  # every truth pattern of the varying rules, moved or not, checked for this variant
            varying = [columns[leaf] for leaf in self._varying_leaves[index]]
            for pattern, i in {p: i for i, p in enumerate(zip(*varying))}.items():
                if pattern not in self._varying_checked[index]:
                    self._check(index, keys[i], chunk, i)
        effects = {a.id for a, b in zip(book.rules, previous.rules) if a.effect != b.effect}  # same ids, same order
        if effects:  # plans that may apply a relief whose effect changed: their records again, where it matters
            distinct = {id(plan): plan for plan in before.plans}
            stale = {pid for pid, plan in distinct.items() if not effects.isdisjoint(self._active(plan))}
            if stale:
                same: dict[tuple, bool] = {}
                sentences, old_plans = chunk.sentences, before.plans
                for i in [i for i, plan in enumerate(old_plans) if id(plan) in stale]:
                    if i not in redo:
                        plan, sentence = old_plans[i], sentences[i]
                        key = (id(plan), sentence.type, sentence.months)
                        kept = same.get(key)
                        if kept is None:
                            kept = same[key] = self._same_terms(plan, sentence, before.index, index)
                        if not kept:
                            redo.add(i)
        results = list(before.results)
        settled: dict[int, Result] = {}
        for i in redo:
            results[i] = self._result(index, plans[i], chunk.sentences[i], settled)
        return _State(index, keys, plans, results), redo

    def _result(self, index: int, plan: Plan, sentence: SentenceFacts, settled: dict[int, Result]) -> Result:
        if plan.outcome is None:
            return self._decide(index, plan, sentence)
        result = settled.get(id(plan))  # scope and exclusions decide without the record's own dates
        if result is None:
            result = settled[id(plan)] = decide(self.books[index], plan, sentence)
        return result

    def _decide(self, index: int, plan: Plan, sentence: SentenceFacts) -> Result:
        active = self._single.get(id(plan), _UNSET)
        if active is _UNSET:
            active = self._single[id(plan)] = single_world(plan)
        try:
            if active is not None:
                result = self._one_world(index, active, sentence)
                if result is not None:
                    self._shortcuts += 1
                    if self._shortcuts % CHECK_EVERY == 0 and result != decide(self.books[index], plan, sentence):
                        raise EngineError("the variants' shortcut for a plan of one world differs from "
                                          "outcome.decide; no decision was made")
                    return result
            return decide(self.books[index], plan, sentence, self._terms[index])
        except (ArithmeticError, ValueError):  # a term ending after 9999-12-31: invalid, as in Evaluator.evaluate
            return INVALID

    def _one_world(self, index: int, active: tuple[str, ...], sentence: SentenceFacts) -> Result | None:
        return one_world(self.books[index], active, sentence, self._terms[index])

    def _same_terms(self, plan: Plan, sentence: SentenceFacts, before: int, index: int) -> bool:
        return same_terms(plan, sentence, (self.books[before], self._terms[before]), (self.books[index], self._terms[index]))

    def _active(self, plan: Plan) -> frozenset[str]:
        """The reliefs a plan may apply: its result changes only if one of their effects does."""
        active = self._actives.get(id(plan))
        if active is None:
            active = self._actives[id(plan)] = frozenset(
                rid for world in plan.plans if world.outcome is None for rid in world.rules)
        return active

    def _check(self, index: int, key: tuple[Truth, ...], chunk: Chunk, i: int) -> Plan:
        """The key's plan, once durable_rules agrees with the rule trees on its findings.

        Plans are made once per pattern (``Evaluator.signature``: the findings
        and the leaves of the rules still unknown) and shape, so variants of
        the same shape share them; the compiled trees' findings are compared
        with the plain tree walk on every new pattern, as the engine does.
        Shared rules read only shared leaves, so their findings (either
        engine's) depend only on those leaves' truths: each distinct pattern
        is matched by durable_rules and checked once for all variants (with
        the first variant's engine); the varying rules once per variant and
        pattern.
        """
        book, engine, shape = self.books[index], self._engines[index], self._shape[index]
        findings = engine.tree_findings(key)
        signature = (shape, engine.signature(findings, key))
        plan = self._plans.get(signature)
        if plan is None:
            plain = engine.plain_findings(key)
            if plain != findings:
                differ = sorted(r for r in plain if plain[r] != findings[r])
                raise EngineError(f"the compiled rules and the plain evaluator disagree on rules {', '.join(differ)} "
                                  f"for record {chunk.record_ids[i]!r}; no decision was made")
            plan = make_plan(book, findings, key, self.as_of, self._world_plans.setdefault(shape, {}))
            self._plans[signature] = plan
        shared_key = self._shared_part[index](key)
        if self.shared and shared_key not in self._shared_checked:
            self._agree(self._engines[0], self.shared, findings, chunk, i, book, key)
            self._shared_checked.add(shared_key)
        varying_key = self._varying_part[index](key)
        if self.varying and varying_key not in self._varying_checked[index]:
            self._agree(engine, self.varying, findings, chunk, i, book, key)
            self._varying_checked[index].add(varying_key)
        return plan

    @staticmethod
    def _agree(engine: Evaluator, rule_ids: Sequence[str], plain: dict[str, Truth], chunk: Chunk, i: int,
               book: CompiledRulebook, key: tuple[Truth, ...]) -> None:
        """durable_rules' findings on the record's facts against the rules' on the key; and the key
        from those facts against the key the columns gave."""
        record_id = chunk.record_ids[i]
        fact = chunk.fact(i)
        if tuple(function(fact) for function in book.leaf_functions) != key:
            raise EngineError(f"record {record_id!r}: the column strategy's truths differ from the evaluator's; "
                              "no decision was made")
        durable = engine.durable_findings(fact, record_id)
        differ = sorted(r for r in rule_ids if durable[r] != plain[r])
        if differ:
            raise EngineError(
                f"durable_rules and the plain evaluator disagree on rules {', '.join(differ)} "
                f"for record {record_id!r}; no decision was made"
            )

    def close(self) -> None:
        for engine in self._engines:
            engine.close()

    def __enter__(self) -> Variants:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _compare(leaf: Leaf, function: Any, column: list[Truth], checks: dict[int, dict[str, Any]]) -> None:
    """A column of truths must agree with the reference's facts on every sampled record."""
    for i, fact in checks.items():
        if column[i] != function(fact):
            raise EngineError(f"the column strategy's truth of {leaf.describe()!r} differs from the "
                              "evaluator's on a sampled record; no decision was made")
