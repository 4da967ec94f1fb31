"""Decide records against one compiled rulebook.

A record's findings depend only on its key, the truth value of every leaf
comparison, and what the key decides (its plan) depends only on its
*pattern*: the findings, and the leaves of the rules still unknown (the
facts worth asking for); or, for a key that a scope or exclusion rule
definitely decides, only those rules (``plan.decided_plan``), whatever the
others found. Keys are many and patterns few (about 15,000 and 1,000 in
100,000 synthetic records; 2,600 in a million), so the rule trees, compiled
to functions of the key, group keys into patterns, and durable_rules
decides the first key of every pattern and every ``DURABLE_EVERY``-th new
key besides; its findings must equal the trees' or the run stops
(durable_rules is unmaintained and has silent failure modes). Dates and
months stay per record: they are cheap.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

from amnesty.errors import EngineError
from amnesty.models.fields import FIELDS, FieldType
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.conditions import leaves
from amnesty.rules.kleene import Truth, compile_tree, evaluate
from amnesty.engine import decisions
from amnesty.engine.custody import reads_authority, with_authority
from amnesty.engine.durable.fit import ruleset_for
from amnesty.engine.durable.limits import text_problem
from amnesty.engine.durable.matcher import DurableMatcher
from amnesty.engine.facts import durable_fact, python_fact
from amnesty.engine.outcome import Plan, Result, SentenceFacts, decide
from amnesty.engine.plan import decided_plan, decided_signature, make_plan
from amnesty.engine.row_contract import contract_problem, decide_raw

_names = itertools.count()
MAX_KEYS = 1 << 16  # keys remembered; past that they start afresh (patterns and templates stay)
DURABLE_EVERY = 16  # besides the first key of every pattern, every 16th new key goes to durable_rules too


@dataclass(frozen=True)
class Pattern:
    """What every key of one pattern shares: the plan (see the module's docstring). ``findings``
    are its first key's: the same for every key of it but for the rules a decided plan does not read."""

    signature: tuple
    findings: dict[str, Truth]
    plan: Plan


@dataclass(frozen=True)
class Evaluation:
    """Everything behind one decision, for ``explain`` and for tests."""

    record: Record
    fact: dict[str, Any]
    key: tuple[Truth, ...]
    findings: dict[str, Truth]
    plan: Plan
    result: Result


class Evaluator:
    """Holds one durable_rules ruleset; use one per process (and close it)."""

    def __init__(self, book: CompiledRulebook, as_of: date | None = None, register: Any = None):
        self.as_of = as_of or book.rulebook.enacted
        book = self.book = book.at(self.as_of)  # the rules in force as of that date (a deadline may have passed)
        self.register = register  # the facility register for custodial_authority (None: the bundled one)
        self.fills_authority = reads_authority(book)
        self._matcher = DurableMatcher(f"{book.id}-{next(_names)}", ruleset_for(book))  # or RulebookError
        self._reads = frozenset(leaf.field for leaf in book.leaves)
        self._read_text = tuple(  # free text: the one kind of value a record can make too long for the engine
            name for name in dict.fromkeys(src for rule in book.rules for src in rule.fields)
            if FIELDS[name].type is FieldType.text
        )
        self._cache: dict[tuple[Truth, ...], tuple[Pattern, tuple]] = {}  # key -> its pattern and findings
        self._findings: dict[tuple, tuple] = {}  # the distinct findings met, shared by the keys that have them
        self._by_findings: dict[tuple, tuple] = {}  # findings -> their decided signature, or the leaves to read
        self._rule_ids = tuple(rule.id for rule in book.rules)
        self._patterns: dict[tuple, Pattern] = {}
        self._trees = tuple((rule.id, compile_tree(rule.tree, book.leaf_index)) for rule in book.rules)
        self._tree_functions = tuple(tree for _, tree in self._trees)
        self._rule_leaves = tuple(
            tuple(sorted({book.leaf_index[leaf] for leaf in leaves(rule.tree)})) for rule in book.rules
        )
        self._fired_names = tuple((rule.id, f"{rule.id}|T", f"{rule.id}|F") for rule in book.rules)
        self._new_keys = 0
        self._asked = 0  # new keys offered to known_pattern (every DURABLE_EVERY-th goes to durable_rules)
        self._world_plans: dict = {}  # one world's findings -> what it decides, shared by every pattern
        self._terms: dict = {}  # new terms by reliefs and sentence, for outcome.decide
        self.ref = decisions.rulebook_ref(book)

    # -- findings -----------------------------------------------------------

    def key(self, fact: dict[str, Any]) -> tuple[Truth, ...]:
        return tuple(fn(fact) for fn in self.book.leaf_functions)

    def plain_findings(self, key: tuple[Truth, ...]) -> dict[str, Truth]:
        """The findings as the plain tree walk gives them (the reference of the differential tests)."""
        return {rule.id: evaluate(rule.tree, key, self.book.leaf_index) for rule in self.book.rules}

    def tree_findings(self, key: tuple[Truth, ...]) -> dict[str, Truth]:
        """The same findings from the compiled trees: several times faster, and the same truth table."""
        return {rule_id: tree(key) for rule_id, tree in self._trees}

    def signature(self, findings: dict[str, Truth], key: tuple[Truth, ...]) -> tuple:
        """The pattern of a key: its findings, and the leaves of the rules they leave unknown, the
        only parts of the key that ``make_plan`` reads beyond the findings; or, when a scope or
        exclusion rule decides it, that plan alone (the one thing ``make_plan`` reads then)."""
        return self._signature(tuple(findings.values()), key)

    def _signature(self, values: tuple[Truth, ...], key: tuple[Truth, ...]) -> tuple:
        """``signature`` from the findings' values in rule order. What the findings decide (the
        decided plan, or the leaves to read) is remembered per distinct findings: a million records
        have about 70,000 keys but far fewer findings."""
        known = self._by_findings.get(values)
        if known is None:
            decided = decided_plan(self.book, dict(zip(self._rule_ids, values)))
            if decided is not None:
                known = decided_signature(decided)
            else:
                known = tuple(sorted({i for value, leaves in zip(values, self._rule_leaves) if value is None
                                      for i in leaves}))
            if len(self._by_findings) >= MAX_KEYS:
                self._by_findings.clear()
            self._by_findings[values] = known
        if known and known[0] == "decided":
            return known
        return values, tuple((i, key[i]) for i in known)

    def durable_findings(self, fact: dict[str, Any], record_id: str) -> dict[str, Truth]:
        fired = self._matcher.matches(self._engine_fact(fact))
        findings: dict[str, Truth] = {}
        for rule_id, when_true, when_false in self._fired_names:
            true, false = when_true in fired, when_false in fired
            if true and false:
                raise EngineError(f"rule {rule_id!r} was found both true and false for record {record_id!r}")
            findings[rule_id] = True if true else False if false else None
        return findings

    def _engine_fact(self, fact: dict[str, Any]) -> dict[str, Any]:
        """Only the facts some rule reads, and a stand-in id for the sentinel: nothing unread
        (an over-long id, text the engine cannot encode) can make it fail on a record."""
        full = durable_fact(fact, "-")
        return {name: value for name, value in full.items() if name in self._reads or name == "record_id"}

    def _lookup(self, fact: dict[str, Any], record_id: str) -> tuple[tuple[Truth, ...], dict[str, Truth], Plan]:
        key = self.key(fact)
        cached = self._cache.get(key)
        if cached is None:
            pattern, findings = self._new_key(key, fact, record_id)
        else:
            pattern, findings = cached[0], dict(zip(self._rule_ids, cached[1]))
        return key, findings, pattern.plan

    def _remember(self, key: tuple[Truth, ...], pattern: Pattern, values: tuple[Truth, ...]) -> None:
        """A key's pattern and its own findings' values (which a decided pattern's keys need not share)."""
        shared = self._findings.get(values)
        if shared is None:
            if len(self._findings) >= MAX_KEYS:
                self._findings.clear()
            shared = self._findings[values] = values
        remember(self._cache, key, (pattern, shared))

    def _new_key(
        self, key: tuple[Truth, ...], fact: dict[str, Any], record_id: str,
    ) -> tuple[Pattern, dict[str, Truth]]:
        findings = self.tree_findings(key)
        signature = self.signature(findings, key)
        pattern = self._patterns.get(signature)
        self._new_keys += 1
        if pattern is None or self._new_keys % DURABLE_EVERY == 0:
            durable = self.durable_findings(fact, record_id)
            if durable != findings:  # two implementations, one truth table; the plain walk says which erred
                reference = self.plain_findings(key)
                differ = sorted(r for r in durable if durable[r] != reference[r] or findings[r] != reference[r])
                raise EngineError(
                    f"durable_rules and the plain evaluator disagree on rules {', '.join(differ)} "
                    f"for record {record_id!r}; no decision was made"
                )
        if pattern is None:
            pattern = Pattern(signature, findings, make_plan(self.book, findings, key, self.as_of, self._world_plans))
            self._patterns[signature] = pattern
        self._remember(key, pattern, tuple(findings.values()))
        return pattern, findings

    def known_pattern(self, key: tuple[Truth, ...]) -> tuple[Pattern | None, tuple]:
        """The pattern of a new key when no record is needed to decide it (its pattern is known and
        the key is not one durable_rules must see), and the key's signature; (None, signature) when
        a record of it must be decided the usual way."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached[0], cached[0].signature
        values = tuple([tree(key) for tree in self._tree_functions])
        signature = self._signature(values, key)
        pattern = self._patterns.get(signature)
        self._asked += 1
        if pattern is None or self._asked % DURABLE_EVERY == 0:
            return None, signature
        self._remember(key, pattern, values)
        return pattern, signature

    def pattern(self, key: tuple[Truth, ...]) -> Pattern | None:
        """The pattern of a key already decided (the fast path shares its templates by pattern)."""
        cached = self._cache.get(key)
        return None if cached is None else cached[0]

    # -- decisions ----------------------------------------------------------

    def prepare(self, record: Record) -> Record:
        """The record as the rules see it: a blank custodial_authority filled from the facility
        register when a rule reads it (see ``amnesty.engine.custody``)."""
        return with_authority(record, self.as_of, self.register) if self.fills_authority else record

    def evaluate(self, record: Record) -> Evaluation:
        record = self.prepare(record)
        fact = python_fact(record, self.as_of)
        key, findings, plan = self._lookup(fact, record.record_id)
        facts = SentenceFacts(
            record.sentence_type.value if record.sentence_type else None,
            record.sentence_months,
            record.custody_start,
            self.as_of,
        )
        try:
            result = decide(self.book, plan, facts, self._terms)
        except (ArithmeticError, ValueError):  # date arithmetic past 9999-12-31
            start = f"field custody_start: {record.custody_start}: " if record.custody_start else ""
            raise _BeyondCalendar(
                f"{start}the sentence after relief would end after 9999-12-31, the last date there is; "
                "no release date can be computed"
            ) from None
        return Evaluation(record, fact, key, findings, plan, result)

    def decide(self, record: Record, where: str = "") -> dict[str, Any]:
        """The decision as a JSON-ready dict in the data dictionary's field order."""
        problem = self.record_problem(record)
        if problem:
            return decisions.invalid(record.record_id, record.facility_id, [where + problem], self.as_of, self.ref)
        try:
            evaluation = self.evaluate(record)
        except _BeyondCalendar as exc:
            return decisions.invalid(record.record_id, record.facility_id, [where + str(exc)], self.as_of, self.ref)
        return decisions.build(self.book, record, evaluation, self.as_of, self.ref)

    def decide_values(self, values: dict[str, Any], where: str = "") -> dict[str, Any]:
        """Validate raw values (CSV cells or a JSON object) and decide, or explain why not."""
        return decide_raw(self, values, where, lambda rid, fac, errors: decisions.invalid(rid, fac, errors, self.as_of, self.ref))

    def record_problem(self, record: Record) -> str | None:
        """Why a record that passed validation still cannot be decided at this as-of date, if it cannot."""
        return contract_problem(record, self.as_of) or self._engine_problem(record)

    def _engine_problem(self, record: Record) -> str | None:
        """Text a rule reads that durable_rules would compare wrongly makes the record invalid,
        named, rather than decided on a wrong comparison or stopping the whole run."""
        for name in self._read_text:
            value = getattr(record, name)
            problem = text_problem(value) if isinstance(value, str) else None
            if problem:
                shown = value if len(value) <= 40 else value[:37] + "..."
                return f"field {name}: {shown!r} {problem}, and a rule of {self.book.id} reads it"
        return None

    @property
    def cache_size(self) -> int:
        return len(self._cache)

    def close(self) -> None:
        self._matcher.close()

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def remember(cache: dict, key: Any, value: Any) -> None:
    """A key's entry, in a cache that keeps memory flat however long the input: past MAX_KEYS it
    starts afresh, and a key met again costs a lookup of its pattern (no record is decided again)."""
    if len(cache) >= MAX_KEYS:
        cache.clear()
    cache[key] = value


class _BeyondCalendar(Exception):
    """A record whose dates and terms run past the last day a date can hold."""
