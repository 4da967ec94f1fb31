"""A records file that changes while a run reads it is refused, not decided.

A nightly export still being written (appended to, rewritten in place,
replaced by a rename) and read at the same time gives the decisions of a
file that never existed as such: the last line read may be cut short, and a
value cut short can still be valid and wrong (a sentence of 12 months cut
from 120). So a run notes the file's identity, size and modification time
when it opens it and looks again once every record is read, before any
output is put in place; a change stops the run with one sentence and
nothing written. The report does the same with the file's sha256.

Only a regular file named by its path is watched: standard input and pipes
have nothing to look at again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from amnesty.errors import InputFileError

_AGAIN = "nothing was written: run again once the export is finished"


@dataclass(frozen=True)
class FileState:
    """What a change to a file changes: which file the path names, its size, its last write."""

    device: int
    inode: int
    size: int
    modified_ns: int


def state_of(source: str | Path) -> FileState | None:
    """The state of ``source`` if it names a regular file, else None (standard input, a pipe)."""
    if str(source) == "-":
        return None
    try:
        found = os.stat(source)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return FileState(found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def check_unchanged(source: str | Path, before: FileState | None) -> None:
    """Raise InputFileError, in one sentence, if the file at ``source`` is not as it was ``before``."""
    if before is None:
        return
    now = state_of(source)
    if now is None:
        why = f"was removed while it was read; {_AGAIN}"
    elif (now.device, now.inode) != (before.device, before.inode):
        why = f"was replaced by another file while it was read; {_AGAIN}"
    elif now.size != before.size:
        why = f"changed while it was read (from {before.size:,} to {now.size:,} bytes); {_AGAIN}"
    elif now.modified_ns != before.modified_ns:
        why = f"was written to while it was read (its size the same, its modification time not); {_AGAIN}"
    else:
        return
    raise InputFileError(why, path=str(source))
