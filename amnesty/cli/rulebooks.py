"""``amnesty rulebooks``: the encoded laws, as a lawyer would read them."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amnesty import api
from amnesty.rules.describe import words
from amnesty.rules.loader import builtin_ids, load_rulebook

app = typer.Typer(help="List and show the encoded amnesty laws.", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """List the built-in rulebooks.

    Example: amnesty rulebooks list
    """
    table = Table(title="Built-in rulebooks", title_justify="left")
    for column in ("id", "title", "enacted", "version", "rules"):
        table.add_column(column)
    for rulebook_id in builtin_ids():
        book = load_rulebook(rulebook_id)
        table.add_row(book.id, book.title, str(book.enacted), book.version, str(len(book.rules)))
    Console(highlight=False).print(table)


@app.command("show")
def show(
    rulebook: Annotated[str, typer.Argument(help="Built-in rulebook id or path to a rulebook file.")],
) -> None:
    """Show a rulebook's parameters and rules, with articles, conditions in words and interpretation notes.

    Example: amnesty rulebooks show aanes-2024-law-10
    """
    book = api.load_rulebook(rulebook)
    law = book.rulebook
    console = Console(highlight=False)
    console.print(f"[bold]{law.title}[/bold] ({law.id} v{law.version}, sha256 {book.sha256[:12]})")
    console.print(f"{law.authority}; enacted {law.enacted}")
    if law.summary:
        console.print(law.summary)
    params = Table(title="Parameters", title_justify="left")
    for column in ("name", "value", "unit", "source", "description"):
        params.add_column(column)
    for name, param in law.parameters.items():
        params.add_row(name, str(param.value), param.unit or "", param.source, param.description)
    console.print(params)
    rules = Table(title="Rules", title_justify="left", show_lines=True)
    for column in ("rule", "article", "kind", "applies when", "effect", "interpretation notes"):
        rules.add_column(column)
    for compiled in book.rules:
        rule = compiled.rule
        effect = rule.effect.type.value
        if compiled.effect.years is not None:
            effect += f" to {compiled.effect.years:g} years"
        if compiled.effect.remit_fraction is not None:
            effect += f" ({compiled.effect.remit_fraction:g} remitted)"
        if rule.overrides:
            effect += f"; overrides {', '.join(rule.overrides)}"
        rules.add_row(rule.id, rule.article, rule.kind.value, words(compiled.tree), effect, "\n".join(rule.notes))
    console.print(rules)
    for item in law.unencoded:
        console.print(f"not encoded: {item}")
    console.print("sources: " + "; ".join(f"[{s.id}] {s.title}" + (f" <{s.url}>" if s.url else "") for s in law.sources))
