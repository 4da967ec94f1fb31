"""Attributes a rulebook does not use, left out when it is written, so that its digest (the sha256
every decision names) stays the same when the format gains an attribute the rulebook has no use for.

Each model says which of its attributes go and when (``model_serializer(mode="wrap")``); this is
how: an attribute is unused when it is None, empty, or (a switch on by default) True.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def left_out(data: Any, *, none: Iterable[str] = (), empty: Iterable[str] = (), true: Iterable[str] = ()) -> Any:
    """``data`` (a model's serialised dict) without the attributes named when they hold their unused value."""
    if not isinstance(data, dict):
        return data
    for name in none:
        if data.get(name) is None:
            data.pop(name, None)
    for name in empty:
        if not data.get(name):
            data.pop(name, None)
    for name in true:
        if data.get(name) is True:
            data.pop(name, None)
    return data
