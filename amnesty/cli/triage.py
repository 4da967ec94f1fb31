"""``amnesty triage``: which unknown facts to collect first, and for which records."""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, RulebookOpt, SetOpt, parse_date, stdout_console
from amnesty.rules.scenario import parse_assignments

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
) -> None:
    """Rank the unknown facts by how many review records each would settle, and how many of those could then be released.

    A fact settles a record when, filled in alone with any value, the record is no longer review for want of a fact.

    Example: amnesty triage records.csv --output worklist.csv
    """
    book = api.load_rulebook(rulebook, set=parse_assignments(set_ or []), disable=disable or [])
    result = api.triage(input, rulebook=book, as_of=parse_date(as_of), output=output, force=force)
    console = stdout_console()
    ref = result.rulebook
    console.print(f"{ref['id']} v{ref['version']}, as of {result.as_of}: {result.review:,} of {result.records:,} "
                  "records are review for want of facts")
    table = Table(title=f"Facts to collect first: {result.source}")
    for column, justify in (("fact", "left"), ("missing in", "right"), ("settles alone", "right"),
                            ("of which could be released", "right")):
        table.add_column(column, justify=justify)
    for rank in result.ranking:
        table.add_row(rank.fact, f"{rank.missing_in:,}", f"{rank.settles:,}", f"{rank.could_release:,}")
    console.print(table)
    per = Table(title=f"Per facility: the {TOP_PER_FACILITY} facts that settle most")
    per.add_column("facility")
    per.add_column("facts (records settled; could be released)")
    for facility, ranks in sorted(result.by_facility.items()):
        shown = [f"{r.fact} ({r.settles:,}; {r.could_release:,})" for r in ranks[:TOP_PER_FACILITY] if r.settles]
        per.add_row(facility, ", ".join(shown) or "no single fact settles a record")
    console.print(per)
    if output:
        console.print(f"worklist: {len(result.worklist):,} records written to {output}")
