"""A chain of successive instruments, compiled: the rulebook-like object a run decides under.

``CompiledChain`` stands where a ``CompiledRulebook`` stands (an id, a
version, a digest, an ``evaluator``), so every command takes a chain as it
takes one law; how one record goes through the instruments in turn is
``amnesty.engine.chain_evaluator``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from amnesty.errors import RulebookError
from amnesty.i18n.sides import ENGLISH_THEN
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine import decisions
from amnesty.engine.chain_evaluator import ChainEvaluator
from amnesty.engine.worker_book import worker_book

SEPARATOR = " > "


@dataclass(frozen=True)
class CompiledChain:
    """Rulebooks applied one after the other, in enactment order (see ``chain_of``)."""

    members: tuple[CompiledRulebook, ...]

    @property
    def id(self) -> str:
        return SEPARATOR.join(book.id for book in self.members)

    @property
    def version(self) -> str:
        return SEPARATOR.join(book.version for book in self.members)

    @property
    def sha256(self) -> str:
        """One digest for the whole chain, from each member's digest in order."""
        text = "chain\n" + "\n".join(book.sha256 for book in self.members)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def overrides(self) -> dict[str, Any]:
        return {"chain": [decisions.rulebook_ref(book) for book in self.members]}

    @property
    def rulebook(self) -> SimpleNamespace:
        """What callers read of a single rulebook: the chain's name, title and the last enactment date
        (the default as-of date, as for the last instrument alone)."""
        last = self.members[-1].rulebook
        title = ENGLISH_THEN.join(book.rulebook.title for book in self.members)
        sources = [s for book in self.members for s in book.rulebook.sources]
        return SimpleNamespace(id=self.id, version=self.version, title=title, enacted=last.enacted, sources=sources)

    @property
    def rules(self) -> tuple:
        """Every member's rules (the first of a repeated id), for comparisons that name rules."""
        seen: dict[str, Any] = {}
        for book in self.members:
            for rule in book.rules:
                seen.setdefault(rule.id, rule)
        return tuple(seen.values())

    @property
    def overridden_by(self) -> dict[str, tuple[str, ...]]:
        merged: dict[str, tuple[str, ...]] = {}
        for book in self.members:
            for key, value in book.overridden_by.items():
                merged.setdefault(key, value)
        return merged

    @property
    def path(self) -> str:
        return SEPARATOR.join(book.path for book in self.members)

    @property
    def language(self) -> str:
        """The language of the reason sentences (every member's: ``i18n.rulebook.localise`` localises all)."""
        return getattr(self.members[0], "language", "en")

    def recipe(self) -> ChainRecipe:
        """What a worker process needs to compile the same chain (compiled rulebooks do not pickle)."""
        return ChainRecipe(tuple((b.rulebook, b.path, b.overrides, b.sha256) for b in self.members), self.sha256,
                           self.language)

    def evaluator(self, as_of: date | None = None) -> ChainEvaluator:
        return ChainEvaluator(self, as_of)


@dataclass(frozen=True)
class ChainRecipe:
    members: tuple[tuple[Any, str, dict[str, Any], str], ...]
    sha256: str
    language: str = "en"  # of the reason sentences, as in the reading process

    def evaluator(self, as_of: date | None = None) -> ChainEvaluator:
        chain = CompiledChain(tuple(worker_book(*member) for member in self.members))
        if self.language != "en":
            from amnesty.i18n.rulebook import localise

            chain = localise(chain, self.language)
        return ChainEvaluator(chain, as_of)


def chain_of(books: list[CompiledRulebook] | tuple[CompiledRulebook, ...]) -> CompiledRulebook | CompiledChain:
    """The chain of ``books`` as given, refused in one sentence when not in enactment order;
    a single book is returned as it is."""
    books = tuple(books)
    if len(books) == 1:
        return books[0]
    if not books:
        raise RulebookError("a chain needs at least one rulebook")
    for before, after in zip(books, books[1:]):
        if after.rulebook.enacted < before.rulebook.enacted:
            raise RulebookError(
                f"the chain is not in enactment order: {after.id} (enacted {after.rulebook.enacted}) comes after "
                f"{before.id} (enacted {before.rulebook.enacted}); list the instruments oldest first"
            )
    seen: set[str] = set()
    for book in books:
        if book.id in seen:
            raise RulebookError(f"the chain names {book.id} twice; each instrument applies once")
        seen.add(book.id)
    return CompiledChain(books)
