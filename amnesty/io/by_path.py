"""Records files a library reads by their path, an Excel workbook and Parquet, each handed on as
CSV text to the CSV reader, so that they are validated, numbered and refused exactly as a CSV
export of them would be (``amnesty.io.xlsx_reader``, ``amnesty.io.parquet_reader``).
"""

from __future__ import annotations

from pathlib import Path

from amnesty.errors import InputFileError
from amnesty.io.csv_reader import CsvSource
from amnesty.io.source import RecordSource, file_sha256
from amnesty.models.note import note


def with_file_digest(records: RecordSource, source: str | Path, digest: bool) -> RecordSource:
    """A workbook or Parquet file, read by path: its digest is that of the file, read once more."""
    if digest:
        records.digest = file_sha256(source)
    return records


def open_parquet_records(source: str | Path, fmt: str | None, delimiter: str | None, sheet: str | None) -> RecordSource:
    """A Parquet file, read as the CSV reader reads a file (see ``amnesty.io.parquet_reader``)."""
    from amnesty.io.parquet_reader import open_parquet

    for given, option in ((fmt, "a format"), (delimiter, "--delimiter"), (sheet, "--sheet")):
        if given is not None and not (option == "a format" and given.lower() == "parquet"):
            raise InputFileError(f"is a Parquet file; {option} does not apply to it", path=str(source))
    stream, note = open_parquet(source)
    try:
        records = CsvSource(stream, str(source))
    except BaseException:
        stream.close()
        raise
    records.notes = [note]
    records.sized = False  # compressed columns: the file says little of the text it holds
    return records


def open_workbook_records(source: str | Path, sheet: str | None) -> RecordSource:
    """An Excel sheet, read as the CSV reader reads a file (see ``amnesty.io.xlsx_reader``)."""
    from amnesty.io.xlsx_reader import open_sheet

    if str(source) == "-":
        raise InputFileError("a workbook cannot be read from standard input; give its path", path="-")
    stream, title = open_sheet(source, sheet)
    try:
        records = CsvSource(stream, str(source))
    except BaseException:
        stream.close()
        raise
    records.notes = [note("read sheet {sheet} of the workbook", sheet=repr(title))]
    records.sized = False  # a workbook is a ZIP archive
    return records
