"""One record of a records file, found by its id: what ``explain`` and a notebook look up.

A record is looked for as ``evaluate`` reads it (ids without surrounding whitespace, an unreadable
row too), so that whoever looks for a person by id finds the row behind that person's decision.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import amnesty.api as api  # the package, read at call time: a test or notebook may replace api.SAMPLE
from amnesty.errors import InputFileError


def find_record(record_id: str, input: str | Path | None = None) -> tuple[int, dict[str, Any]]:  # noqa: A002
    """The line and raw values of the first record with ``record_id``; a row with that id that cannot
    be read as a record is refused, naming its line and what is wrong with it."""
    row = find_row(record_id, input)
    if row.values is None:
        raise InputFileError(f"line {row.line} holds record_id {row.record_id!r} but cannot be read: {row.problem}",
                             path=str(api.SAMPLE if input is None else input))
    return row.line, row.values


def find_row(record_id: str, input: str | Path | None = None):  # noqa: A002
    """The first row of ``input`` whose record id is ``record_id``, as the reader gives it (a RawRow:
    line, values, problem, record_id), an unreadable row too: ``evaluate`` decides that row as
    ``invalid``, and whoever looks for the record by its id must find that decision."""
    from amnesty.io.readers import open_records

    source = api.SAMPLE if input is None else input
    record_id = record_id.strip()  # ids are compared without surrounding whitespace (data dictionary v2)
    with open_records(source) as rows:
        for row in rows:
            found = row.record_id if row.values is None else row.values.get("record_id", "")
            if found is not None and str(found).strip() == record_id:
                return row
        path = rows.path
    raise InputFileError(f"no record with record_id {record_id!r}", path=path)
