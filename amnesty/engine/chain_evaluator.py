"""Successive instruments: one record through several rulebooks in enactment order.

A detainee may meet several amnesties in turn (a life sentence commuted to
20 years in 2020 may meet another law in 2022 and another in 2024). The
data dictionary's "Successive instruments" defines how they combine, and
this module is the one place that does it, over any rulebooks (no law is
named here):

- the record is validated once and decided under the first instrument;
- each later instrument sees the sentence the previous one left
  (``sentence_after`` becomes its ``sentence_before``, counted from the
  same ``custody_start``): the record's ``sentence_type`` and
  ``sentence_months`` are replaced between steps, nothing else;
- a record released by an earlier instrument stays released, and so does
  one whose reduced term ended before the next instrument was issued;
- ``excluded``, ``not_covered``, ``deferred`` and ``review`` leave the
  sentence unchanged for the next instrument;
- each step is decided as of its own instrument's enactment date, except
  the last, which uses the run's as-of date.

The final outcome: ``release`` if some step released the person (its
``release_date`` the run's as-of date, as for any release; the step says
when the person was due out); else ``review`` if an earlier step needed a fact (its
answer could change everything after it; ``missing`` gathers every step's
missing facts; ``possible_outcomes`` is then a bound, see ``chain_steps.after_review``); else the last instrument's outcome, except that when the
last gives no relief (``not_covered``, ``excluded``) the sentence an earlier
instrument left still stands: ``reduced`` (or ``release`` once served);
and when that is neither ``review`` nor ``release`` but an earlier step was ``deferred``, the
final outcome is ``deferred`` (the condition once met could change
everything after it, as an earlier review's fact could): its reasons are the
deferring steps', then those of the outcome as things stand (what the later
instruments say now), ``missing`` gathers every step's, and it has no new
term or dates, as any deferred decision. Its ``possible_outcomes`` are
``deferred`` and what unknown facts could still make of it (a ``release``
or ``review`` a step from the deferral on could give; when the deferral
itself hangs on unknown facts, what the chain would decide without it).
Every decision carries ``steps``, one per instrument, and its ``rulebook``
names the chain ("a > b > c") with each member's reference in ``steps``
and in ``rulebook.overrides.chain``.

Chains are decided record by record the plain way: the pipeline's fast
path (templates per key) serves single rulebooks only and steps aside for
chains (``plain_only``), so a chain run is slower but gives the same bytes
for any number of workers.
"""


from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from amnesty.models.fields import in_field_order
from amnesty.models.record import Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.engine import decisions
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.row_contract import decide_raw
from amnesty.engine.chain_steps import (
    after_review, born_later, deferred_outcome, due_date, served_by, step_months, with_sentence,
)

if TYPE_CHECKING:
    from amnesty.engine.chain import CompiledChain

_NO_RELIEF = ("not_covered", "excluded")


@dataclass
class _Step:
    book: CompiledRulebook
    evaluator: Evaluator

    @property
    def as_of(self) -> date:
        return self.evaluator.as_of


class ChainEvaluator:
    """Decides records under a chain; the same methods as ``Evaluator`` that callers use."""

    plain_only = True  # the fast path steps aside (see the module docstring)

    def __init__(self, chain: CompiledChain, as_of: date | None = None):
        self.chain = chain
        self.book = chain
        self.as_of = as_of or chain.rulebook.enacted
        members = chain.members
        # Each instrument decides as of its own issue (age, time served), but a deadline it set is
        # judged as of the day of the decision: a window that has closed since no longer waits.
        self.steps = [
            _Step(book, Evaluator(book.at(self.as_of), self.as_of if i == len(members) - 1 else book.rulebook.enacted))
            for i, book in enumerate(members)
        ]
        self.ref = {"id": chain.id, "version": chain.version, "sha256": chain.sha256, "overrides": chain.overrides}

    # -- the Evaluator interface --------------------------------------------------

    def decide_values(self, values: dict[str, Any], where: str = "") -> dict[str, Any]:
        return decide_raw(self, values, where, self._invalid)

    def record_problem(self, record: Record) -> str | None:
        """A problem that stops the whole chain: one the last step's evaluator finds (the run's
        as-of date), or one any step finds that is not about the person being born later."""
        for step in self.steps:
            problem = step.evaluator.record_problem(record)
            if problem and (step is self.steps[-1] or not born_later(record, step.as_of)):
                return problem
        return None

    def decide(self, record: Record, where: str = "") -> dict[str, Any]:
        problem = self.record_problem(record)
        if problem:
            return self._invalid(record.record_id, record.facility_id, [where + problem])
        return self.trace(record, where)["decision"]

    def trace(self, record: Record, where: str = "") -> dict[str, Any]:
        """The decision and, per step, the record as that step saw it (for ``explain``)."""
        original = decisions.held(record)
        current = original
        steps: list[dict[str, Any]] = []
        seen: list[Record] = []
        by_engine: list[bool] = []  # whether the step's own rules decided it (not carried, not before birth)
        step_decisions: list[dict[str, Any]] = []
        released: int | None = None  # the step that released the person (or whose reduced term ended)
        release_date: str | None = None
        relieved: int | None = None  # the last step that changed the sentence
        for index, step in enumerate(self.steps):
            stepped = with_sentence(record, current)
            seen.append(stepped)
            if released is None and relieved is not None and served_by(record, current, step.as_of):
                released = relieved
                release_date = due_date(record, current).isoformat()
            by_engine.append(released is None and not born_later(record, step.as_of))
            if released is not None:
                decision = self._carried(step, stepped, self.steps[released], release_date)
            elif born_later(record, step.as_of):
                decision = self._before_birth(step, stepped)
            else:
                decision = step.evaluator.decide(stepped, where)
                if decision["outcome"] == "invalid":
                    errors = [f"{e} (under {step.book.id})" for e in decision["errors"]]
                    invalid = self._invalid(record.record_id, record.facility_id, errors)
                    return {"decision": invalid, "records": seen, "by_engine": by_engine}
            step_decisions.append(decision)
            steps.append(_step_entry(step, decision))
            if released is None and decision["outcome"] in ("release", "reduced"):
                after = decision["sentence_after"]
                if after is not None:
                    current = (after["type"], step_months(after["months"]))
                    relieved = index
                if decision["outcome"] == "release":
                    released, release_date = index, decision["release_date"]
        final = self._final(record, original, current, step_decisions, released, release_date, relieved)
        final["steps"] = steps
        return {"decision": final, "records": seen, "by_engine": by_engine}

    # -- the final decision -------------------------------------------------------------

    def _final(self, record, original, current, step_decisions, released, release_date, relieved) -> dict[str, Any]:
        last = step_decisions[-1]
        earlier_review = [
            d for d in step_decisions[:-1] if d["outcome"] == "review"
        ] if released is None else []
        if released is not None:
            base = step_decisions[released]
            final = {**last, **_pick(base, "reasons", "missing", "sentence_after")}
            # release_date is the run's as-of date, as for any release (data-dictionary.md); the day the
            # person was due out under the earlier instrument is in its step and in the carried reasons
            final.update(outcome="release", release_date=self.as_of.isoformat(), parole_date=None)
        elif earlier_review:
            final = {**last, **_pick(earlier_review[0], "outcome", "reasons")}
            reviews = [d for d in step_decisions if d["outcome"] == "review"]
            final["missing"] = list(in_field_order({m for d in reviews for m in d["missing"]}))
            final["sentence_after"] = final["release_date"] = final["parole_date"] = None
            final["possible_outcomes"] = after_review(step_decisions, earlier_review[0])
            final["earliest_release_date"] = self._earliest(final["possible_outcomes"], step_decisions)
        else:
            final = self._standing(record, current, step_decisions, relieved)
            deferring = [d for d in step_decisions[:-1] if d["outcome"] == "deferred"]
            # review above deferred, as in one rulebook; a term a later instrument left that has ended is a
            # release whatever an earlier deferral waits on (meeting its condition could only free them earlier)
            if deferring and final["outcome"] not in ("review", "release"):
                final = deferred_outcome(final, deferring, step_decisions)
        possible = final.get("possible_outcomes")
        # the chain, not the last step, decided (a review lists what its facts could make of it, not itself)
        if possible is not None and final["outcome"] != "review" and final["outcome"] not in possible:
            final["possible_outcomes"] = [final["outcome"]]
        final["sentence_before"] = decisions._sentence(original[0], original[1])
        final["as_of"] = self.as_of.isoformat()
        final["rulebook"] = self.ref
        return final

    def _standing(self, record, current, step_decisions, relieved) -> dict[str, Any]:
        """The final decision as things stand, leaving aside any earlier deferral: the last instrument's,
        except that when it gives no relief the sentence an earlier instrument left still stands."""
        last = step_decisions[-1]
        if last["outcome"] not in _NO_RELIEF or relieved is None:
            return dict(last)
        final = dict(last)
        final["reasons"] = step_decisions[relieved]["reasons"] + last["reasons"]
        final["sentence_after"] = decisions._sentence(current[0], current[1])
        final["missing"], final["parole_date"] = [], step_decisions[relieved]["parole_date"]
        due = due_date(record, current)
        if due is None:
            final["outcome"], final["missing"], final["release_date"] = "review", ["custody_start"], None
        elif due <= self.as_of:
            final["outcome"], final["release_date"], final["parole_date"] = "release", self.as_of.isoformat(), None
        else:
            final["outcome"], final["release_date"] = "reduced", due.isoformat()
        if final["outcome"] not in final["possible_outcomes"]:
            final["possible_outcomes"] = [final["outcome"]]
        return final

    def _earliest(self, possible: list[str], step_decisions: list[dict[str, Any]]) -> str | None:
        """The earliest day the person could be out, as for any review: the as-of date when release is
        possible, else the earliest day a step projects."""
        if "release" in possible:
            return self.as_of.isoformat()
        days = [d.get("earliest_release_date") or d.get("release_date") for d in step_decisions]
        return min((day for day in days if day), default=None) if "reduced" in possible else None

    def _carried(self, step: _Step, record: Record, by: _Step, release_date: str | None) -> dict[str, Any]:
        tr = _translator(step)
        reason = {
            "rule": "released-earlier",
            "article": "-",
            "effect": "release",
            "text": tr("Already due out on {date} under {instrument}; a later instrument does not undo a release.")
            .format(date=release_date, instrument=by.book.id),
            "finding": "applies",
        }
        sentence = decisions.sentence_before(record)
        return decisions.plain(record.record_id, record.facility_id, "release", step.as_of, step.evaluator.ref,
                               reasons=[reason], release_date=release_date, sentence_before=sentence,
                               sentence_after=sentence)

    def _before_birth(self, step: _Step, record: Record) -> dict[str, Any]:
        tr = _translator(step)
        reason = {
            "rule": "born-after-instrument",
            "article": "-",
            "effect": "not_covered",
            "text": tr("The person was born after {instrument} was issued ({date}), so it cannot reach them.")
            .format(instrument=step.book.id, date=step.as_of),
            "finding": "applies",
        }
        return decisions.plain(record.record_id, record.facility_id, "not_covered", step.as_of, step.evaluator.ref,
                               reasons=[reason], sentence_before=decisions.sentence_before(record))

    def invalid(self, record_id, facility_id, errors) -> dict[str, Any]:
        return self._invalid(record_id, facility_id, errors)

    def _invalid(self, record_id, facility_id, errors) -> dict[str, Any]:
        """Invalid decisions look alike however the record failed: no ``steps``."""
        return decisions.invalid(record_id, facility_id, errors, self.as_of, self.ref)

    def close(self) -> None:
        for step in self.steps:
            step.evaluator.close()

    def __enter__(self) -> ChainEvaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _step_entry(step: _Step, decision: dict[str, Any]) -> dict[str, Any]:
    return {
        "rulebook": step.evaluator.ref,
        "as_of": step.as_of.isoformat(),
        "outcome": decision["outcome"],
        "possible_outcomes": decision["possible_outcomes"],
        "reasons": decision["reasons"],
        "missing": decision["missing"],
        "sentence_before": decision["sentence_before"],
        "sentence_after": decision["sentence_after"],
        "release_date": decision["release_date"],
    }


def _pick(decision: dict[str, Any], *names: str) -> dict[str, Any]:
    return {name: decision[name] for name in names}


def _translator(step: _Step):
    """For the reasons the chain itself gives: the language of the step's rulebook (``i18n.rulebook.localise``)."""
    from amnesty.i18n import translator

    return translator(getattr(step.book, "language", "en"))
