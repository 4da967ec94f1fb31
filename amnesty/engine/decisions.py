"""Decisions as JSON-ready dicts, in the data dictionary's field order.

Built directly as dicts (not through the pydantic model) because they are
written by the million; tests check that every one validates against
``amnesty.models.decision.Decision``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from amnesty.models import problems
from amnesty.models.decision import Outcome
from amnesty.models.fields import in_field_order
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine.sentence import months_json

NO_PROVISION = {
    "rule": "no-provision",
    "article": "-",
    "effect": "review",
    "text": "No provision of this law gives relief in this case; a person must decide.",
    "finding": "applies",
}


def rulebook_ref(book: CompiledRulebook) -> dict[str, Any]:
    return {"id": book.id, "version": book.version, "sha256": book.sha256, "overrides": book.overrides}


def _sentence(kind: str | None, months: Any) -> dict[str, Any]:
    return {"type": kind, "months": months_json(months)}


def held(record: Record) -> tuple[str | None, Any]:
    """The sentence a record holds, as (type, months)."""
    return record.sentence_type.value if record.sentence_type else None, record.sentence_months


def sentence_before(record: Record) -> dict[str, Any]:
    """The sentence a record holds, as a decision's ``sentence_before``."""
    return _sentence(*held(record))


def build(book: CompiledRulebook, record: Record, evaluation, as_of: date, ref: dict) -> dict[str, Any]:
    result, findings = evaluation.result, evaluation.findings
    reasons = []
    for rule_id in result.rules:
        compiled = book.rule(rule_id)
        rule = compiled.rule
        reasons.append({
            "rule": rule.id,
            "article": rule.article,
            "effect": rule.effect.type.value,
            "text": compiled.text,
            "finding": "unknown" if findings[rule_id] is None else "applies",
        })
        if compiled.effect.subject_to:
            reasons[-1]["subject_to"] = compiled.effect.subject_to
    if not reasons and result.outcome is Outcome.review and not result.missing:
        reasons.append(dict(NO_PROVISION, text=book.no_provision_text or NO_PROVISION["text"]))
    after = result.sentence_after
    return {
        "record_id": record.record_id,
        "facility_id": record.facility_id,
        "outcome": result.outcome.value,
        "possible_outcomes": [o.value for o in result.possible] or [result.outcome.value],
        "reasons": reasons,
        "missing": list(in_field_order(result.missing)),
        "sentence_before": sentence_before(record),
        "sentence_after": None if after is None else _sentence(after[0], after[1]),
        "release_date": result.release_date.isoformat() if result.release_date else None,
        "parole_date": result.parole_date.isoformat() if result.parole_date else None,
        "earliest_release_date": result.earliest_release_date.isoformat() if result.earliest_release_date else None,
        "as_of": as_of.isoformat(),
        "rulebook": ref,
        "errors": [],
    }


def plain(record_id: str | None, facility_id: str | None, outcome: str, as_of: date, ref: dict,
          **fields: Any) -> dict[str, Any]:
    """A decision no rulebook's evaluation made (an invalid record; ``--rulebook auto``'s own review):
    every field in the contract's order, empty unless ``fields`` gives it."""
    decision = {
        "record_id": record_id,
        "facility_id": facility_id,
        "outcome": outcome,
        "possible_outcomes": [outcome],
        "reasons": [],
        "missing": [],
        "sentence_before": None,
        "sentence_after": None,
        "release_date": None,
        "parole_date": None,
        "earliest_release_date": None,
        "as_of": as_of.isoformat(),
        "rulebook": ref,
        "errors": [],
    }
    unknown = fields.keys() - decision.keys()
    if unknown:
        raise TypeError(f"not decision fields: {sorted(unknown)}")
    decision.update(fields)
    return decision


def invalid(record_id: str | None, facility_id: str | None, errors: list[str], as_of: date, ref: dict) -> dict:
    return plain(record_id, facility_id, Outcome.invalid.value, as_of, ref, errors=errors)


def validation_messages(exc: ValidationError, where: str = "") -> list[str]:
    """One sentence per problem: where, field, value (never the whole record)."""
    messages = []
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error["loc"] if not isinstance(part, int)]
        msg = error["msg"].removeprefix("Value error, ")
        value = error.get("input")
        if not loc:
            text = msg
        elif error["type"] == "missing" or value is None:
            text = f"field {loc[0]}: {problems.MISSING}"
        else:
            text = f"field {loc[0]}: {_shown(value)} is invalid: {msg[:1].lower()}{msg[1:]}"
            in_list = any(isinstance(part, int) for part in error["loc"])
            if in_list and isinstance(value, str) and "," in value:
                items = ";".join(item.strip() for item in value.split(",") if item.strip())
                text += " " + problems.LIST_HINT.format(items=repr(items))
        messages.append(f"{where}{text}")
    return messages


def _shown(value: Any) -> str:
    """The offending value, cut short: a 10 MB cell must not flood a log."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
