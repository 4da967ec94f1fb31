"""The changes ``explain_changes.check`` decided, put in words as one condition per outcome.

Apart from the checking so that each can be read alone: this half decides
nothing, it gathers changes alike but for one fact into one change with
that fact's values together, and writes values of an ordered field as the
ranges between the constants the rulebook compares it with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from amnesty.analysis.explain_changes import Checked, Result
from amnesty.models.fields import FIELDS, FieldType
from amnesty.rules.conditions import Leaf, Node, Tree

EXACT = frozenset({"custody_start", "sentence_months"})  # read by the sentence arithmetic: values, not ranges

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
