"""What differs between two rulebooks, as a lawyer comparing two laws would list it.

Rules are matched by id, so rulebooks that give the same provision the same
id (``life-commuted``, ``fugitive-not-surrendered``) line up. A rule's
condition and effect are compared in words with each rulebook's own
parameter values, so "life becomes 20 years" against "15 years" shows on
the rule as well as on the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from amnesty.models.rulebook import Article, Parameter, Source
from amnesty.rules.compiler import CompiledRule, CompiledRulebook, compile_rulebook
from amnesty.rules.describe import effect_words, source_words, value_words, words
from amnesty.rules.loader import load_source
from amnesty.rules.params import coerce_value

_MARKS = {"removed": "-", "added": "+", "changed": "~"}


@dataclass
class Change:
    what: str
    before: str
    after: str


@dataclass
class Entry:
    """A parameter or rule that is only in one rulebook, or in both with changes."""

    name: str
    status: str  # "added" (only in the second), "removed" (only in the first), "changed"
    label: str = ""  # what it is, in a few words
    changes: list[Change] = field(default_factory=list)  # what it means: value, condition, effect, ...
    wording: list[Change] = field(default_factory=list)  # how it is cited or explained: summary, notes, ...


@dataclass
class RulebookDiff:
    a: str
    b: str
    header: list[Change] = field(default_factory=list)
    parameters: list[Entry] = field(default_factory=list)
    rules: list[Entry] = field(default_factory=list)
    articles: list[Entry] = field(default_factory=list)
    sources: list[Entry] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.header or self.parameters or self.rules or self.articles or self.sources)

    def lines(self, wording: bool = False) -> list[str]:
        """The differences as text: ``-`` only in the first, ``+`` only in the second, ``~`` changed.

        Changes of meaning are shown in full; changes of wording (summary,
        notes, sources) are only named unless ``wording`` is true.
        """
        out = [f"--- {self.a}", f"+++ {self.b}"]
        if self.empty:
            return out + ["no differences"]
        out += [f"~ {c.what}: {c.before} -> {c.after}" for c in self.header]
        sections = (("Sources", self.sources), ("Articles", self.articles), ("Parameters", self.parameters),
                    ("Rules", self.rules))
        for title, entries in sections:
            if entries:
                out.append(f"{title}:")
            for entry in sorted(entries, key=lambda e: "-+~".index(_MARKS[e.status]) + (not e.changes)):
                out.append(f"  {_MARKS[entry.status]} {entry.name}" + (f": {entry.label}" if entry.label else ""))
                out += [f"      {c.what}: {c.before} -> {c.after}" for c in entry.changes]
                if wording:
                    out += [f"      {c.what}: {c.before} -> {c.after}" for c in entry.wording]
                elif entry.wording:
                    out.append(f"      wording of {', '.join(c.what for c in entry.wording)} differs")
        return out

    def to_dict(self) -> dict[str, Any]:
        def entries(items: list[Entry]) -> list[dict[str, Any]]:
            return [{"name": e.name, "status": e.status, "label": e.label, "changes": [vars(c) for c in e.changes],
                     "wording": [vars(c) for c in e.wording]} for e in items]

        return {"a": self.a, "b": self.b, "header": [vars(c) for c in self.header],
                "sources": entries(self.sources), "articles": entries(self.articles),
                "parameters": entries(self.parameters), "rules": entries(self.rules)}


def diff_rulebooks(a: str | Path | CompiledRulebook, b: str | Path | CompiledRulebook) -> RulebookDiff:
    """Sources, articles, parameters and rules added, removed or changed from rulebook ``a`` to rulebook ``b``.

    A scenario (compiled with its changes) is named with them, so two variants of one law are told apart.
    """
    book_a, book_b = _compiled(a), _compiled(b)
    law_a, law_b = book_a.rulebook, book_b.rulebook
    result = RulebookDiff(_heading(book_a), _heading(book_b))
    for name in ("title", "authority", "enacted", "version"):
        before, after = str(getattr(law_a, name)), str(getattr(law_b, name))
        if before != after:
            result.header.append(Change(name, before, after))
    result.sources = _sources(law_a.sources, law_b.sources)
    result.articles = _articles(law_a.articles, law_b.articles)
    result.parameters = _parameters(law_a.parameters, law_b.parameters)
    result.rules = _rules(book_a, book_b)
    return result


def _heading(book: CompiledRulebook) -> str:
    """``id vX`` with the scenario and command-line changes that make this variant, then the title."""
    law, overrides = book.rulebook, book.overrides
    parts = [f"{law.id} v{law.version}"]
    if overrides.get("scenario"):
        parts.append(f"scenario {overrides['scenario']}")
    for name, value in (overrides.get("set") or {}).items():
        parts.append(f"{name}={','.join(map(str, value)) if isinstance(value, list) else value}")
    parts += [f"without {rule}" for rule in overrides.get("disable") or []]
    parts += [f"with {rule}" for rule in overrides.get("enable") or []]
    return " + ".join(parts) + f": {law.title}"


def _sources(a: list[Source], b: list[Source]) -> list[Entry]:
    """Sources by id: what they are (title, kind, language, date, address)."""
    return _compared({s.id: s for s in a}, {s.id: s for s in b}, lambda s: source_words(s, with_id=False),
                     lambda key, before, after: _attributes(key, before, after, ("kind", "language", "published"),
                                                            ("title", "url")))


def _articles(a: dict[str, Article], b: dict[str, Article]) -> list[Entry]:
    """Articles by label: their basis and sources change what a reviewer can rely on; summary and terms are wording."""
    return _compared(a, b, _article_label,
                     lambda key, before, after: _attributes(key, before, after, ("basis", "sources", "numbered_by"),
                                                            ("summary", "terms")))


def _compared(first: dict, second: dict, label: Callable[[Any], str],
              changed: Callable[[str, Any, Any], Entry]) -> list[Entry]:
    """The one shape of every part of a diff: what only the first has, what only the second has, then
    what both have and differs (each in its rulebook's own order)."""
    entries = [Entry(key, "removed", label(item)) for key, item in first.items() if key not in second]
    entries += [Entry(key, "added", label(item)) for key, item in second.items() if key not in first]
    for key, before in first.items():
        if key in second:
            entry = changed(key, before, second[key])
            if entry.changes or entry.wording:
                entries.append(entry)
    return entries


def _attributes(key: str, before: Any, after: Any, meaning: tuple[str, ...], wording: tuple[str, ...]) -> Entry:
    """An entry naming each attribute that differs: those that change what applies, then those of wording."""
    entry = Entry(key, "changed")
    for names, into in ((meaning, entry.changes), (wording, entry.wording)):
        for name in names:
            old, new = getattr(before, name), getattr(after, name)
            if old != new:
                into.append(Change(name, _text(old), _text(new)))
    return entry


def _article_label(article: Article) -> str:
    return f"{article.basis.value.replace('_', ' ')}; sources {', '.join(article.sources)}: {article.summary}"


def _compiled(book: str | Path | CompiledRulebook) -> CompiledRulebook:
    return book if isinstance(book, CompiledRulebook) else compile_rulebook(load_source(book))


def _parameters(a: dict[str, Parameter], b: dict[str, Parameter]) -> list[Entry]:
    return _compared(a, b, value_words, _parameter_changes)


def _parameter_changes(name: str, before: Parameter, after: Parameter) -> Entry:
    entry = _attributes(name, before, after, (), ("description", "sources", "notes"))
    if before.type != after.type or coerce_value(before.type, before.value) != coerce_value(after.type, after.value):
        entry.changes.append(Change("value", value_words(before), value_words(after)))
    if before.unit != after.unit:
        entry.changes.append(Change("unit", str(before.unit), str(after.unit)))
    return entry


def _rules(a: CompiledRulebook, b: CompiledRulebook) -> list[Entry]:
    return _compared({r.id: r for r in a.every_rule()}, {r.id: r for r in b.every_rule()}, _label,
                     lambda key, before, after: _rule_changes(before, after))


def _label(rule: CompiledRule) -> str:
    return f"{rule.rule.article}, {rule.kind.value}: when {words(rule.tree)}, {effect_words(rule.effect)}"


def _rule_changes(a: CompiledRule, b: CompiledRule) -> Entry:
    entry = Entry(a.id, "changed")
    meaning = (
        ("kind", a.kind.value, b.kind.value),
        ("condition", words(a.tree), words(b.tree)),
        ("effect", effect_words(a.effect), effect_words(b.effect)),
        ("overrides", _text(a.rule.prevails_over), _text(b.rule.prevails_over)),
        ("article", a.rule.article, b.rule.article),
        ("enabled", _text(a.rule.enabled), _text(b.rule.enabled)),
    )
    wording = (
        ("sources", _text(a.rule.sources), _text(b.rule.sources)),
        ("summary", a.text, b.text),
        ("notes", _text(a.rule.notes), _text(b.rule.notes)),
        ("conflicts", _conflicts(a.rule.conflicts), _conflicts(b.rule.conflicts)),
    )
    entry.changes = [Change(what, before, after) for what, before, after in meaning if before != after]
    entry.wording = [Change(what, before, after) for what, before, after in wording if before != after]
    return entry


def _conflicts(conflicts: list) -> str:
    return " | ".join(f"{c.topic}: default {c.default}" + (f", other reading {c.scenario}" if c.scenario else "")
                      for c in conflicts) or "none"


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(map(str, value)) or "none"
    return str(value)
