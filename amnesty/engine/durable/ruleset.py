"""Condition trees as a durable_rules ruleset definition (plain JSON data).

Each rule is compiled twice, ``<id>|T`` firing when it definitely holds and
``<id>|F`` when it definitely does not; neither firing means unknown. That
gives three-valued logic because the engine's comparisons with null are
false. durable_rules has no NOT, so negation is pushed down to the leaves.
Nested groups of one kind are merged because of its limit of 15 groups.
Whatever the engine would mishandle (``limits``) is refused here, with the
rule it lies in, so a ruleset that is built is one the engine evaluates
correctly; ``fit`` says so to the user in terms of the rulebook file. A
ruleset larger than one engine ruleset holds is matched as several
(``shards``).
"""

from __future__ import annotations

import json
from typing import Any

from amnesty.models.fields import FIELDS, FieldType
from amnesty.engine.durable import limits
from amnesty.engine.durable.limits import MAX_GROUPS, count_groups
from amnesty.rules.conditions import Leaf, Tree

SENTINEL = "__seen__"
MAX_REMEMBERED = 64  # rulesets whose split is kept: a sweep, an audit and each worker build the same ones
NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
DURABLE_OP = {"!=": "$neq", "<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte"}


class UnsafeConditionError(ValueError):
    """The condition cannot be expressed safely in durable_rules."""

    def __init__(self, message: str, rule_id: str | None = None):
        super().__init__(message)
        self.rule_id = rule_id


def _compare(field: str, op: str, value: Any) -> dict:
    return {field: value} if op == "==" else {DURABLE_OP[op]: {field: value}}


def _known(field: str) -> dict:
    """Matches when the field is known. A list is an object of booleans, on which
    the engine's ``!= null`` is false, so ask whether one of its members exists."""
    spec = FIELDS.get(field)
    if spec is not None and spec.type is FieldType.enum_list:
        return {"$ex": {f"{field}.{spec.choices[0]}": 1}}
    return {"$neq": {field: None}}


def _leaf(leaf: Leaf, want: bool) -> dict:
    try:
        limits.check_constant(leaf.value)
    except limits.EngineLimitError as exc:
        raise UnsafeConditionError(f"{leaf.field}: {exc}") from None
    if leaf.op == "is_unknown":
        return {leaf.field: None} if want else _known(leaf.field)
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


def rule_patterns(tree: Tree) -> dict[str, dict]:
    """The T and F patterns of one condition, or UnsafeConditionError saying why it cannot be one."""
    patterns = {}
    for tag, want in (("T", True), ("F", False)):
        pattern = truth_pattern(tree, want)
        if count_groups(pattern) > MAX_GROUPS:
            raise UnsafeConditionError(
                f"the condition needs more than {MAX_GROUPS} and/or groups in the rules engine; "
                "split it into simpler rules"
            )
        patterns[tag] = pattern
    return patterns


def ruleset(trees: dict[str, Tree]) -> dict[str, dict]:
    """The whole ruleset: a T and an F rule per condition, plus the sentinel."""
    rules: dict[str, dict] = {}
    for rule_id, tree in trees.items():
        try:
            patterns = rule_patterns(tree)
        except UnsafeConditionError as exc:
            raise UnsafeConditionError(str(exc), rule_id) from None
        for tag, pattern in patterns.items():
            rules[f"{rule_id}|{tag}"] = {"all": [{"m": pattern}]}
    rules[SENTINEL] = {"all": [{"m": {"$ex": {"record_id": 1}}}]}
    shards(rules)  # refuses a rule no ruleset of the engine could hold
    return rules


def shards(rules: dict[str, dict]) -> list[dict[str, dict]]:
    """``rules`` as one or more rulesets, each one the engine holds: rules in file order, a new
    ruleset begun wherever the next rule would take the last one past a limit (each ruleset has
    its own sentinel, and a record is matched against every one). An UnsafeConditionError names
    a rule that no ruleset could hold even alone.

    The engine's limits are per ruleset (``limits.network_problem``): 64 conditions pending at
    once while one record is matched, 512 conditions after one condition, and so on. Decree 39
    alone reaches the 64; a scenario or one more article would have made it unusable.
    """
    key = json.dumps(list(rules.items()), sort_keys=True)  # the rules as written, in their order
    split = _SPLITS.get(key)
    if split is None:
        try:
            split = tuple(tuple(part) for part in _split(rules))
        except UnsafeConditionError as exc:
            split = exc
        if len(_SPLITS) >= MAX_REMEMBERED:
            _SPLITS.clear()
        _SPLITS[key] = split
    if isinstance(split, UnsafeConditionError):
        raise UnsafeConditionError(str(split), split.rule_id)
    return [{name: rules[name] for name in part} for part in split]


# The split of each ruleset met, by its rules as written: checking the engine's limits walks the
# whole network of conditions, which costs more than building the evaluator that needs it.
_SPLITS: dict[str, tuple[tuple[str, ...], ...] | UnsafeConditionError] = {}


def _split(rules: dict[str, dict]) -> list[dict[str, dict]]:
    patterns = {name: rule["all"][0]["m"] for name, rule in rules.items()}

    def problem_of(chosen: dict[str, dict]) -> str | None:
        return limits.network_problem({name: patterns[name] for name in chosen})

    if problem_of(rules) is None:
        return [rules]
    by_rule: dict[str, list[str]] = {}
    for name in rules:
        if name != SENTINEL:
            by_rule.setdefault(name.rsplit("|", 1)[0], []).append(name)
    found: list[dict[str, dict]] = []
    current = {SENTINEL: rules[SENTINEL]}
    for rule_id, names in by_rule.items():
        trial = {**current, **{name: rules[name] for name in names}}
        if problem_of(trial) is None:
            current = trial
            continue
        alone = {SENTINEL: rules[SENTINEL], **{name: rules[name] for name in names}}
        problem = problem_of(alone)
        if problem is not None:
            raise UnsafeConditionError(f"{problem}; simplify the condition or split the rule", rule_id)
        found.append(current)
        current = alone
    found.append(current)
    return found
