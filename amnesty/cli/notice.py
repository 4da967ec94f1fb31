"""``amnesty notice``: a printable decision notice per person, in the person's language."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from amnesty import api
from amnesty.cli.analysis_options import FacilitiesOpt
from amnesty.cli.common import AsOfOpt, LangOpt, RulebookOpt, parse_date, stdout_console

_INPUT_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".tsv", ".txt", ".xlsx", ".parquet", ".gz", ".bz2", ".xz")


def notice(
    args: Annotated[
        Optional[list[str]],
        typer.Argument(help="Record ids, then optionally the records file (.csv or .jsonl, or - for standard input). Default file: the bundled synthetic sample."),
    ] = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write, e.g. notices.html.")] = ...,  # type: ignore[assignment]
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    lang: LangOpt = "en",
    every: Annotated[bool, typer.Option("--all", help="A notice for every record of the file (with --facility: of that facility).")] = False,
    facility: Annotated[Optional[str], typer.Option("--facility", help="With --all: only the records of this facility code.")] = None,
    facilities: FacilitiesOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing file.")] = False,
) -> None:
    """Write printable decision notices, one A4 page per person: the law, the decision in plain words,
    each reason with its article, the new sentence and release date, what is missing and who to ask.

    The last argument is read as the records file when it ends in .csv, .jsonl, .xlsx, .parquet or .gz, is -
    or is an existing file or pipe.

    Example: amnesty notice SYN-000005 SYN-000042 --lang ar --output notices.html
    Example: amnesty notice records.csv --all --facility HSK-01 --lang ku --output hsk-01.html
    """
    args = list(args or [])
    input_ = None
    last = Path(args[-1]) if args else None  # a file, or a pipe (<(zcat register.csv.gz)): anything but a folder
    named = args and (args[-1] == "-" or args[-1].lower().endswith(_INPUT_SUFFIXES))
    if named or (last is not None and last.exists() and not last.is_dir()):
        input_ = args.pop()
    if facility is not None and not every:
        every = not args  # --facility alone means every record of it
    notices = api.notices(
        args, input_, rulebook=rulebook, as_of=parse_date(as_of), lang=lang, every=every,
        facility=facility.strip() if facility else None, facilities=facilities,
    )
    inputs = (Path(input_),) if input_ not in (None, "-") else ()
    size = api.write_notices(notices, output, force=force, inputs=inputs)
    from amnesty.i18n import translator

    tr = translator(lang)
    stdout_console().print(tr.ngettext("wrote {path} ({size} bytes): {count} notice, one page", "wrote {path} ({size} bytes): {count} notices, one page each", len(notices.notices)).format(
        path=output, size=tr.number(size), count=tr.number(len(notices.notices))))
