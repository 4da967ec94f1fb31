"""Options and rendering shared by the analysis commands (compare, sweep, timeline)."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from amnesty.i18n import translator

FacilitiesOpt = Annotated[
    Optional[str],
    typer.Option("--facilities", help="Facility register (CSV: facility_id,name,region,capacity). Default: the bundled synthetic one."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Replace existing output files.")]


def side_line(side: dict[str, Any], tr: Any = None, where: str | None = None) -> str:
    """How one rulebook, scenario or chain is named on screen: label, title, version, digest, changes.
    In English the changes as ``--set`` and ``--disable`` write them; in another language the label's
    words, the title as the law's or the scenario's translation gives it (a chain's: each
    instrument's; ``where``, the rulebook as the reader named it, finds a scenario file's own
    catalogue) and each change in words, its parameter names, rule ids and values as the data gives them."""
    if tr is None or tr.lang == "en":
        text = f"{side['label']}: {side['title']} ({side['id']} v{side['version']}, sha256 {side['sha256'][:12]})"
        return text + (f"; {side['changes']}" if side["changes"] else "")
    from amnesty.i18n.sides import changes_words, law_title, variant_words

    label = variant_words(side["id"], side.get("overrides") or {}, tr)
    text = f"{label}: {law_title(side, tr, where)} ({side['id']} v{side['version']}, sha256 {side['sha256'][:12]})"
    changes = changes_words(side.get("overrides") or {}, tr, scenario=False) if side["changes"] else ""
    return text + (tr("; ") + changes if changes else "")


def signed(number: int) -> str:
    return f"{number:+,}" if number else "0"


def invalid_exit(console: Console, invalid: int, tr=None) -> None:
    """Exit code 1 when some records are invalid, as ``evaluate`` does."""
    if invalid:
        tr = tr or translator("en")
        console.print(tr.ngettext("{count} record is invalid (run amnesty evaluate --output to see why)",
                                  "{count} records are invalid (run amnesty evaluate --output to see why)",
                                  tr.plural_of(invalid)).format(count=tr.number(invalid)))
        raise typer.Exit(1)
