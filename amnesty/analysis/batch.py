"""Decide the same records under several variants of one rulebook at once.

A sweep asks one question of the same records twenty times with one value
changed, so everything that does not depend on the value is done once:
records are read, validated and turned into facts once; a leaf comparison
is computed once per distinct leaf (a variant that moves one constant adds
one column of truths, not a new pass); rules whose condition is the same in
every variant are checked against durable_rules once per distinct truth
pattern of their own leaves, and only the rules that differ again per
variant (through the engine's own ``Evaluator``, one per variant). The engine's guarantee is kept: for every variant, every new key's
durable_rules findings are compared with the plain evaluator's, and a
disagreement stops the run. Plans (what a key decides) are shared between
variants whose rules have the same shape, and each variant starts from the
one before, redoing only the records whose key moved or whose plan may
apply a relief whose effect changed.

Records come in chunks, so memory stays bounded however large the input.
"""

from __future__ import annotations

from collections import Counter

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from amnesty.errors import EngineError
from amnesty.models.decision import Outcome
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.conditions import Leaf, leaves
from amnesty.rules.kleene import Truth, evaluate
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.facts import python_fact
from amnesty.engine.outcome import Plan, Result, SentenceFacts, decide, make_plan
from amnesty.engine.dated import tally
from amnesty.engine.stream import decide_rows
from amnesty.engine.worlds import ARITHMETIC_FIELD, field_classes

CHUNK = 20_000  # records held at once: about 50 MB of facts
INVALID = Result(Outcome.invalid)


@dataclass
class Chunk:
    """Valid records as the facts the rules read, in input order."""

    record_ids: list[str] = field(default_factory=list)
    facility_ids: list[str] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)
    sentences: list[SentenceFacts] = field(default_factory=list)
    invalid_facilities: list[str | None] = field(default_factory=list)  # one per invalid record

    def __len__(self) -> int:
        return len(self.facts)


class _Collector(Evaluator):
    """Validates like the engine (same invalid decisions) but keeps valid records undecided."""

    taken: list[Record]

    def decide(self, record: Record, where: str = "") -> dict[str, Any] | None:
        if self.record_problem(record):
            return super().decide(record, where)
        self.taken.append(record)
        return None


def read_chunks(
    input: str | Path, book: CompiledRulebook, as_of: date, size: int | None = None,  # noqa: A002
    dated_after: Counter | None = None,
) -> Iterator[Chunk]:
    """The input's records in chunks; invalid ones are counted exactly as ``evaluate`` decides them.

    ``dated_after``, when given, counts the records dated after the as-of date (``engine.dated``).
    """
    from amnesty.io.readers import open_records

    size = size or CHUNK
    with open_records(input) as rows, _Collector(book, as_of) as collector:
        collector.taken = []
        chunk = Chunk()
        source = rows if dated_after is None else tally(rows, as_of, dated_after)
        for decision in decide_rows(source, collector):
            if decision is not None:
                chunk.invalid_facilities.append(decision["facility_id"])
            for record in collector.taken:
                _add(chunk, collector.prepare(record), as_of)
            collector.taken.clear()
            if len(chunk) + len(chunk.invalid_facilities) >= size:
                yield chunk
                chunk = Chunk()
        if len(chunk) or chunk.invalid_facilities:
            yield chunk


def _add(chunk: Chunk, record: Record, as_of: date) -> None:
    chunk.record_ids.append(record.record_id)
    chunk.facility_ids.append(record.facility_id)
    chunk.facts.append(python_fact(record, as_of))
    chunk.sentences.append(SentenceFacts(
        record.sentence_type.value if record.sentence_type else None,
        record.sentence_months, record.custody_start, as_of,
    ))


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
        self.books = list(books)
        ids = [rule.id for rule in books[0].rules]
        if any([rule.id for rule in book.rules] != ids for book in books):
            raise ValueError("variants of one sweep must have the same rules")
        first = books[0]
        self.shared = tuple(r for r in ids if all(b.rule(r).tree == first.rule(r).tree for b in books))
        self.varying = tuple(r for r in ids if r not in self.shared)
        shared_leaves = _distinct_leaves(first, self.shared)
        self._shared_part = [_picker([b.leaf_index[leaf] for leaf in shared_leaves]) for b in books]
        self._varying_leaves = [_distinct_leaves(b, self.varying) for b in books]
        self._varying_part = [_picker([b.leaf_index[leaf] for leaf in vl]) for b, vl in zip(books, self._varying_leaves)]
        self._engines = [Evaluator(book, as_of) for book in books]  # the engine's own durable_rules matching
        self._shared_checked: set[tuple[Truth, ...]] = set()
        self._varying_checked: list[set[tuple[Truth, ...]]] = [set() for _ in books]
        self.as_of = as_of
        self._shape = _numbered([(_shape(book), _classes_shape(book, as_of)) for book in books])
        self._plans: dict[tuple[int, tuple[Truth, ...]], tuple[dict[str, Truth], Plan]] = {}
        self._checked: list[dict[tuple[Truth, ...], Plan]] = [{} for _ in books]
        self._tags: dict[tuple, int] = {}
        effects = _numbered([tuple((r.id, r.effect) for r in book.rules) for book in books])
        terms: dict[int, dict] = {}
        self._terms = [terms.setdefault(number, {}) for number in effects]  # new terms, shared by equal effects

    def decide_chunk(self, chunk: Chunk) -> list[list[Result]]:
        """One list of results per variant, one result per valid record of the chunk.

        The first variant decides every record; each next one of the same
        shape starts from the one before and redoes only the records whose
        key moved (a changed constant put them on the other side) or whose
        plan may apply a relief whose effect changed.
        """
        columns: dict[Leaf, list[Truth]] = {}
        out: list[list[Result]] = []
        state: _State | None = None
        for index, book in enumerate(self.books):
            for leaf, function in zip(book.leaves, book.leaf_functions):
                if leaf not in columns:
                    columns[leaf] = [function(fact) for fact in chunk.facts]
            if state is not None and self._shape[index] == self._shape[state.index]:
                state = self._next(index, chunk, columns, state)
            else:
                state = self._first(index, chunk, columns)
            out.append(state.results)
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

    def _next(self, index: int, chunk: Chunk, columns: dict[Leaf, list[Truth]], before: _State) -> _State:
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
        distinct = {id(plan): plan for plan in before.plans}
        stale = {pid for pid, plan in distinct.items() if self._tag(book, plan) != self._tag(previous, plan)}
        if stale:
            redo.update(i for i, plan in enumerate(before.plans) if id(plan) in stale)
        results = list(before.results)
        settled: dict[int, Result] = {}
        for i in redo:
            results[i] = self._result(index, plans[i], chunk.sentences[i], settled)
        return _State(index, keys, plans, results)

    def _result(self, index: int, plan: Plan, sentence: SentenceFacts, settled: dict[int, Result]) -> Result:
        if plan.outcome is None:
            return self._decide(index, plan, sentence)
        result = settled.get(id(plan))  # scope and exclusions decide without the record's own dates
        if result is None:
            result = settled[id(plan)] = decide(self.books[index], plan, sentence)
        return result

    def _decide(self, index: int, plan: Plan, sentence: SentenceFacts) -> Result:
        try:
            return decide(self.books[index], plan, sentence, self._terms[index])
        except (ArithmeticError, ValueError):  # a term ending after 9999-12-31: invalid, as in Evaluator.evaluate
            return INVALID

    def _tag(self, book: CompiledRulebook, plan: Plan) -> int:
        """Equal tags mean equal results for the same record: same plan, same effects of the rules it may apply."""
        active = sorted({rid for world in plan.plans if world.outcome is None for rid in world.rules})
        return self._tags.setdefault((id(plan), tuple(book.rule(r).effect for r in active)), len(self._tags))

    def _check(self, index: int, key: tuple[Truth, ...], chunk: Chunk, i: int) -> Plan:
        """The key's plan, once durable_rules and the plain evaluator agree on its findings.

        Shared rules read only shared leaves, so their findings (either
        engine's) depend only on those leaves' truths: each distinct pattern
        is matched and checked once for all variants (with the first
        variant's engine); the varying rules once per variant and pattern.
        """
        book = self.books[index]
        plain_key = (self._shape[index], key)
        if plain_key not in self._plans:
            findings = {rule.id: evaluate(rule.tree, key, book.leaf_index) for rule in book.rules}
            self._plans[plain_key] = (findings, make_plan(book, findings, key, self.as_of))
        findings, plan = self._plans[plain_key]
        shared_key = self._shared_part[index](key)
        if self.shared and shared_key not in self._shared_checked:
            self._agree(self._engines[0], self.shared, findings, chunk, i)
            self._shared_checked.add(shared_key)
        varying_key = self._varying_part[index](key)
        if self.varying and varying_key not in self._varying_checked[index]:
            self._agree(self._engines[index], self.varying, findings, chunk, i)
            self._varying_checked[index].add(varying_key)
        return plan

    @staticmethod
    def _agree(engine: Evaluator, rule_ids: Sequence[str], plain: dict[str, Truth], chunk: Chunk, i: int) -> None:
        record_id = chunk.record_ids[i]
        durable = engine.durable_findings(chunk.facts[i], record_id)
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


def _picker(positions: list[int]):
    """A function giving the key's truths at ``positions``, as a tuple."""
    if not positions:
        return lambda key: ()
    if len(positions) == 1:
        position = positions[0]
        return lambda key: (key[position],)
    return itemgetter(*positions)


def _distinct_leaves(book: CompiledRulebook, rule_ids: Sequence[str]) -> tuple[Leaf, ...]:
    return tuple(dict.fromkeys(leaf for rid in rule_ids for leaf in leaves(book.rule(rid).tree)))


def _shape(book: CompiledRulebook) -> tuple:
    """What plans depend on besides the key: rules, kinds, tree shapes, leaf fields, precedence."""
    index = book.leaf_index

    def tree(node) -> tuple:
        if isinstance(node, Leaf):
            return ("leaf", index[node])
        return (node.kind, tuple(tree(child) for child in node.children))

    return (
        tuple((rule.id, rule.kind, tree(rule.tree)) for rule in book.rules),
        tuple((leaf.field, leaf.op) for leaf in book.leaves),
        tuple(sorted(book.overridden_by.items())),
    )


def _classes_shape(book: CompiledRulebook, as_of: date) -> tuple:
    """The joint truths each unknown field can take: plans of equal shape share them only if these agree."""
    return tuple(
        (name, spec.leaves, spec.truths, spec.values if name == ARITHMETIC_FIELD else ())
        for name, spec in field_classes(book, as_of).items()
    )


def _numbered(items: list) -> list[int]:
    """Equal items get equal small numbers, so they are cheap to use in keys."""
    seen: dict[Any, int] = {}
    return [seen.setdefault(item, len(seen)) for item in items]
