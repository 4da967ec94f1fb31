"""A rulebook compiled again in a worker process, and refused unless it is the one asked for.

A worker gets the parsed rulebook (or each member of a chain) and compiles
it itself; the digest the reading process computed comes with it, and a
worker must decide under exactly the same law. Every kind of run (a file, a
sweep's variants, a chain) checks it here.
"""

from __future__ import annotations

from typing import Any

from amnesty.errors import EngineError
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import CompiledRulebook, compile_rulebook
from amnesty.rules.loader import RulebookSource


def worker_book(rulebook: Rulebook, path: str, overrides: dict[str, Any], sha256: str,
                consequence: str = "nothing was written") -> CompiledRulebook:
    """``rulebook`` compiled with ``overrides``, refused unless its sha256 is ``sha256``."""
    book = compile_rulebook(RulebookSource(rulebook, path), overrides)
    if book.sha256 != sha256:
        raise EngineError(f"a worker compiled a different rulebook than the one asked for; {consequence}")
    return book
