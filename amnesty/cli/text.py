"""Printing text from records and files literally: the one place that makes it safe.

A facility code, a column name, a file name or a rulebook note is data, and
data must reach the terminal as the characters it is. Two things would
otherwise read it as instructions: rich, which takes ``[bold]`` or
``[link=...]`` as markup and ``:smile:`` as an emoji (and stops the run on
an unbalanced ``[/note]``), and the terminal, which takes an escape
sequence (``ESC]0;`` sets the title, ``ESC[2J`` clears the screen,
``ESC[1A`` moves up to rewrite the summary) or a bare carriage return as a
command. So every console of the command line is a ``LiteralConsole``:
markup and emoji are off, and every string it prints has its control
characters made visible as ``\\u001b``-style escapes. Commands style their
own words with ``style=`` (never with ``[bold]`` in a string), and text
written with ``typer.echo`` goes through ``visible`` first.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

_INVISIBLE = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A),
              0x2028, 0x2029]
_TABLE = {code: f"\\u{code:04x}" for code in _INVISIBLE}
_KEEP_LINES = {k: v for k, v in _TABLE.items() if k not in (ord("\n"), ord("\t"))}
# What a console prints was composed by the program: the first-strong isolates it puts around
# record text in Arabic and Kurdish lines (amnesty.i18n.isolate, which escapes the record's own
# bidi controls) are kept; overrides and everything else are still shown as escapes.
_CONSOLE = {k: v for k, v in _KEEP_LINES.items() if k not in (0x2068, 0x2069)}
_ONE_LINE = {k: v for k, v in _TABLE.items() if k != ord("\t")}


def visible(text: Any, *, lines: bool = True) -> str:
    """``text`` with every control character (C0 but tab, DEL, C1, bidi overrides) shown as an escape.

    ``lines=False`` shows line breaks too, for what must stay one line (an
    error sentence). The escapes are also valid inside JSON strings, so JSON
    text stays JSON.
    """
    return str(text).translate(_KEEP_LINES if lines else _ONE_LINE)


class LiteralConsole(Console):
    """A rich Console that never reads markup or emoji codes in what it prints, and shows control characters."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("highlight", False)
        super().__init__(markup=False, emoji=False, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        kwargs["markup"] = False
        kwargs["emoji"] = False
        return super().render_str(str(text).translate(_CONSOLE), **kwargs)
