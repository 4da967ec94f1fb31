"""``amnesty audit``: prove each rulebook's rules with its own worked cases."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.common import stdout_console
from amnesty.cli.text import visible


def audit(
    rulebooks: Annotated[
        Optional[list[str]],
        typer.Argument(help="Built-in rulebook ids or rulebook files. Default: every built-in rulebook."),
    ] = None,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Also show, per rule, how many cases make it fire, not fire and decide.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the audit as JSON (for CI).")] = False,
) -> None:
    """Run every worked case of each rulebook and check that each rule fires in one case and not in another.

    Exit code 0 when every case passes and every rule is covered; 1 otherwise, with each failing case and
    uncovered rule named by file and line. Python: amnesty.api.audit.

    Example: amnesty audit aanes-2024-law-10 aanes-2020-eid
    """
    reports = api.audit(rulebooks or [])
    if as_json:
        typer.echo(visible(json.dumps([r.to_dict() for r in reports], indent=2, ensure_ascii=False)))
    else:
        console = stdout_console()
        for report in reports:
            console.print(_headline(report))
            for line in report.problems() + [str(w) for w in report.lint.warnings]:
                console.print(f"  {line}", soft_wrap=True)
            if coverage and report.coverage:
                console.print(_coverage_table(report))
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def _headline(report) -> str:  # an api.audit result
    if not report.lint.ok and report.cases_run == 0:
        errors = len(report.lint.errors)
        return f"FAIL {report.id}: {errors} lint error{'s' * (errors != 1)}; no case was run"
    covered = len(report.coverage) - len(report.uncovered)
    share = 100 * covered // len(report.coverage) if report.coverage else 0
    return (
        f"{'ok  ' if report.ok else 'FAIL'} {report.id}: {report.passed} of {report.cases_run} cases passed, "
        f"{len(report.failed)} failed; {covered} of {len(report.coverage)} rules covered ({share}%)"
    )


def _coverage_table(report) -> Table:  # an api.audit result
    table = Table(title=f"Rule coverage: {report.id}", title_justify="left")
    for column in ("rule", "article", "fires", "does not fire", "decides", "covered"):
        table.add_column(column, justify="right" if column in ("fires", "does not fire", "decides") else "left")
    for rule in report.coverage:
        table.add_row(rule.rule, rule.article, str(len(rule.fires)), str(len(rule.does_not_fire)),
                      str(len(rule.decides)), "yes" if rule.covered else "NO")
    return table
