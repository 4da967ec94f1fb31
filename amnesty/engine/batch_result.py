"""What deciding a batch gives back to the run, whichever strategy decided it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Row = tuple  # (line, cells: tuple aligned with names | dict | None, problem: str | None, record_id: str | None)


@dataclass
class BatchResult:
    """What a batch gives back: one entry per record, in input order."""

    lines: list[int] = field(default_factory=list)
    ids: list[str | None] = field(default_factory=list)  # as read, for the caller's duplicate check
    problems: list[int] = field(default_factory=list)  # positions of rows the reader could not read
    codes: list[int] = field(default_factory=list)  # index into kinds, per record
    kinds: list[tuple[str | None, str, tuple[str, ...]]] = field(default_factory=list)  # (facility, outcome, possible)
    out: list[Any] | None = None  # encoded decisions, or decision dicts, or None (counts only)
    errors: dict[int, list[str]] = field(default_factory=dict)  # every error of each invalid decision, in order
    dated_after: dict[str, int] = field(default_factory=dict)  # records dated after the as-of date (engine.dated)
    # With ``out`` one blob of JSON lines: each line's length in bytes (a stdlib array), so the reading
    # process checks the count and replaces a duplicate's line without splitting or joining the blob.
    sizes: Any = None
