"""Certain and possible counts, as the commands print them.

A count of decisions hides how much rests on unknown facts; beside every
outcome the commands say how many records have it now and how many could
have it once their unknown facts are known ("1,183 release; up to 1,402
depending on unknown facts").
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table

_SHOWN = ("not_covered", "excluded", "review", "deferred", "release", "reduced")


def bounds_sentence(bounds: Mapping[str, Mapping[str, int]]) -> str:
    """One line: every outcome with its certain count, and the possible one where it is larger."""
    parts = []
    for outcome in _SHOWN:
        b = bounds.get(outcome)
        if not b or not b["possible"]:
            continue
        text = f"{b['certain']:,} {outcome}"
        if b["possible"] > b["certain"]:
            text += f" (up to {b['possible']:,})"
        parts.append(text)
    return "; ".join(parts) + " — the larger numbers depending on unknown facts" if parts else ""


def bounds_table(by_group: Mapping[str, Mapping[str, Mapping[str, int]]], title: str, group: str = "facility") -> Table:
    """Per facility (or region): certain count and, where larger, the possible count per outcome."""
    table = Table(title=title)
    table.add_column(group)
    shown = [o for o in _SHOWN if any(b.get(o, {}).get("possible") for b in by_group.values())]
    for outcome in shown:
        table.add_column(outcome, justify="right")
    for name, b in by_group.items():
        cells = []
        for outcome in shown:
            c, p = b[outcome]["certain"], b[outcome]["possible"]
            cells.append(f"{c:,}" if p == c else f"{c:,}–{p:,}")
        table.add_row(name, *cells)
    return table
