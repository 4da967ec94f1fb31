"""One help style for every command, applied where the commands are assembled.

Typer prints each option's Python type (``<str>``, ``<bool>``,
``<list[str]>``) beside it, which tells an analyst nothing; here each
option gets a metavar that says what to type (FILE, DATE, NAME=VALUE),
flags get none, and help paragraphs written over several source lines are
joined so that the terminal, not the docstring, decides where lines break.
Doing it here keeps the command modules plain and every command alike.
"""

from __future__ import annotations

import re
from typing import Any

METAVARS = {
    "input": "FILE", "output": "FILE", "errors": "FILE", "tables": "FILE", "facilities": "FILE", "charts": "DIR",
    "rulebook": "ID|FILE", "baseline": "ID|FILE", "scenario": "ID|FILE", "compare": "ID|FILE",
    "first": "ID|FILE", "second": "ID|FILE", "rulebooks": "ID|FILE",
    "as_of": "DATE", "until": "DATE", "set_": "NAME=VALUE", "param": "NAME=VALUES", "disable": "RULE",
    "record_id": "RECORD_ID", "workers": "N", "count": "N", "seed": "N", "show": "N", "phase_months": "N",
    "invalid_rate": "SHARE", "delimiter": "CHAR", "sheet": "NAME", "by": "PERIOD", "group": "GROUP",
    "phase": "REGIONS", "kind": "KIND",
}
_SINGLE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")


def reflow(text: str | None) -> str | None:
    """Paragraphs joined into single lines; blank lines between paragraphs kept."""
    if not text:
        return text
    return _SINGLE_BREAK.sub(" ", text.strip())


def restyle(command: Any) -> None:
    """Metavars and reflowed help for a command and, for a group, every command under it.

    (Typer ships its own copy of click, so parameters are told apart by their attributes.)
    """
    command.help = reflow(command.help)
    for param in command.params:
        if param.param_type_name == "option" and (getattr(param, "is_flag", False) or getattr(param, "count", False)):
            param.metavar = ""
        elif param.metavar is None:
            param.metavar = METAVARS.get(param.name or "", (param.name or "value").upper())
            if param.param_type_name == "argument" and param.nargs != 1:
                param.metavar += "..."
    for sub in getattr(command, "commands", {}).values():
        restyle(sub)


def _option_type(self: Any, ctx: Any) -> str | None:
    """What to type after an option (its metavar); nothing for a flag such as --help or --force."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False) or getattr(self, "count", False):
        return None
    return METAVARS.get(self.name or "", (self.name or "value").upper())


def _argument_type(self: Any, ctx: Any) -> None:
    """An argument's name already says what to type (its metavar); no type tag beside it."""
    return None


def install() -> None:
    """Replace Typer's type tags (``<str>``, ``<bool>``) in every help page, including options Typer adds itself."""
    from typer.core import TyperArgument, TyperOption

    TyperOption.display_type_rich = _option_type
    TyperArgument.display_type_rich = _argument_type
