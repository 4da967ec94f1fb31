"""Can a condition ever be true, and ever be false?

A rule whose condition can never hold (``age >= 75 and age < 70``) or never
fail is a mistake a reviewer would not spot by reading, and no worked case
can cover it. Every leaf compares one fact with constants, so a condition's
truth depends only on which side of each constant each fact falls: trying,
per field, unknown plus every constant and its neighbours (each enum value,
each combination of the list values named) tries every case there is.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from amnesty.models.fields import FIELDS, FieldSpec, FieldType
from amnesty.rules.conditions import Leaf, Tree, leaves
from amnesty.rules.describe import words
from amnesty.rules.kleene import Truth, compile_tree, leaf_function

MAX_ASSIGNMENTS = 200_000  # beyond this the check is skipped rather than slow
MAX_LIST_VALUES = 12  # list values named in one condition before subsets are sampled


def truth_values(tree: Tree) -> set[Truth] | None:
    """The truth values ``tree`` takes over every distinct assignment of its facts (None: too many to try).

    The search stops as soon as both True and False are found, which is all a rule needs.
    """
    distinct = list(dict.fromkeys(leaves(tree)))
    index = {leaf: i for i, leaf in enumerate(distinct)}
    by_field: dict[str, list[Leaf]] = {}
    for leaf in distinct:
        by_field.setdefault(leaf.field, []).append(leaf)
    choices = []
    for name, field_leaves in by_field.items():
        functions = [leaf_function(leaf) for leaf in field_leaves]
        vectors = {
            tuple(fn({name: value}) for fn in functions) for value in representatives(FIELDS[name], field_leaves)
        }
        positions = [index[leaf] for leaf in field_leaves]
        choices.append([(positions, vector) for vector in sorted(vectors, key=repr)])
    if math.prod(len(c) for c in choices) > MAX_ASSIGNMENTS:
        return None
    seen: set[Truth] = set()
    key: list[Truth] = [None] * len(distinct)
    truth = compile_tree(tree, index)  # the tree walked once, not once per assignment (same truth table)
    for combination in itertools.product(*choices):
        for positions, vector in combination:
            for at, value in zip(positions, vector):
                key[at] = value
        seen.add(truth(key))
        if True in seen and False in seen:
            break
    return seen


MAX_REMEMBERED = 4096  # conditions whose answer is kept; past that the memory starts afresh
_answers: dict[str, str | None] = {}


def condition_problem(tree: Tree) -> str | None:
    """A sentence saying why the condition, or a part of it, is a mistake; None if there is none.

    The answer is remembered by the condition as written (its ``repr``, which tells 1, 1.0 and True
    apart as the sentence does): trying every case is most of what compiling a rulebook costs, and
    the variants of a sweep, a notebook's repeated calls and each worker compile the same conditions
    again."""
    key = repr(tree)
    if key in _answers:
        return _answers[key]
    if len(_answers) >= MAX_REMEMBERED:
        _answers.clear()
    answer = _answers[key] = _condition_problem(tree)
    return answer


def _condition_problem(tree: Tree) -> str | None:
    problem = _problem(tree)
    if problem:
        return problem.format(what="the condition", effect=_WHOLE[problem])
    for part in _parts(tree):
        problem = _problem(part)
        if problem:
            shown = words(part, top=True)
            shown = shown if len(shown) <= 200 else shown[:197] + "..."
            return problem.format(what=f"part of the condition ({shown})", effect=_PART[problem])
    return None


_NEVER = "{what} can never be true, {effect}; look for comparisons that contradict each other"
_ALWAYS = "{what} is true for every record whose facts are known, {effect}"
_WHOLE = {_NEVER: "so the rule can never apply", _ALWAYS: "so it cannot tell cases apart"}
_PART = {_NEVER: "so it has no effect", _ALWAYS: "so it has no effect"}


def _problem(tree: Tree) -> str | None:
    seen = truth_values(tree)
    if seen is None:
        return None
    if True not in seen:
        return _NEVER
    if False not in seen:
        return _ALWAYS
    return None


def _parts(tree: Tree):
    """Every sub-condition below the top, outermost first; a faulty part hides its own parts."""
    if isinstance(tree, Leaf):
        return
    for child in tree.children:
        if tree.kind != "not":
            yield child
        if _problem(child) is None:
            yield from _parts(child)


def representatives(spec: FieldSpec, field_leaves: Iterable[Leaf]) -> list[Any]:
    """Values of one fact (in fact form) that meet every leaf on each side of each of its constants."""
    constants = _constants(field_leaves)
    kind = spec.type
    values: list[Any] = [None]
    if kind is FieldType.boolean:
        values += [True, False]
    elif kind is FieldType.enum:
        values += list(spec.choices)
    elif kind is FieldType.enum_list:
        values += _subsets(sorted({str(c) for c in constants}))
    elif kind is FieldType.date:
        days = [date.fromisoformat(c) for c in constants if isinstance(c, str)] or [date(2000, 1, 1)]
        values += sorted({(d + timedelta(days=shift)).isoformat() for d in days for shift in (-1, 0, 1)
                          if date.min < d < date.max})
    elif kind is FieldType.integer:
        numbers = [c for c in constants if isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)]
        whole = {n for c in numbers for n in (math.floor(c) - 1, math.floor(c), math.ceil(c), math.ceil(c) + 1)}
        values += sorted(n for n in whole | {0} if n >= 0)  # months and ages are never negative
    else:  # text and country codes: each constant, and one value equal to none of them
        values += sorted({str(c) for c in constants}) + [_other(constants)]
    return values


def _constants(field_leaves: Iterable[Leaf]) -> list[Any]:
    found: list[Any] = []
    for leaf in field_leaves:
        if leaf.op == "is_unknown":
            continue
        found.extend(leaf.value if isinstance(leaf.value, tuple) else [leaf.value])
    return found


def _subsets(named: list[str]) -> list[frozenset[str]]:
    if len(named) > MAX_LIST_VALUES:  # the empty list, each value alone, each value left out, all of them
        singles = [frozenset([v]) for v in named]
        rest = [frozenset(named) - {v} for v in named]
        return [frozenset(), *singles, *rest, frozenset(named)]
    return [frozenset(combo) for r in range(len(named) + 1) for combo in itertools.combinations(named, r)]


def _other(constants: list[Any]) -> str:
    taken = {str(c) for c in constants}
    return next(code for code in ("ZZ", "XX", "QQ", "QM") + tuple(f"Q{c}" for c in "NOPRSTUVWXYZ") if code not in taken)
