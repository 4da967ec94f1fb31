"""Changes to a rulebook: parameters set, rules switched off or on, and how a changed rulebook is named.

``--set NAME=VALUE`` and ``--disable RULE`` on the command line, and a
scenario file's ``set``, ``disable`` and ``enable``, all go through
``apply_changes``; its record of the changes (``overrides``) becomes part of
the rulebook's digest and of every decision's ``rulebook.overrides``.
Scenario files themselves are ``amnesty.rules.scenario``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from amnesty.errors import ScenarioError, did_you_mean
from amnesty.rules.loader import RulebookSource
from amnesty.models.fields import FIELDS
from amnesty.models.rulebook import ParamType
from amnesty.rules.params import IMPLICIT_PARAMS, coerce_value, complement_value


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``NAME=VALUE`` strings from the command line, in order, last one winning."""
    result: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ScenarioError(f"--set expects NAME=VALUE, got {item!r}")
        result[name.strip()] = value.strip()
    return result


def apply_changes(
    source: RulebookSource,
    set_values: Mapping[str, Any] | None = None,
    disable: Iterable[str] = (),
    enable: Iterable[str] = (),
) -> tuple[RulebookSource, dict[str, Any]]:
    """The rulebook with parameters changed, rules removed and readings that are off by default
    switched on, and a record of the changes."""
    book = source.rulebook
    params = dict(book.parameters)
    changes: dict[str, Any] = {}
    following: dict[str, Any] = {}  # complements set too (see ``Complement``)
    for name, raw in (set_values or {}).items():
        if name in IMPLICIT_PARAMS:
            raise ScenarioError(f"{name!r} is the rulebook's enactment date and cannot be set; use --as-of")
        if name not in params:
            raise ScenarioError(
                f"{book.id} has no parameter {name!r}" + did_you_mean(name, params)
                + f" (parameters: {', '.join(sorted(params))})"
            )
        try:
            value = coerce_value(params[name].type, raw)
        except ValueError as exc:
            raise ScenarioError(f"--set {name}: {exc}") from None
        if params[name].complement is not None:  # it follows its list; checked once that list is set
            following[name] = value
            continue
        params[name] = params[name].model_copy(update={"value": value})
        changes[name] = value.isoformat() if hasattr(value, "isoformat") else value
    for name, param in params.items():  # a complement follows the list it complements
        declared = param.complement
        spec = FIELDS.get(declared.within) if declared is not None else None
        if spec is not None and declared.of in changes and declared.of in params:
            params[name] = param.model_copy(update={"value": complement_value(
                spec.choices, coerce_value(ParamType.list, params[declared.of].value), declared.except_)})
    for name, value in following.items():  # set as well: allowed only when it says the same
        declared, derived = params[name].complement, params[name].value
        if set(value) != set(derived):
            besides = " nor in its except list" if declared.except_ else ""
            raise ScenarioError(
                f"--set {name}: it is every value of {declared.within} not in {declared.of}{besides}, "
                f"which makes it {', '.join(derived) or 'empty'}; set {declared.of} alone"
            )
    ids = [rule.id for rule in book.rules]
    off = list(dict.fromkeys(disable))
    for rule_id in off:
        if rule_id not in ids:
            raise ScenarioError(
                f"{book.id} has no rule {rule_id!r}" + did_you_mean(rule_id, ids) + f" (rules: {', '.join(ids)})"
            )
    on = list(dict.fromkeys(enable))
    for rule_id in on:
        if rule_id not in ids:
            raise ScenarioError(
                f"{book.id} has no rule {rule_id!r}" + did_you_mean(rule_id, ids) + f" (rules: {', '.join(ids)})"
            )
        if rule_id in off:
            raise ScenarioError(f"rule {rule_id!r} is both switched on and switched off")
    rules = [
        rule.model_copy(update={
            "prevails_over": [o for o in rule.prevails_over if o not in off],
            **({"enabled": True} if rule.id in on else {}),
        })
        for rule in book.rules
        if rule.id not in off
    ]
    if not rules:
        raise ScenarioError("every rule was switched off; nothing would be decided")
    overrides: dict[str, Any] = {}
    if changes:
        overrides["set"] = changes
    if off:
        overrides["disable"] = sorted(off)
    if on:
        overrides["enable"] = sorted(on)
    changed = book.model_copy(update={"parameters": params, "rules": rules})
    return replace(source, rulebook=changed), overrides


def describe_changes(overrides: Mapping[str, Any], *, scenario: bool = True) -> str:
    """The changes in one line, e.g. ``scenario law-10-life-20; set life_commuted_years=20``; a chain's,
    instrument by instrument (``aanes-2024-law-10: set life_commuted_years=20``)."""
    members = overrides.get("chain")
    if members:
        said = ((m["id"], describe_changes(m.get("overrides") or {}, scenario=scenario)) for m in members)
        return "; ".join(f"{member}: {text}" for member, text in said if text)
    parts = []
    if scenario and overrides.get("scenario"):
        parts.append(f"scenario {overrides['scenario']}")
    for name, value in (overrides.get("set") or {}).items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else value
        parts.append(f"set {name}={shown}")
    if overrides.get("disable"):
        parts.append("disable " + ",".join(overrides["disable"]))
    if overrides.get("enable"):
        parts.append("enable " + ",".join(overrides["enable"]))
    if overrides.get("add_rules"):
        parts.append("add " + ",".join(overrides["add_rules"]))
    return "; ".join(parts)


def merge_overrides(first: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    """Changes applied one after the other, as one record (later values win)."""
    merged = dict(first)
    if then.get("set"):
        merged["set"] = {**first.get("set", {}), **then["set"]}
    for key in ("disable", "enable"):
        if then.get(key):
            merged[key] = sorted({*first.get(key, []), *then[key]})
    return merged


def variant_label(book_id: str, overrides: Mapping[str, Any], without: str = "without {rule}",
                  with_: str = "with {rule}") -> str:
    """A short name that says which variant of a law this is, e.g. ``aanes-2024-law-10 + life_commuted_years=20``.

    A scenario file is named by its id (its changes are in the file); a
    rulebook changed on the command line is named by its id and every change,
    so a table or chart legend never shows two sides under the same name.
    ``without`` and ``with_`` word a rule switched off or added (another language's words, from
    ``amnesty.i18n.sides.variant_words``: this layer has no translator).
    """
    members = overrides.get("chain")
    if members:  # a chain: each instrument's own label, so two chains that differ in one are told apart
        return " > ".join(variant_label(m["id"], m.get("overrides") or {}, without, with_) for m in members)
    if overrides.get("scenario"):
        return str(overrides["scenario"])
    parts = [book_id]
    for name, value in (overrides.get("set") or {}).items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else value
        parts.append(f"{name}={shown}")
    parts += [without.format(rule=rule) for rule in overrides.get("disable") or []]
    parts += [with_.format(rule=rule) for rule in overrides.get("add_rules") or []]
    return " + ".join(parts)
