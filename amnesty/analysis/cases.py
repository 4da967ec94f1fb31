"""Run a rulebook's worked cases: the record, what the law should make of it, and whether it does."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from amnesty.engine.durable.fit import compile_checked
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.run import decision_of
from amnesty.models.rulebook import Case
from amnesty.rules.loader import RulebookSource
from amnesty.rules.changes import apply_changes


@dataclass
class CaseResult:
    case: Case
    decision: dict[str, Any]
    findings: dict[str, bool | None]
    failures: list[str] = field(default_factory=list)
    line: int | None = None

    @property
    def passed(self) -> bool:
        return not self.failures


def case_record(source: RulebookSource, case: Case) -> dict[str, Any]:
    return {**source.rulebook.case_defaults, **case.record}


def run_case(source: RulebookSource, case: Case, books: dict | None = None) -> CaseResult:
    """``books``: the caller's compiled rulebooks by the changes a case makes, so that the cases
    of one rulebook that change nothing (most of them) share one compilation."""
    key = (repr(sorted(case.set.items())), tuple(case.disable), tuple(case.enable))
    book = None if books is None else books.get(key)
    if book is None:
        changed, overrides = apply_changes(source, case.set, case.disable, case.enable)
        book = compile_checked(changed, overrides)
        if books is not None:
            books[key] = book
    with Evaluator(book, case.as_of) as evaluator:
        values = case_record(source, case)
        line = source.case_lines.get(case.name)  # an invalid case's errors name where it is written
        decision = decision_of(values, book, evaluator.as_of, line=line or 1, unit="rulebook line" if line else "case")
        findings: dict[str, bool | None] = {}
        if decision["outcome"] != "invalid":
            from amnesty.models.record import Record

            findings = evaluator.evaluate(Record.model_validate(values)).findings
    result = CaseResult(case, decision, findings, line=source.case_lines.get(case.name))
    result.failures = _compare(case, decision)
    return result


def _compare(case: Case, decision: dict[str, Any]) -> list[str]:
    expect = case.expect
    failures = []
    if decision["outcome"] != expect.outcome:
        detail = "; ".join(decision["errors"]) or ", ".join(r["rule"] for r in decision["reasons"])
        failures.append(f"outcome is {decision['outcome']} ({detail}), expected {expect.outcome}")
    reasons = [r["rule"] for r in decision["reasons"]]
    for rule in expect.rules:
        if rule not in reasons:
            failures.append(f"rule {rule} is not among the reasons {reasons}")
    for rule in expect.not_rules:
        if rule in reasons:
            failures.append(f"rule {rule} is among the reasons but should not be")
    if expect.missing is not None and decision["missing"] != expect.missing:
        failures.append(f"missing facts are {decision['missing']}, expected {expect.missing}")
    if expect.sentence_after is not None and decision["sentence_after"] != _sentence(expect.sentence_after):
        failures.append(f"sentence_after is {decision['sentence_after']}, expected {expect.sentence_after}")
    if expect.release_date is not None and decision["release_date"] != _iso(expect.release_date):
        failures.append(f"release_date is {decision['release_date']}, expected {expect.release_date}")
    if expect.parole_date is not None and decision.get("parole_date") != _iso(expect.parole_date):
        failures.append(f"parole_date is {decision.get('parole_date')}, expected {expect.parole_date}")
    return failures


def _sentence(expected: dict[str, Any]) -> dict[str, Any]:
    return {"type": expected.get("type"), "months": expected.get("months")}


def _iso(value: date) -> str:
    return value.isoformat()
