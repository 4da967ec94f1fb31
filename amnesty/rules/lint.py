"""Every problem in a rulebook at once, each with its file, line and rule.

Loading stops at the first problem, which suits a run over records; a person
writing a rulebook wants the whole list. Errors are mistakes that change what
the law says (an unknown field, a value outside an enum, a contradiction);
warnings are loose ends that do not (a parameter no rule uses). Loading a
rulebook refuses the errors too; warnings only show here and in the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from amnesty.errors import RulebookError, did_you_mean
from amnesty.models.record import RECORD_FIELDS
from amnesty.models.rulebook import AllOf, AnyOf, Comparison, NotOf, Parameter, ParamRef, ParamType, Rule, Rulebook
from amnesty.rules import ruleset as ruleset_mod
from amnesty.rules.compiler import KIND_EFFECTS, compile_effect, compile_rulebook
from amnesty.rules.conditions import ConditionError, resolve
from amnesty.rules.lint_cases import case_messages
from amnesty.rules.loader import RulebookSource, data_path, read_text
from amnesty.rules.params import coerce_value
from amnesty.rules.satisfy import condition_problem
from amnesty.rules.yamlio import load_yaml


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    rule: str | None = None
    case: str | None = None
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        who = f"rule {self.rule!r}: " if self.rule else f"case {self.case!r}: " if self.case else ""
        return f"{where}: {self.severity}: {who}{self.message}"


@dataclass
class LintReport:
    path: str
    problems: list[Problem] = field(default_factory=list)
    source: RulebookSource | None = None  # the rulebook, when it loads despite any problems in its cases

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def lint(id_or_path: str | Path) -> LintReport:
    """Lint a built-in rulebook by id or a rulebook file; a missing file is a RulebookError."""
    return lint_text(*read_text(id_or_path))


def lint_text(text: str, name: str) -> LintReport:
    report = LintReport(name)
    try:
        data = load_yaml(text, name)
    except RulebookError as exc:
        report.problems.append(Problem(name, exc.line, exc.message))
        return report
    if not isinstance(data, dict):
        report.problems.append(Problem(name, 1, "a rulebook must be a mapping with id, title, rules, ..."))
        return report
    book = _Linter(name, data, key_lines(text), report.problems).run()
    if book is not None:  # the last word: whatever lint passes must also load
        rule_lines = {r.get("id"): r.line for r in data["rules"] if hasattr(r, "line")}
        case_lines = {c.get("name"): c.line for c in data.get("cases") or [] if hasattr(c, "line")}
        source = RulebookSource(book, name, rule_lines, case_lines, getattr(data, "line", None))
        try:
            compile_rulebook(source)
            report.source = source
        except RulebookError as exc:
            if report.ok:  # otherwise it is one of the errors already listed
                message = exc.message.removeprefix(f"rule {exc.rule_id!r}: ") if exc.rule_id else exc.message
                report.problems.append(Problem(name, exc.line, message, exc.rule_id))
    report.problems.sort(key=lambda p: (p.line or 0, p.severity != "error"))
    return report


def key_lines(text: str) -> dict[tuple, int]:
    """The line of every mapping key and list item, by its path from the top of the file."""
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else repr(key.value)
                lines[path + (name,)] = key.start_mark.line + 1
                walk(value, path + (name,))
        elif isinstance(node, yaml.SequenceNode):
            for index, value in enumerate(node.value):
                lines[path + (index,)] = value.start_mark.line + 1
                walk(value, path + (index,))

    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if root is not None:
        walk(root, ())
    return lines


class _Linter:
    def __init__(self, path: str, data: dict, lines: dict[tuple, int], problems: list[Problem]):
        self.path, self.data, self.lines, self.problems = path, data, lines, problems
        self.values: dict[str, Any] = {}
        self.bad_params: dict[str, int | None] = {}

    def line(self, *path: Any) -> int | None:
        """The line of the deepest part of ``path`` the file has."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1

    def add(self, line, message, rule=None, case=None, severity="error") -> None:
        self.problems.append(Problem(self.path, line, message, rule, case, severity))

    def run(self) -> Rulebook | None:
        book = self._validate()
        self._parameters()
        rules = self._rules()
        self._unused_parameters(rules)
        if book is not None:
            self._cases(book)
        return book

    # -- structure ------------------------------------------------------------

    def _validate(self) -> Rulebook | None:
        try:
            return Rulebook.model_validate(self.data)
        except ValidationError as exc:
            for error in exc.errors():
                self._schema_problem(error)
            return None

    def _schema_problem(self, error: dict) -> None:
        loc = full = data_path(self.data, tuple(error["loc"]))
        rule = case = None
        if len(loc) >= 2 and loc[0] in ("rules", "cases") and isinstance(self.data[loc[0]][loc[1]], dict):
            item = self.data[loc[0]][loc[1]]
            rule, case = (item.get("id"), None) if loc[0] == "rules" else (None, item.get("name"))
            loc = loc[2:] if (rule or case) else loc
        where = ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in loc).replace(".[", "[")
        value = error.get("input")
        if error["type"] == "missing":
            message = f"{where}: missing; every {'rule' if rule else 'entry'} needs one"
        elif error["type"] == "extra_forbidden":
            message = f"{where}: unknown key"
        else:
            shown = "" if isinstance(value, dict | list) else f" (got {_short(repr(value))})"
            message = f"{where}: {error['msg']}{shown}"
        self.add(self.line(*full), message, rule, case)

    # -- parameters -----------------------------------------------------------

    def _parameters(self) -> None:
        sources = {s.get("id") for s in self.data.get("sources") or [] if isinstance(s, dict)}
        self.values["enacted"] = _enacted(self.data.get("enacted"))
        params = self.data.get("parameters") or {}
        for name, raw in params.items() if isinstance(params, dict) else ():
            line = self.line("parameters", name)
            try:
                param = Parameter.model_validate(raw)
            except ValidationError:
                self.bad_params[name] = line  # its schema errors are already reported
                continue
            try:
                self.values[name] = coerce_value(param.type, param.value)
            except ValueError as exc:
                self.bad_params[name] = line
                self.add(self.line("parameters", name, "value"), f"parameter {name!r}: {exc}")
            if param.source not in sources:
                self.add(self.line("parameters", name, "source"),
                         f"parameter {name!r} cites unknown source {param.source!r}" + did_you_mean(param.source, sources))

    def _unused_parameters(self, rules: list[Rule]) -> None:
        used = {name for rule in rules for name in _param_refs(rule.when) | _param_refs(rule.effect)}
        params = self.data.get("parameters") or {}
        for name, raw in params.items() if isinstance(params, dict) else ():
            if name not in used and name not in self.bad_params:
                self.add(self.line("parameters", name), f"parameter {name!r} is not used by any rule", severity="warning")

    # -- rules ----------------------------------------------------------------

    def _rules(self) -> list[Rule]:
        valid: list[tuple[int, Rule]] = []
        for index, raw in enumerate(self.data.get("rules") or []):
            try:
                valid.append((index, Rule.model_validate(raw)))
            except ValidationError:
                continue  # reported by the whole-book validation
        ids = [rule.id for _, rule in valid]
        sources = {s.get("id") for s in self.data.get("sources") or [] if isinstance(s, dict)}
        first_line: dict[str, int | None] = {}
        for index, rule in valid:
            at = ("rules", index)
            if rule.id in first_line:
                self.add(self.line(*at), f"duplicate rule id (first on line {first_line[rule.id]})", rule.id)
                continue
            first_line[rule.id] = self.line(*at)
            if rule.source not in sources:
                self.add(self.line(*at, "source"),
                         f"cites unknown source {rule.source!r}" + did_you_mean(rule.source, sources), rule.id)
            if rule.effect.type not in KIND_EFFECTS[rule.kind]:
                allowed = ", ".join(sorted(e.value for e in KIND_EFFECTS[rule.kind]))
                self.add(self.line(*at, "effect"),
                         f"a {rule.kind.value} rule cannot have effect {rule.effect.type.value}; use {allowed}", rule.id)
            for target in rule.overrides:
                if target not in ids or target == rule.id:
                    self.add(self.line(*at, "overrides"),
                             f"overrides unknown rule {target!r}" + did_you_mean(target, set(ids)), rule.id)
            self._condition(at, rule)
            self._effect(at, rule)
        return [rule for _, rule in valid]

    def _condition(self, at: tuple, rule: Rule) -> None:
        if not self._leaves(at + ("when",), rule.when, rule.id):
            return
        tree = resolve(rule.when, self.values)
        problem = condition_problem(tree)
        if problem:
            self.add(self.line(*at, "when"), problem, rule.id)
        try:
            ruleset_mod.ruleset({rule.id: tree})
        except ruleset_mod.UnsafeConditionError as exc:
            self.add(self.line(*at, "when"), str(exc), rule.id)

    def _leaves(self, at: tuple, node: Any, rule_id: str) -> bool:
        """Check each comparison on its own line; True if all of them resolve."""
        if isinstance(node, AllOf | AnyOf):
            key, parts = ("all", node.all) if isinstance(node, AllOf) else ("any", node.any)
            return all([self._leaves(at + (key, i), part, rule_id) for i, part in enumerate(parts)])
        if isinstance(node, NotOf):
            return self._leaves(at + ("not",), node.not_, rule_id)
        bad = sorted(name for name in _param_refs(node) if name in self.bad_params)
        if bad:
            where = ", ".join(f"{n!r} (line {self.bad_params[n]})" for n in bad)
            self.add(self.line(*at, "value"), f"{node.field} is compared with parameter {where}, which has problems of its own", rule_id)
            return False
        try:
            resolve(node, self.values)
        except ConditionError as exc:
            key = "field" if str(exc).startswith("unknown field") else "value" if node.value is not None else "op"
            self.add(self.line(*at, key), str(exc), rule_id)
            return False
        return True

    def _effect(self, at: tuple, rule: Rule) -> None:
        bad = sorted(name for name in _param_refs(rule.effect) if name in self.bad_params)
        if bad:
            self.add(self.line(*at, "effect"),
                     f"the effect uses parameter {', '.join(map(repr, bad))}, which has problems of its own", rule.id)
            return
        try:
            compile_effect(rule, self.values)
        except (ConditionError, ValueError) as exc:
            self.add(self.line(*at, "effect"), str(exc), rule.id)

    # -- worked cases -----------------------------------------------------------

    def _cases(self, book: Rulebook) -> None:
        ids = [rule.id for rule in book.rules]
        for name in book.case_defaults:
            if name not in RECORD_FIELDS:
                self.add(self.line("case_defaults", name),
                         f"case_defaults: unknown record field {name!r}" + did_you_mean(name, RECORD_FIELDS))
        for index, case in enumerate(book.cases):
            for key, message in case_messages(case, ids, book.parameters):
                self.add(self.line("cases", index, *key), message, case=case.name)


def _param_refs(value: Any) -> set[str]:
    """Names of the parameters a condition or effect reads, however deeply."""
    if isinstance(value, ParamRef):
        return {value.param} | _param_refs(value.plus_days) | _param_refs(value.minus_years)
    if isinstance(value, AllOf):
        return set().union(*(_param_refs(c) for c in value.all))
    if isinstance(value, AnyOf):
        return set().union(*(_param_refs(c) for c in value.any))
    if isinstance(value, NotOf):
        return _param_refs(value.not_)
    if isinstance(value, Comparison):
        return _param_refs(value.value)
    if isinstance(value, BaseModel):  # an effect
        return set().union(*(_param_refs(getattr(value, name)) for name in type(value).model_fields))
    return set()


def _short(text: str, limit: int = 80) -> str:
    """A value cut short: one bad cell must not flood the report."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _enacted(value: Any) -> date:
    try:
        return coerce_value(ParamType.date, value)
    except ValueError:
        return date(2000, 1, 1)  # the schema error names it; keep checking the rules
