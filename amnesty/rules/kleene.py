"""The plain-Python evaluator of condition trees, in three-valued (Kleene) logic.

``None`` is *unknown*: a comparison with an unknown fact is unknown, ``and``
is false if any part is false, ``or`` is true if any part is true. This
evaluator computes each record's key (the value of every leaf) and runs
beside the engine's rule-matching library on every new key as a differential check.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

from amnesty.rules.conditions import Leaf, Tree

Truth = bool | None
LeafFn = Callable[[dict[str, Any]], Truth]

_OPS = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def leaf_function(leaf: Leaf) -> LeafFn:
    """A function of a fact dict giving the leaf's truth value."""
    name, value = leaf.field, leaf.value
    if leaf.op == "is_unknown":
        return lambda fact: fact[name] is None
    if leaf.op == "contains":
        # list facts are frozensets of enum values, or None when unknown
        return lambda fact: None if fact[name] is None else value in fact[name]
    if leaf.op == "in":
        members = frozenset(value)
        return lambda fact: None if fact[name] is None else fact[name] in members
    compare = _OPS[leaf.op]
    return lambda fact: None if fact[name] is None else compare(fact[name], value)


def evaluate(tree: Tree, key: Sequence[Truth], index: dict[Leaf, int]) -> Truth:
    """The tree's truth value given every leaf's value in ``key``."""
    if isinstance(tree, Leaf):
        return key[index[tree]]
    if tree.kind == "not":
        inner = evaluate(tree.children[0], key, index)
        return None if inner is None else not inner
    results = [evaluate(child, key, index) for child in tree.children]
    decisive = tree.kind == "any"  # True decides an any, False decides an all
    if decisive in results:
        return decisive
    if None in results:
        return None
    return not decisive


def unknown_leaves(tree: Tree, key: Sequence[Truth], index: dict[Leaf, int]) -> list[Leaf]:
    """Leaves whose unknown value leaves the tree unknown (the facts worth asking for)."""
    if evaluate(tree, key, index) is not None:
        return []
    if isinstance(tree, Leaf):
        return [tree]
    return [leaf for child in tree.children for leaf in unknown_leaves(child, key, index)]


def kleene_not(value: Truth) -> Truth:
    return None if value is None else not value


def kleene_all(values: Sequence[Truth]) -> Truth:
    if False in values:
        return False
    return None if None in values else True


def kleene_any(values: Sequence[Truth]) -> Truth:
    if True in values:
        return True
    return None if None in values else False


KeyFn = Callable[[Sequence[Truth]], Truth]


def compile_tree(tree: Tree, index: dict[Leaf, int]) -> KeyFn:
    """``evaluate`` made into one function of the key, for the millions of keys of a large run:
    the tree is walked once here instead of once per key. Same truth table, short-circuited
    (a true part decides an ``any`` and a false one an ``all`` whatever the rest is)."""
    if isinstance(tree, Leaf):
        position = index[tree]
        return lambda key: key[position]
    parts = tuple(compile_tree(child, index) for child in tree.children)
    if tree.kind == "not":
        inner = parts[0]

        def negation(key: Sequence[Truth]) -> Truth:
            value = inner(key)
            return None if value is None else not value

        return negation
    decisive = tree.kind == "any"

    def group(key: Sequence[Truth]) -> Truth:
        unknown = False
        for part in parts:
            value = part(key)
            if value is decisive:
                return decisive
            if value is None:
                unknown = True
        return None if unknown else not decisive

    return group
