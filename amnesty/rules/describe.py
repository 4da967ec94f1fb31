"""Rulebooks in words, for lawyers reading ``rulebooks show``, ``diff`` and ``explain``.

``describe`` gathers a rulebook the way a legal reviewer checks it against
the text (``amnesty.i18n.show`` prints it, in every language): article by
article, each with its basis and the sources it rests on, then the rules
that encode it, with their summaries filled in from the parameter values in
force (a scenario's, when a scenario is shown), their interpretation notes
and the conflicts between sources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from amnesty.models.note import N_
from amnesty.models.provenance import Conflict, Source
from amnesty.models.rulebook import EffectType, Parameter, Rule
from amnesty.rules.conditions import Leaf, Tree, resolve_value

if TYPE_CHECKING:
    from amnesty.rules.compiler import CompiledEffect, CompiledRulebook

# A condition in words, each way as a catalogue message (the field's name and the values stay as the
# data dictionary and the rulebook write them). ``tr`` below is any translator with ``gettext`` and
# ``list_sep`` (``amnesty.i18n.Translator``), handed in by the layer that has one.
_OPS = {"==": N_("{field} is {value}"), "!=": N_("{field} is not {value}")}
_DATE_OPS = {"<": N_("{field} is before {value}"), "<=": N_("{field} is on or before {value}"),
             ">": N_("{field} is after {value}"), ">=": N_("{field} is on or after {value}")}
_NUM_OPS = {"<": N_("{field} is less than {value}"), "<=": N_("{field} is at most {value}"),
            ">": N_("{field} is more than {value}"), ">=": N_("{field} is at least {value}")}
_UNKNOWN, _CONTAINS, _IN = N_("{field} is unknown"), N_("{field} include {value}"), N_("{field} is one of {values}")
_NOT, _AND, _OR = N_("not ({condition})"), N_("{left} and {right}"), N_("{left} or {right}")


def _say(tr: Any, message: str) -> str:
    return message if tr is None else tr.gettext(message)


def leaf_words(leaf: Leaf, tr: Any = None) -> str:
    if leaf.op == "is_unknown":
        return _say(tr, _UNKNOWN).format(field=leaf.field)
    if leaf.op == "contains":
        return _say(tr, _CONTAINS).format(field=leaf.field, value=leaf.value)
    if leaf.op == "in":
        sep = ", " if tr is None else tr.list_sep()
        return _say(tr, _IN).format(field=leaf.field, values=sep.join(map(str, leaf.value)))
    value = str(leaf.value).lower() if isinstance(leaf.value, bool) else leaf.value
    if leaf.op in _DATE_OPS:
        ops = _DATE_OPS if isinstance(leaf.value, str) else _NUM_OPS
        return _say(tr, ops[leaf.op]).format(field=leaf.field, value=value)
    return _say(tr, _OPS[leaf.op]).format(field=leaf.field, value=value)


def words(tree: Tree, top: bool = True, tr: Any = None) -> str:
    """``tree`` in words, in ``tr``'s language (English without one)."""
    if isinstance(tree, Leaf):
        return leaf_words(tree, tr)
    if tree.kind == "not":
        inner = words(tree.children[0], False, tr)  # a group comes back in brackets: "not (a or b)", not "not ((...))"
        return _say(tr, _NOT).format(condition=inner[1:-1] if inner.startswith("(") else inner)
    joiner = _say(tr, _AND if tree.kind == "all" else _OR)
    parts = [words(child, False, tr) for child in tree.children]
    text = parts[0]
    for part in parts[1:]:
        text = joiner.format(left=text, right=part)
    return text if top else f"({text})"


_AS_OF = N_("the as-of date")


def window_words(rule: Rule, parameters: dict[str, Any], tr: Any = None) -> str:
    """A rule's ``as_of`` window in words ("the as-of date is on or before 2026-05-18"); "" for a rule
    in force whatever the date."""
    if rule.as_of is None:
        return ""
    day = resolve_value(rule.as_of.value, parameters)
    return _say(tr, _DATE_OPS[rule.as_of.op]).format(field=_say(tr, _AS_OF), value=day.isoformat())


_EFFECT_WORDS = {
    EffectType.not_covered: "not covered",
    EffectType.exclude: "excluded",
    EffectType.release: "released at once, sentence untouched",
    EffectType.remit: "whole penalty remitted (release)",
    EffectType.review: "review: a person decides",
    EffectType.defer: "deferred: the relief waits on a condition not yet met",
}


def fraction_words(value: float) -> str:
    """0.5 as "1/2", 0.6666666666666666 as "2/3": the way the law states a share."""
    share = Fraction(value).limit_denominator(100)
    return str(share.numerator) if share.denominator == 1 else f"{share.numerator}/{share.denominator}"


def effect_words(effect: CompiledEffect, tr: Any = None) -> str:
    """An effect in words, with its resolved numbers; a commutation's and a reduction's in ``tr``'s
    language (the others are named by the effect's own catalogue entry where a language is shown)."""
    if effect.type is EffectType.commute:
        text = _say(tr, N_("sentence becomes {years} years")).format(years=f"{effect.years:g}")
    elif effect.type is EffectType.reduce:
        text = _say(tr, N_("{share} of a fixed term remitted")).format(share=fraction_words(effect.remit_fraction))
    else:
        text = _EFFECT_WORDS[effect.type]
    if effect.parole_fraction is not None:
        text += _say(tr, N_("; parole possible after {share} of the new term")).format(
            share=fraction_words(effect.parole_fraction))
    if effect.subject_to:
        text += _say(tr, N_("; subject to {condition}")).format(condition=effect.subject_to)
    return text


def value_words(param: Parameter) -> str:
    """A parameter's value as written in the rulebook, with its unit: "20 years", "1945-10-10 (date of birth)"."""
    value = param.value
    shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    if not param.unit or param.unit == "date":
        return shown
    return f"{shown} {param.unit}" if param.type.value in ("integer", "number") else f"{shown} ({param.unit})"


_KIND_WORDS = {"official_text": "official text", "official_statement": "official statement", "press": "press",
               "ngo": "NGO", "analysis": "analysis"}
_LANGUAGES = {"ar": "Arabic", "en": "English", "ku": "Kurdish"}


def source_words(source: Source, with_id: bool = True) -> str:
    """``[id] title (press, English, 2024-07-17) <url>``: what a source is, at a glance."""
    about = [_KIND_WORDS.get(source.kind.value, source.kind.value) if source.kind else "kind not given",
             _LANGUAGES.get(source.language, source.language) if source.language else "language not given"]
    if source.published:
        about.append(source.published.isoformat())
    text = f"{source.title} ({', '.join(about)})" + (f" <{source.url}>" if source.url else "")
    return f"[{source.id}] {text}" if with_id else text


# -- the whole rulebook, article by article ---------------------------------------


@dataclass
class RuleView:
    id: str
    kind: str
    enabled: bool
    summary: str  # with the parameter values in force filled in
    when: str
    effect: str
    sources: list[str]
    prevails_over: list[str]  # the rule's ``overrides:`` in the YAML, the rules it is an exception to
    notes: list[str]
    conflicts: list[Conflict]
    switched: str = ""  # "switched on by the scenario", "switched off by the scenario"
    in_force: str = ""  # the as-of dates the rule is in force on, in words ("" for every date)


@dataclass
class ArticleView:
    label: str
    basis: str | None  # None: the rulebook has no articles block describing it
    summary: str = ""
    terms: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    numbered_by: list[str] = field(default_factory=list)
    rules: list[RuleView] = field(default_factory=list)


@dataclass
class RulebookDescription:
    """A rulebook (or a scenario of one) as a legal reviewer reads it, as data (``to_dict()`` for JSON);
    ``amnesty.i18n.show`` lays it out as text in each language."""

    id: str
    title: str
    version: str
    sha256: str
    authority: str
    enacted: str
    summary: str
    changes: str  # the scenario's changes in words, "" for a rulebook as written
    scenario: dict[str, Any] | None
    sources: list[Source]
    parameters: list[tuple[str, Parameter, bool]]  # name, parameter (with the value in force), changed
    articles: list[ArticleView]
    unencoded: list[str]
    cases: int

    def to_dict(self) -> dict[str, Any]:
        def rule(view: RuleView) -> dict[str, Any]:
            # ``overrides``: the key the rulebook file uses for ``prevails_over``
            data = {("overrides" if key == "prevails_over" else key): value for key, value in vars(view).items()}
            data["conflicts"] = [c.model_dump(mode="json", exclude_none=True) for c in view.conflicts]
            return data

        return {
            "id": self.id, "title": self.title, "version": self.version, "sha256": self.sha256,
            "authority": self.authority, "enacted": self.enacted, "summary": self.summary,
            "changes": self.changes, "scenario": self.scenario,
            "sources": [s.model_dump(mode="json", exclude_none=True) for s in self.sources],
            "parameters": {name: {**p.model_dump(mode="json", exclude_none=True), "changed": changed}
                           for name, p, changed in self.parameters},
            "articles": [
                {"label": a.label, "basis": a.basis, "summary": a.summary, "terms": a.terms,
                 "sources": [s.id for s in a.sources], "numbered_by": a.numbered_by, "rules": [rule(r) for r in a.rules]}
                for a in self.articles
            ],
            "unencoded": self.unencoded,
            "cases": self.cases,
        }


def describe(book: CompiledRulebook, scenario: dict[str, Any] | None = None) -> RulebookDescription:
    """The compiled rulebook article by article, named with its changes; ``scenario`` (id, title, base,
    question) when it was built from a scenario file."""
    from amnesty.rules.changes import describe_changes

    law = book.rulebook
    sources = {s.id: s for s in law.sources}
    switched_on = set(book.overrides.get("enable") or [])
    views: list[tuple[Rule, RuleView]] = []
    for compiled in book.every_rule():
        rule = compiled.rule
        views.append((rule, RuleView(
            id=rule.id, kind=rule.kind.value, enabled=rule.enabled and rule.id not in switched_on,
            summary=compiled.text, when=words(compiled.tree), effect=effect_words(compiled.effect),
            sources=list(rule.sources), prevails_over=list(rule.prevails_over), notes=list(rule.notes),
            conflicts=list(rule.conflicts), switched="switched on by the scenario" if rule.id in switched_on else "",
            in_force=window_words(rule, book.parameters),
        )))
    articles: dict[str, ArticleView] = {
        label: ArticleView(label, article.basis.value, article.summary, list(article.terms),
                           [sources[s] for s in article.sources if s in sources], list(article.numbered_by))
        for label, article in law.articles.items()
    }
    for rule, view in views:
        articles.setdefault(rule.article, ArticleView(rule.article, None)).rules.append(view)
    changed = set((book.overrides.get("set") or {}))
    changed |= {name for name, p in law.parameters.items() if p.complement and p.complement.of in changed}
    return RulebookDescription(
        id=law.id, title=law.title, version=law.version, sha256=book.sha256, authority=law.authority,
        enacted=law.enacted.isoformat(), summary=book.summary or law.summary,
        changes=describe_changes(book.overrides, scenario=False),
        scenario=scenario,
        sources=list(law.sources),
        parameters=[(name, param, name in changed) for name, param in law.parameters.items()],
        articles=list(articles.values()), unencoded=list(law.unencoded), cases=len(law.cases),
    )
