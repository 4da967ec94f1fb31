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
the engine gives.
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
from amnesty.rules.conditions import Leaf, Node, Tree, leaves
from amnesty.rules.kleene import Truth, kleene_all, kleene_any, kleene_not

MAX_WAYS = 512  # ways of meeting one condition; past that only those found are tried
MAX_CHANGES = 2_000  # changed records tried per condition
MAX_DECIDED = 64  # changed records decided per condition (one per distinct key and sentence)
EXACT = frozenset({"custody_start", "sentence_months"})  # read by the sentence arithmetic, not only compared
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


def in_words(found: Checked, result: Result) -> Tree:
    """The changes that give ``result``, as one condition, gathered: changes alike but for one fact
    are one change with that fact's values together ("offence_date is on or after 2024-12-08 and
    offence_date is on or before 2026-02-17", "offence_categories include rape or ... sexual_assault")."""
    changes = [_slots(chosen) for chosen in found.groups[result]]
    merged = True
    while merged:
        merged = False
        for at in range(max((len(c) for c in changes), default=0)):
            together: dict[tuple, list] = {}
            for slots in changes:
                if at >= len(slots):
                    together.setdefault((id(slots),), [slots])
                    continue
                rest = tuple((s[0], frozenset(s[1])) for i, s in enumerate(slots) if i != at)
                together.setdefault((tuple(s[0] for s in slots), rest), []).append(slots)
            if any(len(group) > 1 for group in together.values()):
                merged = True
                changes = [group[0] if len(group) == 1 else
                           [(slot[0], set().union(*(g[at][1] for g in group))) if i == at else slot
                            for i, slot in enumerate(group[0])]
                           for group in together.values()]
    parts = [_all([_slot_words(slot, found.candidates) for slot in slots]) for slots in changes]
    unique = list(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else Node("any", tuple(unique))


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


# -- changes in words -------------------------------------------------------------


def _slots(chosen: dict[Any, Any]) -> list[tuple[Any, set]]:
    """A change as slots to gather alike changes by: a field and its value, or a list field's
    member present or absent (slot (field, present, n): the n-th such member of the change)."""
    slots: list[tuple[Any, set]] = []
    seen: dict[tuple, int] = {}
    for key, value in sorted(chosen.items(), key=lambda item: repr(item[0])):
        if isinstance(key, tuple) and key[1] is not None:
            kind = (key[0], value)
            seen[kind] = seen.get(kind, 0) + 1
            slots.append(((key[0], value, seen[kind]), {key[1]}))
        elif isinstance(key, tuple):
            slots.append(((key[0], None, 0), {None}))
        else:
            slots.append((key, {value}))
    return slots


def _slot_words(slot: tuple[Any, set], candidates: dict[str, list[Any]]) -> Tree:
    what, values = slot
    if isinstance(what, tuple):
        name, present, _ = what
        if present is None:
            return Leaf(name, "is_unknown")
        members = [Leaf(name, "contains", member) for member in sorted(values)]
        return _any(members if present else [Node("not", (leaf,)) for leaf in members])
    known = [value for value in values if value is not None]
    parts: list[Tree] = [Leaf(what, "is_unknown")] if None in values else []
    if FIELDS[what].type is FieldType.boolean and len(known) == 2:
        parts.append(Node("not", (Leaf(what, "is_unknown"),)))
    elif FIELDS[what].type in (FieldType.date, FieldType.integer) and what not in EXACT:
        parts += _ranges(what, known, candidates.get(what, []))
    elif len(known) == 1:
        parts.append(Leaf(what, "==", _shown(known[0])))
    elif known:
        ordered = known if FIELDS[what].type is not FieldType.enum else [c for c in FIELDS[what].choices if c in known]
        parts.append(Leaf(what, "in", tuple(_shown(value) for value in sorted(ordered, key=_order(what)))))
    return _any(parts)


def _order(name: str):
    choices = FIELDS[name].choices or ()
    return lambda value: (choices.index(value) if value in choices else len(choices), str(value))


def _ranges(name: str, values: list[Any], candidates: list[Any]) -> list[Tree]:
    """Values of an ordered field as ranges: runs of the values tried, every value between two tried
    ones comparing as one of them does with every constant of the rulebook."""
    tried = sorted(set(candidates) | set(values))
    runs: list[list[Any]] = []
    for value in tried:
        if value in values:
            if runs and runs[-1][-1] == tried[tried.index(value) - 1]:
                runs[-1].append(value)
            else:
                runs.append([value])
    out: list[Tree] = []
    for run in runs:
        low, high = run[0], run[-1]
        bounds = []
        if low != tried[0]:
            bounds.append(Leaf(name, ">=", _shown(low)))
        if high != tried[-1]:
            bounds.append(Leaf(name, "<=", _shown(high)))
        if low == high and len(bounds) == 2:
            bounds = [Leaf(name, "==", _shown(low))]
        out.append(_all(bounds) if bounds else Node("not", (Leaf(name, "is_unknown"),)))
    return out


def _shown(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _all(parts: list[Tree]) -> Tree:
    return parts[0] if len(parts) == 1 else Node("all", tuple(parts))


def _any(parts: list[Tree]) -> Tree:
    return parts[0] if len(parts) == 1 else Node("any", tuple(parts))
