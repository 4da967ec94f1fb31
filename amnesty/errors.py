"""One tree of errors, so the command line can turn any of them into one sentence.

Every class keeps the details (file, line, rule, field, value) as attributes,
and its message says what went wrong, where, and what to do next.
"""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable
from pathlib import Path


class AmnestyError(Exception):
    """Base of every error the project raises on purpose."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class RulebookError(AmnestyError):
    """Raised when a rulebook file is missing, malformed or inconsistent."""

    def __init__(self, message: str, *, path=None, line=None, rule_id: str | None = None):
        self.rule_id = rule_id
        if rule_id:
            message = f"rule {rule_id!r}: {message}"
        super().__init__(message, path=path, line=line)


class ScenarioError(AmnestyError):
    """Raised when a scenario or a --set/--disable names something the rulebook lacks."""


class InputFileError(AmnestyError):
    """Raised for a problem with a whole input file (encoding, header, format): nothing is decided."""


class InvalidRecordError(InputFileError):
    """Raised under --strict at the first record that breaks the input contract."""


class OutputFileError(AmnestyError):
    """Raised when an output cannot be written safely (exists without --force, is the input, ...)."""


class SettingError(AmnestyError):
    """Raised for a setting given a value it cannot use: an option read by the API (--max-invalid) or an
    environment variable the project reads (AMNESTY_BATCH_BYTES)."""


class EngineError(AmnestyError):
    """Raised when the rules engine misbehaves: the run stops rather than decide wrongly."""

    exit_code = 3


def did_you_mean(name: str, choices: Iterable[str], *, too_many: str | None = None) -> str:
    """A 'did you mean' suffix for an unknown name, or the list of valid names; past a dozen names,
    ``too_many`` instead (where to find them), so that the error stays one readable sentence."""
    choices = sorted(choices)
    close = difflib.get_close_matches(name, choices, n=1)
    if close:
        return f"; did you mean {close[0]!r}?"
    if too_many is not None and len(choices) > 12:
        return f"; {too_many}"
    return f"; valid names: {', '.join(choices)}" if choices else ""


_NO_ROOM = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
            errno.EFBIG: "the file would pass this system's file-size limit"}


def no_room(exc: BaseException) -> str | None:
    """What a full disk or a size limit is called, or None for any other error (the writers and the
    command line's last line of defence both say it this way)."""
    return _NO_ROOM.get(exc.errno) if isinstance(exc, OSError) else None
