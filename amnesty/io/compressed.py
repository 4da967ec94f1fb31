"""Records files compressed with gzip, bzip2 or xz, read as they are; decisions written so.

A register's nightly export is usually compressed, and asking a data team to
decompress 150 MB to a temporary file before every run only moves the
failure elsewhere (a full disk, a forgotten clean-up). The compression is
recognised by its magic bytes, never by the file name, so ``records.csv.gz``,
a misnamed ``records.csv`` and standard input are all read the same way;
the name only tells the format inside (``records.csv.gz`` is CSV).

The standard library decompresses as a stream, so memory stays bounded by
the reader's own limits however large the file inflates. A stream that is
damaged or cut short can only be found on reaching it, possibly after many
records were read: it stops the run with one sentence naming the file and
what is wrong (an output file is written only at the end, so nothing is left
half-written).

Every file the tool writes is compressed when its name ends in ``.gz``,
``.bz2`` or ``.xz`` (``decisions.jsonl.gz``, ``errors.csv.gz``; done once,
in ``amnesty.io.atomic``): a million decisions are 771 MB of JSON Lines and
24 MB gzip-compressed. The gzip header carries no time and no name, so the
same run gives the same compressed bytes, and two nights can be compared
with ``cmp`` as plain files can.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from pathlib import Path
from typing import Any, BinaryIO

from amnesty.errors import InputFileError

# magic bytes -> the name a person knows the compression by
FORMATS = {b"\x1f\x8b": "gzip", b"BZh": "bzip2", b"\xfd7zXZ\x00": "xz"}
SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".bz2": "bzip2", ".xz": "xz"}
_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError, ValueError)
GZIP_LEVEL = 6  # gzip's own default: 1,000,000 decisions in 4 s of one core, to 24 MB (level 1: 2 s, 43 MB)


def compression_of(head: bytes) -> str | None:
    """The compression the first bytes of a file show, or None for a file that is not compressed."""
    for magic, name in FORMATS.items():
        if head.startswith(magic):
            return name
    return None


def inner_suffix(path: str) -> str:
    """The extension that names the format inside: ``.csv`` for ``records.csv.gz``."""
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] in SUFFIXES:
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def compression_for(path: str | Path) -> str | None:
    """The compression an output's name asks for (``decisions.jsonl.gz``: gzip), or None."""
    suffixes = Path(path).suffixes
    return SUFFIXES.get(suffixes[-1].lower()) if suffixes else None


def compressing(raw: BinaryIO, name: str) -> BinaryIO:
    """A stream that writes into ``raw`` compressed with ``name``; closing it ends the compressed
    data (and leaves ``raw`` open). gzip's header gets no time and no file name: same bytes every run."""
    if name == "gzip":
        return gzip.GzipFile(filename="", mode="wb", compresslevel=GZIP_LEVEL, fileobj=raw, mtime=0)
    if name == "bzip2":
        return bz2.BZ2File(raw, mode="wb")
    return lzma.LZMAFile(raw, mode="wb")


def decompressed(raw: BinaryIO, name: str, path: str) -> BinaryIO:
    """``raw`` (its first bytes included) as the text it holds, read as it is needed."""
    opener: Any = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[name]
    inner = opener(fileobj=raw, mode="rb") if name == "gzip" else opener(raw, mode="rb")
    return io.BufferedReader(_Checked(inner, raw, name, path), buffer_size=1 << 18)


class _Checked(io.RawIOBase):
    """The decompressing stream, its failures turned into one sentence about the file."""

    def __init__(self, inner: Any, raw: BinaryIO, name: str, path: str):
        super().__init__()
        self._inner, self._raw, self._name, self._path = inner, raw, name, path

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            n = self._inner.readinto(buffer)
        except _ERRORS as exc:
            raise InputFileError(self._damaged(exc), path=self._path) from None
        return n

    def _damaged(self, exc: BaseException) -> str:
        if isinstance(exc, EOFError):
            why = "it ends before its compressed data does (a copy cut short?)"
        else:
            why = f"its compressed data is damaged ({exc})"
        return f"is {self._name}-compressed and cannot be read to its end: {why}"

    def close(self) -> None:
        if not self.closed:
            try:
                self._inner.close()
            finally:
                self._raw.close()
        super().close()
