"""``amnesty triage``: which unknown facts to collect first, and for which records."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, parse_date, stdout_console
from amnesty.cli.notes import print_warnings
from amnesty.i18n import translator

TOP_PER_FACILITY = 3


def triage(
    input: InputArg = None,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", help="Write the worklist to FILE (.csv): per facility, each review record and the facts to collect."),
    ] = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output file.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Rank the unknown facts by how many review records each would settle, and how many of those could then be released.

    A fact settles a record when, filled in alone with any value, the record is no longer review for want of a fact.

    Example: amnesty triage records.csv --output worklist.csv
    """
    tr = translator(lang)
    book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [])
    result = api.triage(input, rulebook=book, as_of=parse_date(as_of), output=output, force=force)
    console = stdout_console()
    ref = result.rulebook
    n = tr.number
    console.print(f"{ref['id']} v{ref['version']}, " + tr("as of {as_of}: {review} of {records} records are review for "
                  "want of facts").format(as_of=result.as_of, review=n(result.review), records=n(result.records)))
    print_warnings(console, result.warnings, tr)
    table = Table(title=tr("Facts to collect first: {source}").format(source=result.source))
    for column, justify in ((tr("fact"), "left"), (tr("missing in"), "right"), (tr("settles alone"), "right"),
                            (tr("of which could be released"), "right")):
        table.add_column(column, justify=justify)
    for rank in result.ranking:
        table.add_row(rank.fact, n(rank.missing_in), n(rank.settles), n(rank.could_release))
    console.print(table)
    per = Table(title=tr("Per facility: the {top} facts that settle most").format(top=TOP_PER_FACILITY))
    per.add_column(tr("facility"))
    per.add_column(tr("facts (records settled; could be released)"))
    for facility, ranks in sorted(result.by_facility.items()):
        shown = [f"{r.fact} ({n(r.settles)}; {n(r.could_release)})" for r in ranks[:TOP_PER_FACILITY] if r.settles]
        per.add_row(facility, ", ".join(shown) or tr("no single fact settles a record"))
    console.print(per)
    if output:
        console.print(tr("worklist: {count} records written to {output}").format(count=n(len(result.worklist)), output=output))
