"""Certain and possible counts, as the commands print them.

A count of decisions hides how much rests on unknown facts; beside every
outcome the commands say how many records have it now and how many could
have it once their unknown facts are known ("1,183 release; up to 1,402
depending on unknown facts").
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table

from amnesty.i18n import Translator, translator

_SHOWN = ("not_covered", "excluded", "review", "deferred", "release", "reduced")


def band(certain: int, possible: int, tr: Translator) -> str:
    """``1,183`` when nothing rests on unknown facts, else ``1,183–1,402``: certain, then possible."""
    return tr.number(certain) if possible <= certain else f"{tr.number(certain)}–{tr.number(possible)}"


def bounds_sentence(bounds: Mapping[str, Mapping[str, int]], tr: Translator | None = None) -> str:
    """One line: every outcome with its certain count, and the possible one where it is larger."""
    tr = tr or translator("en")
    parts = []
    for outcome in _SHOWN:
        b = bounds.get(outcome)
        if not b or not b["possible"]:
            continue
        text = f"{tr.number(b['certain'])} {tr.outcome(outcome)}"
        if b["possible"] > b["certain"]:
            text += " " + tr("(up to {possible})").format(possible=tr.number(b["possible"]))
        parts.append(text)
    return tr("{counts} — the larger numbers depending on unknown facts").format(counts=tr("; ").join(parts)) \
        if parts else ""


def bounds_table(by_group: Mapping[str, Mapping[str, Mapping[str, int]]], title: str, group: str = "facility",
                 tr: Translator | None = None) -> Table:
    """Per facility (or region): certain count and, where larger, the possible count per outcome."""
    tr = tr or translator("en")
    table = Table(title=title)
    table.add_column(tr(group))
    shown = [o for o in _SHOWN if any(b.get(o, {}).get("possible") for b in by_group.values())]
    for outcome in shown:
        table.add_column(tr.outcome(outcome), justify="right")
    for name, b in by_group.items():
        cells = []
        for outcome in shown:
            c, p = b[outcome]["certain"], b[outcome]["possible"]
            cells.append(band(c, p, tr))
        table.add_row(name, *cells)
    return table
