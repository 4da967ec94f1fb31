"""CSV exported with ``;`` or tab between columns, read as if it used commas.

Excel in many locales (Arabic, French, German, Turkish) saves "CSV" with
semicolons, and some registers come as tab-separated text. The careful CSV
reader expects commas; rather than teach every part of it another
delimiter, such a file is rewritten on the fly, record by record, into
comma-separated CSV with the same physical lines (a value with a line
break keeps it, a blank line stays blank), so every line number in every
message is still the line in the file the clerk has open.

The delimiter is the one given (``--delimiter``), or detected from the
header line: a header with no comma but a ``;`` or a tab between names the
data dictionary knows. Either way the caller is told, in a note.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from amnesty.io.chunked import ChunkedStream
from amnesty.errors import InputFileError
from amnesty.io.source import FIELD_SET
from amnesty.models.note import N_, Note

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
_NAMES = {"comma": ",", "semicolon": ";", "tab": "\t", "\\t": "\t", "pipe": "|"}


def delimiter_of(text: str | None, path: str) -> str | None:
    """The delimiter a user typed: ``;``, ``tab`` (or ``\\t``), ``,``, ``|``; None when not given."""
    if text is None:
        return None
    value = _NAMES.get(text.lower(), text)
    if value not in DELIMITERS:
        raise InputFileError(
            f"--delimiter must be one of ',', ';', 'tab' or '|', got {text!r}", path=path
        )
    return value


def detect(header: bytes) -> str | None:
    """``;`` or tab when the header line uses it between data-dictionary names and has no comma."""
    line = header.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", "replace").lstrip("\ufeff")
    if "," in line:
        return None
    for sep in (";", "\t", "|"):
        names = [name.strip().strip('"').lower() for name in line.split(sep)]
        if len(names) > 1 and sum(name in FIELD_SET for name in names) >= 2:
            return sep
    return None


_READ_WITH = {  # each said whole, so that each language can say it its own way
    (";", True): N_("read with semicolons between columns (as given with --delimiter)"),
    (";", False): N_("read with semicolons between columns (detected from the header)"),
    ("\t", True): N_("read with tabs between columns (as given with --delimiter)"),
    ("\t", False): N_("read with tabs between columns (detected from the header)"),
    ("|", True): N_("read with vertical bars between columns (as given with --delimiter)"),
    ("|", False): N_("read with vertical bars between columns (detected from the header)"),
}


def note(delimiter: str, given: bool) -> str:
    """How the file was read, as a Note a command says in its reader's language."""
    return Note(_READ_WITH[delimiter, given], None, None, {})


class CommaStream(ChunkedStream):
    """The bytes of a ``delimiter``-separated stream, rewritten with commas, one record at a time."""

    def __init__(self, stream: BinaryIO, delimiter: str):
        self._delimiter = delimiter
        self._text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
        super().__init__(self._records(), stream.close)

    def _records(self) -> Iterator[bytes]:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        for cells in csv.reader(self._text, delimiter=self._delimiter):
            writer.writerow(cells)
            yield out.getvalue().encode("utf-8", "surrogateescape")
            out.seek(0)
            out.truncate()


def with_commas(stream: BinaryIO, delimiter: str) -> BinaryIO:
    return io.BufferedReader(CommaStream(stream, delimiter), buffer_size=1 << 18)
