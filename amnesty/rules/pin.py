"""A rulebook named with the version, or digest, a job was checked against: ``aanes-2024-law-10@2.2.0``.

Upgrading amnesty can bring a new reading of a law (a rule corrected against
the Arabic text, a new scenario default): the next night's decisions then
change for thousands of people, and only a warning in ``amnesty changes``
says the law moved under them. A scheduled job that names the version it was
checked against stops instead, in one sentence, on the first night the
installed rulebook is another, so that the move to a new reading is a
decision someone takes. ``@sha256:8d175e76`` pins the exact digest a run
summary records, parameters changed with ``--set`` included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnesty.errors import RulebookError

_PIN = re.compile(r"(?P<name>.+?)@(?:sha256:(?P<sha256>[0-9a-fA-F]{6,64})|(?P<version>[0-9][0-9A-Za-z.+-]*))")


@dataclass(frozen=True)
class Pin:
    """What ``NAME@...`` asks: a version, or the start of a sha256."""

    given: str
    version: str | None = None
    sha256: str | None = None


def split_pin(reference: str) -> tuple[str, Pin | None]:
    """``NAME@VERSION`` or ``NAME@sha256:PREFIX`` as the name and its pin; a name without ``@``, or a
    file whose own name holds one, as it is."""
    if "@" not in reference or Path(reference).exists() or reference.endswith((".yaml", ".yml")):
        return reference, None  # a file's name (the loader says so if it is not there)
    found = _PIN.fullmatch(reference)
    if found is None and ("/" in reference or "\\" in reference):
        return reference, None
    if found is None:
        raise RulebookError(f"{reference!r}: after @ give the rulebook's version (aanes-2024-law-10@2.2.0) or "
                            "the start of its sha256, at least 6 hex digits (aanes-2024-law-10@sha256:8d175e76)")
    sha256 = found["sha256"]
    return found["name"], Pin(reference, found["version"], sha256.lower() if sha256 else None)


def check_pin(book: Any, pin: Pin | None) -> None:
    """Refuse, in one sentence, a rulebook (or chain) that is not the version or digest pinned."""
    if pin is None:
        return
    if pin.version is not None and book.version != pin.version:
        raise RulebookError(
            f"{book.id} is version {book.version} (sha256 {book.sha256[:12]}) in this installation of amnesty, not "
            f"{pin.version} as {pin.given!r} asks: its encoding of the law has changed; compare a run under it with "
            "the last decisions (amnesty changes) before moving the job to it")
    if pin.sha256 is not None and not book.sha256.startswith(pin.sha256):
        raise RulebookError(
            f"{book.id} compiles to sha256 {book.sha256[:12]} (version {book.version}) here, not {pin.sha256} as "
            f"{pin.given!r} asks: the rulebook or its parameters have changed")
