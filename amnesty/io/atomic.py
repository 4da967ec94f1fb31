"""Write a file completely or not at all.

A half-written decisions file is worse than none: someone may act on the
records it holds and never notice the ones it lost. Output goes to a hidden
temporary file beside the target, readable by the owner only, and is renamed
into place only once everything is written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from amnesty.errors import OutputFileError


def _same_file(a: Path, b: Path) -> bool:
    """Same file by identity (hard links, symlinks), falling back to resolved paths."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        with contextlib.suppress(OSError):
            return a.resolve() == b.resolve()
    return False


def check_target(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to clobber an input (even with force) or, without force, an existing file."""
    path = Path(path)
    if path.exists():
        for source in inputs:
            if _same_file(path, Path(source)):
                raise OutputFileError(
                    "the output is the input file; choose another output path", path=path
                )
        if path.is_dir():
            raise OutputFileError("is a directory; give a file name for the output", path=path)
        if not force:
            raise OutputFileError("already exists; pass --force to replace it", path=path)
    if not path.parent.exists():
        raise OutputFileError(f"folder {path.parent} does not exist", path=path)


@contextlib.contextmanager
def atomic_open(
    path: str | Path, *, force: bool = False, mode: str = "w", inputs: tuple[Path, ...] = ()
) -> Iterator[IO]:
    """Open ``path`` for writing via a temporary file renamed into place on success."""
    path = Path(path)
    check_target(path, force=force, inputs=inputs)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise OutputFileError(
            f"cannot write in folder {path.parent} ({exc.strerror or exc})", path=path
        ) from None
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
            os.chmod(tmp, 0o600)
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():  # appeared while we were writing
            raise OutputFileError("already exists; pass --force to replace it", path=path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
