"""The parts of the variants strategy that read one variant or compare two (``engine.variants``).

What plans depend on besides a key (a variant's *shape*), the parts of a key
that shared and varying rules read, and two shortcuts on new terms: the
result of a plan of one world, and whether two variants give a plan the
same new terms (then its records keep their results).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from amnesty.models.decision import Outcome
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.conditions import Leaf, leaves
from amnesty.engine.outcome import Result, SentenceFacts, cached_term
from amnesty.engine.plan import KEEP, Plan
from amnesty.engine.sentence import add_term
from amnesty.engine.worlds import ARITHMETIC_FIELD, field_classes

_RELEASE, _REDUCED = (Outcome.release,), (Outcome.reduced,)
_NOTHING: frozenset[str] = frozenset()  # no fact missing


def one_world(book: CompiledRulebook, active: tuple[str, ...], sentence: SentenceFacts, terms: dict) -> Result | None:
    """``outcome.decide`` for a plan of one world that keeps the record's sentence (most records):
    its new term (cached, the custody date aside), then the custody date; None when the record
    wants a fact, which ``decide`` words."""
    term = cached_term(book, active, sentence, terms)
    if isinstance(term, Result):
        if term.wants_fact:
            return None
        return Result(term.outcome, term.rules, term.sentence_after, term.release_date, term.missing,
                      term.parole_date, (term.outcome,))
    rules, after, ends, parole = term
    start = sentence.custody_start
    if start is None:
        return None
    due = add_term(start, ends)
    if due <= sentence.as_of:
        return Result(_RELEASE[0], rules, after, sentence.as_of, _NOTHING, None, _RELEASE)
    return Result(_REDUCED[0], rules, after, due, _NOTHING,
                  None if parole is None else add_term(start, parole), _REDUCED)


def same_terms(plan: Plan, sentence: SentenceFacts, before: tuple[CompiledRulebook, dict],
               after: tuple[CompiledRulebook, dict]) -> bool:
    """Whether every world of the plan gives the record's sentence the same new term under both
    variants (each a book and its cache of terms): ``outcome.decide`` reads a variant only through
    those terms, so then the record's result is the one it had, whatever its custody date."""
    for world in plan.plans:
        if world.outcome is not None:
            continue
        kind = sentence.type if world.sentence_type == KEEP else world.sentence_type
        facts = SentenceFacts(kind, sentence.months, None, sentence.as_of)  # terms never read the custody date
        try:
            if cached_term(before[0], world.rules, facts, before[1]) != cached_term(after[0], world.rules, facts, after[1]):
                return False
        except (ArithmeticError, ValueError):
            return False
    return True


def picker(positions: list[int]):
    """A function giving the key's truths at ``positions``, as a tuple."""
    if not positions:
        return lambda key: ()
    if len(positions) == 1:
        position = positions[0]
        return lambda key: (key[position],)
    return itemgetter(*positions)


def distinct_leaves(book: CompiledRulebook, rule_ids: Sequence[str]) -> tuple[Leaf, ...]:
    return tuple(dict.fromkeys(leaf for rid in rule_ids for leaf in leaves(book.rule(rid).tree)))


def shape(book: CompiledRulebook) -> tuple:
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


def classes_shape(book: CompiledRulebook, as_of: date) -> tuple:
    """The joint truths each unknown field can take: plans of equal shape share them only if these agree."""
    return tuple(
        (name, spec.leaves, spec.truths, spec.values if name == ARITHMETIC_FIELD else ())
        for name, spec in field_classes(book, as_of).items()
    )


def numbered(items: list) -> list[int]:
    """Equal items get equal small numbers, so they are cheap to use in keys."""
    seen: dict[Any, int] = {}
    return [seen.setdefault(item, len(seen)) for item in items]
