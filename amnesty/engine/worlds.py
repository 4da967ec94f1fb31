"""The ways a record's unknown facts could turn out, per key.

A record's key holds the truth value of every leaf comparison; an unknown
fact leaves the leaves that read it unknown. Once the fact is known, its
leaves take one of a few joint values: the *classes* of the field. Leaves
reading the same field are not independent (``age >= 75`` true and
``age >= 70`` false cannot happen), so the classes are found by trying
representative values of the field: every constant the rules compare it
with and its neighbours, every enum value, every subset of the list values
the rules mention. Two values that give the same truths are one class.

A *world* picks one class for every unknown field that matters (one that
some undecided rule reads). The engine decides each world as a record
with those facts known, and from the worlds' results gets the record's
outcome, the facts worth collecting (a field is ``missing`` when changing
its class alone changes the result in some world) and the outcomes that
remain possible. Everything here depends on the key only, so it is
computed once per key, not per record.

A rule that reads "unknown" as a value (``field is_unknown``: "no
surrender date recorded: not surrendered") is decided by that reading,
so the fact is not asked for on its account; in a world where the field
is given a value because an undecided rule needs it, its ``is_unknown``
leaf is false, as it would be once the fact is collected.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from amnesty.models.fields import FIELDS, FieldType
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.conditions import Leaf
from amnesty.engine.facts import DERIVED, field_facts

MAX_WORLDS = 4_096  # beyond this a key's unknowns are answered conservatively (see plan.make_plan)
MAX_LIST_MEMBERS = 10  # list values mentioned by the rules: 2**10 subsets to try
_FAR_PAST, _FAR_FUTURE = date(1900, 1, 1), date(2200, 1, 1)
ARITHMETIC_FIELD = "sentence_type"  # relief arithmetic reads its value, not only its leaves


@dataclass(frozen=True)
class FieldClasses:
    """The joint truth values one record field's leaves can take once the field is known."""

    name: str
    leaves: tuple[int, ...]  # positions in the key
    truths: tuple[tuple[bool, ...], ...]  # one tuple per class, aligned with ``leaves``
    values: tuple[Any, ...]  # a representative value per class


_CACHE: dict[tuple[int, date], tuple[CompiledRulebook, dict[str, FieldClasses]]] = {}


def field_classes(book: CompiledRulebook, as_of: date) -> dict[str, FieldClasses]:
    """Every record field some leaf reads, with its classes at this as-of date (cached)."""
    cached = _CACHE.get((id(book), as_of))
    if cached is not None and cached[0] is book:
        return cached[1]
    if len(_CACHE) >= 64:
        _CACHE.clear()
    classes = _field_classes(book, as_of)
    _CACHE[(id(book), as_of)] = (book, classes)
    return classes


def _field_classes(book: CompiledRulebook, as_of: date) -> dict[str, FieldClasses]:
    by_field: dict[str, list[int]] = {}
    for i, leaf in enumerate(book.leaves):
        for source in FIELDS[leaf.field].sources:
            by_field.setdefault(source, []).append(i)
    out = {}
    for name, positions in by_field.items():
        functions = [book.leaf_functions[i] for i in positions]
        truths: dict[tuple, Any] = {}
        if FIELDS[name].type is FieldType.enum_list:
            candidates = _list_candidates(book, name)
        else:
            candidates = _candidates(name, [book.leaves[i] for i in positions], as_of)
        for value in candidates:
            facts = field_facts(name, value, as_of)
            row = tuple(bool(fn(facts)) for fn in functions)
            marker = (row, value) if name == ARITHMETIC_FIELD else row
            truths.setdefault(marker, value)
        out[name] = FieldClasses(
            name,
            tuple(positions),
            tuple(m[0] if name == ARITHMETIC_FIELD else m for m in truths),
            tuple(truths.values()),
        )
    return out


def _candidates(name: str, leaves, as_of: date) -> list[Any]:
    """Values of the field that between them meet every side of every comparison."""
    spec = FIELDS[name]
    constants = []
    for leaf in leaves:
        if leaf.op == "is_unknown":
            continue
        values = leaf.value if isinstance(leaf.value, tuple) else (leaf.value,)
        constants.extend((leaf.field, v) for v in values)
    kind = spec.type
    if kind is FieldType.boolean:
        return [False, True]
    if kind is FieldType.enum:  # values in fact form: enum values as text
        return list(spec.choices)
    if kind is FieldType.country:
        return sorted({v for _, v in constants}) + ["ZZ"]
    # Values near the rules' constants come first, so that each class's representative is an
    # ordinary value (a far-past date would come before a birth date and make a record invalid).
    if kind is FieldType.integer:
        numbers = set()
        for _, v in constants:
            base = int(v)
            numbers.update(n for n in (base - 1, base, base + 1) if n >= 0)
        return sorted(numbers) + [0, 10**6]
    if kind is FieldType.date:
        ordered = sorted(days_near(name, constants, as_of)) + [_FAR_PAST, _FAR_FUTURE]
        if name == "birth_date":  # a birth after the as-of date makes the record invalid; on it, not
            ordered = [d for d in ordered if d <= as_of] or [as_of]  # (an as-of date before every other value)
        return ordered
    return [constants[0][1]] if constants else ["-"]


def _list_candidates(book: CompiledRulebook, name: str) -> list[tuple[str, ...]]:
    """Lists that between them meet every way the rules read a list field.

    Members the rules only ever test together, as siblings of the same
    ``any`` nodes (the uncovered categories of a ``contains_any``), are one
    group: whether one or several of them is present, every rule reads the
    same. So one member stands for its group, and the candidates are the
    subsets of groups, not of members (2**3 lists, not 2**25).
    """
    places: dict[str, set] = {}

    def walk(tree, rule: int, path: tuple[int, ...], parent: str | None) -> None:
        if isinstance(tree, Leaf):
            if tree.field == name and tree.op == "contains":
                place = (rule, path[:-1]) if parent == "any" else (rule, path, tree.value)
                places.setdefault(tree.value, set()).add(place)
            return
        for j, child in enumerate(tree.children):
            walk(child, rule, path + (j,), tree.kind)

    for i, rule in enumerate(book.rules):
        walk(rule.tree, i, (), None)
    groups: dict[frozenset, list[str]] = {}
    for member in sorted(places):
        groups.setdefault(frozenset(places[member]), []).append(member)
    representatives = [members[0] for members in groups.values()][:MAX_LIST_MEMBERS]
    return [
        combo
        for size in range(len(representatives) + 1)
        for combo in itertools.combinations(representatives, size)
    ]


def days_near(name: str, constants, as_of: date) -> set[date]:
    """The days either side of every date the rules compare the date field ``name`` with, directly or
    through a fact derived from it (``age``: the birthdays that cross the threshold)."""
    days: set[date] = set()
    for leaf_field, v in constants:
        if leaf_field == name:
            days.update(around(date.fromisoformat(v)))
        elif leaf_field in DERIVED and DERIVED[leaf_field][2] is not None:  # where the fact crosses v
            for day in DERIVED[leaf_field][2](v, as_of):
                days.update(around(day))
    return days


def around(day: date) -> list[date]:
    """The day and its neighbours (a comparison's both sides), within the calendar."""
    out = [day]
    for delta in (-1, 1):
        try:
            out.append(day + timedelta(days=delta))
        except OverflowError:
            pass
    return out



__all__ = ["FieldClasses", "MAX_WORLDS", "around", "days_near", "field_classes"]
