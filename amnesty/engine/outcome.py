"""Combine a record's findings into one outcome, with the precedence and
three-valued logic of data-dictionary.md.

The stages follow the law's own structure: scope, then exclusions, then
relief. A definite finding decides a stage even when other facts are
unknown; an unknown one sends the record to review only if it could change
the outcome. For relief that is checked exactly: every way the unknown
relief rules could turn out is tried (a "world"), and the record is decided
only if all worlds agree. Rules name the rules they override (exceptions, as
in Catala), so precedence never depends on the order of the file.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from amnesty.models.decision import Outcome
from amnesty.models.fields import FIELDS, in_field_order
from amnesty.models.rulebook import EffectType, Kind
from amnesty.rules.compiler import CompiledRulebook, CompiledRule
from amnesty.rules.kleene import Truth, kleene_all, kleene_any, kleene_not, unknown_leaves
from amnesty.engine.sentence import add_term, exact, round_months, split_months

MAX_UNKNOWN_RELIEFS = 12  # 4,096 worlds; beyond that every unknown relief fact is asked for
MAX_TERMS = 100_000  # cached new terms; distinct (reliefs, sentence) pairs are few, so this is a guard
_RELEASING = (EffectType.release, EffectType.remit)
_SENTENCING = (EffectType.commute, EffectType.reduce)


@dataclass(frozen=True)
class Plan:
    """What a record's key decides before its own dates and months are read."""

    outcome: Outcome | None  # not_covered / excluded / review when decided by scope or exclusions
    decisive: tuple[str, ...]  # rules behind that outcome
    missing: tuple[str, ...]  # facts blocking scope or exclusions
    worlds: tuple[tuple[tuple[bool, ...], tuple[str, ...]], ...] = ()  # (assignment, active reliefs)
    unknown_reliefs: tuple[str, ...] = ()
    relief_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    applying_reliefs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    rules: tuple[str, ...] = ()
    sentence_after: tuple[str, Decimal] | None = None
    release_date: date | None = None
    missing: frozenset[str] = frozenset()
    parole_date: date | None = None

    def signature(self) -> tuple:
        """What a person acting on the decision needs; on release the new term no longer matters."""
        term = self.sentence_after if self.outcome is Outcome.review else None
        return (self.outcome, self.release_date, self.missing, term, self.parole_date)


@dataclass(frozen=True)
class SentenceFacts:
    """The record-specific facts relief arithmetic needs."""

    type: str | None
    months: int | None
    custody_start: date | None
    as_of: date


def _unknown_fields(book: CompiledRulebook, rule: CompiledRule, key) -> set[str]:
    return {
        src for leaf in unknown_leaves(rule.tree, key, book.leaf_index) for src in FIELDS[leaf.field].sources
    }


def make_plan(book: CompiledRulebook, findings: dict[str, Truth], key) -> Plan:
    """The key-level part of a decision; cached per key by the evaluator."""

    def effective(rule_id: str) -> Truth:
        overriders = book.overridden_by.get(rule_id, ())
        return kleene_all([findings[rule_id], kleene_not(kleene_any([findings[o] for o in overriders]))])

    for kind, outcome in ((Kind.scope, Outcome.not_covered), (Kind.exclusion, Outcome.excluded)):
        decided = tuple(r.id for r in book.rules if r.kind is kind and effective(r.id) is True)
        if decided:
            return Plan(outcome, decided, ())
    blocked = [r for r in book.rules if r.kind is not Kind.relief and effective(r.id) is None]
    if blocked:
        missing: set[str] = set()
        for rule in blocked:
            for rid in (rule.id, *book.overridden_by.get(rule.id, ())):
                if findings[rid] is None:
                    missing |= _unknown_fields(book, book.rule(rid), key)
        return Plan(Outcome.review, tuple(r.id for r in blocked), in_field_order(missing))
    return _relief_plan(book, findings, key)


def _relief_plan(book: CompiledRulebook, findings: dict[str, Truth], key) -> Plan:
    reliefs = [r for r in book.rules if r.kind is Kind.relief]
    unknown = tuple(r.id for r in reliefs if findings[r.id] is None)
    fields = {rid: in_field_order(_unknown_fields(book, book.rule(rid), key)) for rid in unknown}
    if len(unknown) > MAX_UNKNOWN_RELIEFS:
        missing = set().union(*fields.values())
        return Plan(Outcome.review, unknown, in_field_order(missing))
    worlds = []
    for assignment in itertools.product((False, True), repeat=len(unknown)):
        truth = {r.id: bool(findings[r.id]) for r in reliefs} | dict(zip(unknown, assignment))
        active = tuple(
            r.id for r in reliefs
            if truth[r.id] and not any(truth.get(o, findings.get(o) is True) for o in book.overridden_by.get(r.id, ()))
        )
        worlds.append((assignment, active))
    applying = tuple(r.id for r in reliefs if findings[r.id] is True)
    return Plan(None, (), (), tuple(worlds), unknown, fields, applying)


def decide(book: CompiledRulebook, plan: Plan, facts: SentenceFacts, terms: dict | None = None) -> Result:
    """The record's result: the plan's outcome, or the relief worlds resolved with its dates.

    ``terms`` is the caller's cache of new terms (see ``_term``); with it a
    record costs date arithmetic only, which matters a million times over.
    """
    if plan.outcome is not None:
        return Result(plan.outcome, plan.decisive, missing=frozenset(plan.missing))
    if len(plan.worlds) == 1:  # no relief fact unknown: one world, nothing to agree on
        return _world(book, plan.worlds[0][1], facts, terms)
    by_active: dict[tuple[str, ...], Result] = {}
    results = []
    for assignment, active in plan.worlds:
        if active not in by_active:
            by_active[active] = _world(book, active, facts, terms)
        results.append((assignment, by_active[active]))
    first = results[0][1]
    if all(r.signature() == first.signature() for _, r in results):
        return first
    pivotal = _pivotal(plan.unknown_reliefs, results)
    missing = set().union(*(plan.relief_fields[rid] for rid in pivotal), *(r.missing for _, r in results))
    rules = tuple(pivotal) + tuple(r for r in plan.applying_reliefs if r not in pivotal)
    return Result(Outcome.review, rules, missing=frozenset(missing))


def _pivotal(unknown: tuple[str, ...], results) -> list[str]:
    """Unknown rules whose value alone changes the result in some world."""
    table = {assignment: result.signature() for assignment, result in results}
    pivotal = []
    for i, rule_id in enumerate(unknown):
        for assignment, signature in table.items():
            flipped = assignment[:i] + (not assignment[i],) + assignment[i + 1 :]
            if table[flipped] != signature:
                pivotal.append(rule_id)
                break
    return pivotal


def _world(book: CompiledRulebook, active: tuple[str, ...], facts: SentenceFacts, terms: dict | None) -> Result:
    """The result when exactly the ``active`` relief rules hold."""
    key = (active, facts.type, facts.months, facts.as_of)
    term = terms.get(key) if terms is not None else None
    if term is None:
        term = _term(book, active, facts)
        if terms is not None:
            if len(terms) >= MAX_TERMS:
                terms.clear()
            terms[key] = term
    if isinstance(term, Result):
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
            if facts.type != "fixed" or facts.months is None:
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
