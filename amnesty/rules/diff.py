"""What differs between two rulebooks, as a lawyer comparing two laws would list it.

Rules are matched by id, so rulebooks that give the same provision the same
id (``life-commuted``, ``fugitive-not-surrendered``) line up. A rule's
condition and effect are compared in words with each rulebook's own
parameter values, so "life becomes 20 years" against "15 years" shows on
the rule as well as on the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from amnesty.models.rulebook import EffectType, Parameter
from amnesty.rules.compiler import CompiledEffect, CompiledRule, CompiledRulebook, compile_rulebook
from amnesty.rules.describe import words
from amnesty.rules.loader import load_source
from amnesty.rules.params import coerce_value

_EFFECT_WORDS = {
    EffectType.not_covered: "not covered",
    EffectType.exclude: "excluded",
    EffectType.release: "released at once, sentence untouched",
    EffectType.remit: "whole penalty remitted (release)",
    EffectType.review: "review: a person decides",
    EffectType.defer: "deferred: the relief applies once a condition is met",
}


def fraction_words(value: float) -> str:
    """0.5 as "1/2", 0.6666666666666666 as "2/3": the way the law states a share."""
    share = Fraction(value).limit_denominator(100)
    return str(share.numerator) if share.denominator == 1 else f"{share.numerator}/{share.denominator}"


def effect_words(effect: CompiledEffect) -> str:
    """An effect in words, with its resolved numbers."""
    if effect.type is EffectType.commute:
        text = f"sentence becomes {effect.years:g} years"
    elif effect.type is EffectType.reduce:
        text = f"{fraction_words(effect.remit_fraction)} of a fixed term remitted"
    else:
        text = _EFFECT_WORDS[effect.type]
    if effect.parole_fraction is not None:
        text += f"; parole possible after {fraction_words(effect.parole_fraction)} of the new term"
    if effect.subject_to:
        text += f"; subject to {effect.subject_to}"
    return text


def value_words(param: Parameter) -> str:
    """A parameter's value as written in the rulebook, with its unit: "20 years", "1945-10-10 (date of birth)"."""
    value = param.value
    shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if not param.unit or param.unit == "date":
        return shown
    return f"{shown} {param.unit}" if param.type.value in ("integer", "number") else f"{shown} ({param.unit})"


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

    @property
    def empty(self) -> bool:
        return not (self.header or self.parameters or self.rules)

    def lines(self, wording: bool = False) -> list[str]:
        """The differences as text: ``-`` only in the first, ``+`` only in the second, ``~`` changed.

        Changes of meaning are shown in full; changes of wording (summary,
        notes, sources) are only named unless ``wording`` is true.
        """
        out = [f"--- {self.a}", f"+++ {self.b}"]
        if self.empty:
            return out + ["no differences"]
        out += [f"~ {c.what}: {c.before} -> {c.after}" for c in self.header]
        for title, entries in (("Parameters", self.parameters), ("Rules", self.rules)):
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
                "parameters": entries(self.parameters), "rules": entries(self.rules)}


def diff_rulebooks(a: str | Path | CompiledRulebook, b: str | Path | CompiledRulebook) -> RulebookDiff:
    """Parameters and rules added, removed or changed from rulebook ``a`` to rulebook ``b``."""
    book_a, book_b = _compiled(a), _compiled(b)
    law_a, law_b = book_a.rulebook, book_b.rulebook
    result = RulebookDiff(_heading(book_a), _heading(book_b))
    for name in ("title", "authority", "enacted", "version"):
        before, after = str(getattr(law_a, name)), str(getattr(law_b, name))
        if before != after:
            result.header.append(Change(name, before, after))
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
    return " + ".join(parts) + f": {law.title}"


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
        for attr in ("description", "source", "notes"):
            if getattr(before, attr) != getattr(after, attr):
                entry.wording.append(Change(attr, _text(getattr(before, attr)), _text(getattr(after, attr))))
        if entry.changes or entry.wording:
            entries.append(entry)
    return entries


def _rules(a: CompiledRulebook, b: CompiledRulebook) -> list[Entry]:
    ids_a, ids_b = [r.id for r in a.rules], [r.id for r in b.rules]
    entries = [Entry(r.id, "removed", _label(r)) for r in a.rules if r.id not in ids_b]
    entries += [Entry(r.id, "added", _label(r)) for r in b.rules if r.id not in ids_a]
    for rule_a in a.rules:
        if rule_a.id in ids_b:
            entry = _rule_changes(rule_a, b.rule(rule_a.id))
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
        ("overrides", _text(a.rule.overrides), _text(b.rule.overrides)),
        ("article", a.rule.article, b.rule.article),
    )
    wording = (
        ("source", a.rule.source, b.rule.source),
        ("summary", a.rule.summary, b.rule.summary),
        ("notes", _text(a.rule.notes), _text(b.rule.notes)),
    )
    entry.changes = [Change(what, before, after) for what, before, after in meaning if before != after]
    entry.wording = [Change(what, before, after) for what, before, after in wording if before != after]
    return entry


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " | ".join(map(str, value)) or "none"
    return str(value)
