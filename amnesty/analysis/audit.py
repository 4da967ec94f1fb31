"""Prove a rulebook's rules: every worked case passes and every rule is exercised.

A rule is covered when some case makes it fire (its condition definitely
holds) and some other case, with the rule present, makes it definitely not
fire; a rule no case can tell apart from "always" or "never" is untested,
however many cases pass. The same function serves ``amnesty audit`` and the
test suite, so a wrong rule fails CI.

    >>> from amnesty.analysis.audit import audit
    >>> [report.ok for report in audit()]          # every built-in rulebook
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amnesty.errors import AmnestyError
from amnesty.analysis.cases import CaseResult, run_case
from amnesty.engine.durable.fit import findings as engine_findings
from amnesty.i18n.lint import translation_problems
from amnesty.rules.lint import LintReport, Problem, lint as lint_structure
from amnesty.rules.loader import RulebookSource, builtin_ids


@dataclass
class RuleCoverage:
    """Which cases made one rule fire, not fire, and shape the outcome."""

    rule: str
    article: str
    line: int | None
    fires: list[str] = field(default_factory=list)
    does_not_fire: list[str] = field(default_factory=list)
    decides: list[str] = field(default_factory=list)  # among the reasons, as applying

    @property
    def covered(self) -> bool:
        return bool(self.fires) and bool(self.does_not_fire)

    def gaps(self) -> list[str]:
        found = []
        if not self.fires:
            found.append("fires in no case; add a case where its condition holds")
        if not self.does_not_fire:
            found.append("fires in every case where it is present; add a case where its condition does not hold")
        return found


@dataclass
class CaseFailure:
    name: str
    line: int | None
    failures: list[str]


@dataclass
class RulebookAudit:
    """One rulebook's audit: its lint problems, its cases and its rules' coverage."""

    id: str
    path: str
    lint: LintReport
    cases_run: int = 0
    failed: list[CaseFailure] = field(default_factory=list)
    coverage: list[RuleCoverage] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return self.cases_run - len(self.failed)

    @property
    def uncovered(self) -> list[RuleCoverage]:
        return [c for c in self.coverage if not c.covered]

    @property
    def ok(self) -> bool:
        return self.lint.ok and self.cases_run > 0 and not self.failed and not self.uncovered

    def problems(self) -> list[str]:
        """One line per thing to fix, each naming the file, line and the case or rule."""
        lines = [str(p) for p in self.lint.errors]
        if self.lint.ok and self.cases_run == 0:
            lines.append(f"{self.path}: error: the rulebook has no worked cases")
        for case in self.failed:
            where = f"{self.path}:{case.line}" if case.line else self.path
            lines.append(f"{where}: case {case.name!r} failed: " + "; ".join(case.failures))
        for rule in self.uncovered:
            where = f"{self.path}:{rule.line}" if rule.line else self.path
            lines.extend(f"{where}: rule {rule.rule!r} is not covered: {gap}" for gap in rule.gaps())
        return lines

    def to_dict(self) -> dict[str, Any]:
        return {
            "rulebook": self.id,
            "path": self.path,
            "ok": self.ok,
            "cases": {"run": self.cases_run, "passed": self.passed, "failed": len(self.failed)},
            "rules": {"total": len(self.coverage), "covered": len(self.coverage) - len(self.uncovered)},
            "problems": self.problems(),
            "warnings": [str(p) for p in self.lint.warnings],
            "coverage": [
                {"rule": c.rule, "article": c.article, "fires": len(c.fires),
                 "does_not_fire": len(c.does_not_fire), "decides": len(c.decides), "covered": c.covered}
                for c in self.coverage
            ],
        }


def lint(id_or_path: str | Path) -> LintReport:
    """Every problem of a rulebook: its structure and worked cases (``rules.lint``), its
    translations (``i18n.lint``) and what the engine cannot hold (``engine.durable.fit``),
    which sit above the rules and so are added here."""
    return lint_structure(id_or_path, checks=(translation_problems,), source_checks=(engine_findings,))


def audit(rulebooks: Iterable[str | Path] = ()) -> list[RulebookAudit]:
    """Audit the named rulebooks (ids or files), or every built-in one when none is named."""
    return [audit_rulebook(name) for name in (list(rulebooks) or builtin_ids())]


def audit_rulebook(id_or_path: str | Path) -> RulebookAudit:
    """Lint the rulebook, run each of its cases and measure each rule's coverage."""
    report = lint(id_or_path)
    source = report.source  # None unless the rulebook loads; mistakes in cases alone leave it loadable
    if source is None:
        return RulebookAudit(str(id_or_path), report.path, report)
    book = source.rulebook
    result = RulebookAudit(book.id, source.path, report)
    result.coverage = [RuleCoverage(r.id, r.article, source.line_for(r.id)) for r in book.rules]
    by_id = {c.rule: c for c in result.coverage}
    books: dict = {}
    for case in book.cases:
        result.cases_run += 1
        outcome = _run(source, case, books)
        if isinstance(outcome, CaseFailure):
            result.failed.append(outcome)
            continue
        if not outcome.passed:
            result.failed.append(CaseFailure(case.name, outcome.line, outcome.failures))
        applying = {r["rule"] for r in outcome.decision["reasons"] if r.get("finding") == "applies"}
        for rule_id, truth in outcome.findings.items():
            coverage = by_id[rule_id]
            if truth is True:
                coverage.fires.append(case.name)
            elif truth is False:
                coverage.does_not_fire.append(case.name)
            if rule_id in applying:
                coverage.decides.append(case.name)
    return result


def _run(source: RulebookSource, case, books: dict) -> CaseResult | CaseFailure:
    try:
        return run_case(source, case, books)
    except AmnestyError as exc:  # e.g. a case setting a parameter the rulebook lacks
        return CaseFailure(case.name, source.case_lines.get(case.name), [exc.message])


__all__ = ["CaseFailure", "Problem", "RuleCoverage", "RulebookAudit", "audit", "audit_rulebook", "lint"]
