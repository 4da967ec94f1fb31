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


def check_target(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to clobber an input or, without force, an existing file."""
    for source in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and path.resolve() == source.resolve():
                raise OutputFileError(
                    "the output is the input file; choose another output path", path=path
                )
    if path.exists() and not force:
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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.chmod(tmp, 0o600)
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
