"""Decision notices: one printable A4 page per person, in the person's language.

A case officer hands a family a page that says, in Arabic, Kurmanji or
English: which law, what it decides for this person in plain words, each
reason with its article, the new sentence and release date, which facts are
missing and who can supply them, and the rulebook's id and sha256 so the
decision can be reproduced and challenged. Every page says it is advice,
not a release order, and that a translation is the project's own.

Text that comes from a record (ids, facility codes and names) is isolated
with ``<bdi>`` in the page, so Arabic inside a Latin line, or Latin inside
an Arabic line, cannot reorder what surrounds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.errors import InputFileError
from amnesty.i18n import Translator, translator
from amnesty.i18n.rulebook import RulebookTexts, localise, location_of
from amnesty.notice.facts import fact_help

def _p(context: str, message: str) -> str:
    """Marks a message with its context for the catalogue (looked up with ``pgettext``)."""
    return message


PLAIN = {  # the decision in plain words, one sentence per outcome (English message ids, context "plain")
    "release": _p("plain", "Under this law the person is to be released: nothing of the sentence is left to serve on {as_of}."),
    "reduced": _p("plain", "Under this law the person's sentence is reduced; the person is to be released on {release_date}."),
    "review": _p("plain", "This law does not settle the case on the facts known: a person must decide, once the missing facts below are known."),
    # a review that waits for no fact: the law has no provision for the case, or is unclear for it
    "review_unsettled": _p("plain", "This law does not settle the case: a person must decide, for the reasons below."),
    "deferred": _p("plain", "The law's relief applies only once a condition is met (see the reasons below); until then no release date can be given."),
    "excluded": _p("plain", "The person's case is within the law, but the law excludes it from the amnesty for the reasons below."),
    "not_covered": _p("plain", "This law does not cover the person's case, for the reasons below."),
    "invalid": _p("plain", "The record could not be decided because it contains errors; correct them and ask again."),
}


@dataclass
class Notice:
    """What one page shows, already in the reader's language."""

    record_id: str | None
    facility_id: str | None
    facility_name: str | None
    line: int | None
    decision: dict[str, Any]
    plain: str
    reasons: list[dict[str, str]]
    sentence_before: str | None
    sentence_after: str | None
    release_date: str | None
    parole_date: str | None
    missing: list[dict[str, str]]
    errors: list[str]


@dataclass
class NoticeSet:
    lang: str
    law: dict[str, Any]
    notices: list[Notice] = field(default_factory=list)


def sentence_words(sentence: dict | None, tr: Translator) -> str | None:
    if not sentence or sentence.get("type") in (None, "none"):
        return None
    kind = tr.pgettext("sentence", str(sentence["type"]))
    months = sentence.get("months")
    if months is None:
        return kind
    years, rest = divmod(int(months), 12) if float(months).is_integer() else (0, months)
    parts = []
    if years:
        parts.append(tr.ngettext("{n} year", "{n} years", years).format(n=tr.number(years)))
    if rest or not years:
        parts.append(tr.ngettext("{n} month", "{n} months", tr.plural_of(rest)).format(n=tr.number(rest)))
    return tr("{kind}: {length}").format(kind=kind, length=tr(" and ").join(parts))


def build_notice(decision: dict, line: int | None, book, tr: Translator, own: RulebookTexts, names: dict) -> Notice:
    law = book.rulebook
    reasons = []
    for reason in decision["reasons"]:
        article = law.articles.get(reason["article"]) if law.articles else None
        reasons.append({
            "text": reason["text"], "article": reason["article"], "rule": reason["rule"],
            "article_summary": own.article(article) if article is not None else "",
            "unknown": reason.get("finding") == "unknown",
            "subject_to": reason.get("subject_to") or "",
        })
    missing = []
    for name in decision["missing"]:
        what, who = fact_help(name)
        missing.append({"field": name, "what": tr(what), "who": tr(who)})
    outcome = decision["outcome"]
    plain_key = "review_unsettled" if outcome == "review" and not decision["missing"] else outcome
    plain = tr.pgettext("plain", PLAIN[plain_key]).format(
        as_of=tr.date(decision["as_of"]), release_date=tr.date(decision.get("release_date")))
    facility = decision.get("facility_id")
    return Notice(
        record_id=decision.get("record_id"), facility_id=facility, facility_name=names.get(facility),
        line=line, decision=decision, plain=plain, reasons=reasons,
        sentence_before=sentence_words(decision.get("sentence_before"), tr),
        sentence_after=sentence_words(decision.get("sentence_after"), tr),
        release_date=tr.date(decision["release_date"]) if decision.get("release_date") else None,
        parole_date=tr.date(decision["parole_date"]) if decision.get("parole_date") else None,
        missing=missing, errors=list(decision["errors"]),
    )


def _wanted_rows(source, record_ids: list[str], every: bool, facility: str | None):
    """(line, row) of the records asked for, in file order; an id not found is an error. A row that
    could not be read is asked for too (by its recovered id, or by --all without --facility, since
    its facility is unknown): its notice says the record could not be decided and why."""
    from amnesty.io.readers import open_records

    wanted = {rid.strip() for rid in record_ids}
    found: set[str] = set()
    rows = []
    with open_records(source) as reader:
        for row in reader:
            values = row.values
            if values is None:
                rid, fac = (row.record_id or "").strip(), None
            else:
                rid = str(values.get("record_id") or "").strip()
                fac = str(values.get("facility_id") or "").strip()
            if every:
                if facility is None or fac == facility:
                    rows.append((row.line, row))
            elif rid in wanted and rid not in found:
                found.add(rid)
                rows.append((row.line, row))
        path = reader.path
    if not every and wanted - found:
        missing = ", ".join(sorted(wanted - found))
        raise InputFileError(f"no record with record_id {missing}", path=path)
    if every and not rows:
        raise InputFileError(f"no record of facility {facility!r}" if facility else "no records", path=path)
    return rows


def make_notices(
    record_ids: Iterable[str],
    source: str | Path,
    *,
    book: Any,
    as_of: date | None = None,
    lang: str = "en",
    every: bool = False,
    facility: str | None = None,
    facilities: str | Path | None = None,
) -> NoticeSet:
    """The notices of ``record_ids`` in ``source`` (or, with ``every``, of every record, narrowed to
    ``facility``), decided by the compiled rulebook ``book``; ``api.notices`` loads it and calls this."""
    from amnesty.engine import run
    from amnesty.engine.dated import as_of_choice
    from amnesty.facilities import load_facilities
    from amnesty.io.memory import MemorySource

    tr = translator(lang)
    book = localise(book, tr.lang)
    own = RulebookTexts(location_of(book), tr.lang)
    record_ids = list(record_ids)
    if not every and not record_ids:
        raise InputFileError("name at least one record_id, or use --all (with --facility) for every record")
    rows = _wanted_rows(source, record_ids, every, facility)
    names = {code: f.name for code, f in load_facilities(facilities).items()}
    law = book.rulebook
    result = NoticeSet(tr.lang, {
        "id": law.id, "title": own.title(law), "authority": own.authority(law), "enacted": tr.date(law.enacted),
        "version": law.version, "sha256": book.sha256, "overrides": book.overrides,
    })
    # The records asked for go through the run, as evaluate's would: the same decisions, word for word.
    decided = run.decisions(MemorySource.at(rows, path=str(source)), [book], as_of_choice(book, as_of)[0])
    for (line, _), (decision,) in zip(rows, decided, strict=True):
        result.notices.append(build_notice(decision, line, book, tr, own, names))
    if not record_ids and not every:
        raise InputFileError("no records")
    return result


__all__ = ["make_notices", "Notice", "NoticeSet", "PLAIN"]
