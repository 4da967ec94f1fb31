"""Every problem in a rulebook at once, each with its file, line and rule.

Loading stops at the first problem, which suits a run over records; a person
writing a rulebook wants the whole list. Errors are mistakes that change what
the law says (an unknown field, a value outside an enum, a contradiction);
warnings are loose ends that do not (a parameter no rule uses). Loading a
rulebook refuses the errors too; warnings only show here and in the audit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amnesty.errors import AmnestyError, RulebookError, did_you_mean
from amnesty.models.record import RECORD_FIELDS
from amnesty.models.provenance import Article, Source
from amnesty.models.rulebook import Parameter, ParamType, Rule, Rulebook
from amnesty.rules.checks import (
    Finding, article_findings, parameter_findings, raw_param_refs, reference_findings, rule_findings,
    sentence_findings,
)
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.lint_cases import case_messages
from amnesty.rules.lint_provenance import provenance_warnings
from amnesty.rules.loader import RulebookSource, read_text, schema_error
from amnesty.rules.params import coerce_value
from amnesty.rules.yamlio import line_at, load_yaml


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


Check = Callable[[Rulebook, str, dict[str, int | None]], list[Problem]]
"""A further check of a rulebook that validates: (rulebook, name, rule lines) -> problems.

The layers above the rules add theirs this way (the translations, ``amnesty.i18n.lint``),
so the rules import nothing above them; ``amnesty.analysis.audit.lint`` runs them all."""

SourceCheck = Callable[[RulebookSource], list[Finding]]
"""A further check of a rulebook that validates, as written: findings placed in the file as loading
places them. A layer above that cannot hold everything a law may say (the engine) adds its limits
this way; a rulebook with such errors does not load."""


def lint(id_or_path: str | Path, checks: Iterable[Check] = (), source_checks: Iterable[SourceCheck] = ()) -> LintReport:
    """Lint a built-in rulebook by id or a rulebook file; a missing file is a RulebookError."""
    return lint_text(*read_text(id_or_path), checks=checks, source_checks=source_checks)


def lint_text(
    text: str, name: str, checks: Iterable[Check] = (), source_checks: Iterable[SourceCheck] = (),
) -> LintReport:
    report = LintReport(name)
    try:
        data = load_yaml(text, name)
    except RulebookError as exc:
        report.problems.append(Problem(name, exc.line, exc.message))
        return report
    if not isinstance(data, dict):
        report.problems.append(Problem(name, 1, "a rulebook must be a mapping with id, title, rules, ..."))
        return report
    book = _Linter(name, data, report.problems).run()
    if book is not None:  # the last word: whatever lint passes must also load
        rule_lines = {r.get("id"): r.line for r in data["rules"] if hasattr(r, "line")}
        case_lines = {c.get("name"): c.line for c in data.get("cases") or [] if hasattr(c, "line")}
        source = RulebookSource(book, name, rule_lines, case_lines, getattr(data, "line", None), data)
        try:
            compile_rulebook(source)
            report.source = source
        except RulebookError as exc:
            if report.ok:  # otherwise it is one of the errors already listed
                message = exc.message.removeprefix(f"rule {exc.rule_id!r}: ") if exc.rule_id else exc.message
                report.problems.append(Problem(name, exc.line, message, exc.rule_id))
        for source_check in source_checks:
            for finding in source_check(source):
                report.source = None
                report.problems.append(Problem(name, source.line_at(finding.at) or 1, finding.message, finding.rule))
        for check in checks:
            report.problems.extend(check(book, name, rule_lines))
    report.problems.sort(key=lambda p: (p.line or 0, p.severity != "error"))
    return report


def lint_scenario(id_or_path: str | Path, load: Callable[..., Any] = compile_rulebook) -> LintReport:
    """A scenario checked the way it is loaded: its form, its changes against the base, and the
    changed rulebook's compilation; the first problem is reported (lint the base for all of its own).

    ``load(source, overrides)`` compiles as the caller loads rulebooks (the engine adds its limits)."""
    from amnesty.rules.scenario import load_scenario, scenario_source

    loaded = load_scenario(id_or_path)
    report = LintReport(loaded.path)
    try:
        source, overrides = scenario_source(loaded)
        load(source, overrides)
        report.source = source
    except AmnestyError as exc:
        rule = getattr(exc, "rule_id", None)
        message = exc.message.removeprefix(f"rule {rule!r}: ") if rule else exc.message
        report.problems.append(Problem(exc.path or loaded.path, exc.line, message, rule))
    return report


class _Linter:
    def __init__(self, path: str, data: dict, problems: list[Problem]):
        self.path, self.data, self.problems = path, data, problems
        self.values: dict[str, Any] = {}
        self.params: dict[str, Parameter] = {}
        self.bad_params: dict[str, int | None] = {}
        self.source_ids = {s.get("id") for s in _items(data.get("sources")) if isinstance(s, dict)}

    def line(self, *path: Any) -> int | None:
        """The line of the deepest part of ``path`` the file has."""
        return line_at(self.data, path) or 1

    def add(self, line, message, rule=None, case=None, severity="error") -> None:
        self.problems.append(Problem(self.path, line, message, rule, case, severity))

    def found(self, finding: Finding, severity: str = "error") -> None:
        self.add(self.line(*finding.at), finding.message, finding.rule, severity=severity)

    def run(self) -> Rulebook | None:
        book = self._validate()
        self._parameters()
        self._articles()
        rules = self._rules()
        self._unused_parameters()
        sources = _valid_items(self.data, "sources", Source)
        for finding in provenance_warnings(self.data, sources, _valid_articles(self.data), rules, self.params):
            self.found(finding, severity="warning")
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
        found = schema_error(error, self.data)
        rule = found.name if found.owner == "rule" else None
        case = found.name if found.owner == "case" else None
        message = found.message if (rule or case) else found.sentence
        self.add(found.line or 1, message, rule, case)

    # -- parameters and articles -----------------------------------------------

    def _parameters(self) -> None:
        self.values["enacted"] = _enacted(self.data.get("enacted"))
        params = self.data.get("parameters") or {}
        for name, raw in params.items() if isinstance(params, dict) else ():
            try:
                self.params[name] = Parameter.model_validate(raw)
            except ValidationError:
                self.bad_params[name] = self.line("parameters", name)  # its schema errors are already reported
        for name, param in self.params.items():  # a complement is checked against the list it complements
            found = parameter_findings(name, param, self.source_ids, self.params)
            for finding in found:
                self.found(finding)
            if any(f.at[-1] == "value" for f in found):
                self.bad_params[name] = self.line("parameters", name, "value")
            else:
                self.values[name] = coerce_value(param.type, param.value)

    def _articles(self) -> None:
        for label, article in _valid_articles(self.data).items():
            for finding in article_findings(label, article, self.source_ids):
                self.found(finding)

    def _unused_parameters(self) -> None:
        """A parameter no rule names, counting rules that fail validation (their own errors say what is wrong)."""
        used = set().union(*(raw_param_refs(raw) for raw in _items(self.data.get("rules"))))
        params = self.data.get("parameters") or {}
        for name in params if isinstance(params, dict) else ():
            if name not in used and name not in self.bad_params:
                self.add(self.line("parameters", name), f"parameter {name!r} is not used by any rule", severity="warning")

    # -- rules ----------------------------------------------------------------

    def _rules(self) -> list[tuple[int, Rule]]:
        valid = _valid_items(self.data, "rules", Rule)  # the others are reported by the whole-book validation
        ids = [rule.id for _, rule in valid]
        articles = self.data.get("articles") if isinstance(self.data.get("articles"), dict) else {}
        first_line: dict[str, int | None] = {}
        for index, rule in valid:
            at = ("rules", index)
            if rule.id in first_line:
                self.add(self.line(*at), f"duplicate rule id (first on line {first_line[rule.id]})", rule.id)
                continue
            first_line[rule.id] = self.line(*at)
            for finding in reference_findings(rule, at, ids, self.source_ids, articles):
                self.found(finding)
            tree, found = rule_findings(rule, at, self.values, self.params, self.bad_params)
            for finding in found:
                self.found(finding)
            if tree is not None and not found:
                for finding in sentence_findings(rule, tree, at):
                    self.found(finding, severity="warning")
        return valid

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


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _valid_items(data: dict, key: str, model: type) -> list[tuple[int, Any]]:
    """The entries of a list that validate, with their index (the others have their schema errors)."""
    valid = []
    for index, raw in enumerate(_items(data.get(key))):
        try:
            valid.append((index, model.model_validate(raw)))
        except ValidationError:
            continue
    return valid


def _valid_articles(data: dict) -> dict[str, Article]:
    articles = data.get("articles")
    valid: dict[str, Article] = {}
    for label, raw in articles.items() if isinstance(articles, dict) else ():
        try:
            valid[str(label)] = Article.model_validate(raw)
        except ValidationError:
            continue
    return valid


def _enacted(value: Any) -> date:
    try:
        return coerce_value(ParamType.date, value)
    except ValueError:
        return date(2000, 1, 1)  # the schema error names it; keep checking the rules
