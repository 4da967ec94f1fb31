"""The changes "what would change the outcome" states, checked by deciding them.

A line such as "The outcome would be excluded (by torture, Art. 8) if
offence_categories include torture" names a change to the record and the
outcome it would bring. Read off the rule alone it is wrong whenever another
rule overrides that one (Decree 39's humanitarian remission makes an
excluded crime a review). So the changes are made and decided: for every
way of meeting the rule's condition (a conjunction of its comparisons, once
every ``not`` is pushed down to them), the record with the facts that way
reads changed to meet it, and nothing else, each fact tried on every side
of every constant the rulebook compares it with. A change is what the
condition needs: one part of which alone would already meet it (adding
torture to a record that has another excluded crime) is more than the line
states, and is not tried. Each changed record is decided by the same
evaluator (once per distinct key and sentence), and ``explain`` states what
the engine gives, in the words ``amnesty.analysis.change_words`` finds.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from amnesty.engine.facts import field_facts, python_fact
from amnesty.engine.worlds import days_near
from amnesty.models.fields import FIELDS, FieldType
from amnesty.models.record import Record
from amnesty.rules.conditions import Leaf, Tree, leaves
from amnesty.rules.kleene import Truth, kleene_all, kleene_any, kleene_not

MAX_WAYS = 512  # ways of meeting one condition; past that only those found are tried
MAX_CHANGES = 2_000  # changed records tried per condition
MAX_DECIDED = 64  # changed records decided per condition (one per distinct key and sentence)
_OTHER = ("ZZ", "XX", "QQ", "QM")  # a country code or text the rules do not name (user-assigned codes)


@dataclass(frozen=True)
class Result:
    """What the engine gives a changed record: its outcome and the rule that decides it."""

    outcome: str
    rule: str
    article: str


@dataclass
class Checked:
    """A condition's changes, decided: ``groups`` maps each result to the changes that give it, each
    as the facts it sets (an option key -> value, see ``_options``); ``complete`` is False when some
    way of meeting the condition was not decided (too many), so the condition's own words would say
    more than was checked."""

    groups: dict[Result, list[dict[Any, Any]]]
    complete: bool
    candidates: dict[str, list[Any]]  # the values tried for each field, in order, for putting changes in words


def check(evaluator: Any, record: Record, fact: dict[str, Any], tree: Tree, rule_id: str) -> Checked:
    """Every way of making ``tree`` true by changing ``record`` (whose facts are ``fact``), decided
    by ``evaluator``; a result names ``rule_id`` when it is among the rules that give the outcome
    (see ``_result``)."""
    as_of = evaluator.as_of
    options = _options(tree, fact, as_of, evaluator.book.leaves)
    ways = _ways(tree, True)
    complete = ways is not None
    book = evaluator.book  # the rulebook's own compiled comparisons, not made again here
    functions = {leaf: book.leaf_functions[book.leaf_index[leaf]] for leaf in leaves(tree)}
    found: dict[frozenset, tuple[dict, dict]] = {}
    for way in ways or _ways_found(tree):
        for chosen in _meeting(way, fact, options, as_of, functions):
            if len(found) >= MAX_CHANGES:
                complete = False
                break
            if frozenset(chosen.items()) in found:
                continue
            changes, changed_fact = _made(chosen, fact, as_of)
            meets = _truth(tree, changed_fact, functions) is True
            if meets and not _more_than_needed(chosen, tree, fact, as_of, functions):
                found[frozenset(chosen.items())] = (chosen, changes)
    groups: dict[Result, list[dict[Any, Any]]] = {}
    decided: dict[tuple, Result | None] = {}
    for chosen, changes in found.values():
        changed = _changed(record, changes)
        if changed is None:
            continue  # no valid record has these facts together: not a change anyone could make
        seen = evaluator.prepare(changed)  # what a decision reads: the key, the sentence, any problem
        same = (evaluator.key(python_fact(seen, as_of)), seen.sentence_type, seen.sentence_months, seen.custody_start,
                evaluator.record_problem(seen))
        if same not in decided:
            if len(decided) >= MAX_DECIDED:
                complete = False
                continue
            decision = evaluator.decide(changed)
            decided[same] = None if decision["outcome"] == "invalid" else _result(decision, rule_id)
        if decided[same] is not None:
            groups.setdefault(decided[same], []).append(chosen)
    candidates = {}
    for name, values in options.items():
        if isinstance(name, str) and FIELDS[name].type in (FieldType.date, FieldType.integer):
            now = fact.get(name)  # the record's own value, where it falls among them
            now = date.fromisoformat(now) if isinstance(now, str) else now
            candidates[name] = sorted({value for value in [*values, now] if value is not None})
    return Checked(groups, complete, candidates)


_GIVEN_BY = {"excluded": ("exclude",), "not_covered": ("not_covered",), "deferred": ("defer",), "review": ("review",)}


def _result(decision: dict[str, Any], rule_id: str) -> Result:
    """The outcome, and the rule that gives it: ``rule_id`` if it is one of those, else the first reason
    whose effect is that outcome, else (a review for want of facts) the first rule left unknown, else
    the first rule that applies."""
    outcome, reasons = decision["outcome"], decision["reasons"]
    applying = [r for r in reasons if r.get("finding") == "applies"]
    giving = [r for r in applying if r.get("effect") in _GIVEN_BY.get(outcome, (r.get("effect"),))]
    unknown = [r for r in reasons if r.get("finding") == "unknown"] if outcome == "review" else []
    named = (next((r for r in giving if r["rule"] == rule_id), None)
             or next(iter(giving + unknown + applying + reasons), None))
    if named is None:
        return Result(outcome, "", "")
    return Result(outcome, named["rule"], named.get("article", ""))


# -- the ways of meeting a condition -----------------------------------------------

Literal = tuple[Leaf, bool]  # a comparison, and whether it must be true (False: false)


def _ways(tree: Tree, positive: bool) -> list[frozenset[Literal]] | None:
    """Each way of meeting (``positive``) or failing ``tree``: comparisons that together do it.
    None: more than MAX_WAYS."""
    if isinstance(tree, Leaf):
        return [frozenset({(tree, positive)})]
    if tree.kind == "not":
        return _ways(tree.children[0], not positive)
    parts = [_ways(child, positive) for child in tree.children]
    if any(part is None for part in parts):
        return None
    if (tree.kind == "any") == positive:  # one child's way is enough
        joined = list(dict.fromkeys(way for part in parts for way in part))
        return joined if len(joined) <= MAX_WAYS else None
    combined: list[frozenset[Literal]] = [frozenset()]
    for part in parts:  # a way of each child, together
        combined = list(dict.fromkeys(left | right for left in combined for right in part
                                      if not any((leaf, not want) in left for leaf, want in right)))
        if len(combined) > MAX_WAYS:
            return None
    return combined


def _ways_found(tree: Tree) -> list[frozenset[Literal]]:
    """Too many ways to list: each leaf's own way, as far as one goes (the condition is checked)."""
    return [frozenset({(leaf, True)}) for leaf in dict.fromkeys(leaves(tree))]


def _key(leaf: Leaf) -> Any:
    """What a comparison reads, as an option key (see ``_options``)."""
    if FIELDS[leaf.field].type is FieldType.enum_list:
        return (leaf.field, leaf.value if leaf.op == "contains" else None)
    return FIELDS[leaf.field].sources[0]


def _meeting(way: frozenset[Literal], fact: dict[str, Any], options: dict[Any, list[Any]], as_of: date, functions):
    """The changes (option key -> value) that make every comparison of ``way`` come out as it asks,
    changing only what does not already."""
    by_key: dict[Any, list[Literal]] = {}
    for literal in way:
        by_key.setdefault(_key(literal[0]), []).append(literal)
    choices = []
    for key, literals in by_key.items():
        if _meets(literals, fact, functions):
            continue
        if isinstance(key, tuple) and key[1] is None and not any(want for _, want in literals):
            continue  # a list known: made so by the members this way names, if it names any (checked after)
        name = key[0] if isinstance(key, tuple) else key
        fitting = [value for value in options.get(key, [])
                   if isinstance(key, tuple) or _meets(literals, {**fact, **field_facts(name, value, as_of)}, functions)]
        if isinstance(key, tuple) and key[1] is not None:
            fitting = [value for value in fitting if value == next(want for _, want in literals)]
        if not fitting:
            return
        choices.append([(key, value) for value in fitting])
    for combination in itertools.product(*choices):
        yield dict(combination)


def _meets(literals: list[Literal], fact: dict[str, Any], functions: dict[Leaf, Any]) -> bool:
    return all(functions[leaf](fact) is want for leaf, want in literals)


def _options(tree: Tree, fact: dict[str, Any], as_of: date, book_leaves: tuple[Leaf, ...]) -> dict[Any, list[Any]]:
    """What a change can be made of: a record field (key: its name) and the values it could take
    instead (on every side of every constant the rulebook compares it with); a list field's member
    the condition names (key: (field, member)), present (True) or absent; a list field made unknown
    (key: (field, None)) when the condition asks whether it is."""
    read: dict[str, list[Leaf]] = {}
    for leaf in dict.fromkeys(leaves(tree)):
        for source in FIELDS[leaf.field].sources:
            read.setdefault(source, []).append(leaf)
    options: dict[Any, list[Any]] = {}
    for name, field_leaves in read.items():
        if FIELDS[name].type is FieldType.enum_list:
            current = fact.get(name)
            for member in dict.fromkeys(str(leaf.value) for leaf in field_leaves if leaf.op == "contains"):
                options[(name, member)] = [True, False] if current is None else [member not in current]
            if current is not None and any(leaf.op == "is_unknown" for leaf in field_leaves):
                options[(name, None)] = [None]
            continue
        compared = [leaf for leaf in book_leaves if name in FIELDS[leaf.field].sources]
        unknown = any(leaf.op == "is_unknown" for leaf in field_leaves)
        now = {key: fact.get(key) for key in field_facts(name, None, as_of)}
        others = [value for value in ([None] if unknown else []) + _candidates(name, compared, as_of)
                  if field_facts(name, value, as_of) != now]
        if others:
            options[name] = others
    return options


def _candidates(name: str, compared: list[Leaf], as_of: date) -> list[Any]:
    """Known values of a record field on every side of every constant ``compared`` compare it with."""
    spec = FIELDS[name]
    constants = [(leaf.field, value) for leaf in compared if leaf.op != "is_unknown"
                 for value in (leaf.value if isinstance(leaf.value, tuple) else (leaf.value,))]
    kind = spec.type
    if kind is FieldType.boolean:
        return [True, False]
    if kind is FieldType.enum:
        return list(spec.choices)
    if kind is FieldType.integer:
        numbers = {n for _, v in constants for n in (math.floor(v) - 1, math.floor(v), math.ceil(v), math.ceil(v) + 1)}
        return sorted(n for n in numbers | {0} if n >= 0)
    if kind is FieldType.date:
        days = days_near(name, constants, as_of)
        if name == "birth_date":  # born after the as-of date: no decision
            days = {day for day in days if day <= as_of}
        return sorted(days)
    named = sorted({str(v) for _, v in constants})  # text, country codes: those the rules name, and one they do not
    return named + [next(code for code in _OTHER if code not in named)]


def _made(chosen: dict[Any, Any], fact: dict[str, Any], as_of: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The record fields a change sets, and the facts they make."""
    changes = _apply(chosen, fact)
    changed_fact = dict(fact)
    for name, value in changes.items():
        changed_fact.update(field_facts(name, value, as_of))
    return changes, changed_fact


def _more_than_needed(chosen: dict[Any, Any], tree: Tree, fact: dict[str, Any], as_of: date, functions) -> bool:
    """Whether part of the change alone would meet the condition (adding torture to a record that
    already has another excluded crime, say): the rest is more than the condition asks for."""
    items = list(chosen.items())
    return any(_truth(tree, _made(dict(part), fact, as_of)[1], functions) is True
               for size in range(len(items)) for part in itertools.combinations(items, size))


def _apply(chosen: dict[Any, Any], fact: dict[str, Any]) -> dict[str, Any]:
    """Chosen options as new values of record fields (a list field's members gathered into one)."""
    changes: dict[str, Any] = {}
    members: dict[str, set[str] | None] = {}
    for key, value in chosen.items():
        if not isinstance(key, tuple):
            changes[key] = value
            continue
        name, member = key
        if member is None:
            members[name] = None
            continue
        present = members.setdefault(name, set(fact.get(name) or ()))
        if present is not None:
            (present.add if value else present.discard)(member)
    for name, present in members.items():
        changes[name] = None if present is None else tuple(sorted(present))
    return changes


def _truth(tree: Tree, fact: dict[str, Any], functions: dict[Leaf, Any]) -> Truth:
    if isinstance(tree, Leaf):
        return functions[tree](fact)
    if tree.kind == "not":
        return kleene_not(_truth(tree.children[0], fact, functions))
    values = [_truth(child, fact, functions) for child in tree.children]
    return kleene_all(values) if tree.kind == "all" else kleene_any(values)


# -- the changed record -----------------------------------------------------------


def _changed(record: Record, changes: dict[str, Any]) -> Record | None:
    """``record`` with ``changes``, validated as any record is; None when no valid record has them.
    A chain's later step may hold a fractional term the record model does not take: it is kept."""
    data = {name: getattr(record, name) for name in type(record).model_fields}
    kept = {}
    months = data.get("sentence_months")
    if "sentence_months" not in changes and months is not None and not isinstance(months, int):
        kept["sentence_months"], data["sentence_months"] = months, math.ceil(months)
    try:
        changed = Record.model_validate({**data, **changes})
    except ValidationError:
        return None
    return changed.model_copy(update=kept) if kept else changed
