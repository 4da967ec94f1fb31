"""Write a file completely or not at all.

A half-written decisions file is worse than none: someone may act on the
records it holds and never notice the ones it lost. Output goes to a hidden
temporary file beside the target, readable by the owner only, and is renamed
into place only once everything is written.

The temporary file is locked while it is written. A run that was killed
(SIGKILL, a power cut) cannot remove its own temporary file, so the next
run writing to the same target removes any such file nobody holds a lock
on. A full disk or a file-size limit is one sentence (exit 2), and the old
file, if any, stays as it was.

A target whose name ends in ``.gz``, ``.bz2`` or ``.xz`` is written
compressed so, whatever writes it (decisions, the errors file, a worklist,
a summary): a file named as compressed always is (``amnesty.io.compressed``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import sys
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from amnesty.errors import OutputFileError, no_room
from amnesty.io.compressed import compressing, compression_for

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

STDIN = Path("-")
"""Standard input, as an input no output may replace (when it is a file: ``evaluate - -o in.csv < in.csv``)."""


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.fstat(sys.stdin.fileno()) if str(path) == "-" else os.stat(path)
    except (OSError, ValueError, AttributeError):
        return None
    return st.st_dev, st.st_ino


def same_file(a: Path, b: Path) -> bool:
    """Same file by identity (hard links, symlinks, standard input), falling back to resolved paths."""
    first, second = _identity(a), _identity(b)
    if first is not None and second is not None:
        return first == second
    if str(b) == "-":
        return False
    with contextlib.suppress(OSError, RuntimeError):
        return a.resolve() == b.resolve()
    return False


def check_target(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to clobber an input (even with force), a file another run is writing now, or, without
    force, an existing file or link."""
    path = Path(path)
    for source in inputs:
        if same_file(path, Path(source)):
            what = "standard input" if str(source) == "-" else f"the input file {source}"
            raise OutputFileError(f"the output is {what}; choose another output path", path=path)
    if path.is_symlink() and not path.exists():
        if not force:
            raise OutputFileError(
                "already exists as a symbolic link to a missing file; pass --force to replace the link", path=path
            )
    elif path.exists():
        if path.is_dir():
            raise OutputFileError("is a directory; give a file name for the output", path=path)
        if not force:
            raise OutputFileError("already exists; pass --force to replace it", path=path)
    if not path.parent.exists():
        raise OutputFileError(f"folder {path.parent} does not exist", path=path)
    if _being_written(path):
        raise OutputFileError("another run is writing this file now (a scheduled job that overlaps the last?); "
                              "wait for it to end, or name another output", path=path)


def _temp_prefix(path: Path) -> str:
    """A prefix for the temporary file that fits any file system's 255-byte name limit, and is the
    same for every run writing ``path`` (so a later run can find what a killed one left)."""
    name = path.name
    short = name.encode("utf-8", "surrogateescape")[:80].decode("utf-8", "ignore")
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:10]
    return f".{short}.{digest}."


# A file system with no locks (some NFS and SMB mounts): a run cannot tell a live writer's temporary
# file from an abandoned one there, so it neither waits for one nor removes one.
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL, errno.ENOSYS}


def _held(entry_path: str) -> bool | None:
    """Whether a living process holds this temporary file locked (it is writing it); None where the
    file system keeps no locks and this cannot be told."""
    try:
        fd = os.open(entry_path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        return None if exc.errno in _NO_LOCKS else True
    finally:
        os.close(fd)  # a lock taken here goes with the descriptor
    return False


def _locked(fd: int) -> int | None:
    """A second descriptor of the temporary file, holding its lock; None on a file system with no locks
    (the run goes on: it only cannot be seen by, nor see, another run writing the same file)."""
    lock = os.dup(fd)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(lock)
        if exc.errno in _NO_LOCKS:
            return None
        raise
    return lock


def _temporaries(folder: Path, prefix: str) -> list[str]:
    with contextlib.suppress(OSError):
        return [entry.path for entry in os.scandir(folder)
                if entry.name.startswith(prefix) and entry.name.endswith(".partial")]
    return []


def _being_written(path: Path) -> bool:
    """Whether another run is writing ``path`` now: two writers would each rename a whole file into
    place, and which of the two a reader gets would be chance (best effort: two runs that start in
    the same instant can both go on)."""
    if fcntl is None:
        return False
    return any(_held(temporary) is True for temporary in _temporaries(path.parent, _temp_prefix(path)))


def _remove_abandoned(folder: Path, prefix: str) -> None:
    """Delete temporary files of this target that no living process holds locked (best effort)."""
    if fcntl is None:
        return
    for temporary in _temporaries(folder, prefix):
        if _held(temporary) is False:  # a running writer holds its own; with no locks, nothing is known
            with contextlib.suppress(OSError):
                os.unlink(temporary)


@contextlib.contextmanager
def atomic_open(
    path: str | Path, *, force: bool = False, mode: str = "w", inputs: tuple[Path, ...] = ()
) -> Iterator[IO]:
    """Open ``path`` for writing via a temporary file renamed into place on success."""
    path = Path(path)
    check_target(path, force=force, inputs=inputs)
    prefix = _temp_prefix(path)
    _remove_abandoned(path.parent, prefix)
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".partial", dir=path.parent)
    except OSError as exc:
        raise OutputFileError(
            f"cannot write in folder {path.parent} ({exc.strerror or exc})", path=path
        ) from None
    binary = "b" in mode
    lock = None
    try:
        if fcntl is not None:
            # Held until the rename is done (a second descriptor outlives the handle); the system
            # drops it when the process dies, which is how a later run knows the file was abandoned.
            lock = _locked(fd)
        with os.fdopen(fd, "wb") as raw:
            _set_permissions(tmp, raw.fileno(), _replaced(path) if force else None)
            with _layered(raw, binary, compression_for(path)) as handle:
                yield handle
            raw.flush()
            os.fsync(raw.fileno())
        if not force and (path.exists() or path.is_symlink()):  # appeared while we were writing
            raise OutputFileError("already exists; pass --force to replace it", path=path)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        room = no_room(exc)
        if room:
            raise OutputFileError(
                f"cannot be written: {room} ({exc.strerror}); nothing was written and any old file is unchanged",
                path=path,
            ) from None
        raise
    finally:
        if lock is not None:
            os.close(lock)
    _sync_folder(path.parent)


def _replaced(path: Path) -> os.stat_result | None:
    """The regular file ``path`` names now (one --force replaces), or None."""
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _set_permissions(tmp: str, fd: int, replaced: os.stat_result | None) -> None:
    """A new file is the owner's only: decisions name detained people. A file replaced with --force
    keeps its permissions and, where the system lets this user, its group: a data team that made
    last night's decisions readable to its loader (``chmod 640``, ``chgrp``) finds tonight's so
    too, not a file its loader cannot open. Set-id and sticky bits are never carried over."""
    if replaced is None:
        os.chmod(tmp, 0o600)
        return
    if hasattr(os, "fchown") and replaced.st_gid != os.fstat(fd).st_gid:
        with contextlib.suppress(OSError):  # only a group this user is in; else the file keeps its own
            os.fchown(fd, -1, replaced.st_gid)
    os.chmod(tmp, stat.S_IMODE(replaced.st_mode) & 0o777)  # after chown, which may clear bits


@contextlib.contextmanager
def _layered(raw: IO[bytes], binary: bool, compression: str | None) -> Iterator[IO]:
    """``raw`` as its writer wants it: bytes or UTF-8 text, compressed when the name asks. The
    compressed data is ended only once everything is written; a failed run's file is removed."""
    packed = compressing(raw, compression) if compression else None
    inner = raw if packed is None else packed
    handle = inner if binary else io.TextIOWrapper(inner, encoding="utf-8", newline="", write_through=False)
    try:
        yield handle
        if handle is not inner:
            handle.flush()
    except BaseException:
        with contextlib.suppress(Exception):  # the file is removed; its end is written only to be let go
            _detach(handle, inner)
            if packed is not None:
                packed.close()
        raise
    _detach(handle, inner)
    if packed is not None:
        packed.close()  # the end of the compressed data, before the file is renamed into place


def _detach(handle: IO, inner: IO) -> None:
    if handle is not inner:
        handle.flush()
        handle.detach()  # leaves ``inner`` open for the caller to end


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; best effort (not every system allows it)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
