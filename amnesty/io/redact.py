"""Keyed pseudonyms for record ids, for output that leaves the case team.

Detainee records are sensitive. ``--redact`` replaces each record id with an
HMAC-SHA256 of it under a key only the team holds: the same id always maps
to the same pseudonym (so two reports can still be joined), but the id
cannot be recovered or guessed by hashing candidate ids without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from typing import Any

from amnesty.errors import AmnestyError

KEY_VARIABLE = "AMNESTY_REDACT_KEY"


class Redactor:
    def __init__(self, key: bytes):
        if len(key) < 16:
            raise AmnestyError(f"the redaction key must be at least 16 bytes; set {KEY_VARIABLE} to a long secret")
        self._key = key

    @classmethod
    def from_environment(cls) -> Redactor:
        key = os.environ.get(KEY_VARIABLE)
        if not key:
            raise AmnestyError(f"--redact needs a secret key in the environment variable {KEY_VARIABLE}")
        return cls(key.encode("utf-8"))

    def pseudonym(self, record_id: str | None) -> str | None:
        if record_id is None:
            return None
        digest = hmac.new(self._key, record_id.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"rid-{digest[:16]}"

    def decision(self, decision: Mapping[str, Any]) -> dict[str, Any]:
        """The decision with its record id replaced, also inside error messages."""
        record_id = decision.get("record_id")
        out = dict(decision)
        out["record_id"] = self.pseudonym(record_id)
        if record_id and decision.get("errors"):
            out["errors"] = [e.replace(repr(record_id), out["record_id"]) for e in decision["errors"]]
        return out
