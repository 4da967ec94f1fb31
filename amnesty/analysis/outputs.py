"""Analysis results as files: JSON, JSON Lines or CSV, written completely or not at all.

The format comes from the extension. Output is deterministic byte for byte
(keys in a fixed order, ``\\n`` line ends), so two runs can be compared
with ``cmp``; files go through ``atomic_open`` like decisions do.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from amnesty.errors import OutputFileError
from amnesty.io.atomic import STDIN, atomic_open
from amnesty.io.cells import safe_cell
from amnesty.io.guards import format_suffix

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def input_paths(source: str) -> tuple[Path, ...]:
    """The input file, which an output must never replace (standard input too, when it is a file)."""
    if source in ("-", "<stdin>"):
        return (STDIN,)
    return () if source.startswith("<") else (Path(source),)


def output_format(path: str | Path, allowed: Sequence[str]) -> str:
    """The format a name asks for; ``changed.csv.gz`` is CSV, written compressed (``io.atomic``)."""
    suffix = format_suffix(path)
    if suffix not in allowed:
        raise OutputFileError(
            f"cannot tell the format from the extension; use {', '.join('.' + a for a in allowed)} "
            f"(add .gz, .bz2 or .xz to have it compressed)", path=path
        )
    return suffix


def write_json(path: str | Path, data: Any, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    with atomic_open(path, force=force, inputs=inputs) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def write_jsonl(
    path: str | Path, items: Iterable[Mapping[str, Any]], *, force: bool = False, inputs: tuple[Path, ...] = ()
) -> int:
    count = 0
    with atomic_open(path, force=force, inputs=inputs) as handle:
        for item in items:
            handle.write(_encode(item) + "\n")
            count += 1
    return count


def write_csv(
    path: str | Path,
    rows: Iterable[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    force: bool = False,
    inputs: tuple[Path, ...] = (),
) -> int:
    """A header, then one line per row; lists are joined with ``;``, nested objects flattened with ``_``.

    Cells a spreadsheet would run as formulas get a leading ``'`` (see ``amnesty.io.cells``).
    """
    count = 0
    with atomic_open(path, force=force, inputs=inputs) as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow([safe_cell(str(column)) for column in columns])
        for row in rows:
            flat = flatten(row)
            writer.writerow([safe_cell(_cell(flat.get(column))) for column in columns])
            count += 1
    return count


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flatten(value, f"{name}_"))
        else:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(_cell(item) for item in value)
    return str(value)


CHANGED_COLUMNS = (
    "record_id", "facility_id", "region", "as_of",
    "baseline_outcome", "scenario_outcome",
    "baseline_sentence_type", "baseline_sentence_months", "scenario_sentence_type", "scenario_sentence_months",
    "baseline_release_date", "scenario_release_date",
    "deciding_rules", "baseline_rules", "scenario_rules",
)


def write_changed(comparison, path: str | Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> int:
    """Exactly the changed records, one per line (``.jsonl``) or row (``.csv``); none gives an empty file."""
    fmt = output_format(path, ("jsonl", "csv"))
    rows = (change.to_dict(comparison.as_of) for change in comparison.changed)
    if fmt == "jsonl":
        return write_jsonl(path, rows, force=force, inputs=inputs)
    return write_csv(path, rows, CHANGED_COLUMNS, force=force, inputs=inputs)


def write_table(result, path: str | Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    """A sweep or timeline as JSON (everything) or CSV (its flat table)."""
    fmt = output_format(path, ("json", "csv"))
    if fmt == "json":
        write_json(path, result.to_dict(), force=force, inputs=inputs)
        return
    rows = result.table()
    columns = list(rows[0]) if rows else []
    write_csv(path, rows, columns, force=force, inputs=inputs)
