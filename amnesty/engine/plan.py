"""The key-level part of a decision: what a record's pattern of findings decides before its own
dates and months are read.

The stages follow the law's own structure: scope, then exclusions, then
relief. A definite finding decides a stage even when other facts are
unknown. Otherwise every way the unknown facts that matter could turn out
is a "world" (see ``amnesty.engine.worlds``); the plan lists each world's
stages, and ``amnesty.engine.outcome.decide`` resolves them with the
record's dates. Rules name the rules they override (exceptions, as in
Catala), so precedence never depends on the order of the file. A plan is
cached per key, so this runs once per distinct pattern, not per record.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from amnesty.models.decision import Outcome
from amnesty.models.fields import FIELDS, in_field_order
from amnesty.models.rulebook import Kind
from amnesty.rules.compiler import CompiledRulebook, CompiledRule
from amnesty.rules.conditions import leaves
from amnesty.rules.kleene import Truth, evaluate, unknown_leaves
from amnesty.engine.worlds import ARITHMETIC_FIELD, MAX_WORLDS, field_classes

KEEP = "keep"  # a world that leaves the record's own sentence type as it is
_ALL_OUTCOMES = tuple(o for o in Outcome if o is not Outcome.invalid)


@dataclass(frozen=True)
class WorldPlan:
    """What one world (every unknown fact that matters given a value) decides before dates are read."""

    outcome: Outcome | None  # not_covered / excluded, or None when relief decides
    rules: tuple[str, ...]  # the decisive rules, or the active reliefs
    sentence_type: str | None = KEEP


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
    # what the worlds' labels decide: labels -> pivotal fields; (labels, facts wanted) -> missing, rules
    verdicts: dict = field(default_factory=dict, compare=False, repr=False)


def _effective(book: CompiledRulebook, findings: dict[str, Truth], rule_id: str) -> Truth:
    """The rule holds and no rule that prevails over it does: ``all(own, not any(overriders))`` in
    three-valued logic, written out because it runs for every rule of every new pattern."""
    own = findings[rule_id]
    if own is False:
        return False
    unknown = own is None
    for overrider in book.overridden_by.get(rule_id, ()):
        value = findings[overrider]
        if value is True:
            return False
        unknown = unknown or value is None
    return None if unknown else True


def decided_plan(book: CompiledRulebook, findings: dict[str, Truth]) -> Plan | None:
    """The plan of a key whose findings definitely put it out of scope or exclude it, else None.

    Such a plan reads the scope and exclusion findings only: every key with
    the same decisive rules (and the same doubt about scope) has it, whatever
    its other rules found, so the evaluator gives all of them one pattern.
    """
    scope, exclusion = stages(book)[:2]
    holding = tuple(rid for rid in scope if _effective(book, findings, rid) is True)
    if holding:
        return decided_by(book, holding, (), False)
    excluding = tuple(rid for rid in exclusion if _effective(book, findings, rid) is True)
    if not excluding:
        return None
    return decided_by(book, (), excluding, any(_effective(book, findings, rid) is None for rid in scope))


def decided_by(book: CompiledRulebook, holding: tuple[str, ...], excluding: tuple[str, ...],
               scope_doubt: bool) -> Plan | None:
    """The decided plan, from the scope rules that definitely hold, the exclusion rules that
    definitely apply (each in file order) and whether some scope rule may hold: the one place the
    precedence (not_covered before excluded) is written, for ``decided_plan`` and for the column
    strategy's expressions of those rules (``engine.decided_columns``)."""
    if holding:
        decided, outcome, possible = holding, Outcome.not_covered, (Outcome.not_covered,)
    elif excluding:
        decided, outcome = excluding, Outcome.excluded
        possible = (Outcome.not_covered, Outcome.excluded) if scope_doubt else (Outcome.excluded,)
    else:
        return None
    plans = stages(book).decided
    plan = plans.get((decided, possible))
    if plan is None:
        plan = plans[(decided, possible)] = Plan(outcome, decided, (), possible)
    return plan


def decided_signature(plan: Plan) -> tuple:
    """A decided plan's pattern signature (``Evaluator.signature``): all it reads."""
    return ("decided", plan.outcome, plan.decisive, plan.possible)


class Stages(NamedTuple):
    """A rulebook's rules by stage, in file order, and its decided plans made so far."""

    scope: tuple[str, ...]
    exclusion: tuple[str, ...]
    reliefs: tuple[tuple[str, tuple[str, ...]], ...]  # each relief rule with the rules that prevail over it
    decided: dict
    # rules that read a blank as a value (``is_unknown``), with the record fields of those leaves
    blank_readers: tuple[tuple[str, frozenset[str]], ...] = ()


_STAGES: dict[int, tuple[CompiledRulebook, Stages]] = {}


def stages(book: CompiledRulebook) -> Stages:
    """The rulebook's ``Stages``, made once per rulebook: ``decided_plan`` runs for every new key of
    a run (a hundred thousand times for a million records), ``_world_plan`` for every new world."""
    known = _STAGES.get(id(book))
    if known is not None and known[0] is book:
        return known[1]
    if len(_STAGES) >= 64:
        _STAGES.clear()
    of_kind = lambda kind: tuple(r.id for r in book.rules if r.kind is kind)  # noqa: E731
    reliefs = tuple((rid, tuple(book.overridden_by.get(rid, ()))) for rid in of_kind(Kind.relief))
    blank_readers = tuple(
        (r.id, frozenset(src for leaf in leaves(r.tree) if leaf.op == "is_unknown" for src in FIELDS[leaf.field].sources))
        for r in book.rules if r.tree is not None and any(leaf.op == "is_unknown" for leaf in leaves(r.tree))
    )
    made = Stages(of_kind(Kind.scope), of_kind(Kind.exclusion), reliefs, {}, blank_readers)
    _STAGES[id(book)] = (book, made)
    return made


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
    decided = decided_plan(book, findings)
    if decided is not None:
        return decided
    classes = field_classes(book, as_of)
    unknown_rules, fields = _unknowns(book, findings, key, classes)
    # reliefs that hold whatever the unknown facts are: overridden ones are not reasons (a relief an
    # overrider certainly displaces shaped nothing; one it may displace is named through the overrider)
    applying = tuple(r.id for r in book.rules if r.kind is Kind.relief and _effective(book, findings, r.id) is True)
    radices = tuple(len(classes[name].truths) for name in fields)
    if math.prod(radices) > MAX_WORLDS:  # too many to try: ask for every unknown fact an undecided rule reads
        return Plan(
            Outcome.review, tuple(rid for rid, _ in unknown_rules), fields, _ALL_OUTCOMES,
            unknown_rules=unknown_rules, applying_reliefs=applying,
        )
    touched = {rid for rid, _ in unknown_rules}
    # A rule the key decides by reading a blank as a value ("no court recorded: not an Iraqi court's
    # sentence") is found again in every world that gives that field a value, as it would be once the
    # fact is collected: else an outcome that value leads to is missing from the possible ones.
    given = set(fields)
    touched |= {rid for rid, read in stages(book).blank_readers if read & given}
    # A world's findings are the key's, with the undecided rules found again on the world's key: kept
    # as a list in the findings' order, made a dict only for a world plan not met before.
    order = {rid: i for i, rid in enumerate(findings)}
    functions = book.rule_functions
    varying = [
        (order[r.id], functions.get(r.id) or (lambda world_key, tree=r.tree: evaluate(tree, world_key, book.leaf_index)))
        for r in book.rules if r.id in touched
    ]
    settings = [(classes[name], name == ARITHMETIC_FIELD) for name in fields]
    base = list(findings.values())
    plans: dict[WorldPlan, int] = {}
    worlds = []
    world_plans = {} if world_plans is None else world_plans
    for choice in itertools.product(*(range(r) for r in radices)):
        world_key = list(key)
        sentence_type = KEEP
        for (spec, arithmetic), c in zip(settings, choice):
            for position, truth in zip(spec.leaves, spec.truths[c]):
                world_key[position] = truth
            if arithmetic:
                sentence_type = spec.values[c]
        values = base.copy()
        for at, function in varying:
            values[at] = function(world_key)
        memo = (tuple(values), sentence_type)  # worlds of many keys share their findings
        plan = world_plans.get(memo)
        if plan is None:
            plan = world_plans[memo] = _world_plan(book, dict(zip(findings, values)), sentence_type)
        worlds.append(plans.setdefault(plan, len(plans)))
    return Plan(
        None, (), (), (), fields, radices, tuple(worlds), tuple(plans), unknown_rules, applying,
    )


def _unknowns(book: CompiledRulebook, findings: dict[str, Truth], key, classes):
    """Undecided rules, and the unknown facts that leave them undecided.

    A rule decided by the law's own reading of an unknown fact (an
    ``is_unknown`` leaf: "no surrender date recorded: not surrendered") is
    decided: the rulebook has said what an unknown fact means there, so the
    fact is not asked for on its account. Nor is a rule a relief that certainly holds displaces
    (it overrides the rule): whatever the rule's facts, it shapes nothing.
    """
    unknown_rules = []
    fields: set[str] = set()
    for rule in book.rules:
        read: set[str] = set()
        if findings[rule.id] is None and _effective(book, findings, rule.id) is not False:
            read = _unknown_fields(book, rule, key)
        if read:
            unknown_rules.append((rule.id, frozenset(read)))
            fields |= read
    return tuple(unknown_rules), in_field_order(fields)


def _world_plan(book: CompiledRulebook, findings: dict[str, Truth], sentence_type) -> WorldPlan:
    """One world's stages; every finding a world reads is known."""
    scope, exclusion, reliefs = stages(book)[:3]
    for ids, outcome in ((scope, Outcome.not_covered), (exclusion, Outcome.excluded)):
        decided = tuple(rid for rid in ids if _effective(book, findings, rid) is True)
        if decided:
            return WorldPlan(outcome, decided)
    active = tuple(rid for rid, over in reliefs if findings[rid] and not any(findings[o] for o in over))
    return WorldPlan(None, active, sentence_type)


def _unknown_fields(book: CompiledRulebook, rule: CompiledRule, key) -> set[str]:
    return {
        src for leaf in unknown_leaves(rule.tree, key, book.leaf_index) for src in FIELDS[leaf.field].sources
    }
