"""What the report needs from each decision, gathered as decisions stream past.

Decisions are not kept whole: for 100,000 records that would be gigabytes.
Each one leaves a compact table row (reasons as indexes into one shared
list) and adds to the counts the charts are drawn from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from amnesty.analysis.sweep import WITHIN_YEARS
from amnesty.engine.sentence import add_months_or_end
from amnesty.facilities import Facility, region_of
from amnesty.i18n import translator
from amnesty.models.decision import OUTCOME_ORDER

if TYPE_CHECKING:
    from amnesty.i18n import Translator

OUTCOMES: tuple[str, ...] = tuple(o.value for o in OUTCOME_ORDER)
OUTCOME_INDEX = {name: index for index, name in enumerate(OUTCOMES)}
NO_FACILITY = "(none)"  # as RunSummary and api.compare name a record without a facility
# Effects that keep a person out: the law does not reach them, or an exclusion bars them.
BARRING_EFFECTS = ("not_covered", "exclude")


def sentence_text(sentence: Mapping[str, Any] | None, tr: Translator | None = None) -> str:
    """A sentence as a reader writes it: "fixed 119 mo", "life", or "unknown" (in ``tr``'s language;
    English gives each message as it is)."""
    if not sentence:
        return ""
    tr = tr or translator("en")
    kind, months = sentence.get("type"), sentence.get("months")
    if kind is None:
        return tr("unknown")
    if kind == "fixed":
        if not isinstance(months, int | float):
            return tr("fixed, months unknown")
        return tr("fixed {months} mo").format(months=f"{months:g}")
    return tr.pgettext("sentence", str(kind))


class Collector:
    """Counts and table rows for one evaluation, fed one decision at a time."""

    def __init__(self, facilities: dict[str, Facility], tr: Translator | None = None):
        self.facilities = facilities
        self._sentences: dict[tuple, str] = {}  # (type, months) -> its words, said once per run
        self._tr = tr
        self._regions: dict[str | None, str] = {}  # facility id -> region, as region_of gives it
        self.reasons: dict[tuple, int] = {}
        self.rows: list[list[Any]] = []
        self.releases: Counter[tuple[str, str]] = Counter()  # (region, ISO date) -> people
        self.barred: Counter[int] = Counter()  # reason index -> people it keeps out
        self.decisive: Counter[int] = Counter()  # reason index -> people for whom it is the first reason
        self.missing: Counter[str] = Counter()

    def _sentence(self, sentence: Mapping[str, Any] | None) -> str:
        key = (sentence.get("type"), sentence.get("months")) if sentence else None
        text = self._sentences.get(key)
        if text is None:
            text = self._sentences[key] = sentence_text(sentence, self._tr)
        return text

    def add(self, decision: Mapping[str, Any]) -> None:
        outcome = decision["outcome"]
        refs = [self._reason(reason) for reason in decision["reasons"]]
        if outcome in ("excluded", "not_covered"):
            barring = [
                ref for ref, reason in zip(refs, decision["reasons"])
                if reason["effect"] in BARRING_EFFECTS and reason.get("finding", "applies") == "applies"
            ]
            self.barred.update(set(barring))
            if barring:
                self.decisive[barring[0]] += 1
        self.missing.update(decision["missing"])
        release = decision["release_date"]
        facility = decision["facility_id"]
        region = self._regions.get(facility)
        if region is None:  # the register is a read-only mapping, slow to ask a hundred thousand times
            region = self._regions[facility] = region_of(self.facilities, facility)
        if release and outcome in ("release", "reduced"):
            self.releases[(region, release)] += 1
        self.rows.append([
            decision["record_id"] or "",
            decision["facility_id"] or NO_FACILITY,
            region,
            OUTCOME_INDEX[outcome],
            self._sentence(decision["sentence_before"]),
            self._sentence(decision["sentence_after"]),
            release or "",
            refs,
            decision["missing"],
            decision["errors"],
        ])

    def _reason(self, reason: Mapping[str, Any]) -> int:
        key = (reason["rule"], reason["article"], reason["effect"], reason["text"], reason.get("finding", "applies"))
        return self.reasons.setdefault(key, len(self.reasons))

    def reason_list(self) -> list[dict[str, str]]:
        names = ("rule", "article", "effect", "text", "finding")
        return [dict(zip(names, key)) for key in self.reasons]

    def barring_reasons(self) -> list[dict[str, Any]]:
        """Rules that keep people out, most people first, each with its article."""
        listed = self.reason_list()
        rows = [
            {**listed[index], "people": people, "decisive": self.decisive.get(index, 0)}
            for index, people in self.barred.items()
        ]
        return sorted(rows, key=lambda row: (-row["people"], row["rule"]))


def release_horizons(releases: Counter, as_of: date, years=WITHIN_YEARS) -> list[dict[str, Any]]:
    """Per region: released at the as-of date, within each horizon, and in all.

    "Within N years" means on or before the as-of date plus 12N calendar
    months, as ``amnesty sweep`` counts it, so the two agree.
    """
    limits = {f"within_{n}y": add_months_or_end(as_of, 12 * n).isoformat() for n in years}
    rows: dict[str, dict[str, Any]] = {}
    for (region, day), count in sorted(releases.items()):
        row = rows.setdefault(region, {"region": region, "at_as_of": 0, **dict.fromkeys(limits, 0), "total": 0})
        row["total"] += count
        if day <= as_of.isoformat():
            row["at_as_of"] += count
        for key, limit in limits.items():
            if day <= limit:
                row[key] += count
    return list(rows.values())
