"""``amnesty explain``: one record's decision, rule by rule."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amnesty import api
from amnesty.cli.common import AsOfOpt, InputArg, RulebookOpt, parse_date


def explain(
    record_id: Annotated[str, typer.Argument(help="The record_id to explain.")],
    input: InputArg = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Show why a record got its decision: every rule, its article, the facts it read, what would change it.

    Example: amnesty explain SYN-000042
    """
    result = api.explain_record(record_id, input, rulebook=rulebook, as_of=parse_date(as_of))
    console = Console(highlight=False)
    if as_json:
        console.print_json(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        return
    d = result.decision
    console.print(f"[bold]{d['record_id']}[/bold] (line {result.line}, facility {d['facility_id']}): "
                  f"[bold]{d['outcome']}[/bold] under {d['rulebook']['id']} v{d['rulebook']['version']}, as of {d['as_of']}")
    if d["sentence_after"] or d["release_date"]:
        console.print(f"sentence {d['sentence_before']} -> {d['sentence_after']}; release date {d['release_date']}")
    for error in d["errors"]:
        console.print(f"error: {error}")
    for reason in d["reasons"]:
        console.print(f"- {reason['rule']} ({reason['article']}, {reason['finding']}): {reason['text']}")
    if d["missing"]:
        console.print(f"missing facts: {', '.join(d['missing'])}")
    if result.rules:
        table = Table(title="Every rule", title_justify="left")
        for column in ("rule", "article", "kind", "finding", "condition", "facts read"):
            table.add_column(column)
        for rule in result.rules:
            facts = ", ".join(f"{k}={v}" for k, v in rule.facts.items())
            table.add_row(rule.rule, rule.article, rule.kind, rule.finding, rule.condition, facts)
        console.print(table)
    for line in result.what_would_change:
        console.print(f"* {line}")
