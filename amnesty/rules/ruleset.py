"""Condition trees as a durable_rules ruleset definition (plain JSON data).

Each rule is compiled twice, ``<id>|T`` firing when it definitely holds and
``<id>|F`` when it definitely does not; neither firing means unknown. That
gives three-valued logic because the engine's comparisons with null are
false. durable_rules has no NOT, so negation is pushed down to the leaves.
Nested groups of one kind are merged because of its limit of 15 groups.
"""

from __future__ import annotations

from typing import Any

from amnesty.rules.conditions import Leaf, Node, Tree

MAX_GROUPS = 15
SENTINEL = "__seen__"
NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


class UnsafeConditionError(ValueError):
    """The condition cannot be expressed safely in durable_rules."""


def _compare(field: str, op: str, value: Any) -> dict:
    return {field: value} if op == "==" else {DURABLE_OP[op]: {field: value}}


def _leaf(leaf: Leaf, want: bool) -> dict:
    if leaf.op == "is_unknown":
        return {leaf.field: None} if want else {"$neq": {leaf.field: None}}
    if leaf.op == "contains":
        return {f"{leaf.field}.{leaf.value}": want}
    if leaf.op == "in":
        parts = [_compare(leaf.field, "==" if want else "!=", v) for v in leaf.value]
        return parts[0] if len(parts) == 1 else {"$or" if want else "$and": parts}
    return _compare(leaf.field, leaf.op if want else NEGATED[leaf.op], leaf.value)


def truth_pattern(tree: Tree, want: bool) -> dict:
    """A pattern that matches exactly when ``tree`` evaluates to ``want``."""
    if isinstance(tree, Leaf):
        return _leaf(tree, want)
    if tree.kind == "not":
        return truth_pattern(tree.children[0], not want)
    group = "$and" if (tree.kind == "all") == want else "$or"
    parts: list[dict] = []
    for child in tree.children:
        pattern = truth_pattern(child, want)
        parts.extend(pattern[group] if set(pattern) == {group} else [pattern])
    return parts[0] if len(parts) == 1 else {group: parts}


def count_groups(pattern: Any) -> int:
    if isinstance(pattern, dict):
        own = sum(1 for key in pattern if key in ("$and", "$or"))
        return own + sum(count_groups(v) for v in pattern.values())
    if isinstance(pattern, list):
        return sum(count_groups(item) for item in pattern)
    return 0


def ruleset(trees: dict[str, Tree]) -> dict[str, dict]:
    """The whole ruleset: a T and an F rule per condition, plus the sentinel."""
    rules: dict[str, dict] = {}
    for rule_id, tree in trees.items():
        for tag, want in (("T", True), ("F", False)):
            pattern = truth_pattern(tree, want)
            if count_groups(pattern) > MAX_GROUPS:
                raise UnsafeConditionError(
                    f"the condition needs more than {MAX_GROUPS} and/or groups in the rules engine; "
                    "split it into simpler rules"
                )
            rules[f"{rule_id}|{tag}"] = {"all": [{"m": pattern}]}
    rules[SENTINEL] = {"all": [{"m": {"$ex": {"record_id": 1}}}]}
    return rules
