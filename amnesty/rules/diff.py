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
from typing import Any

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
    first, second = {s.id: s for s in a}, {s.id: s for s in b}
    entries = [Entry(i, "removed", source_words(s, with_id=False)) for i, s in first.items() if i not in second]
    entries += [Entry(i, "added", source_words(s, with_id=False)) for i, s in second.items() if i not in first]
    for source_id in (i for i in first if i in second):
        before, after = first[source_id], second[source_id]
        entry = Entry(source_id, "changed")
        for attr in ("kind", "language", "published"):
            if getattr(before, attr) != getattr(after, attr):
                entry.changes.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        for attr in ("title", "url"):
            if getattr(before, attr) != getattr(after, attr):
                entry.wording.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        if entry.changes or entry.wording:
            entries.append(entry)
    return entries


def _articles(a: dict[str, Article], b: dict[str, Article]) -> list[Entry]:
    """Articles by label: their basis and sources change what a reviewer can rely on; summary and terms are wording."""
    entries = [Entry(n, "removed", _article_label(a[n])) for n in a if n not in b]
    entries += [Entry(n, "added", _article_label(b[n])) for n in b if n not in a]
    for label in (n for n in a if n in b):
        before, after = a[label], b[label]
        entry = Entry(label, "changed")
        for attr in ("basis", "sources", "numbered_by"):
            if getattr(before, attr) != getattr(after, attr):
                entry.changes.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        for attr in ("summary", "terms"):
            if getattr(before, attr) != getattr(after, attr):
                entry.wording.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        if entry.changes or entry.wording:
            entries.append(entry)
    return entries


def _article_label(article: Article) -> str:
    return f"{article.basis.value.replace('_', ' ')}; sources {', '.join(article.sources)}: {article.summary}"


def _compiled(book: str | Path | CompiledRulebook) -> CompiledRulebook:
    return book if isinstance(book, CompiledRulebook) else compile_rulebook(load_source(book))


def _parameters(a: dict[str, Parameter], b: dict[str, Parameter]) -> list[Entry]:
    entries = [Entry(n, "removed", value_words(a[n])) for n in a if n not in b]
    entries += [Entry(n, "added", value_words(b[n])) for n in b if n not in a]
    for name in (n for n in a if n in b):
        before, after = a[name], b[name]
        entry = Entry(name, "changed")
        if before.type != after.type or coerce_value(before.type, before.value) != coerce_value(after.type, after.value):
            entry.changes.append(Change("value", value_words(before), value_words(after)))
        if before.unit != after.unit:
            entry.changes.append(Change("unit", str(before.unit), str(after.unit)))
        for attr in ("description", "sources", "notes"):
            if getattr(before, attr) != getattr(after, attr):
                entry.wording.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        if entry.changes or entry.wording:
            entries.append(entry)
    return entries


def _rules(a: CompiledRulebook, b: CompiledRulebook) -> list[Entry]:
    rules_a, rules_b = a.every_rule(), b.every_rule()
    by_id_b = {r.id: r for r in rules_b}
    ids_a = {r.id for r in rules_a}
    entries = [Entry(r.id, "removed", _label(r)) for r in rules_a if r.id not in by_id_b]
    entries += [Entry(r.id, "added", _label(r)) for r in rules_b if r.id not in ids_a]
    for rule_a in rules_a:
        if rule_a.id in by_id_b:
            entry = _rule_changes(rule_a, by_id_b[rule_a.id])
            if entry.changes or entry.wording:
                entries.append(entry)
    return entries


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
