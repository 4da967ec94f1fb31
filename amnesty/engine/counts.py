"""What a run counts beside its decisions, in the shape ``sink.Sink`` fills: the engine's own
``RunCounts`` and the API's ``RunSummary`` both count through ``count_into``, so the two cannot
count a batch differently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class RunCounts:
    """Records in, decisions out, outcomes (in all and by facility), the outcomes each facility's
    records could still have, and records dated after the as-of date."""

    records_in: int = 0
    decisions_out: int = 0
    outcomes: Counter = field(default_factory=Counter)
    by_facility: dict[str, Counter] = field(default_factory=dict)
    dated_after: Counter = field(default_factory=Counter)
    possible_by_facility: dict[str, Counter] = field(default_factory=dict)

    def count(self, facility: str, outcome: str, possible: tuple[str, ...], n: int) -> None:
        count_into(self, facility, outcome, possible, n)


def count_into(counts: Any, facility: str, outcome: str, possible: tuple[str, ...], n: int) -> None:
    """``n`` decisions of one facility, outcome and possible outcomes (a batch counts each kind once,
    ``engine.sink``), into anything with ``RunCounts``' fields. Bounds: a record counts towards every
    outcome it could still have once its unknown facts are known."""
    counts.decisions_out += n
    counts.outcomes[outcome] += n
    counter(counts.by_facility, facility)[outcome] += n
    could = counter(counts.possible_by_facility, facility)
    for one in possible:
        could[one] += n


def counter(table: dict[str, Counter], key: str) -> Counter:
    """``table[key]``, made empty when missing (not ``setdefault``: a Counter made and dropped per
    call, and a run counts a million times)."""
    counts = table.get(key)
    if counts is None:
        counts = table[key] = Counter()
    return counts
