"""Records handed over in memory (a notebook's dicts or Record objects) as a record source.

A notebook's records go through the same run as a file's
(``amnesty.engine.run``), so they get the same row contract, the same
duplicate rule and the same bytes. The only difference a user sees is the
name of a position: "record 3" rather than "line 3", since a list has no
lines. Keys outside the data dictionary are ignored, as a file's extra
columns are; what a file reader refuses in a value (a NUL character, a line
break, more than 1 MB of text, half a character) is refused here in the
same words; something that is not a mapping still gives one decision
(invalid), never a dropped record or a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from amnesty.io.source import (
    FIELD_LIMIT, FIELD_SET, RawRow, about, clean_id, line_break_problem, nul_problem, oversize_problem,
)

_KINDS = {type(None): "nothing (None)", str: "a string", int: "a number", float: "a number", bool: "true/false",
          list: "a list", tuple: "a tuple"}


class MemorySource:
    """``RawRow`` for each record of an iterable, numbered from 1, read lazily.

    ``unit`` names a position in a decision's messages ("record 3"); ``at`` builds a source of
    records that already have positions, such as rows picked out of a file by their line.
    """

    format = "memory"

    def __init__(self, records: Iterable[Any], *, unit: str = "record", path: str = "<records>",
                 positioned: bool = False):
        self.unit, self.path = unit, path
        self.extra_columns: list[str] = []
        self._rows = self._iter_rows(records if positioned else enumerate(records, start=1))

    @classmethod
    def at(cls, positioned: Iterable[tuple[int, Any]], *, unit: str = "line", path: str = "<records>") -> MemorySource:
        """A source of (position, record) pairs, positions increasing (a file's lines, say); a record
        may be a reader's ``RawRow``, unreadable ones included."""
        return cls(positioned, unit=unit, path=path, positioned=True)

    def _iter_rows(self, positioned: Iterable[tuple[int, Any]]) -> Iterator[RawRow]:
        for position, record in positioned:
            if isinstance(record, RawRow):  # a row a reader has judged already, readable or not
                yield RawRow(position, record.values, record.problem, record.record_id)
                continue
            values = _values(record)
            if values is None:
                kind = _KINDS.get(type(record), f"a {type(record).__name__}")
                yield RawRow(position, None, f"holds {kind}, not a record (a mapping of field names to values, "
                                             "or a Record)", None)
                continue
            problem = _value_problem(values)
            if problem is not None:
                yield RawRow(position, None, problem, clean_id(values.get("record_id")))
                continue
            yield RawRow(position, values, None, clean_id(values.get("record_id")))

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def __enter__(self) -> MemorySource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._rows.close()


def _value_problem(values: dict[str, Any]) -> str | None:
    """What the file readers refuse in a value before the record model sees it, in their words."""
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        if "\0" in value:
            return nul_problem(name)
        if len(value) > FIELD_LIMIT:
            return oversize_problem(name, len(value))
        if "\n" in value or "\r" in value:
            return line_break_problem(name)
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return about(name, "holds half a character (a lone surrogate), which cannot be written as UTF-8")
    return None


def _values(record: Any) -> dict[str, Any] | None:
    """A record's data-dictionary values, as a reader would hand them on; None for a non-record."""
    dump = getattr(record, "model_dump", None)
    if dump is not None and hasattr(type(record), "model_fields"):
        return {name: value for name, value in dump().items() if name in FIELD_SET}
    if isinstance(record, Mapping):
        return {name: value for name, value in record.items() if name in FIELD_SET}
    return None
