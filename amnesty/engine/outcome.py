"""Combine a record's findings into one outcome, with the precedence and
three-valued logic of data-dictionary.md.

The key-level part (scope, exclusions, the worlds of the unknown facts
that matter) is ``amnesty.engine.plan``; here each world is resolved with
the record's own dates and months, and the record is decided only if all
worlds agree; the worlds also give ``missing`` (every fact whose value alone
changes the result in some world), the outcomes still possible and the
earliest possible release date. The new term a world's reliefs give is
computed once per reliefs and sentence (``cached_term``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction

from amnesty.models.decision import Outcome
from amnesty.models.rulebook import EffectType
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine.plan import KEEP, Plan
from amnesty.engine.sentence import add_term, exact, round_months, split_months

MAX_TERMS = 100_000  # cached new terms; distinct (reliefs, sentence) pairs are few, so this is a guard
_RELEASING = (EffectType.release, EffectType.remit)
_NO_BENEFIT = "no benefit"  # not_covered and excluded count as one when worlds are compared
_OUTCOMES = tuple(Outcome)  # iterating the enum itself is slow, and records with unknown facts do it often
_WANT_OUTCOMES = (Outcome.release, Outcome.reduced)  # a new term whose months or start are unknown
_REVIEW, _NOT_COVERED, _EXCLUDED = Outcome.review, Outcome.not_covered, Outcome.excluded
_ORDERED: dict[frozenset, tuple[Outcome, ...]] = {}  # outcomes reached -> in the data dictionary's order


@dataclass(slots=True, unsafe_hash=True)
class Result:
    """One record's (or one world's) result. Never changed once made (``dataclasses.replace`` makes
    another); not declared frozen because a frozen dataclass is four times slower to make, and a
    sweep makes millions."""

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
        outcome = self.outcome
        term = self.sentence_after if outcome is _REVIEW else None
        if outcome is _NOT_COVERED or outcome is _EXCLUDED:
            outcome = _NO_BENEFIT
        return (outcome, self.release_date, self.missing, term, self.parole_date)

    @property
    def wants_fact(self) -> bool:
        """Review for want of a record fact (custody start, months), not for want of a provision."""
        return self.outcome is _REVIEW and bool(self.missing)


SENTENCE_FIELDS = ("sentence_type", "sentence_months", "custody_start")  # the record fields behind SentenceFacts


@dataclass(frozen=True)
class SentenceFacts:
    """The record-specific facts relief arithmetic needs (read from ``SENTENCE_FIELDS``)."""

    type: str | None
    months: int | None
    custody_start: date | None
    as_of: date


def decide(book: CompiledRulebook, plan: Plan, facts: SentenceFacts, terms: dict | None = None) -> Result:
    """The record's result: the plan's outcome, or its worlds resolved with the record's dates.

    The record is decided when every world gives the same result (counting
    not_covered and excluded as one); otherwise it is ``review`` and
    ``missing`` names every fact whose value alone changes the result in
    some world. ``terms`` is the caller's cache of new terms (see
    ``_term``); with it a record costs date arithmetic only, which matters
    a million times over.
    """
    if plan.outcome is not None:  # decided by the key; or, past the cap on worlds, review with every outcome open
        earliest = facts.as_of if Outcome.release in plan.possible else None  # as any review that could release
        return Result(plan.outcome, plan.decisive, missing=frozenset(plan.missing), possible=plan.possible,
                      earliest_release_date=earliest)
    if len(plan.plans) == 1 and plan.plans[0].outcome is None and plan.plans[0].sentence_type == KEEP:
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
            sentence = facts if world.sentence_type == KEEP else SentenceFacts(
                world.sentence_type, facts.months, facts.custody_start, facts.as_of)
            results.append(_world(book, world.rules, sentence, terms))
    possible = _possible(results, facts)
    first = results[plan.worlds[0]]
    signatures = [r.signature() for r in results]
    if signatures.count(signatures[0]) == len(signatures):  # every world gives the same
        if first.wants_fact:
            return replace(first, possible=possible, earliest_release_date=_earliest(possible, results, facts))
        return replace(_agreed(first, [results[w] for w in dict.fromkeys(plan.worlds)]), possible=possible)
    first_of: dict[tuple, int] = {}  # each world labelled by the first world with its result
    pattern = tuple(first_of.setdefault(s, i) for i, s in enumerate(signatures))
    wanted = frozenset(name for r in results if r.outcome is _REVIEW and r.missing for name in r.missing)
    known = plan.verdicts.get((pattern, wanted))  # what the labels decide, once per plan and labels
    if known is None:
        pivotal = plan.verdicts.get(pattern)
        if pivotal is None:
            pivotal = plan.verdicts.setdefault(pattern, _pivotal(plan, pattern))
        missing = frozenset(pivotal) | wanted
        rules = tuple(rid for rid, read in plan.unknown_rules if not read.isdisjoint(missing))
        rules += tuple(rid for rid in plan.applying_reliefs if rid not in rules)
        known = plan.verdicts[(pattern, wanted)] = (missing, rules)
    missing, rules = known
    return Result(
        Outcome.review, rules, missing=missing, possible=possible,
        earliest_release_date=_earliest(possible, results, facts),
    )


def _agreed(first: Result, results: list[Result]) -> Result:
    """The result of worlds that agree on what a person acting on it needs, without asserting a
    relief that rests on an unknown fact.

    Worlds can agree on the outcome and the date while reaching it by different rules: with the
    birth date unknown, a fixed term is remitted whole if the person is old enough and cut by a
    quarter (already served) otherwise; either way they go free today. Naming only the first
    world's rule would present a relief that may not hold as the reason, and hide the one that
    does. So the reasons are every world's rules (the least favourable world's first; each
    reason says whether its own condition is known to hold), and the new term is the longest any
    world leaves, so that no relief resting on an unknown fact shortens it.
    """
    if all(r.rules == first.rules and r.sentence_after == first.sentence_after for r in results):
        return first
    base = max(results, key=lambda r: (r.outcome is first.outcome, _term_length(r.sentence_after)))
    rules = list(base.rules)
    for result in results:
        if result.outcome is base.outcome:
            rules.extend(rid for rid in result.rules if rid not in rules)
    return replace(base, rules=tuple(rules))


def _term_length(after: tuple[str, Decimal] | None) -> Decimal:
    """A new term's length for choosing the least favourable world: none, then months, then life."""
    if after is None:
        return Decimal(-1)
    kind, months = after
    return Decimal("Infinity") if kind == "life" else Decimal(0) if kind == "none" else months


def _possible(results: list[Result], facts: SentenceFacts) -> tuple[Outcome, ...]:
    """The outcomes the worlds reach, in the data dictionary's order; a world that wants a fact
    (months or custody start) could be a reduction, and a release unless its custody began after
    the as-of date (a term of any length, even none, then ends after it)."""
    reached = set()
    for result in results:
        if result.outcome is _REVIEW and result.missing:
            reached.update(_WANT_OUTCOMES if _could_be_out(facts) else (Outcome.reduced,))
        else:
            reached.add(result.outcome)
    key = frozenset(reached)
    ordered = _ORDERED.get(key)
    if ordered is None:
        ordered = _ORDERED[key] = tuple(o for o in _OUTCOMES if o in reached)
    return ordered


def _could_be_out(facts: SentenceFacts) -> bool:
    """Whether some new term could already be served: unknown custody start, or one on or before
    the as-of date (a sentence of 0 months is one the record contract allows)."""
    return facts.custody_start is None or facts.custody_start <= facts.as_of


def _earliest(possible: tuple[Outcome, ...], results: list[Result], facts: SentenceFacts) -> date | None:
    """The earliest day the person could be out, once the unknown facts are known: today if a
    release is possible, else the first projected date, where a world that wants the months could
    end as early as its custody start."""
    if Outcome.release in possible:
        return facts.as_of
    dates = [r.release_date for r in results if r.outcome is Outcome.reduced and r.release_date]
    if any(r.outcome is _REVIEW and r.missing for r in results) and facts.custody_start is not None:
        dates.append(facts.custody_start)
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
    return world.rules if world.outcome is None and world.sentence_type == KEEP else None


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
