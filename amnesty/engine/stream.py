"""How a record id is read and how a repeated one is worded, whichever way records arrive.

Files go through one run (``engine.run``, ``engine.pipeline``), whose row
contract refuses a later record with an id already seen
(``seen_ids.repeats``); records handed over in memory
(``api.evaluate_records``) follow the same rule with these two helpers.
"""

from __future__ import annotations

from typing import Any

from amnesty.models import problems


def duplicate_message(record_id: str, first: str) -> str:
    """One wording for a repeated id, whichever way records arrive."""
    return f"field record_id: {record_id!r} " + problems.DUPLICATE.format(first=first)


def row_id_of(raw: Any) -> str | None:
    """The record id as given, surrounding whitespace removed (data dictionary v2), or None when blank."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if raw is None or not isinstance(raw, str) or not raw.strip():
        return None
    return raw.strip()
