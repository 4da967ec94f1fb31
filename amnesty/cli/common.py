"""Options and rendering shared by the commands."""

from __future__ import annotations

import re
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from amnesty.cli.text import LiteralConsole
from amnesty.errors import AmnestyError
from amnesty.api import OUTCOMES

InputArg = Annotated[
    Optional[str],
    typer.Argument(help="Records file (.csv, .jsonl, .xlsx or .parquet; CSV and JSON Lines may be gzip, bzip2 "
                        "or xz-compressed), or - for standard input. Default: the bundled synthetic sample."),
]
RulebookOpt = Annotated[
    str, typer.Option("--rulebook", "-r", help="Built-in rulebook id, bundled scenario id, or a rulebook or scenario file; "
                      "ID@VERSION (or ID@sha256:PREFIX) refuses any other version installed.")
]
AsOfOpt = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Reference date for age and time served (YYYY-MM-DD, or today). Default: the law's enactment date."),
]
SetOpt = Annotated[
    Optional[list[str]],
    typer.Option("--set", help="Change a parameter for a what-if, as NAME=VALUE (repeatable)."),
]
ThenOpt = Annotated[
    Optional[list[str]],
    typer.Option(
        "--then",
        help="A later instrument the records go through next, oldest first (repeatable): each sees the sentence the one before left.",
    ),
]
DisableOpt = Annotated[
    Optional[list[str]], typer.Option("--disable", help="Switch a rule off by id (repeatable).")
]


_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


WorkersOpt = Annotated[
    Optional[int],
    typer.Option("--workers", "-w", min=1, help="Processes deciding records (default: every core this process may use, a container's CPU quota "
                 "included, as many as its memory limit holds); same output for any number."),
]
LangOpt = Annotated[
    str, typer.Option("--lang", help="Language of the words printed for people: en, ar (Arabic) or ku (Kurmanji). Data fields stay as the data dictionary names them."),
]


def localised_header(header, tr=None):
    """A table's header function in ``tr``'s language: outcome names and labels from the catalogue
    (full names: short English abbreviations mean nothing in another language)."""
    if tr is None or tr.lang == "en":
        return header
    outcomes = set(OUTCOMES)
    return lambda name: tr.outcome(name) if name in outcomes else tr(name)


def fitted_in(console: Console, build, names, tr=None) -> Table:
    """``cli.tables.fitted`` in ``tr``'s language: outside English the headers are the catalogue's full
    names, wrapped over lines when the table is too wide (an English abbreviation and its legend would
    mean nothing to the reader)."""
    from amnesty.cli.tables import fitted

    if tr is None or tr.lang == "en":
        return fitted(console, build, names)
    table = build(localised_header(str, tr))
    for column in table.columns[1:]:  # the first holds ids and values, kept whole
        column.no_wrap = False
        column.overflow = "fold"  # a word wider than its column goes on over the next line, never cut with "…"
    return table


def parse_date(text: str | None, option: str = "--as-of") -> date | None:
    """Exactly YYYY-MM-DD (Arabic-Indic digits read as ASCII); a well-formed day that does not exist is named so.

    ``date.fromisoformat`` also takes 20240101 and 2024-W01-1, which a typo
    can produce; a date that decides who is released is written one way only.
    """
    if text is None:
        return None
    if text.strip().lower() == "today":
        return date.today()  # this machine's date, once, for a scheduled job
    found = _ISO_DAY.fullmatch(text.strip().translate(_DIGITS))
    if not found:
        raise AmnestyError(f"{option} expects a date as YYYY-MM-DD or the word today, got {text!r}")
    try:
        return date(*map(int, found.groups()))
    except ValueError as exc:
        raise AmnestyError(f"{option} {text}: that date does not exist ({exc})") from None


def stderr_console() -> Console:
    return LiteralConsole(stderr=True)


def log_console() -> Console:
    """Standard error for a scheduled job's log (``--quiet``): one line per message, never wrapped to a
    terminal's width, so that a log line can be searched for whole."""
    return LiteralConsole(stderr=True, soft_wrap=not sys.stderr.isatty())


def stdout_console() -> Console:
    """Wide enough for the outcome table when piped to a file or a pager, unless COLUMNS says otherwise."""
    return LiteralConsole(width=None if sys.stdout.isatty() or "COLUMNS" in os.environ else 120)


def outcome_table(by_facility: dict[str, dict[str, int]], title: str, console: Console | None = None, tr=None) -> Table:
    """Facilities down, outcomes across, totals at the bottom; short headers and a legend on a narrow terminal.

    ``tr`` (an ``amnesty.i18n.Translator``) puts labels, outcome names and numbers in its language."""
    from amnesty.i18n import translator

    tr = tr or translator("en")
    outcomes = list(OUTCOMES)
    return fitted_in(console or stdout_console(), lambda header: _outcome_table(by_facility, title, header, tr),
                     [*outcomes, "total"], tr)


def _outcome_table(by_facility: dict[str, dict[str, int]], title: str, header, tr) -> Table:
    table = Table(title=title, title_justify="right" if tr.rtl else "left")
    table.add_column(tr("facility"), no_wrap=True)
    outcomes = list(OUTCOMES)
    for outcome in outcomes:
        table.add_column(header(outcome), justify="right", no_wrap=True)
    table.add_column(header("total"), justify="right", no_wrap=True)
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
