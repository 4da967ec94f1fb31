"""Conditions in words, for lawyers reading ``rulebooks show`` and ``explain``."""

from __future__ import annotations

from amnesty.rules.conditions import Leaf, Node, Tree

_OPS = {
    "==": "is", "!=": "is not", "<": "is before/less than", "<=": "is on or before/at most",
    ">": "is after/more than", ">=": "is on or after/at least",
}
_DATE_OPS = {"<": "is before", "<=": "is on or before", ">": "is after", ">=": "is on or after"}
_NUM_OPS = {"<": "is less than", "<=": "is at most", ">": "is more than", ">=": "is at least"}


def leaf_words(leaf: Leaf) -> str:
    if leaf.op == "is_unknown":
        return f"{leaf.field} is unknown"
    if leaf.op == "contains":
        return f"{leaf.field} include {leaf.value}"
    if leaf.op == "in":
        return f"{leaf.field} is one of {', '.join(map(str, leaf.value))}"
    value = str(leaf.value).lower() if isinstance(leaf.value, bool) else leaf.value
    if leaf.op in _DATE_OPS:
        ops = _DATE_OPS if isinstance(leaf.value, str) else _NUM_OPS
        return f"{leaf.field} {ops[leaf.op]} {value}"
    return f"{leaf.field} {_OPS[leaf.op]} {value}"


def words(tree: Tree, top: bool = True) -> str:
    if isinstance(tree, Leaf):
        return leaf_words(tree)
    if tree.kind == "not":
        inner = words(tree.children[0], False)
        return f"not {inner}" if inner.startswith("(") else f"not ({inner})"
    joiner = " and " if tree.kind == "all" else " or "
    text = joiner.join(words(child, False) for child in tree.children)
    return text if top else f"({text})"
