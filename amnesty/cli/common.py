"""Options and rendering shared by the commands."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from amnesty.errors import AmnestyError
from amnesty.models.decision import OUTCOME_ORDER

InputArg = Annotated[
    Optional[str],
    typer.Argument(help="Records file (.csv or .jsonl), or - for standard input. Default: the bundled synthetic sample."),
]
RulebookOpt = Annotated[
    str, typer.Option("--rulebook", "-r", help="Built-in rulebook id or path to a rulebook file.")
]
AsOfOpt = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Reference date for age and time served (YYYY-MM-DD). Default: the law's enactment date."),
]
SetOpt = Annotated[
    Optional[list[str]],
    typer.Option("--set", help="Change a parameter for a what-if, as NAME=VALUE (repeatable)."),
]
DisableOpt = Annotated[
    Optional[list[str]], typer.Option("--disable", help="Switch a rule off by id (repeatable).")
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Language of the words printed for people: en, ar (Arabic) or ku (Kurmanji). Data fields stay as the data dictionary names them."),
]


def parse_date(text: str | None, option: str = "--as-of") -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AmnestyError(f"{option} expects a date as YYYY-MM-DD, got {text!r}") from None


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def stdout_console() -> Console:
    """Wide enough for the outcome table when piped to a file or a pager."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def outcome_table(by_facility: dict[str, dict[str, int]], title: str, tr=None) -> Table:
    """Facilities down, outcomes across, totals at the bottom (labels in ``tr``'s language)."""
    from amnesty.i18n import translator

    tr = tr or translator("en")
    table = Table(title=title, title_justify="right" if tr.rtl else "left")
    table.add_column(tr("facility"))
    outcomes = [o.value for o in OUTCOME_ORDER]
    for outcome in outcomes:
        table.add_column(tr.outcome(outcome), justify="right")
    table.add_column(tr("total"), justify="right")
    totals = dict.fromkeys(outcomes, 0)
    for facility, counts in sorted(by_facility.items()):
        row = [counts.get(o, 0) for o in outcomes]
        for o, n in zip(outcomes, row):
            totals[o] += n
        table.add_row(facility, *(tr.number(n) for n in row), tr.number(sum(row)))
    table.add_section()
    table.add_row(tr("all"), *(tr.number(totals[o]) for o in outcomes), tr.number(sum(totals.values())), style="bold")
    return table


def is_terminal() -> bool:
    return sys.stderr.isatty()


def display(path: str | Path | None) -> str:
    return "the bundled synthetic sample" if path is None else str(path)
