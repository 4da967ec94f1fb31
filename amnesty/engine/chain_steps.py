"""What a chain of instruments makes of its steps' decisions, and the sentence each step leaves.

The combination rules of the data dictionary's "Successive instruments" that
need more than a line (``amnesty.engine.chain_evaluator`` applies them):
the outcome when an earlier step deferred, and what an earlier step's review
could still become; and the sentence arithmetic between steps (the term a
step leaves, when it ends, whether it was served by a later law's date).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from amnesty.engine import decisions
from amnesty.engine.sentence import add_term, split_months
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.models.fields import in_field_order
from amnesty.models.record import Record, SentenceType


def deferred_outcome(
    standing: dict[str, Any], deferring: list[dict[str, Any]], step_decisions: list[dict[str, Any]]
) -> dict[str, Any]:
    """An earlier step deferred (and none released, none before the last needed a fact): the chain is
    ``deferred``, since the condition once met could change everything after it (as an earlier review does).

    The reasons are the deferring steps' (which condition, which relief the law would then give), then
    those of the decision as things stand (``standing``: what the later laws say now). ``missing`` is every
    step's; the new term and the dates are left empty, as in any deferred decision. ``possible_outcomes``
    lists ``deferred`` and what unknown facts could still make of it: ``release`` or ``review`` that a
    step from the first deferral on could still give (either would win over the deferral), and, when a
    deferral itself hangs on unknown facts, what the chain would decide without it (``standing``'s).
    """
    first = next(i for i, d in enumerate(step_decisions) if d is deferring[0])
    possible = {"deferred"}
    for d in step_decisions[first:]:
        possible.update(o for o in d["possible_outcomes"] if o in ("review", "release"))
    if any(d["possible_outcomes"] != ["deferred"] for d in deferring):
        possible.update(standing["possible_outcomes"])
    final = dict(standing)
    final.update(
        outcome="deferred",
        possible_outcomes=[o.value for o in OUTCOME_ORDER if o.value in possible],
        reasons=[r for d in deferring for r in d["reasons"]] + standing["reasons"],
        missing=list(in_field_order({m for d in step_decisions for m in d["missing"]})),
        sentence_after=None,
        release_date=None,
        parole_date=None,
        earliest_release_date=None,
    )
    return final


def after_review(step_decisions: list[dict[str, Any]], review: dict[str, Any]) -> list[str]:
    """What an earlier step's review could become once its facts are known, through the steps after it: a
    bound, not an exact list (the chain is not re-decided for every way the facts could turn out).

    Each step from the review on may end in any of its own possible outcomes; an earlier deferral still
    waits; and a step that reduces could, on a term an earlier relief has shortened, release instead. The
    list may so name an outcome no filling of the facts reaches, never leave out one that some filling
    does, so the "up to" counts built from it are upper bounds, as they say.
    """
    first = next(i for i, d in enumerate(step_decisions) if d is review)
    reach = {o for d in step_decisions[first:] for o in d["possible_outcomes"]}
    if any(d["outcome"] == "deferred" for d in step_decisions[:first]):
        reach.add("deferred")
    if "reduced" in reach:
        reach.add("release")
    return [o.value for o in OUTCOME_ORDER if o.value in reach]


def step_months(value: Any) -> int | Fraction | None:
    """Months as a step's record holds them: whole months as int, a fraction exactly."""
    if value is None:
        return None
    exact = Fraction(Decimal(str(value)))
    return int(exact) if exact.denominator == 1 else exact


def with_sentence(record: Record, sentence: tuple[str | None, Any]) -> Record:
    kind, months = sentence
    if decisions.held(record) == sentence:
        return record
    return record.model_copy(update={"sentence_type": SentenceType(kind) if kind else None, "sentence_months": months})


def due_date(record: Record, sentence: tuple[str | None, Any]) -> date | None:
    """When a fixed term ends, counted from the first day in custody (None when it cannot be known)."""
    kind, months = sentence
    if kind != "fixed" or months is None or record.custody_start is None:
        return None
    return add_term(record.custody_start, split_months(_decimal(months)))


def served_by(record: Record, sentence: tuple[str | None, Any], day: date) -> bool:
    due = due_date(record, sentence)
    return due is not None and due <= day and sentence != decisions.held(record)


def _decimal(months: Any) -> Decimal:
    if isinstance(months, Fraction):
        return Decimal(months.numerator) / Decimal(months.denominator)
    return Decimal(months)


def born_later(record: Record, day: date) -> bool:
    return record.birth_date is not None and record.birth_date > day
