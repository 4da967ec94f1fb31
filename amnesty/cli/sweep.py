"""``amnesty sweep``: outcome counts across a range of one parameter, or a grid of several."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Optional, List

import typer
from rich.table import Table

from amnesty import api
from amnesty.cli.analysis_options import ForceOpt, invalid_exit, side_line
from amnesty.cli.notes import as_of_and_why, print_notes
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, fitted_in, localised_header, parse_date, stdout_console
from amnesty.i18n import translator
from amnesty.i18n.rulebook import RulebookTexts, location_of
from amnesty.errors import ScenarioError


def sweep(
    input: InputArg = None,
    param: Annotated[Optional[str], typer.Option("--param", "-p", help="NAME=FROM:TO:STEP (numbers; dates step by 30d, 2w, 3m, 1y) or NAME=a,b,c (a;b;c when values are lists).")] = None,
    grid: Annotated[Optional[List[str]], typer.Option("--grid", "-g", help="NAME=FROM:TO:STEP or NAME=a,b,c, repeatable: one row per combination of the values (the grid's points).")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Local processes sharing the records out (default: every core); same numbers for any number.")] = None,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); same numbers as locally.")] = None,
    max_points: Annotated[int, typer.Option("--max-points", min=1, help="Refuse a grid of more points than this.")] = 1000,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Write the rows to FILE (.csv, or .json with everything).")] = None,
    force: ForceOpt = False,
    lang: LangOpt = "en",
) -> None:
    """Evaluate the records once per value of one parameter (or per point of a grid of several) and count outcomes and releases within 1, 2 and 5 years.

    Example: amnesty sweep --param life_commuted_years=10:25:1 --output sweep.csv
    """
    tr = translator(lang)
    if (param is None) == (not grid):
        raise ScenarioError("give either --param NAME=VALUES (one parameter) or --grid NAME=VALUES, once per parameter")
    if grid:
        if then:
            raise ScenarioError("a grid varies the parameters of one rulebook; --then is not supported with --grid")
        api.check_outputs([(output, ("json", "csv"))], force=force, inputs=(input, rulebook))
        book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [])
        result = api.sweep_grid(input, rulebook=book, grid=grid, as_of=parse_date(as_of), workers=workers,
                                scheduler=scheduler, max_points=max_points)
        _show_grid(result, book, output, force, tr, rulebook)
        return
    name, sep, spec = param.partition("=")
    if not sep or not name.strip():
        raise ScenarioError(f"--param expects NAME=FROM:TO:STEP or NAME=a,b,c, got {param!r}")
    api.check_outputs([(output, ("json", "csv"))], force=force, inputs=(input, rulebook))
    book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [])
    result = api.sweep(input, rulebook=book, param=name.strip(), values=spec, as_of=parse_date(as_of), then=then or [],
                       workers=workers, scheduler=scheduler)
    if output:
        result.write(output, force=force)
    console = stdout_console()
    console.print(side_line(api.rulebook_info(api.load_rulebook(book, then=then or [])), tr, rulebook))
    base = result.base_value.isoformat() if isinstance(result.base_value, date) else result.base_value
    own = RulebookTexts(location_of(book), tr.lang)  # the description in the reader's language
    console.print(tr("{param}: {description} (the rulebook's value: {value}; marked *)").format(
        param=result.param, description=own.parameter(result.description), value=base))
    console.print(tr("as of {as_of}; {records} records from {source}").format(
        as_of=as_of_and_why(result, tr), records=tr.number(result.records), source=result.source))
    print_notes(console, result, tr)
    columns = (*api.OUTCOMES, *(f"out in {n}" for n in result.rows[0].released_within))
    console.print(fitted_in(console, lambda header: _table(result, columns, _sweep_header(header, tr), tr), columns, tr))
    lines = _possible_lines(result, tr)
    if lines:
        console.print(tr("depending on unknown facts, as many as:") + " " + tr("; ").join(lines))
    if output:
        console.print(tr("{count} rows written to {path}").format(count=len(result.rows), path=output))
    invalid_exit(console, result.rows[0].outcomes["invalid"], tr)


def _sweep_header(header, tr):
    """English keeps its (shortened) headers; another language says every column in words:
    "out in 2y" is "إفراج خلال سنتين", never an English "2y"."""
    if tr.lang == "en":
        return header
    outcomes = localised_header(str, tr)
    return lambda name: _released_within(name, tr) if name.startswith("out in ") else outcomes(name)


def _released_within(name: str, tr) -> str:
    """The heading of a column of releases within ``n`` years ("out in 5y"), in ``tr``'s language."""
    within = name.removeprefix("out in ")
    if within.endswith("y") and within[:-1].isdigit():
        years = int(within[:-1])
        return tr.ngettext("out in {n} year", "out in {n} years", years).format(n=tr.number(years))
    return tr("out in {n}").format(n=within)


def _table(result, columns, header, tr=None) -> Table:
    tr = tr or translator("en")
    table = Table(title=tr("Outcomes by value of {param}, as of {as_of}").format(param=result.param, as_of=result.as_of),
                  title_justify="left")
    table.add_column(result.param, no_wrap=True)
    for column in columns:
        table.add_column(header(column), justify="right", no_wrap=True)
    for row, flat in zip(result.rows, result.table()):
        mark = " *" if row.value == result.base_value else ""
        shown = f"{row.value:.6g}" if isinstance(row.value, float) else flat[result.param]
        table.add_row(f"{shown}{mark}", *(tr.number(n) for n in row.outcomes.values()),
                      *(tr.number(n) for n in row.released_within.values()))
    return table


def _possible_lines(result, tr) -> list[str]:
    """Per value, the outcomes unknown facts could raise: "20: up to 1,429 release, 1,307 reduced"."""
    lines = []
    for row, flat in zip(result.rows, result.table()):
        more = _more(row, tr)
        if more:
            lines.append(tr("{value}: up to {counts}").format(value=flat[result.param], counts=more))
    return lines


def _more(row, tr) -> str:
    """The outcomes a row could have more of, once unknown facts are known: "1,429 release, 1,307 reduced"."""
    return tr.list_sep().join(f"{tr.number(b['possible'])} {tr.outcome(o)}"
                              for o, b in row.bounds.items() if b["possible"] > b["certain"])


def _show_grid(result, book, output, force, tr, rulebook=None) -> None:
    """The law, the as-of date, the grid's axes, then one table row per point."""
    if output:
        result.write(output, force=force)
    console = stdout_console()
    console.print(side_line(api.rulebook_info(book), tr, rulebook))
    own = RulebookTexts(location_of(book), tr.lang)
    for name, values in result.grid.items():
        console.print(tr("{param}: {description} (the rulebook's value: {value}; values: {values})").format(
            param=name, description=own.parameter(result.parameters[name]["description"]),
            value=result.parameters[name]["rulebook_value"], values=tr.list_sep().join(_cell(v) for v in values)))
    console.print(tr("as of {as_of}; {records} records from {source}; {points} grid points").format(
        as_of=as_of_and_why(result, tr), records=tr.number(result.records), source=result.source,
        points=tr.number(len(result.rows))))
    print_notes(console, result, tr)
    columns = (*api.OUTCOMES, *(f"out in {n}" for n in result.rows[0].released_within))
    table = fitted_in(console, lambda header: _grid_table(result, columns, _sweep_header(header, tr), tr), columns, tr)
    for column in table.columns[:len(result.grid)]:  # the parameters' names and values, kept whole in every language
        column.no_wrap = True
    console.print(table)
    lines = _possible_grid_lines(result, tr)
    if lines:
        console.print(tr("depending on unknown facts, as many as:"))
        for line in lines:
            console.print(f"  {line}")
    if output:
        console.print(tr("{count} rows written to {path}").format(count=len(result.rows), path=output))
    invalid_exit(console, result.rows[0].outcomes["invalid"], tr)


def _cell(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(map(str, value))
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def _grid_table(result, columns, header, tr) -> Table:
    table = Table(title=tr("Outcomes at each point of the grid, as of {as_of}").format(as_of=result.as_of),
                  title_justify="left")
    for name in result.grid:
        table.add_column(name, no_wrap=True)
    for column in columns:
        table.add_column(header(column), justify="right", no_wrap=True)
    for row in result.rows:
        table.add_row(*(_cell(v) for v in row.point.values()), *(tr.number(n) for n in row.outcomes.values()),
                      *(tr.number(n) for n in row.released_within.values()))
    return table


def _possible_grid_lines(result, tr) -> list[str]:
    """Per point, the outcomes unknown facts could raise: "life_commuted_years=15 release_age=65: up to ..."."""
    lines = []
    for row in result.rows:
        more = _more(row, tr)
        if more:
            point = " ".join(f"{k}={_cell(v)}" for k, v in row.point.items())
            lines.append(tr("{value}: up to {counts}").format(value=point, counts=more))
    return lines
