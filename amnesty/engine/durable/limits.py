"""What durable_rules 2.0.28 cannot do safely, checked before it is asked to.

Each limit was measured against the engine or read in its C source (the
numbers and upstream issues are in docs/durable-rules.md). Past some of them
the engine fails loudly; past others it answers wrongly without a word (a
70,000-character text equals any other with the same last 4,464), so a
rulebook with such constants or conditions is refused when it is loaded
(``fit``), and the evaluator refuses such facts, instead of finding out
from a wrong decision.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_TEXT_BYTES = 65_535  # text lengths are kept in 16 bits: a longer text compares as its remainder
MAX_EXACT_NUMBER = 2**53  # integers saturate at 2^63, and past 2^53 an int and a float compare inexactly
MAX_GROUPS = 15  # 32 expression slots per rule, two per and/or group (error 113)
MAX_ACTIONS = 4_095  # rules in one ruleset, the sentinel included (error 106)
MAX_PENDING = 64  # conditions pending at once while one record is matched (error 303, raised mid-run)
MAX_CHILDREN = 512  # distinct conditions that follow one condition (past it, building the ruleset never ends)
MAX_JOINS = 128  # or-groups joining at one condition (error 107)
MAX_ENDS = 256  # rules ending at one condition (error 108)


class EngineLimitError(ValueError):
    """A value or a ruleset beyond what durable_rules handles correctly."""


def text_problem(text: str) -> str | None:
    """Why durable_rules would compare this text wrongly, or None."""
    try:
        size = len(json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8"))
    except UnicodeEncodeError:
        return "holds a lone surrogate code point, which is not text the rules engine can read"
    if size > MAX_TEXT_BYTES:
        return (
            f"is {size:,} bytes long once escaped; the rules engine compares text only up to "
            f"{MAX_TEXT_BYTES:,} bytes"
        )
    return None


def number_problem(value: int | float) -> str | None:
    """Why durable_rules would read or compare this number wrongly, or None."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return f"{value!r} is not a finite number"
        if "e" in repr(value):
            return f"{value!r} is written with an exponent, which the rules engine cannot read"
    if abs(value) > MAX_EXACT_NUMBER:
        return f"{value!r} is beyond ±2^53, where the rules engine compares numbers inexactly"
    return None


def check_constant(value: Any) -> None:
    """Raise EngineLimitError for a rule constant the engine would mishandle."""
    if isinstance(value, tuple | list):
        for item in value:
            check_constant(item)
        return
    problem = None
    if isinstance(value, str):
        problem = text_problem(value)
        problem = problem and f"the text {value[:40]!r}{'...' if len(value) > 40 else ''} {problem}"
    elif isinstance(value, int | float) and not isinstance(value, bool):
        problem = number_problem(value)
    if problem:
        raise EngineLimitError(problem)


def count_groups(pattern: Any) -> int:
    """and/or groups in one durable_rules pattern, however nested."""
    if isinstance(pattern, dict):
        own = sum(1 for key in pattern if key in ("$and", "$or"))
        return own + sum(count_groups(v) for v in pattern.values())
    if isinstance(pattern, list):
        return sum(count_groups(item) for item in pattern)
    return 0


# -- the alpha network ---------------------------------------------------------
#
# durable_rules turns each pattern into a chain of condition nodes shared by
# rules with the same prefix; an or-group's branches join at a fresh node.
# Matching a record walks this network with a fixed stack of 64 pending
# nodes: every condition that holds below the current node is pushed at
# once. The model below builds the same network and bounds the stack from
# above, assuming that conditions on different fields can all hold together
# and, per field, as many as some single value of it can satisfy.


class _Node:
    __slots__ = ("children", "joins", "ends")

    def __init__(self) -> None:
        self.children: dict[tuple, _Node] = {}
        self.joins: list[_Node] = []
        self.ends = 0


def _condition(pattern: dict) -> tuple[str, str, Any]:
    ((key, body),) = pattern.items()
    if key.startswith("$"):
        ((field, value),) = body.items()
        return field, key, value
    return key, "$eq", pattern[key]


def _add(pattern: dict, parent: _Node) -> _Node:
    """Mirror of the engine's createAlpha: the node the pattern ends at."""
    if "$and" in pattern:
        node = parent
        for part in pattern["$and"]:
            node = _add(part, node)
        return node
    if "$or" in pattern:
        join = _Node()
        for part in pattern["$or"]:
            _add(part, parent).joins.append(join)
        return join
    field, op, value = _condition(pattern)
    key = (field, op, json.dumps(value, sort_keys=True))
    if key not in parent.children:
        parent.children[key] = _Node()
    return parent.children[key]


def _holds(op: str, constant: Any, point: tuple | None) -> bool:
    """Whether ``field op constant`` can hold at ``point`` ((value, side) or None for null)."""
    if op == "$ex":
        return True
    if point is None:
        return op == "$eq" and constant is None
    if constant is None:
        return op == "$neq"
    value, side = point
    try:
        order = (value > constant) - (value < constant) or side
    except TypeError:
        return True  # cannot tell: assume the worst
    if op == "$eq":
        return order == 0
    if op == "$neq":
        return order != 0
    if op in _ORDER:
        return _ORDER[op](order)
    return True


_ORDER = {"$lt": (0).__gt__, "$lte": (0).__ge__, "$gt": (0).__lt__, "$gte": (0).__le__}


def _most_at_once(conditions: list[tuple[str, Any]]) -> int:
    """The most of one field's conditions a single value (or null) satisfies: tried at null, at each
    constant, just above each, and just below the smallest (every other value behaves like one of these)."""
    constants = sorted({json.dumps(c): c for _, c in conditions if c is not None}.values(), key=_sort_key)
    points: list[tuple | None] = [None] + [(c, side) for c in constants for side in (0, 1)]
    points.append((constants[0], -1) if constants else ("known", 0))  # with only null constants, "!= null" holds
    return max(sum(_holds(op, c, point) for op, c in conditions) for point in points)


def _sort_key(value: Any) -> tuple:
    return (type(value).__name__ if not isinstance(value, int | float) or isinstance(value, bool) else "", value)


def _pending(node: _Node, memo: dict[int, int]) -> int:
    """Upper bound of the stack while the nodes below ``node`` are matched."""
    if id(node) in memo:
        return memo[id(node)]
    by_field: dict[str, list[tuple[str, Any]]] = {}
    for field, op, value in node.children:
        by_field.setdefault(field, []).append((op, json.loads(value)))
    pushed = len(node.joins) + sum(_most_at_once(c) for c in by_field.values())
    below = [*node.children.values(), *node.joins]
    deepest = max((_pending(child, memo) for child in below), default=0)
    memo[id(node)] = result = max(pushed, pushed - 1 + deepest) if below else 0
    return result


def _network(patterns: dict[str, dict]) -> _Node:
    root = _Node()
    for pattern in patterns.values():
        _add(pattern, root).ends += 1
    return root


def pending_bound(patterns: dict[str, dict]) -> int:
    """Most conditions the engine could hold pending at once while matching one record."""
    return _pending(_network(patterns), {})


def network_problem(patterns: dict[str, dict]) -> str | None:
    """Why the engine would refuse, or fail mid-run on, this set of rule patterns, or None."""
    if len(patterns) > MAX_ACTIONS:
        return f"{len(patterns):,} engine rules, more than the {MAX_ACTIONS:,} a ruleset can hold"
    root = _network(patterns)
    nodes, seen = [root], set()
    while nodes:
        node = nodes.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if len(node.children) > MAX_CHILDREN or len(node.joins) > MAX_JOINS or node.ends > MAX_ENDS:
            return "too many rules share one condition for the rules engine"
        nodes.extend([*node.children.values(), *node.joins])
    pending = _pending(root, {})
    if pending > MAX_PENDING:
        return (
            f"up to {pending} conditions could hold at once, more than the {MAX_PENDING} the rules engine "
            "can track while matching one record"
        )
    return None
