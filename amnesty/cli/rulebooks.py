"""``amnesty rulebooks``: the encoded laws, as a lawyer would read them."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from amnesty import api
from amnesty.analysis.scenarios import describe_changes
from amnesty.report.provenance import overrides_text, scenario_of
from amnesty.rules.describe import words
from amnesty.rules.wording import WordingError, render
from amnesty.rules.diff import effect_words, value_words
from amnesty.rules.lint import lint as lint_rulebook
from amnesty.rules.loader import builtin_ids, load_rulebook

app = typer.Typer(help="List, show, lint and compare the encoded amnesty laws.", no_args_is_help=True)
RulebookArg = Annotated[str, typer.Argument(help="Built-in rulebook id, bundled scenario id, or a rulebook or scenario file.")]


def _console() -> Console:
    """Wide tables when piped (a lawyer reads them in a file), unless COLUMNS says otherwise."""
    wide = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return Console(highlight=False, width=160 if wide else None)


@app.command("list")
def list_() -> None:
    """List the built-in rulebooks.

    Example: amnesty rulebooks list
    """
    table = Table(title="Built-in rulebooks", title_justify="left")
    for column in ("id", "title", "enacted", "version", "rules"):
        table.add_column(column, no_wrap=column in ("id", "enacted"), overflow="fold")
    for rulebook_id in builtin_ids():
        book = load_rulebook(rulebook_id)
        table.add_row(book.id, book.title, str(book.enacted), book.version, str(len(book.rules)))
    _console().print(table)


@app.command("show")
def show(rulebook: RulebookArg) -> None:
    """Show a rulebook's parameters and rules, with articles, conditions in words and interpretation notes.

    Example: amnesty rulebooks show aanes-2024-law-10
    """
    book = api.load_rulebook(rulebook)
    law = book.rulebook
    console = _console()
    changes = describe_changes(book.overrides)
    console.print(f"[bold]{escape(law.title)}[/bold] ({law.id} v{law.version}, sha256 {book.sha256[:12]}"
                  + (f"; {escape(changes)})" if changes else ")"))
    console.print(f"{law.authority}; enacted {law.enacted}")
    scenario = scenario_of(book)
    if scenario:
        console.print(f"scenario {scenario['id']}: {escape(scenario['question'])}")
    if law.summary:
        summary = summary_text(law.summary, {n: p.value for n, p in law.parameters.items()})
        if changes and summary == law.summary:  # written-out numbers: they are the enacted law's
            console.print(f"the law as enacted, before this variant's changes: {escape(summary)}")
            console.print("changed here: " + escape("; ".join(overrides_text(book.overrides))))
        else:
            console.print(escape(summary))
    changed = set((book.overrides.get("set") or {}))
    params = Table(title="Parameters", title_justify="left", show_lines=True)
    for column in ("name", "value", "unit", "source", "description and notes"):
        params.add_column(column, no_wrap=column in ("name", "source"), overflow="fold")
    for name, param in law.parameters.items():
        value = value_words(param.model_copy(update={"unit": None})) + (" (changed)" if name in changed else "")
        params.add_row(name, value, param.unit or "", param.source,
                       "\n".join([param.description, *(f"note: {n}" for n in param.notes)]))
    console.print(params)
    rules = Table(title="Rules", title_justify="left", show_lines=True)
    for column in ("article", "rule", "kind", "applies when", "effect", "interpretation notes"):
        rules.add_column(column, no_wrap=column in ("rule", "kind"), overflow="fold")
    for compiled in book.rules:
        rule = compiled.rule
        effect = effect_words(compiled.effect)
        if rule.overrides:
            effect += f"; overrides {', '.join(rule.overrides)}"
        rules.add_row(rule.article, rule.id, rule.kind.value, words(compiled.tree), effect,
                      "\n".join(f"- {note}" for note in rule.notes))
    console.print(rules)
    for item in law.unencoded:
        console.print(f"not encoded: {item}")
    console.print("sources: " + "; ".join(f"[{s.id}] {s.title}" + (f" <{s.url}>" if s.url else "") for s in law.sources))
    console.print(f"{len(law.cases)} worked cases; run them with: amnesty audit {rulebook}")


def summary_text(summary: str, values: dict) -> str:
    """The law's summary with any ``{parameter}`` it names filled in from this variant's values."""
    try:
        return render(summary, values)
    except WordingError:
        return summary


@app.command("lint")
def lint(
    rulebook: RulebookArg,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings (e.g. an unused parameter) too.")] = False,
) -> None:
    """Check a rulebook for mistakes and print each one with its file, line and rule.

    Errors: unknown record fields or parameters, a value of the wrong type or outside a field's enum,
    duplicate rule ids, a rule without article or source, a condition that can never be true or is
    always true, worked cases naming what does not exist. Warnings: parameters no rule uses.
    Exit code 0 when there is no error (no warning either, with --strict), 1 otherwise.
    Python: amnesty.rules.lint.lint.

    Example: amnesty rulebooks lint my-law.yaml
    """
    report = lint_rulebook(rulebook)
    for problem in report.problems:
        typer.echo(str(problem))
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        typer.echo(f"{report.path}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    else:
        typer.echo(f"{report.path}: no problems found")
    if errors or (strict and warnings):
        raise typer.Exit(1)


@app.command("diff")
def diff(
    first: RulebookArg,
    second: RulebookArg,
    wording: Annotated[bool, typer.Option("--wording", help="Show changed summaries, notes and sources in full.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the differences as JSON.")] = False,
) -> None:
    """Show what differs between two rulebooks: parameters, and rules added, removed or changed.

    Lines starting with - are only in the first rulebook, + only in the second, ~ in both but changed.
    Python: amnesty.rules.diff.diff_rulebooks.

    Example: amnesty rulebooks diff aanes-2020-resolution-5 aanes-2024-law-10
    """
    result = api.diff_rulebooks(first, second)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in result.lines(wording=wording):
        typer.echo(line)
