"""A raw byte stream made from an iterator of byte chunks.

Readers that turn another layout into CSV (a ``;``-separated export, an
Excel sheet) hand the CSV reader a file-like object that produces its
bytes one record at a time, so nothing is converted ahead of need.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator


class ChunkedStream(io.RawIOBase):
    """``readinto`` served from ``chunks``; ``on_close`` releases what the chunks are read from."""

    def __init__(self, chunks: Iterator[bytes], on_close: Callable[[], None]):
        super().__init__()
        self._chunks = chunks
        self._on_close = on_close
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            try:
                self._pending = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def close(self) -> None:
        if not self.closed:
            self._on_close()
        super().close()
