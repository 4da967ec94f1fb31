"""What every command prints beside its counts: how the as-of date was chosen, and its warnings.

A number "as of 2020-10-10" under a law of 2024, or about offences
committed after that date, misleads unless it says so next to it; every
summary (evaluate, compare, sweep, timeline, report) carries these notes
and every command prints them the same way.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from amnesty.i18n import Translator, note_words, translator


def as_of_line(result: Any, tr: Any = None) -> str:
    """``as of 2024-07-17 (the enactment date of aanes-2024-law-10, as no --as-of was given)``, in
    ``tr``'s language."""
    return (tr("as of {as_of}") if tr else "as of {as_of}").format(as_of=as_of_and_why(result, tr))


def as_of_and_why(result: Any, tr: Any = None, as_of: Any = None) -> str:
    """The as-of date (``result.as_of`` unless given) and how it was chosen: ``2024-07-17 (given with --as-of)``."""
    chosen = note_words(getattr(result, "as_of_chosen", ""), tr)
    return f"{result.as_of if as_of is None else as_of}" + (f" ({chosen})" if chosen else "")


def print_notes(console: Console, result: Any, tr: Any = None) -> None:
    """A result's notes (``result.notes()``), each as ``print_warnings`` prints it."""
    print_warnings(console, result.notes(), tr)


def print_warnings(console: Console, notes: Any, tr: Any = None) -> None:
    """Each note on its own line, marked as a warning, in ``tr``'s language where the catalogue has it."""
    tr = tr or translator("en")
    for note in notes:
        console.print(tr("warning: {note}").format(note=note_words(note, tr)))


def records_line(records: int, decisions: int, invalid: int, tr: Any) -> str:
    """``records in: 10,000; decisions out: 10,000; invalid: 3``: the line a run is checked by (every
    record in, one decision out), and why a run exits 1."""
    return tr("records in: {records}; decisions out: {decisions}; invalid: {invalid}").format(
        records=tr.number(records), decisions=tr.number(decisions), invalid=tr.number(invalid))


def rulebook_words(ref: dict[str, Any], tr: Any = None) -> str:
    """A decision's rulebook as text output names it: id, version, digest and every change, as the JSON does.

    ``aanes-2024-law-10 v1.0.0 (sha256 0123456789ab; scenario law-10-life-20; set life_commuted_years=20)``;
    with a translator other than English, each change in its words (ids, names and values as they are).
    """
    if tr is not None and tr.lang != "en":
        from amnesty.i18n.sides import changes_words

        changes = changes_words(ref.get("overrides") or {}, tr)
        return f"{ref['id']} v{ref['version']} (sha256 {ref['sha256'][:12]}" + (
            f"{tr('; ')}{changes})" if changes else ")")
    from amnesty import api

    changes = api.describe_changes(ref.get("overrides") or {})
    return f"{ref['id']} v{ref['version']} (sha256 {ref['sha256'][:12]}" + (f"; {changes})" if changes else ")")


def invalid_table(log: Any, total: int, tr: Translator | None = None):
    """The first invalid records (line, field, value, problem; each by its first error) and the invalid
    records by field (a record under each field it has an error in), for the screen.
    The problem in the reader's language when the record model words it in a known way."""
    from rich.table import Table

    from amnesty.i18n.problems import problem_words

    tr = tr or translator("en")
    shown = len(log.first)
    counts = tr.list_sep().join(f"{field} {tr.number(n)}" for field, n in log.by_field.most_common())
    table = Table(
        title=tr("Invalid records: first {shown} of {total}").format(shown=tr.number(shown), total=tr.number(total))
        if total > shown else tr("Invalid records"),
        caption=tr("invalid by field: {counts}").format(counts=counts), title_justify="left", caption_justify="left",
    )
    for column, heading in (("line", tr("line")), ("record", tr("record")), ("field", tr("field")),
                            ("value", tr("value")), ("problem", tr("problem"))):
        table.add_column(heading, justify="right" if column == "line" else "left", overflow="fold")
    for entry in log.first:
        table.add_row(str(entry.line or ""), entry.record_id or "", entry.field, entry.value,
                      problem_words(entry.problem, tr))
    return table
