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

from amnesty.models.note import N_
from amnesty.models.provenance import Article, Source
from amnesty.models.rulebook import Parameter
from amnesty.rules.compiler import CompiledRule, CompiledRulebook, compile_rulebook
from amnesty.rules.describe import effect_words, source_words, value_words, words
from amnesty.rules.loader import load_source
from amnesty.rules.params import coerce_value

_MARKS = {"removed": "-", "added": "+", "changed": "~"}


# The diff's own words, as catalogue messages. ``tr`` is any translator with ``gettext``, ``pgettext``,
# ``effect`` and ``list_sep`` (``amnesty.i18n.Translator``), handed in by the layer that has one; without
# one every word is the English below. Rule ids, parameter names, values, article labels and source ids
# are data and stay as the rulebook writes them.
_SECTIONS = (N_("Sources"), N_("Articles"), N_("Parameters"), N_("Rules"))
_WHAT = frozenset((  # what changed, by its name in the rulebook format
    N_("title"), N_("authority"), N_("enacted"), N_("version"), N_("kind"), N_("language"), N_("published"),
    N_("url"), N_("basis"), N_("sources"), N_("numbered_by"), N_("summary"), N_("terms"), N_("description"),
    N_("notes"), N_("value"), N_("unit"), N_("condition"), N_("effect"), N_("overrides"), N_("article"),
    N_("enabled"), N_("conflicts"), N_("as_of"),
))
_NO_DIFFERENCES = N_("no differences")


def _p(context: str, message: str) -> str:
    """Marks a message with its context for the catalogue (pybabel's ``-k _p:1c,2``)."""
    return message


_NONE = _p("diff", "none")  # an empty list; "none" alone is the catalogue's sentence type


def _say(tr: Any, message: str) -> str:
    return message if tr is None else tr.gettext(message)


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

    def lines(self, wording: bool = False, tr: Any = None) -> list[str]:
        """The differences as text: ``-`` only in the first, ``+`` only in the second, ``~`` changed.

        Changes of meaning are shown in full; changes of wording (summary,
        notes, sources) are only named unless ``wording`` is true. Headings and
        the names of what changed are in ``tr``'s language (English without one);
        the diff's words themselves are those it was made with (``diff_rulebooks(tr=)``).
        """
        what = (lambda name: name) if tr is None else (lambda name: tr.gettext(name) if name in _WHAT else name)
        out = [f"--- {self.a}", f"+++ {self.b}"]
        if self.empty:
            return out + [_say(tr, _NO_DIFFERENCES)]
        out += [f"~ {what(c.what)}: {c.before} -> {c.after}" for c in self.header]
        sections = zip(_SECTIONS, (self.sources, self.articles, self.parameters, self.rules))
        for title, entries in sections:
            if entries:
                out.append(f"{_say(tr, title)}:")
            for entry in sorted(entries, key=lambda e: "-+~".index(_MARKS[e.status]) + (not e.changes)):
                out.append(f"  {_MARKS[entry.status]} {entry.name}" + (f": {entry.label}" if entry.label else ""))
                out += [f"      {what(c.what)}: {c.before} -> {c.after}" for c in entry.changes]
                if wording:
                    out += [f"      {what(c.what)}: {c.before} -> {c.after}" for c in entry.wording]
                elif entry.wording:
                    named = (", " if tr is None else tr.list_sep()).join(what(c.what) for c in entry.wording)
                    out.append("      " + _say(tr, N_("wording of {what} differs")).format(what=named))
        return out

    def to_dict(self) -> dict[str, Any]:
        def entries(items: list[Entry]) -> list[dict[str, Any]]:
            return [{"name": e.name, "status": e.status, "label": e.label, "changes": [vars(c) for c in e.changes],
                     "wording": [vars(c) for c in e.wording]} for e in items]

        return {"a": self.a, "b": self.b, "header": [vars(c) for c in self.header],
                "sources": entries(self.sources), "articles": entries(self.articles),
                "parameters": entries(self.parameters), "rules": entries(self.rules)}


def diff_rulebooks(a: str | Path | CompiledRulebook, b: str | Path | CompiledRulebook, tr: Any = None,
                   title: Callable[[CompiledRulebook], str] | None = None) -> RulebookDiff:
    """Sources, articles, parameters and rules added, removed or changed from rulebook ``a`` to rulebook ``b``.

    A scenario (compiled with its changes) is named with them, so two variants of one law are told apart.
    With ``tr`` (a translator, see above) conditions, effects, kinds and the diff's own words are in its
    language, and ``title`` gives each side's title in it; without, everything is English (as the JSON).
    """
    book_a, book_b = _compiled(a), _compiled(b)
    law_a, law_b = book_a.rulebook, book_b.rulebook
    result = RulebookDiff(_heading(book_a, tr, title), _heading(book_b, tr, title))
    for name in ("title", "authority", "enacted", "version"):
        before, after = str(getattr(law_a, name)), str(getattr(law_b, name))
        if before != after:
            if name == "title" and title is not None:
                before, after = title(book_a), title(book_b)
            result.header.append(Change(name, before, after))
    result.sources = _sources(law_a.sources, law_b.sources, tr)
    result.articles = _articles(law_a.articles, law_b.articles, tr)
    result.parameters = _parameters(law_a.parameters, law_b.parameters, tr)
    result.rules = _rules(book_a, book_b, tr)
    return result


def _heading(book: CompiledRulebook, tr: Any = None, title: Callable[[CompiledRulebook], str] | None = None) -> str:
    """``id vX`` with the scenario and command-line changes that make this variant, then the title."""
    law, overrides = book.rulebook, book.overrides
    parts = [f"{law.id} v{law.version}"]
    if overrides.get("scenario"):
        parts.append(_say(tr, N_("scenario {name}")).format(name=overrides["scenario"]))
    for name, value in (overrides.get("set") or {}).items():
        parts.append(f"{name}={','.join(map(str, value)) if isinstance(value, list) else value}")
    parts += [_say(tr, N_("without {rule}")).format(rule=rule) for rule in overrides.get("disable") or []]
    parts += [_say(tr, N_("with {rule}")).format(rule=rule) for rule in overrides.get("enable") or []]
    return " + ".join(parts) + f": {law.title if title is None else title(book)}"


def _sources(a: list[Source], b: list[Source], tr: Any = None) -> list[Entry]:
    """Sources by id: what they are (title, kind, language, date, address)."""
    return _compared({s.id: s for s in a}, {s.id: s for s in b}, lambda s: source_words(s, with_id=False),
                     lambda key, before, after: _attributes(key, before, after, ("kind", "language", "published"),
                                                            ("title", "url"), tr))


def _articles(a: dict[str, Article], b: dict[str, Article], tr: Any = None) -> list[Entry]:
    """Articles by label: their basis and sources change what a reviewer can rely on; summary and terms are wording."""
    return _compared(a, b, lambda article: _article_label(article, tr),
                     lambda key, before, after: _attributes(key, before, after, ("basis", "sources", "numbered_by"),
                                                            ("summary", "terms"), tr))


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


def _attributes(key: str, before: Any, after: Any, meaning: tuple[str, ...], wording: tuple[str, ...],
                tr: Any = None) -> Entry:
    """An entry naming each attribute that differs: those that change what applies, then those of wording."""
    entry = Entry(key, "changed")
    for names, into in ((meaning, entry.changes), (wording, entry.wording)):
        for name in names:
            old, new = getattr(before, name), getattr(after, name)
            if old != new:
                into.append(Change(name, _text(old, tr), _text(new, tr)))
    return entry


def _article_label(article: Article, tr: Any = None) -> str:
    if tr is None:
        return f"{article.basis.value.replace('_', ' ')}; sources {', '.join(article.sources)}: {article.summary}"
    return tr.gettext(N_("{basis}; sources {sources}: {summary}")).format(
        basis=article.basis.value.replace("_", " "), sources=tr.list_sep().join(article.sources), summary=article.summary)


def _compiled(book: str | Path | CompiledRulebook) -> CompiledRulebook:
    return book if isinstance(book, CompiledRulebook) else compile_rulebook(load_source(book))


def _parameters(a: dict[str, Parameter], b: dict[str, Parameter], tr: Any = None) -> list[Entry]:
    return _compared(a, b, value_words, lambda name, before, after: _parameter_changes(name, before, after, tr))


def _parameter_changes(name: str, before: Parameter, after: Parameter, tr: Any = None) -> Entry:
    entry = _attributes(name, before, after, (), ("description", "sources", "notes"), tr)
    if before.type != after.type or coerce_value(before.type, before.value) != coerce_value(after.type, after.value):
        entry.changes.append(Change("value", value_words(before), value_words(after)))
    if before.unit != after.unit:
        entry.changes.append(Change("unit", str(before.unit), str(after.unit)))
    return entry


def _rules(a: CompiledRulebook, b: CompiledRulebook, tr: Any = None) -> list[Entry]:
    return _compared({r.id: r for r in a.every_rule()}, {r.id: r for r in b.every_rule()},
                     lambda rule: _label(rule, tr), lambda key, before, after: _rule_changes(before, after, tr))


def _kind(rule: CompiledRule, tr: Any = None) -> str:
    return rule.kind.value if tr is None else tr.pgettext("kind", rule.kind.value)


def _effect(rule: CompiledRule, tr: Any = None) -> str:
    """In English the effect in words; in another language its name, with its numbers for a commutation
    or a reduction (as ``rulebooks show`` says it)."""
    if tr is None:
        return effect_words(rule.effect)
    text = tr.effect(rule.effect.type.value)
    if rule.effect.type.value in ("commute", "reduce"):
        text += f" ({effect_words(rule.effect, tr)})"
    return text


def _label(rule: CompiledRule, tr: Any = None) -> str:
    if tr is None:
        return f"{rule.rule.article}, {rule.kind.value}: when {words(rule.tree)}, {effect_words(rule.effect)}"
    return tr.gettext(N_("{article}, {kind}: when {condition}, {effect}")).format(
        article=rule.rule.article, kind=_kind(rule, tr), condition=words(rule.tree, tr=tr), effect=_effect(rule, tr))


def _rule_changes(a: CompiledRule, b: CompiledRule, tr: Any = None) -> Entry:
    entry = Entry(a.id, "changed")
    meaning = (
        ("kind", _kind(a, tr), _kind(b, tr)),
        ("condition", words(a.tree, tr=tr), words(b.tree, tr=tr)),
        ("effect", _effect(a, tr), _effect(b, tr)),
        ("overrides", _text(a.rule.prevails_over, tr), _text(b.rule.prevails_over, tr)),
        ("article", a.rule.article, b.rule.article),
        ("enabled", _text(a.rule.enabled, tr), _text(b.rule.enabled, tr)),
        ("as_of", _window(a, tr), _window(b, tr)),
    )
    wording = (
        ("sources", _text(a.rule.sources, tr), _text(b.rule.sources, tr)),
        ("summary", a.text, b.text),
        ("notes", _text(a.rule.notes, tr), _text(b.rule.notes, tr)),
        ("conflicts", _conflicts(a.rule.conflicts, tr), _conflicts(b.rule.conflicts, tr)),
    )
    entry.changes = [Change(what, before, after) for what, before, after in meaning if before != after]
    entry.wording = [Change(what, before, after) for what, before, after in wording if before != after]
    return entry


def _window(rule: CompiledRule, tr: Any = None) -> str:
    """A rule's ``as_of`` window as the rulebook writes it: "<= weapons_surrender_deadline", "<= enacted + 60 days"."""
    window = rule.rule.as_of
    if window is None:
        return _none(tr)
    value = window.value
    if hasattr(value, "param"):
        shift = value.plus_days
        days = "" if shift is None else f" + {getattr(shift, 'param', shift)} days"
        return f"{window.op} {value.param}{days}"
    return f"{window.op} {value}"


def _conflicts(conflicts: list, tr: Any = None) -> str:
    return " | ".join(f"{c.topic}: default {c.default}" + (f", other reading {c.scenario}" if c.scenario else "")
                      for c in conflicts) or _none(tr)


def _none(tr: Any = None) -> str:
    return _NONE if tr is None else tr.pgettext("diff", _NONE)


def _text(value: Any, tr: Any = None) -> str:
    if isinstance(value, list):
        return " | ".join(map(str, value)) or _none(tr)
    return str(value)
