"""Lint for worked cases: a case that names what does not exist tests something else than it says.

A misspelt field in a case record is silently ignored by record validation,
so the case would pass while testing the default value; these checks catch it.
"""

from __future__ import annotations

from amnesty.errors import did_you_mean
from amnesty.models.decision import Outcome
from amnesty.models.record import RECORD_FIELDS
from amnesty.models.rulebook import Case, Parameter
from amnesty.rules.params import coerce_value


def case_messages(case: Case, ids: list[str], params: dict[str, Parameter]) -> list[tuple[tuple, str]]:
    """Mistakes in a worked case that would make it test something else than it says."""
    found: list[tuple[tuple, str]] = []
    for name in case.record:
        if name not in RECORD_FIELDS:
            found.append((("record", name), f"record: unknown field {name!r}" + did_you_mean(name, RECORD_FIELDS)))
    outcomes = [o.value for o in Outcome]
    if case.expect.outcome not in outcomes:
        found.append((("expect", "outcome"), f"expect.outcome: {case.expect.outcome!r} is not an outcome"
                      + did_you_mean(case.expect.outcome, outcomes)))
    for key in ("rules", "not_rules"):
        for rule_id in getattr(case.expect, key):
            if rule_id not in ids:
                found.append((("expect", key), f"expect.{key}: no rule {rule_id!r}" + did_you_mean(rule_id, set(ids))))
    for name in case.expect.missing or []:
        if name not in RECORD_FIELDS:
            found.append((("expect", "missing"),
                          f"expect.missing: unknown record field {name!r}" + did_you_mean(name, RECORD_FIELDS)))
    for name, value in case.set.items():
        if name not in params:
            found.append((("set", name), f"set: no parameter {name!r}" + did_you_mean(name, params)))
            continue
        try:
            coerce_value(params[name].type, value)
        except ValueError as exc:
            found.append((("set", name), f"set {name}: {exc}"))
    for key in ("disable", "enable"):
        for rule_id in getattr(case, key):
            if rule_id not in ids:
                found.append(((key,), f"{key}: no rule {rule_id!r}" + did_you_mean(rule_id, set(ids))))
    return found
