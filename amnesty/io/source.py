"""What every record reader shares: the row type, the source protocol, limits.

Readers never stop on a bad row, because every record in must give one
decision out: a row that cannot be read still comes out, as a ``RawRow``
with ``problem`` set, so the caller can turn it into an ``invalid``
decision that a person will look at. Only a problem with the file as a
whole (it is not UTF-8, it has no usable header, ...) raises, and it does so
before the first row, so nothing is half-decided.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from amnesty.errors import InputFileError
from amnesty.models.record import RECORD_FIELDS

FIELD_LIMIT = 1 << 20
"""Characters one field may hold. No field of the data dictionary comes
close; a bigger one is a broken export or a runaway quote."""

LINE_LIMIT = 1 << 25
"""Bytes one physical line may hold before it is skipped unread, so that a
file without line breaks cannot pull gigabytes into memory."""

PREFIX_SIZE = 1 << 16
"""Bytes read up front to judge the file as a whole (encoding, format)."""

ID_LIMIT = 256
"""A recovered record id longer than this is garbage, not an id."""

FIELD_SET = frozenset(RECORD_FIELDS)

EXTRA_KEYS_LIMIT = 1000
"""Names of columns or keys outside the data dictionary remembered for ``extra_columns``:
a file with 200,000 of them (or a new key on every JSON line) must not flood the summary
or grow memory without bound."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(slots=True)
class RawRow:
    """One record as read, before validation.

    ``values`` is None exactly when ``problem`` is set. ``problem`` follows
    the project's error style without the row's own line, which callers put
    in front (``line 7: field facility_id: contains a NUL byte ...``); other
    lines it refers to are named. ``record_id`` is recovered, verbatim, even
    from unreadable rows, so the invalid decision can still say whose it is.
    """

    line: int
    values: dict[str, Any] | None
    problem: str | None = None
    record_id: str | None = None


class RecordSource:
    """A stream of ``RawRow`` from one file; close it (or use ``with``).

    ``extra_columns`` lists the columns (CSV) or keys (JSON Lines) that the
    data dictionary does not name, so the caller can report them once.
    ``present_fields`` is the data dictionary's fields the file has: its header's
    (CSV, and the workbooks and Parquet files read as CSV), or the keys of any
    record read so far (JSON Lines); None where it is not known. A field the rules
    read and the file lacks is unknown for every record: a register export that
    lost a column moves hundreds of decisions to review without one invalid record,
    so a run says so (``amnesty.engine.absent``).
    """

    format: str = ""
    digest: Any = None  # with ``open_records(digest=True)``: the sha256 (or a stream giving its hexdigest())
    compression: str | None = None  # "gzip", "bzip2" or "xz" when the file was read through it
    sized: bool = True  # whether the file's size on disk is the size of the text read (not so compressed)
    opened_as: Any = None  # the file's state when opened (``amnesty.io.unchanged``); None for standard input

    def __init__(self, stream: BinaryIO, path: str):
        self.path = path
        self.extra_columns: list[str] = []
        self.present_fields: frozenset[str] | set[str] | None = None
        self._stream = stream
        self._rows: Iterator[RawRow] = iter(())

    def __enter__(self) -> RecordSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[RawRow]:
        return self

    def __next__(self) -> RawRow:
        try:
            return next(self._rows)
        except StopIteration:
            self.check_unchanged()  # every row read: were they the file's rows all along?
            raise

    def sha256(self) -> str | None:
        """The sha256 of the file's bytes, once read to its end (None unless asked for when opened)."""
        if self.digest is None or isinstance(self.digest, str):
            return self.digest
        return self.digest.hexdigest()

    def check_unchanged(self) -> None:
        """Once every row is read: refuse, in one sentence, a file that changed since it was opened."""
        from amnesty.io.unchanged import check_unchanged

        check_unchanged(self.path, self.opened_as)

    def close(self) -> None:
        close = getattr(self._rows, "close", None)
        if close is not None:
            close()
        self._stream.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path!r}>"


def file_sha256(path: str | Path) -> str:
    """The sha256 of the exact bytes of an input file read by its path (a report's provenance, a
    workbook's or Parquet file's digest), or one sentence saying why it cannot be read."""
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise InputFileError("input file not found", path=path) from None
    except OSError as exc:
        raise InputFileError(f"cannot read the input file: {exc.strerror}", path=path) from None


class Digesting(io.RawIOBase):
    """A stream's bytes as they are read, and the sha256 of every byte read so far: the digest of
    exactly the bytes a run decided (the file as it is on disk, compressed or not, or standard
    input), without reading the file a second time. ``close_inner=False`` leaves standard input open."""

    def __init__(self, inner: BinaryIO, *, close_inner: bool = True):
        super().__init__()
        import hashlib

        self._inner, self._close_inner = inner, close_inner
        self._digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._inner.readinto(buffer)
        if n:
            self._digest.update(memoryview(buffer)[:n])
        return n

    def hexdigest(self) -> str:
        return self._digest.hexdigest()

    def close(self) -> None:
        if self._close_inner and not self.closed:
            self._inner.close()
        super().close()


class PrefixedStream(io.RawIOBase):
    """Replays the bytes already read for sniffing, then the rest of the stream.

    Standard input cannot seek back, so the sniffed prefix is handed out
    again here instead; the same path serves files for simplicity. Closing
    it leaves standard input open (``close_rest=False``).
    """

    def __init__(self, prefix: bytes, rest: BinaryIO, *, close_rest: bool = True):
        super().__init__()
        self._prefix = memoryview(prefix)
        self._rest = rest
        self._close_rest = close_rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        return self._rest.readinto(buffer)

    def close(self) -> None:
        self._prefix = memoryview(b"")
        if self._close_rest and not self.closed:
            self._rest.close()
        super().close()


def skip_long_line(readline: Any, first: bytes) -> int:
    """Read past the rest of an over-long line; return its full length in bytes."""
    size = len(first)
    while True:
        more = readline(LINE_LIMIT)
        size += len(more)
        if not more or more.endswith(b"\n"):
            return size


def about(field: str | None, text: str) -> str:
    """A problem sentence in the project's style, ``field X: ...`` when the field is known."""
    return f"field {field}: {text}" if field else text


def oversize_problem(field: str | None, chars: int) -> str:
    return about(
        field,
        f"{chars / (1 << 20):.1f} MB ({chars:,} characters), over the {FIELD_LIMIT >> 20} MB limit for one field",
    )


def long_line_problem(size: int) -> str:
    return (
        f"the line is {size / (1 << 20):.1f} MB long, over the {LINE_LIMIT >> 20} MB limit "
        "for one line; it was not read"
    )


def line_break_problem(field: str | None) -> str:
    """A data-dictionary value holding a line break: ids and codes are one line, in every format."""
    return about(field, "holds a line break inside its value; a data-dictionary value is one line (a misplaced quote?)")


def nul_problem(field: str | None) -> str:
    return about(field, "contains a NUL byte (0x00), a sign of a corrupted export")


def undecodable_problem(text: str, field: str | None) -> str:
    """Name the first bad byte (kept as a surrogate by ``surrogateescape``)."""
    match = _UNDECODABLE.search(text)
    byte = f" (byte 0x{ord(match.group()) - 0xDC00:02X})" if match else ""
    return about(field, f"not valid UTF-8{byte}; re-save the file as UTF-8")


def has_undecodable(text: str) -> bool:
    return _UNDECODABLE.search(text) is not None


def clean_id(value: Any) -> str | None:
    """A record id fit to carry into a decision, verbatim, or None.

    Numbers (JSON) are kept as text, as the model reads them; half
    characters (undecodable bytes, lone surrogates) become U+FFFD so the
    output can always be written as UTF-8.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    if not value.strip() or len(value) > ID_LIMIT or "\n" in value or "\r" in value:
        return None
    if not value.isascii():
        value = _SURROGATE.sub("\ufffd", value)
    return value


def display_name(name: str) -> str:
    """A column or key name safe to print: whole characters, at most 80 of them."""
    if not name.isascii():
        name = _SURROGATE.sub("\ufffd", name)
    return name if len(name) <= 80 else name[:77] + "..."
