"""Every output a command will write, checked before any record is decided.

A command with two outputs (``compare --output A --tables B``) must not
write A and then fail on B's name; and no output may replace anything the
run reads: the records (also when they come on standard input from a
file), the facility register, a rulebook or scenario file. So commands
name all their outputs and inputs here first, and the run starts only when
every target is sound.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from amnesty.errors import OutputFileError
from amnesty.io.atomic import STDIN, same_file, check_target
from amnesty.io.compressed import compression_for, inner_suffix


def input_files(*sources: object) -> tuple[Path, ...]:
    """The files among ``sources`` (paths, "-" for standard input, rulebook ids, None) a run reads."""
    found: list[Path] = []
    for source in sources:
        if source is None:
            continue
        text = str(source)
        if text in ("-", "<stdin>"):
            found.append(STDIN)
        elif Path(text).exists():
            found.append(Path(text))
    return tuple(found)


def format_suffix(path: str | Path) -> str:
    """The format a file's name gives, without its dot: ``jsonl`` for ``changed.ndjson`` and for
    ``changed.jsonl.gz`` (a compressed name is written compressed, ``io.atomic``)."""
    suffix = inner_suffix(str(path)) if compression_for(path) else Path(path).suffix.lower()
    suffix = suffix.lstrip(".")
    return {"ndjson": "jsonl"}.get(suffix, suffix)


def check_outputs(
    targets: Iterable[tuple[str | Path | None, Sequence[str]]], *, force: bool, inputs: tuple[Path, ...]
) -> None:
    """Refuse before any work: a wrong extension, an existing file without force, an input, a target named twice.

    ``targets`` are (path or None, the formats its extension may name).
    """
    seen: list[Path] = []
    for target, formats in targets:
        if target is None or str(target) == "-":
            continue
        path = Path(target)
        suffix = format_suffix(path)
        if formats and suffix not in formats:
            raise OutputFileError(
                f"cannot tell the format from the extension; use {', '.join('.' + f for f in formats)} "
                f"(add .gz, .bz2 or .xz to have it compressed)", path=path
            )
        check_target(path, force=force, inputs=inputs)
        for other in seen:
            if path == other or same_file(path, other) or path.resolve() == other.resolve():
                raise OutputFileError(f"is named as two outputs (also as {other}); give each its own file", path=path)
        seen.append(path)
