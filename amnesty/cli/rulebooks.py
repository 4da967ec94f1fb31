"""``amnesty rulebooks``: the encoded laws, as a lawyer would read them."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from amnesty import api
from amnesty.cli.common import LangOpt
from amnesty.cli.text import LiteralConsole, visible
from amnesty.i18n import translator

app = typer.Typer(help="List, show, lint and compare the encoded amnesty laws.", no_args_is_help=True)
RulebookArg = Annotated[str, typer.Argument(help="Built-in rulebook id, bundled scenario id, or a rulebook or scenario file.")]


def _console() -> Console:
    """Wide tables when piped (a lawyer reads them in a file), unless COLUMNS says otherwise."""
    wide = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return LiteralConsole(width=160 if wide else None)


@app.command("list")
def list_(lang: LangOpt = "en") -> None:
    """List the built-in rulebooks, then the bundled scenarios (what-ifs on them; a scenario id works
    wherever a rulebook is named).

    --lang gives headers, titles and questions in Arabic or Kurmanji; ids stay as they are.
    A terminal narrower than 140 columns leaves the questions out (rulebooks show ID gives them).
    Python: amnesty.api.list_rulebooks, amnesty.api.list_scenarios.

    Example: amnesty rulebooks list --lang ku
    """
    from amnesty.i18n.rulebook import RulebookTexts

    tr = translator(lang)
    console = _console()
    justify = "right" if tr.rtl else "left"
    table = Table(title=tr("Built-in rulebooks"), title_justify=justify)
    for column, whole in ((tr("id"), True), (tr("title"), False), (tr("enacted"), True), (tr("version"), False),
                          (tr("rules"), False)):
        table.add_column(column, no_wrap=whole, overflow="fold")
    for book in api.list_rulebooks():
        table.add_row(book.id, RulebookTexts(book.id, tr.lang).title(book), tr.date(book.enacted) if tr.lang != "en"
                      else str(book.enacted), book.version, tr.number(len(book.rules)))
    console.print(table)
    console.print(_scenario_table(api.list_scenarios(tr.lang), tr, wide=console.width >= WIDE))


WIDE = 140  # narrower, a column of long questions leaves each cell a few words a line


def _scenario_table(scenarios: list[dict], tr, wide: bool) -> Table:
    """Id, base, title and question on a wide terminal; on a narrower one each id over its base (both
    whole: they are what a person types) beside the title, and a caption saying where the question is."""
    justify = "right" if tr.rtl else "left"
    table = Table(title=tr("Bundled scenarios"), title_justify=justify)
    if wide:
        for column in (tr("id"), tr("base"), tr("title"), tr("question")):
            table.add_column(column, no_wrap=column in (tr("id"), tr("base")), overflow="fold",
                             ratio=3 if column == tr("question") else 2 if column == tr("title") else None)
        for scenario in scenarios:
            table.add_row(scenario["id"], scenario["base"], scenario["title"], scenario["question"])
        return table
    table.show_lines = True  # a base under its id, never read as the next scenario's id
    table.add_column(tr("id") + "\n" + tr("base"), no_wrap=True)
    table.add_column(tr("title"), overflow="fold")
    for scenario in scenarios:
        table.add_row(scenario["id"] + "\n" + scenario["base"], scenario["title"])
    table.caption, table.caption_justify = tr("Each scenario's question: amnesty rulebooks show ID"), justify
    return table


@app.command("show")
def show(
    rulebook: RulebookArg,
    lang: Annotated[str, typer.Option("--lang", help="Language of rule summaries, article summaries and notes: en, ar or ku (the project's own translations).")] = "en",
) -> None:
    """Show a rulebook article by article: each article's basis, summary, Arabic terms and sources,
    then its rules with their conditions in words, effects, notes and conflicting readings.

    A scenario (bundled id or file) is shown with its own values and named with its changes.
    Python: amnesty.api.show_rulebook (the text), amnesty.api.describe_rulebook (the data).

    Example: amnesty rulebooks show aanes-2024-law-10 --lang ar
    """
    for line in api.show_rulebook(rulebook, lang=lang):
        typer.echo(visible(line))


@app.command("lint")
def lint(
    rulebook: RulebookArg,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings (e.g. an unused parameter) too.")] = False,
) -> None:
    """Check a rulebook for mistakes and print each one with its file, line and rule.

    Errors: unknown record fields or parameters, a value of the wrong type or outside a field's enum,
    duplicate rule ids, a rule without article or source, an article the articles block lacks, an
    unknown source, a condition that can never be true or is always true, worked cases naming what
    does not exist. Warnings: parameters no rule uses, no articles block, a reported article number
    no source gives, an article no rule cites, a source without kind or language, a conflict naming
    an unknown source or scenario.
    Exit code 0 when there is no error (no warning either, with --strict), 1 otherwise.
    A scenario file is checked as it is loaded (its changes against its base).
    Python: amnesty.api.lint_rulebook.

    Example: amnesty rulebooks lint my-law.yaml
    """
    report = api.lint_rulebook(rulebook)
    for problem in report.problems:
        typer.echo(visible(str(problem)))
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        typer.echo(visible(f"{report.path}: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"))
    else:
        typer.echo(visible(f"{report.path}: no problems found"))
    if errors or (strict and warnings):
        raise typer.Exit(1)


@app.command("diff")
def diff(
    first: RulebookArg,
    second: RulebookArg,
    wording: Annotated[bool, typer.Option("--wording", help="Show changed summaries, notes and sources in full.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the differences as JSON.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Show what differs between two rulebooks: sources, articles, parameters, and rules added, removed or changed.

    Lines starting with - are only in the first rulebook, + only in the second, ~ in both but changed.
    Each side may be a built-in id, a bundled scenario id or a rulebook or scenario file.
    --lang words headings, conditions and effects in the language; --json stays as the data names it.
    Python: amnesty.api.diff_rulebooks.

    Example: amnesty rulebooks diff aanes-2020-resolution-5 aanes-2024-law-10 --lang ar
    """
    tr = translator(lang)
    result = api.diff_rulebooks(first, second, lang="en" if as_json else tr.lang)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    for line in result.lines(wording=wording, tr=None if tr.lang == "en" else tr):
        typer.echo(visible(line))


@app.command("export")
def export(
    rulebook: Annotated[str, typer.Argument(help="Built-in rulebook id, or a rulebook file (not a scenario: a scenario "
                                                 "is its base rulebook plus changes).")],
    output: Annotated[str, typer.Option("--output", "-o", help="The file to write (.yaml).")],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Write a rulebook's own file, byte for byte: the copy a scheduled job was checked against.

    Loaded from the copy it is the same rulebook (the same sha256): a job may name the copy itself
    (--rulebook COPY), or, after an upgrade, compare it with the new version (rulebooks diff COPY ID).
    A scenario is its base rulebook plus changes: export the base and keep the scenario's file.
    Python: amnesty.api.export_rulebook.

    Example: amnesty rulebooks export aanes-2024-law-10 -o law-10-checked.yaml
    """
    tr = translator(lang)
    book = api.export_rulebook(rulebook, output, force=force)
    typer.echo(tr("wrote {id} v{version} (sha256 {sha256}) to {path}; after an upgrade: amnesty rulebooks diff "
                  "{path} {id}").format(id=book.id, version=book.version, sha256=book.sha256[:12], path=output))

