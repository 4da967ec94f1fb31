"""Combine a record's findings into one outcome, with the precedence and
three-valued logic of data-dictionary.md.

The stages follow the law's own structure: scope, then exclusions, then
relief. A definite finding decides a stage even when other facts are
unknown; an unknown one sends the record to review only if it could change
the outcome. That is checked exactly: every way the unknown facts that
matter could turn out is tried (a "world", see ``amnesty.engine.worlds``),
across scope, exclusions and relief, and the record is decided only if all
worlds agree; the worlds also give ``missing`` (every fact whose value alone
changes the result in some world), the outcomes still possible and the
earliest possible release date. Rules name the rules they override (exceptions, as
in Catala), so precedence never depends on the order of the file.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from amnesty.models.decision import Outcome
from amnesty.models.fields import FIELDS, in_field_order
from amnesty.models.rulebook import EffectType, Kind
from amnesty.rules.compiler import CompiledRulebook, CompiledRule
from amnesty.rules.kleene import Truth, evaluate, kleene_all, kleene_any, kleene_not, unknown_leaves
from amnesty.engine.sentence import add_term, exact, round_months, split_months
from amnesty.engine.worlds import ARITHMETIC_FIELD, MAX_WORLDS, field_classes

MAX_TERMS = 100_000  # cached new terms; distinct (reliefs, sentence) pairs are few, so this is a guard
_RELEASING = (EffectType.release, EffectType.remit)
_SENTENCING = (EffectType.commute, EffectType.reduce)
_NO_BENEFIT = "no benefit"  # not_covered and excluded count as one when worlds are compared
_KEEP = "keep"  # a world that leaves the record's own sentence type as it is
_ALL_OUTCOMES = tuple(o for o in Outcome if o is not Outcome.invalid)
_OUTCOMES = tuple(Outcome)  # iterating the enum itself is slow, and records with unknown facts do it often
_WANT_OUTCOMES = (Outcome.release, Outcome.reduced)  # a new term whose months or start are unknown


@dataclass(frozen=True)
class WorldPlan:
    """What one world (every unknown fact that matters given a value) decides before dates are read."""

    outcome: Outcome | None  # not_covered / excluded, or None when relief decides
    rules: tuple[str, ...]  # the decisive rules, or the active reliefs
    sentence_type: str | None = _KEEP


@dataclass(frozen=True)
class Plan:
    """What a record's key decides before its own dates and months are read."""

    outcome: Outcome | None  # decided by the key alone: not_covered, excluded, or review past the cap
    decisive: tuple[str, ...]  # rules behind that outcome
    missing: tuple[str, ...]  # facts to collect when the key alone decides review
    possible: tuple[Outcome, ...] = ()
    fields: tuple[str, ...] = ()  # unknown fields that matter, in field order
    radices: tuple[int, ...] = ()  # classes per field
    worlds: tuple[int, ...] = ()  # per world (mixed radix over ``fields``): index into ``plans``
    plans: tuple[WorldPlan, ...] = ()
    unknown_rules: tuple[tuple[str, frozenset[str]], ...] = ()  # undecided rules and the unknown fields they read
    applying_reliefs: tuple[str, ...] = ()
    verdicts: dict = field(default_factory=dict, compare=False, repr=False)  # label pattern -> pivotal fields


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    rules: tuple[str, ...] = ()
    sentence_after: tuple[str, Decimal] | None = None
    release_date: date | None = None
    missing: frozenset[str] = frozenset()
    parole_date: date | None = None
    possible: tuple[Outcome, ...] = ()
    earliest_release_date: date | None = None

    def signature(self) -> tuple:
        """What a person acting on the decision needs; on release the new term no longer matters."""
        term = self.sentence_after if self.outcome is Outcome.review else None
        outcome = _NO_BENEFIT if self.outcome in (Outcome.not_covered, Outcome.excluded) else self.outcome
        return (outcome, self.release_date, self.missing, term, self.parole_date)

    @property
    def wants_fact(self) -> bool:
        """Review for want of a record fact (custody start, months), not for want of a provision."""
        return self.outcome is Outcome.review and bool(self.missing)


@dataclass(frozen=True)
class SentenceFacts:
    """The record-specific facts relief arithmetic needs."""

    type: str | None
    months: int | None
    custody_start: date | None
    as_of: date


def _effective(book: CompiledRulebook, findings: dict[str, Truth], rule_id: str) -> Truth:
    overriders = book.overridden_by.get(rule_id, ())
    return kleene_all([findings[rule_id], kleene_not(kleene_any([findings[o] for o in overriders]))])


def make_plan(
    book: CompiledRulebook, findings: dict[str, Truth], key, as_of: date | None = None, world_plans: dict | None = None
) -> Plan:
    """The key-level part of a decision; cached per key by the evaluator.

    A definite scope or exclusion finding decides alone (three-valued
    logic). Otherwise every world of the unknown facts that matter is
    decided (see ``amnesty.engine.worlds``), and ``decide`` compares the
    worlds' results with the record's own dates.
    """
    as_of = as_of or book.rulebook.enacted
    for kind, outcome in ((Kind.scope, Outcome.not_covered), (Kind.exclusion, Outcome.excluded)):
        decided = tuple(r.id for r in book.rules if r.kind is kind and _effective(book, findings, r.id) is True)
        if decided:
            possible = (outcome,)
            if kind is Kind.exclusion and any(
                r.kind is Kind.scope and _effective(book, findings, r.id) is None for r in book.rules
            ):
                possible = (Outcome.not_covered, Outcome.excluded)
            return Plan(outcome, decided, (), possible)
    classes = field_classes(book, as_of)
    unknown_rules, fields = _unknowns(book, findings, key, classes)
    applying = tuple(r.id for r in book.rules if r.kind is Kind.relief and findings[r.id] is True)
    radices = tuple(len(classes[name].truths) for name in fields)
    if math.prod(radices) > MAX_WORLDS:  # too many to try: ask for every unknown fact an undecided rule reads
        return Plan(
            Outcome.review, tuple(rid for rid, _ in unknown_rules), fields, _ALL_OUTCOMES,
            unknown_rules=unknown_rules, applying_reliefs=applying,
        )
    touched = {rid for rid, _ in unknown_rules}
    varying = [r for r in book.rules if r.id in touched]
    plans: dict[WorldPlan, int] = {}
    worlds = []
    functions = book.rule_functions
    world_plans = {} if world_plans is None else world_plans
    for choice in itertools.product(*(range(r) for r in radices)):
        world_key = list(key)
        sentence_type = _KEEP
        for name, c in zip(fields, choice):
            spec = classes[name]
            for position, truth in zip(spec.leaves, spec.truths[c]):
                world_key[position] = truth
            if name == ARITHMETIC_FIELD:
                sentence_type = spec.values[c]
        world = dict(findings)
        for rule in varying:
            world[rule.id] = functions[rule.id](world_key) if rule.id in functions else evaluate(
                rule.tree, world_key, book.leaf_index)
        memo = (tuple(world.values()), sentence_type)  # worlds of many keys share their findings
        plan = world_plans.get(memo)
        if plan is None:
            plan = world_plans[memo] = _world_plan(book, world, sentence_type)
        worlds.append(plans.setdefault(plan, len(plans)))
    return Plan(
        None, (), (), (), fields, radices, tuple(worlds), tuple(plans), unknown_rules, applying,
    )


def _unknowns(book: CompiledRulebook, findings: dict[str, Truth], key, classes):
    """Undecided rules, and the unknown facts that leave them undecided.

    A rule decided by the law's own reading of an unknown fact (an
    ``is_unknown`` leaf: "no surrender date recorded: not surrendered") is
    decided: the rulebook has said what an unknown fact means there, so the
    fact is not asked for on its account.
    """
    unknown_rules = []
    fields: set[str] = set()
    for rule in book.rules:
        read: set[str] = set()
        if findings[rule.id] is None:
            read = _unknown_fields(book, rule, key)
        if read:
            unknown_rules.append((rule.id, frozenset(read)))
            fields |= read
    return tuple(unknown_rules), in_field_order(fields)


def _world_plan(book: CompiledRulebook, findings: dict[str, Truth], sentence_type) -> WorldPlan:
    """One world's stages; every finding a world reads is known."""
    for kind, outcome in ((Kind.scope, Outcome.not_covered), (Kind.exclusion, Outcome.excluded)):
        decided = tuple(r.id for r in book.rules if r.kind is kind and _effective(book, findings, r.id) is True)
        if decided:
            return WorldPlan(outcome, decided)
    active = tuple(
        r.id for r in book.rules
        if r.kind is Kind.relief and findings[r.id] and not any(findings[o] for o in book.overridden_by.get(r.id, ()))
    )
    return WorldPlan(None, active, sentence_type)


def _unknown_fields(book: CompiledRulebook, rule: CompiledRule, key) -> set[str]:
    return {
        src for leaf in unknown_leaves(rule.tree, key, book.leaf_index) for src in FIELDS[leaf.field].sources
    }


def decide(book: CompiledRulebook, plan: Plan, facts: SentenceFacts, terms: dict | None = None) -> Result:
    """The record's result: the plan's outcome, or its worlds resolved with the record's dates.

    The record is decided when every world gives the same result (counting
    not_covered and excluded as one); otherwise it is ``review`` and
    ``missing`` names every fact whose value alone changes the result in
    some world. ``terms`` is the caller's cache of new terms (see
    ``_term``); with it a record costs date arithmetic only, which matters
    a million times over.
    """
    if plan.outcome is not None:
        return Result(plan.outcome, plan.decisive, missing=frozenset(plan.missing), possible=plan.possible)
    if len(plan.plans) == 1 and plan.plans[0].outcome is None and plan.plans[0].sentence_type == _KEEP:
        # Nothing unknown matters at the key's level: one world, as most records have.
        result = _world(book, plan.plans[0].rules, facts, terms)
        if not result.wants_fact:
            return Result(result.outcome, result.rules, result.sentence_after, result.release_date,
                          result.missing, result.parole_date, (result.outcome,))
    results = []
    for world in plan.plans:
        if world.outcome is not None:
            results.append(Result(world.outcome, world.rules))
        else:
            sentence = facts if world.sentence_type == _KEEP else replace(facts, type=world.sentence_type)
            results.append(_world(book, world.rules, sentence, terms))
    possible = _possible(results)
    first = results[plan.worlds[0]]
    signatures = [r.signature() for r in results]
    if all(s == signatures[0] for s in signatures):
        if first.wants_fact:
            return replace(first, possible=possible, earliest_release_date=_earliest(possible, results, facts))
        return replace(first, possible=possible)
    pattern = tuple(signatures.index(s) for s in signatures)
    pivotal = plan.verdicts.get(pattern)
    if pivotal is None:
        pivotal = plan.verdicts.setdefault(pattern, _pivotal(plan, pattern))
    wanted = {name for r in results if r.wants_fact for name in r.missing}
    missing = frozenset(pivotal) | wanted
    rules = tuple(rid for rid, read in plan.unknown_rules if read & missing)
    rules += tuple(rid for rid in plan.applying_reliefs if rid not in rules)
    return Result(
        Outcome.review, rules, missing=missing, possible=possible,
        earliest_release_date=_earliest(possible, results, facts),
    )


def _possible(results: list[Result]) -> tuple[Outcome, ...]:
    reached: set[Outcome] = set()
    for result in results:
        reached.update(_WANT_OUTCOMES if result.wants_fact else (result.outcome,))
    return tuple(o for o in _OUTCOMES if o in reached)


def _earliest(possible: tuple[Outcome, ...], results: list[Result], facts: SentenceFacts) -> date | None:
    """The earliest day the person could be out, once the unknown facts are known."""
    if Outcome.release in possible:
        return facts.as_of
    dates = [r.release_date for r in results if r.outcome is Outcome.reduced and r.release_date]
    return min(dates) if dates else None


def _pivotal(plan: Plan, pattern: tuple[int, ...]) -> tuple[str, ...]:
    """Fields whose class alone changes the result in some world (the other fields held fixed)."""
    labels = [pattern[p] for p in plan.worlds]
    out = []
    stride = len(labels)
    for name, radix in zip(plan.fields, plan.radices):
        stride //= radix
        for w, label in enumerate(labels):
            c = (w // stride) % radix
            if c and labels[w - c * stride] != label:
                out.append(name)
                break
    return tuple(out)


def _world(book: CompiledRulebook, active: tuple[str, ...], facts: SentenceFacts, terms: dict | None) -> Result:
    """The result when exactly the ``active`` relief rules hold."""
    term = cached_term(book, active, facts, terms)
    if isinstance(term, Result):
        if term.wants_fact and facts.custody_start is None:  # months unknown, and the start too
            return replace(term, missing=term.missing | {"custody_start"})
        return term
    rules, after, ends, parole = term
    if facts.custody_start is None:
        return Result(Outcome.review, rules, after, None, frozenset({"custody_start"}))
    due = add_term(facts.custody_start, ends)
    if due <= facts.as_of:
        return Result(Outcome.release, rules, after, facts.as_of)
    return Result(
        Outcome.reduced, rules, after, due, parole_date=None if parole is None else add_term(facts.custody_start, parole)
    )


def cached_term(book: CompiledRulebook, active: tuple[str, ...], facts: SentenceFacts, terms: dict | None):
    """``_term``, remembered in ``terms`` by what it reads (the custody date is not among it)."""
    key = (active, facts.type, facts.months, facts.as_of)
    term = terms.get(key) if terms is not None else None
    if term is None:
        term = _term(book, active, facts)
        if terms is not None:
            if len(terms) >= MAX_TERMS:
                terms.clear()
            terms[key] = term
    return term


def single_world(plan: Plan) -> tuple[str, ...] | None:
    """The active reliefs when the key leaves one world that keeps the record's own sentence (what
    most records have): then the result is ``cached_term`` and the custody date alone. Else None."""
    if plan.outcome is not None or len(plan.plans) != 1:
        return None
    world = plan.plans[0]
    return world.rules if world.outcome is None and world.sentence_type == _KEEP else None


def _term(book: CompiledRulebook, active: tuple[str, ...], facts: SentenceFacts):
    """What the active reliefs make of the sentence before its custody date is read: a final
    Result, or the new term's rules, months and (whole months, days) to release and to parole."""
    effects = {rid: book.rule(rid).effect for rid in active}
    reviews = tuple(rid for rid, e in effects.items() if e.type is EffectType.review)
    if reviews:
        return Result(Outcome.review, reviews)
    waits = tuple(rid for rid, e in effects.items() if e.type is EffectType.defer)
    if waits:
        # The relief applies once the condition is met: the reasons name the condition, then
        # the reliefs the law would give then; nothing is applied yet, so no new term or date.
        return Result(Outcome.deferred, waits + tuple(rid for rid in active if rid not in waits))
    releasing = tuple(rid for rid, e in effects.items() if e.type in _RELEASING)
    if releasing:
        remitted = any(effects[rid].type is EffectType.remit for rid in releasing)
        after = ("none", Decimal(0)) if remitted else None
        return Result(Outcome.release, releasing, after, facts.as_of)
    candidates = []
    for rid, effect in effects.items():
        if effect.type is EffectType.commute:
            candidates.append((exact(effect.years) * 12, rid))
        elif effect.type is EffectType.reduce:
            if facts.type == "fixed" and facts.months is None:  # a world where the sentence is fixed
                return Result(Outcome.review, (rid,), missing=frozenset({"sentence_months"}))
            if facts.type != "fixed":
                return Result(Outcome.review, (rid,))  # nothing to reduce: the rulebook must say more
            candidates.append((facts.months * (1 - exact(effect.remit_fraction)), rid))
    if not candidates:
        return Result(Outcome.review)
    # Several reliefs on one sentence: the most favourable to the detainee applies.
    months, best = min(candidates, key=lambda c: (c[0], c[1]))
    rules = (best,) + tuple(sorted(rid for _, rid in candidates if rid != best))
    after = ("fixed", round_months(Fraction(months)))
    return rules, after, split_months(after[1]), _parole(effects[best], months)


def _parole(effect, months) -> tuple[int, int] | None:
    """Parole becomes possible once a share of the new term is served, counted like the term itself."""
    if effect.parole_fraction is None:
        return None
    return split_months(round_months(Fraction(months) * exact(effect.parole_fraction)))
