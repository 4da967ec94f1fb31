"""Scenarios: a rulebook plus the changes a policy question asks about, in one place.

Anywhere a rulebook is named (``--rulebook``, ``--baseline``, ``--scenario``,
``api.load_rulebook``) a scenario works too: a built-in rulebook id, a
bundled scenario id, or the path of a rulebook or scenario file. Changes
are parameter values (``--set`` or a scenario's ``set``), rules switched
off or on, and rules added. The changed rulebook is a new rulebook (nothing
is mutated) and ``overrides``, the record of its changes, is part of its
digest and of every decision's ``rulebook.overrides``, so each decision
says exactly which variant of the law produced it.

(A rule's own ``overrides:`` list in the YAML, the rules it is an exception
to, is ``Rule.prevails_over`` in Python.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amnesty.errors import RulebookError, ScenarioError, did_you_mean
from amnesty.models.scenario import Scenario
from amnesty.rules.loader import RulebookSource, builtin_ids, first_error, load_source, parse_source
from amnesty.rules.changes import apply_changes, merge_overrides
from amnesty.rules.yamlio import load_yaml

_SCENARIO_KEY = re.compile(r"^base\s*:", re.M)  # a rulebook never has a top-level `base`
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


def bundled_scenarios() -> dict[str, Path]:
    """Ready-made scenarios shipped with the package, by id (the file name without .yaml)."""
    root = resources.files("amnesty") / "data" / "scenarios"
    if not root.is_dir():
        return {}
    return {
        Path(p.name).stem: Path(str(p)) for p in sorted(root.iterdir(), key=lambda p: p.name)
        if p.name.endswith(".yaml")
    }


@dataclass(frozen=True)
class ScenarioFile:
    """A validated scenario and where its parts were written."""

    scenario: Scenario
    path: str
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.scenario.id

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, **self.scenario.model_dump(mode="json", exclude_defaults=True)}


def load_scenario(id_or_path: str | Path) -> ScenarioFile:
    """A bundled scenario id or a scenario file path, validated."""
    text = str(id_or_path)
    path = bundled_scenarios().get(text) or Path(text)
    if not path.is_file():
        raise ScenarioError(
            "no such scenario file" + did_you_mean(text, bundled_scenarios()), path=text
        )
    return parse_scenario(_read(path), str(path))


def parse_scenario(text: str, name: str) -> ScenarioFile:
    data = load_yaml(text, name)
    if not isinstance(data, dict):
        raise ScenarioError("a scenario must be a mapping with id, title, base, question, ...", path=name, line=1)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        message, _, line = first_error(exc, data)
        raise ScenarioError(message, path=name, line=line) from None
    lines = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in _TOP_KEY.finditer(text)}
    for rule in data.get("add_rules") or []:
        if isinstance(rule, dict) and hasattr(rule, "line"):
            lines[f"rule:{rule.get('id')}"] = rule.line
    return ScenarioFile(scenario, name, lines)


def load_variant(
    rulebook: str | Path,
    set_values: Mapping[str, Any] | None = None,
    disable: Iterable[str] = (),
) -> tuple[RulebookSource, dict[str, Any]]:
    """The rulebook or scenario named, with command-line changes on top, and the record of all changes."""
    text = str(rulebook)
    if text in builtin_ids():
        source, overrides = load_source(text), {}
    elif text in bundled_scenarios():
        source, overrides = scenario_source(load_scenario(text))
    else:
        path = Path(text)
        if not path.is_file():
            if path.suffix in (".yaml", ".yml") or "/" in text or path.exists():
                raise RulebookError("no such rulebook or scenario file", path=text)
            raise RulebookError(
                f"no built-in rulebook, bundled scenario or file named {text!r}"
                + did_you_mean(text, [*builtin_ids(), *bundled_scenarios()],
                               too_many=f"the built-in rulebooks are {', '.join(builtin_ids())}, and "
                               "`amnesty rulebooks list` lists the bundled scenarios too")
            )
        content = _read(path)
        if _SCENARIO_KEY.search(content):
            source, overrides = scenario_source(parse_scenario(content, str(path)))
        else:
            source, overrides = parse_source(content, str(path)), {}
    if not set_values and not list(disable):
        return source, overrides
    changed, extra = apply_changes(source, set_values, disable)
    return changed, merge_overrides(overrides, extra)


def scenario_source(loaded: ScenarioFile) -> tuple[RulebookSource, dict[str, Any]]:
    """The base rulebook with the scenario's changes applied, named after the scenario file."""
    scenario, path = loaded.scenario, loaded.path
    base = _load_base(loaded)

    def fail(message: str, key: str) -> ScenarioError:
        return ScenarioError(message, path=path, line=loaded.lines.get(key))

    try:
        source, set_record = apply_changes(base, scenario.set)
    except ScenarioError as exc:
        raise fail(exc.message.replace("--set ", "set: "), "set") from None
    try:
        source, off_record = apply_changes(source, None, scenario.disable, scenario.enable)
    except ScenarioError as exc:
        raise fail(exc.message, "enable" if "switched on" in exc.message else "disable") from None
    book = source.rulebook
    for name in scenario.add_parameters:
        if name in book.parameters or name == "enacted":
            raise fail(f"add_parameters: {book.id} already has a parameter {name!r}; change it with set", "add_parameters")
    known_sources = {s.id for s in book.sources}
    for added in scenario.add_sources:
        if added.id in known_sources:
            raise fail(f"add_sources: {book.id} already has a source {added.id!r}", "add_sources")
    if scenario.add_articles and not book.articles:
        raise fail(f"add_articles: {book.id} has no articles block; added rules cite article labels as its rules do",
                   "add_articles")
    for label in scenario.add_articles:
        if label in book.articles:
            raise fail(f"add_articles: {book.id} already has an article {label!r}", "add_articles")
    base_ids = {rule.id for rule in base.rulebook.rules}
    for rule in scenario.add_rules:
        if rule.id in base_ids:
            raise ScenarioError(
                f"add_rules: {book.id} already has a rule {rule.id!r}; disable it and add the new rule under a new id",
                path=path, line=loaded.lines.get(f"rule:{rule.id}"),
            )
    changed = book.model_copy(update={
        "title": scenario.title,
        "sources": [*book.sources, *scenario.add_sources],
        "articles": {**book.articles, **scenario.add_articles},
        "parameters": {**book.parameters, **scenario.add_parameters},
        "rules": [*book.rules, *scenario.add_rules],
    })
    rule_lines = {rule.id: loaded.lines.get(f"rule:{rule.id}") for rule in scenario.add_rules}
    overrides: dict[str, Any] = {"scenario": scenario.id, **set_record, **off_record}
    if scenario.add_rules:
        overrides["add_rules"] = [rule.id for rule in scenario.add_rules]
    return RulebookSource(changed, path, {k: v for k, v in rule_lines.items() if v}, {}, None), overrides


def _load_base(loaded: ScenarioFile) -> RulebookSource:
    base = loaded.scenario.base
    if base in builtin_ids():
        return load_source(base)
    path = Path(base)
    if not path.is_absolute():
        path = Path(loaded.path).parent / path
    if not path.is_file():
        raise ScenarioError(
            f"base: no built-in rulebook or file named {base!r}" + did_you_mean(base, builtin_ids()),
            path=loaded.path, line=loaded.lines.get("base"),
        )
    return load_source(path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read: {exc}", path=path) from None


def is_scenario(id_or_path: str | Path) -> bool:
    """A bundled scenario id, or a file with a top-level ``base`` (which no rulebook has)."""
    text = str(id_or_path)
    if text in bundled_scenarios():
        return True
    path = Path(text)
    try:
        return path.is_file() and bool(_SCENARIO_KEY.search(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False
