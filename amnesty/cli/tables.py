"""Tables that fit the terminal: full outcome names when there is room, short ones and a legend when not.

An 80-column terminal cannot hold six outcome columns under their full
names, and rich would cut them ("not_cove…"), which reads as a different
word. Instead the table is measured first; if it is too wide, outcome
columns take short headers and a legend under the table says what each
means. Free-text columns (rules, problems) fold onto further lines rather
than being cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

SHORT = {
    "invalid": "inv", "not_covered": "ncov", "excluded": "excl", "review": "rev", "release": "rel",
    "reduced": "red", "total": "total", "cumulative": "cum",
}


def short(name: str) -> str:
    if name in SHORT:
        return SHORT[name]
    if name.startswith("out in "):
        return name.removeprefix("out in ")
    return name


def fitted(console: Console, build: Callable[[Callable[[str], str]], Table], names: Sequence[str]) -> Table:
    """``build(header)`` with full headers if the table fits ``console``, else with short ones and a legend.

    ``names`` are the headers that may be shortened (outcome names and the like).
    """
    table = build(lambda name: name)
    if _width(console, table) <= console.width:
        return table
    table = build(short)
    if _width(console, table) > console.width:  # still too wide: no lines between columns
        table.box, table.show_edge, table.pad_edge = box.SIMPLE_HEAD, False, False
    legend = ", ".join(f"{short(n)} = {n}" for n in dict.fromkeys(names) if short(n) != n)
    if legend:
        table.caption = (table.caption + "; " if table.caption else "") + legend
        table.caption_justify = "left"
    return table


def _width(console: Console, table: Table) -> int:
    """The width the table wants, measured as if the terminal were unlimited (rich clamps to the terminal)."""
    return Measurement.get(console, console.options.update_width(10_000), table).maximum
