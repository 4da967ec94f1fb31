"""Keyed pseudonyms for record ids, for output that leaves the case team.

Detainee records are sensitive. ``--redact`` replaces each record id with an
HMAC-SHA256 of it under a key only the team holds: the same id always maps
to the same pseudonym (so two reports can still be joined), but the id
cannot be recovered or guessed by hashing candidate ids without the key.

Nothing raw may leave a redacted run: not the decisions, not an error
message in them, not the one sentence printed when the run stops. Messages
are redacted by what they say about the id (``message``), not by searching
for the id's text, which would also rewrite a facility code that happens
to equal it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
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
        """The decision with its record id replaced, also where an error message names it."""
        record_id = decision.get("record_id")
        out = dict(decision)
        out["record_id"] = self.pseudonym(record_id)
        if decision.get("errors"):
            out["errors"] = [self.message(error, record_id) for error in decision["errors"]]
        return out

    def message(self, text: str, record_id: Any = None) -> str:
        """An error message with whatever follows ``field record_id:`` redacted.

        Only what is said about the record id is touched: a facility code
        that happens to equal the id is still named, as the fix needs it.
        A string id becomes its pseudonym; any other value (a number, a
        list: never a valid id, so never a pseudonym) becomes "(redacted)".
        Phrases that carry no value (sizes, line breaks, bad bytes) are kept.
        """
        head, sep, tail = text.partition(_ID_FIELD)
        if not sep or tail.startswith(_VALUE_FREE) or _SIZE.match(tail):
            return text
        if isinstance(record_id, str) and tail.startswith(repr(record_id)):
            return head + sep + f"{self.pseudonym(record_id)}" + tail[len(repr(record_id)):]
        for marker in _AFTER_VALUE:
            at = tail.rfind(marker)
            if at >= 0:
                return head + sep + "(redacted)" + tail[at:]
        return head + sep + "(value redacted)"

    def scrub(self, text: str, record_ids: Any) -> str:
        """A message that may quote any of ``record_ids`` (an engine error), each replaced by its pseudonym."""
        for record_id in sorted({r for r in record_ids if isinstance(r, str) and r}, key=len, reverse=True):
            if record_id in text:
                text = text.replace(repr(record_id), self.pseudonym(record_id)).replace(
                    record_id, self.pseudonym(record_id)
                )
        return text


_ID_FIELD = "field record_id: "
_VALUE_FREE = (
    "required but missing", "holds ", "contains ", "not valid UTF-8", "given twice", "cannot ",
)
_SIZE = re.compile(r"\d[\d.]* MB \(")
_AFTER_VALUE = (" is invalid: ", " is a duplicate of ")
