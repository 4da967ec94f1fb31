"""Compile a rulebook once, before the first record is read.

Compilation resolves parameters, type-checks every comparison, collects the
distinct leaves (the facts a record's key is made of) and compiles each
rule's tree to a function of the key. Any problem in what the law says is
refused here, with the file, line and rule, rather than discovered halfway
through a million records (what one evaluator or another cannot hold is the
engine's to check, above this layer).
"""

from __future__ import annotations

import hashlib
import json
import operator
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from amnesty.errors import RulebookError
from amnesty.models.rulebook import EffectType, Kind, Rule, Rulebook
from amnesty.rules.conditions import ConditionError, Leaf, Tree, leaves, resolve, resolve_value, source_fields
from amnesty.rules.kleene import KeyFn, LeafFn, compile_tree, leaf_function
from amnesty.rules.loader import RulebookSource
from amnesty.rules.wording import render
from amnesty.rules.params import parameter_values
from amnesty.rules.checks import (
    Finding, article_findings, parameter_findings, reference_findings, rule_findings,
)


@dataclass(frozen=True)
class CompiledEffect:
    type: EffectType
    years: float | None = None
    remit_fraction: float | None = None
    parole_fraction: float | None = None
    subject_to: str | None = None


@dataclass(frozen=True)
class CompiledRule:
    rule: Rule
    tree: Tree
    effect: CompiledEffect
    fields: tuple[str, ...]  # record fields the condition reads
    text: str = ""  # the summary with its parameters filled in

    @cached_property  # read millions of times in a large run
    def id(self) -> str:
        return self.rule.id

    @cached_property
    def kind(self) -> Kind:
        return self.rule.kind


@dataclass(frozen=True)
class CompiledRulebook:
    rulebook: Rulebook
    path: str
    rules: tuple[CompiledRule, ...]
    leaves: tuple[Leaf, ...]
    leaf_functions: tuple[LeafFn, ...]
    leaf_index: dict[Leaf, int]
    parameters: dict[str, Any]
    overrides: dict[str, Any]
    sha256: str
    overridden_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summary: str = ""  # the rulebook's summary with its parameters filled in
    language: str = "en"  # of the reason sentences (amnesty.i18n.rulebook.localise); never part of sha256
    no_provision_text: str | None = None  # the no-provision reason in that language
    rule_functions: dict[str, KeyFn] = field(default_factory=dict, compare=False, repr=False)  # tree of each rule, compiled
    # The as-of date its rules in force were chosen for (``at``); None: every enabled rule, whatever the date.
    decided_on: date | None = None
    _at: dict = field(default_factory=dict, compare=False, repr=False)  # rules out of force -> the book without them

    @property
    def id(self) -> str:
        return self.rulebook.id

    def at(self, day: date) -> CompiledRulebook:
        """This rulebook as it stands for decisions as of ``day``: a rule whose ``as_of`` window leaves
        ``day`` out is not in force (as a reading switched off is not). The same law, so the same
        sha256; every way of deciding a record goes through it (``Evaluator``, the variants of a
        sweep). A book already chosen for a day is given back as it is: a chain decides its earlier
        instruments' deadlines as of the day of the decision, not of each instrument's issue."""
        if self.decided_on is not None or not self._windowed:
            return self  # chosen already, or no rule of it depends on the date (the same object, for every day)
        off = frozenset(rule.id for rule in self.rules if rule.rule.as_of is not None
                        and not _COMPARE[rule.rule.as_of.op](day, resolve_value(rule.rule.as_of.value, self.parameters)))
        key = (id(self), off)  # a copy made by ``dataclasses.replace`` (a localised book) shares the dict
        known = self._at.get(key)
        if known is None:
            known = self._at[key] = self._without(off, day)
        return known

    @cached_property
    def _windowed(self) -> bool:
        return any(rule.rule.as_of is not None for rule in self.rules)

    def _without(self, off: frozenset[str], day: date) -> CompiledRulebook:
        """The book with the rules ``off`` out of force: its leaves stay (a few unread truths in a key)."""
        rules = tuple(rule for rule in self.rules if rule.id not in off)
        overridden_by = {target: tuple(by for by in among if by not in off)
                         for target, among in self.overridden_by.items() if target not in off}
        # ``rulebook`` stays the law as written: a worker compiles it again (and checks its sha256) and
        # chooses the rules in force for the day itself.
        return replace(self, rules=rules, overridden_by={k: v for k, v in overridden_by.items() if v},
                       rule_functions={k: f for k, f in self.rule_functions.items() if k not in off},
                       decided_on=day, _at={})

    @property
    def version(self) -> str:
        return self.rulebook.version

    def every_rule(self) -> tuple[CompiledRule, ...]:
        """Every rule of the rulebook in its order, readings that are off by default too (compiled for
        showing them; the engine never sees them)."""
        compiled = {rule.id: rule for rule in self.rules}
        result = []
        for rule in self.rulebook.rules:
            if rule.id in compiled:
                result.append(compiled[rule.id])
            else:
                tree = resolve(rule.when, self.parameters)
                text = render(rule.summary, self.parameters)
                result.append(CompiledRule(rule, tree, compile_effect(rule, self.parameters), source_fields(tree), text))
        return tuple(result)

    def rule(self, rule_id: str) -> CompiledRule:
        return self._rules_by_id[rule_id]  # KeyError for a rule the book does not have

    @cached_property
    def _rules_by_id(self) -> dict[str, CompiledRule]:  # asked for every new term of a sweep
        return {rule.id: rule for rule in self.rules}


def compile_rulebook(source: RulebookSource, overrides: dict[str, Any] | None = None) -> CompiledRulebook:
    """Compile a loaded rulebook; ``overrides`` records scenario changes for provenance."""
    book = source.rulebook
    values = _parameter_values(source)
    _check_references(source)
    try:
        summary = render(book.summary, values)  # the law's summary may name parameters too
    except ValueError as exc:
        raise _refusal(source, Finding(("summary",), f"the rulebook's {exc}")) from None
    compiled = []
    active = [rule for rule in book.rules if rule.enabled]  # a reading off by default waits for a scenario
    if not active:
        raise RulebookError("every rule is switched off; nothing would be decided", path=source.path)
    on = {rule.id for rule in active}
    for rule in book.rules:  # a reading switched off is checked too: a scenario may switch it on
        tree, found = rule_findings(rule, ("rules", rule.id), values, book.parameters)
        if found:
            raise _refusal(source, found[0])
        if rule.as_of is not None:
            _check_window(source, rule, values)
        if not rule.enabled:
            continue
        try:
            text = render(rule.summary, values)
        except ValueError as exc:
            raise _refusal(source, Finding(("rules", rule.id, "summary"), str(exc), rule.id)) from None
        effect = compile_effect(rule, values)
        compiled.append(CompiledRule(rule, tree, effect, source_fields(tree), text))
    distinct: dict[Leaf, int] = {}
    for rule in compiled:
        for leaf in leaves(rule.tree):
            distinct.setdefault(leaf, len(distinct))
    overridden_by: dict[str, list[str]] = {}
    for rule in active:
        for target in rule.prevails_over:
            if target in on:
                overridden_by.setdefault(target, []).append(rule.id)
    return CompiledRulebook(
        rulebook=book,
        path=source.path,
        rules=tuple(compiled),
        leaves=tuple(distinct),
        leaf_functions=tuple(leaf_function(leaf) for leaf in distinct),
        leaf_index=distinct,
        parameters=values,
        overrides=dict(overrides or {}),
        sha256=digest(book, overrides or {}),
        overridden_by={k: tuple(v) for k, v in overridden_by.items()},
        summary=summary,
        rule_functions={rule.id: compile_tree(rule.tree, distinct) for rule in compiled},
    )


_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def _check_window(source: RulebookSource, rule: Rule, values: dict[str, Any]) -> None:
    """A rule's ``as_of`` window compares the as-of date with a date: refused here otherwise."""
    try:
        day = resolve_value(rule.as_of.value, values)
    except ConditionError as exc:
        raise _refusal(source, Finding(("rules", rule.id, "as_of"), f"as_of: {exc}", rule.id)) from None
    if not isinstance(day, date):
        raise _refusal(source, Finding(("rules", rule.id, "as_of"),
                                       f"as_of compares the as-of date with a date, not with {day!r}", rule.id))


def digest(book: Rulebook, overrides: dict[str, Any]) -> str:
    """sha256 of the law as encoded (cases excluded) and the scenario changes."""
    payload = {
        "rulebook": book.model_dump(mode="json", exclude={"cases", "case_defaults"}, by_alias=True),
        "overrides": overrides,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refusal(source: RulebookSource, found: Finding) -> RulebookError:
    """The first problem as the error that refuses the rulebook, at the line lint gives it."""
    return RulebookError(found.message, path=source.path, line=source.line_at(found.at), rule_id=found.rule)


def _parameter_values(source: RulebookSource) -> dict[str, Any]:
    book = source.rulebook
    source_ids = {s.id for s in book.sources}
    for name, param in book.parameters.items():
        for found in parameter_findings(name, param, source_ids, book.parameters):
            raise _refusal(source, found)
    return parameter_values(book.parameters, book.enacted)


def _check_references(source: RulebookSource) -> None:
    book = source.rulebook
    ids = [rule.id for rule in book.rules]
    source_ids = {s.id for s in book.sources}
    for label, article in book.articles.items():
        for found in article_findings(label, article, source_ids):
            raise _refusal(source, found)
    seen: set[str] = set()
    for rule in book.rules:
        if rule.id in seen:
            raise RulebookError("duplicate rule id", path=source.path, line=source.line_for(rule.id), rule_id=rule.id)
        seen.add(rule.id)
        for found in reference_findings(rule, ("rules", rule.id), ids, source_ids, book.articles):
            raise _refusal(source, found)


def compile_effect(rule: Rule, values: dict[str, Any]) -> CompiledEffect:

    effect = rule.effect
    extras = _effect_extras(effect, values)
    if effect.type is EffectType.commute:
        years = resolve_value(effect.years, values) if effect.years is not None else None
        if isinstance(years, bool) or not isinstance(years, int | float) or years < 0:
            raise ValueError(f"commute needs years: a number of years >= 0, got {years!r}")
        return CompiledEffect(effect.type, years=float(years), **extras)
    if effect.type is EffectType.reduce:
        fraction = resolve_value(effect.remit_fraction, values) if effect.remit_fraction is not None else None
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 <= fraction <= 1:
            raise ValueError(f"reduce needs remit_fraction between 0 and 1, got {fraction!r}")
        return CompiledEffect(effect.type, remit_fraction=float(fraction), **extras)
    if effect.years is not None or effect.remit_fraction is not None:
        raise ValueError(f"effect {effect.type.value} takes no years or remit_fraction")
    return CompiledEffect(effect.type, **extras)


def _effect_extras(effect, values: dict[str, Any]) -> dict[str, Any]:
    """Parole (on a new term) and a condition the record cannot show (on any relief that benefits)."""

    extras: dict[str, Any] = {}
    if effect.parole_fraction is not None:
        if effect.type not in (EffectType.commute, EffectType.reduce):
            raise ValueError(f"parole_fraction applies to a new term (commute or reduce), not to {effect.type.value}")
        fraction = resolve_value(effect.parole_fraction, values)
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 < fraction <= 1:
            raise ValueError(f"parole_fraction must be a share of the term above 0 and at most 1, got {fraction!r}")
        extras["parole_fraction"] = float(fraction)
    if effect.subject_to is not None:
        if effect.type not in (EffectType.release, EffectType.remit, EffectType.commute, EffectType.reduce):
            raise ValueError(f"subject_to qualifies a relief that benefits the person, not {effect.type.value}")
        if not effect.subject_to.strip():
            raise ValueError("subject_to needs the condition in words")
        extras["subject_to"] = effect.subject_to.strip()
    return extras

