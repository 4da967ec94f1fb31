"""``--rulebook auto``: each record decided under the instrument of the authority that holds it.

An analyst asking "who could go free this year, and under which law?" has
people held by different authorities (the north-east's administration, the
Syrian government since the January 2026 hand-overs, Iraq for those
transferred there). ``amnesty/data/authorities.yaml`` lists, per authority,
its encoded instruments; for each record, the authority holding it on the
as-of date (its own ``custodial_authority``, else the facility register's,
see ``amnesty.engine.custody``) picks the latest of them enacted by then,
and the record is decided under it as of the run's as-of date. The
decision's ``rulebook`` names that instrument, and its last reason says how
it was chosen. No instrument of that authority in force: ``review`` saying
so, with ``possible_outcomes`` ``["review"]`` (no unknown fact changes it).
No authority known: ``review`` asking for ``custodial_authority``; since
the record would then be decided under that authority's instrument, its
``possible_outcomes``, ``missing`` and ``earliest_release_date`` are those
of every authority's world together, as for any other unknown fact.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from amnesty.errors import ScenarioError
from amnesty.i18n.sides import AUTO_TITLE
from amnesty.models.decision import OUTCOME_ORDER, Outcome
from amnesty.models.fields import in_field_order
from amnesty.models.record import Authority, Record
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.loader import first_error, load_source
from amnesty.rules.yamlio import load_yaml
from amnesty.engine import decisions
from amnesty.engine.custody import register_authority
from amnesty.engine.durable.fit import compile_checked
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.row_contract import contract_problem, decide_raw

AUTO = "auto"
RULE = "instrument-chosen"


class AuthorityMap(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    authorities: dict[Authority, list[str]]


def load_map(path: str | None = None) -> tuple[AuthorityMap, str]:
    if path is None:
        resource = resources.files("amnesty") / "data" / "authorities.yaml"
        text, name = resource.read_text(encoding="utf-8"), "amnesty/data/authorities.yaml"
    else:
        with open(path, encoding="utf-8") as handle:
            text, name = handle.read(), path
    data = load_yaml(text, name)
    try:
        return AuthorityMap.model_validate(data), name
    except ValidationError as exc:
        message, _, line = first_error(exc, data)
        raise ScenarioError(message, path=name, line=line) from None


@dataclass(frozen=True)
class AutoBook:
    """The automatic choice: every instrument the map names, compiled, by authority."""

    map: AuthorityMap
    books: dict[str, CompiledRulebook]
    source: str

    @property
    def id(self) -> str:
        return AUTO

    @property
    def path(self) -> str:
        return AUTO

    @property
    def version(self) -> str:
        return self.map.version

    @property
    def sha256(self) -> str:
        text = json.dumps({
            "authorities": {a.value: ids for a, ids in self.map.authorities.items()},
            "books": {i: b.sha256 for i, b in sorted(self.books.items())},
        }, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def overrides(self) -> dict[str, Any]:
        return {"authorities": {a.value: ids for a, ids in self.map.authorities.items()}}

    @property
    def rulebook(self) -> SimpleNamespace:
        latest = max((b.rulebook.enacted for b in self.books.values()), default=date.today())
        return SimpleNamespace(
            id=AUTO, version=self.version, enacted=latest, sources=[],
            title=AUTO_TITLE,
        )

    @property
    def rules(self) -> tuple:
        return ()

    @property
    def overridden_by(self) -> dict:
        return {}

    @property
    def language(self) -> str:
        """The language of the reason sentences (every instrument's: ``i18n.rulebook.localise`` localises all)."""
        return next((getattr(b, "language", "en") for b in self.books.values()), "en")

    def recipe(self) -> AutoRecipe:
        return AutoRecipe(self.source if self.source != "amnesty/data/authorities.yaml" else None, self.sha256,
                          self.language)

    def evaluator(self, as_of: date | None = None) -> AutoEvaluator:
        return AutoEvaluator(self, as_of)


@dataclass(frozen=True)
class AutoRecipe:
    path: str | None
    sha256: str
    language: str = "en"  # of the reason sentences, as in the reading process

    def evaluator(self, as_of: date | None = None) -> AutoEvaluator:
        auto = load_auto(self.path)
        if self.language != "en":
            from amnesty.i18n.rulebook import localise

            auto = localise(auto, self.language)
        return auto.evaluator(as_of)


def load_auto(path: str | None = None) -> AutoBook:
    mapping, name = load_map(path)
    books = {}
    for ids in mapping.authorities.values():
        for rulebook_id in ids:
            if rulebook_id not in books:
                books[rulebook_id] = compile_checked(load_source(rulebook_id))
    return AutoBook(mapping, books, name)


class AutoEvaluator:
    plain_only = True

    def __init__(self, auto: AutoBook, as_of: date | None = None):
        self.auto = auto
        self.book = auto
        self.as_of = as_of or auto.rulebook.enacted
        self.ref = decisions.rulebook_ref(auto)
        self._evaluators: dict[str, Evaluator] = {}
        from amnesty.i18n import translator

        self._tr = translator(auto.language)  # for the reasons the choice itself gives

    def choose(self, record: Record) -> tuple[str | None, CompiledRulebook | None, str]:
        """The authority holding the person, the instrument chosen, and how it was found."""
        tr = self._tr
        if record.custodial_authority is not None:
            authority, how = record.custodial_authority.value, tr("the record's custodial_authority")
        else:
            authority = register_authority(None, record.facility_id, self.as_of)
            how = tr("facility {facility} in the facility register").format(facility=record.facility_id)
        if authority is None:
            return None, None, how
        return authority, self.instrument(authority), how

    def instrument(self, authority: str) -> CompiledRulebook | None:
        """The latest encoded instrument of ``authority`` enacted on or before the as-of date, if any."""
        candidates = [
            self.auto.books[i] for i in self.auto.map.authorities.get(Authority(authority), [])
            if self.auto.books[i].rulebook.enacted <= self.as_of
        ]
        return max(candidates, key=lambda b: b.rulebook.enacted) if candidates else None

    def _evaluator(self, book: CompiledRulebook) -> Evaluator:
        evaluator = self._evaluators.get(book.id)
        if evaluator is None:
            evaluator = self._evaluators[book.id] = Evaluator(book, self.as_of)
        return evaluator

    def decide(self, record: Record, where: str = "") -> dict[str, Any]:
        authority, book, how = self.choose(record)
        if book is None:
            tr = self._tr
            problem = self.record_problem(record)  # the record contract holds whatever law would read the record
            if problem:
                return decisions.invalid(record.record_id, record.facility_id, [where + problem], self.as_of, self.ref)
            if authority is not None:
                # No instrument of that authority is in force: no unknown fact changes that.
                text = tr("Held by {authority} on {date} (by {how}); no encoded instrument of {authority} is in "
                          "force on that date, so a person must decide.").format(authority=authority, date=self.as_of,
                                                                                  how=how)
                return self._review(record, [_reason(text)])
            text = tr("Who holds the person on {date} is not known (the record gives no custodial_authority "
                      "and {how} does not say), so no instrument can be chosen.").format(date=self.as_of, how=how)
            return self._unknown_authority(record, where, _reason(text, "unknown"))
        decision = self._evaluator(book).decide(record, where)
        if decision["outcome"] != "invalid":
            tr = self._tr
            decision["reasons"] = [*decision["reasons"], _reason(tr(
                "Held by {authority} on {date} (by {how}), so decided under {instrument}, the latest encoded "
                "instrument of {authority} in force on that date."
            ).format(authority=authority, date=self.as_of, how=how, instrument=book.id))]
        return decision

    def _unknown_authority(self, record: Record, where: str, reason: dict[str, Any]) -> dict[str, Any]:
        """``review`` asking for ``custodial_authority``. Once it is known the record is decided under
        that authority's instrument (or is ``review``, none being in force), so the outcomes it could
        have, the facts to collect in the same round and the earliest release are those of every
        authority's world, as the engine treats any other unknown fact."""
        possible: set[str] = set()
        missing = {"custodial_authority"}
        earliest: list[date] = []
        for authority in Authority:
            book = self.instrument(authority.value)
            if book is None:
                possible.add(Outcome.review.value)
                continue
            world = self._evaluator(book).decide(record.model_copy(update={"custodial_authority": authority}), where)
            if world["outcome"] == Outcome.invalid.value:  # as the instrument would: a term past the calendar, ...
                return decisions.invalid(record.record_id, record.facility_id, world["errors"], self.as_of, self.ref)
            possible.update(world["possible_outcomes"])
            missing.update(world["missing"])
            out = world["outcome"] in (Outcome.release.value, Outcome.reduced.value)
            day = world["release_date"] if out else world["earliest_release_date"]
            if day:
                earliest.append(date.fromisoformat(day))
        return self._review(
            record, [reason], possible=[o.value for o in OUTCOME_ORDER if o.value in possible],
            missing=list(in_field_order(missing)), earliest=min(earliest) if earliest else None,
        )

    def _review(self, record: Record, reasons: list[dict[str, Any]], possible: list[str] | None = None,
                missing: list[str] | None = None, earliest: date | None = None) -> dict[str, Any]:
        """A ``review`` decision of auto's own: no instrument's evaluation made it."""
        return decisions.plain(
            record.record_id, record.facility_id, Outcome.review.value, self.as_of, self.ref,
            possible_outcomes=possible or [Outcome.review.value], reasons=reasons, missing=missing or [],
            sentence_before=decisions.sentence_before(record),
            earliest_release_date=earliest.isoformat() if earliest else None,
        )

    def decide_values(self, values: dict[str, Any], where: str = "") -> dict[str, Any]:
        return decide_raw(self, values, where, lambda rid, fac, errors: decisions.invalid(rid, fac, errors, self.as_of, self.ref))

    def record_problem(self, record: Record) -> str | None:
        authority, book, _ = self.choose(record)
        if book is not None:
            return self._evaluator(book).record_problem(record)
        if authority is not None:  # held by an authority with no instrument in force: the record contract alone
            return contract_problem(record, self.as_of)
        for held in Authority:  # as decide: a problem under the instrument of any authority that could hold it
            book = self.instrument(held.value)
            problem = book and self._evaluator(book).record_problem(record.model_copy(update={"custodial_authority": held}))
            if problem:
                return problem
        return None

    def close(self) -> None:
        for evaluator in self._evaluators.values():
            evaluator.close()

    def __enter__(self) -> AutoEvaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reason(text: str, finding: str = "applies") -> dict[str, Any]:
    return {"rule": RULE, "article": "-", "effect": "select", "text": text, "finding": finding}
