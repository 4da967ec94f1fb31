"""The text of one decision in each output format, as every writer and worker encodes it.

JSON Lines and JSON: one compact JSON object, keys in the model's order.
CSV: one row of ``CSV_COLUMNS`` (``flatten_decision``), lists joined with
``;``, cells a spreadsheet would run as formulas defused. Worker processes
encode with ``encoder`` too, so a file is the same bytes for any number of
workers. Parquet is written from columns (``amnesty.io.parquet``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from typing import Any

from amnesty.io.cells import safe_cell

OUTPUT_FORMATS = ("jsonl", "csv", "json", "parquet")  # every format decisions can be written in
CSV_COLUMNS: tuple[str, ...] = (
    "record_id",
    "facility_id",
    "outcome",
    "possible_outcomes",
    "reasons",
    "reason_articles",
    "missing",
    "sentence_before_type",
    "sentence_before_months",
    "sentence_after_type",
    "sentence_after_months",
    "release_date",
    "parole_date",
    "earliest_release_date",
    "as_of",
    "rulebook_id",
    "rulebook_version",
    "rulebook_sha256",
    "errors",
)

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _join(items: Any, sep: str = ";") -> str:
    return sep.join(_cell(item) for item in items or ())


def flatten_decision(d: Mapping[str, Any]) -> dict[str, str]:
    """One decision (as ``model_dump(mode="json")`` gives it) as one CSV row, keyed by CSV_COLUMNS.

    Lists are joined with ";"; errors with "; ", or with " | " when an
    error itself holds a ";", so the joined cell can still be split.
    """
    reasons = d.get("reasons") or ()
    before = d.get("sentence_before") or {}
    after = d.get("sentence_after") or {}
    rulebook = d.get("rulebook") or {}
    errors = [_cell(e) for e in d.get("errors") or ()]
    return {
        "record_id": _cell(d.get("record_id")),
        "facility_id": _cell(d.get("facility_id")),
        "outcome": _cell(d.get("outcome")),
        "possible_outcomes": _join(d.get("possible_outcomes")),
        "reasons": _join(r.get("rule") for r in reasons),
        "reason_articles": _join(r.get("article") for r in reasons),
        "missing": _join(d.get("missing")),
        "sentence_before_type": _cell(before.get("type")),
        "sentence_before_months": _cell(before.get("months")),
        "sentence_after_type": _cell(after.get("type")),
        "sentence_after_months": _cell(after.get("months")),
        "release_date": _cell(d.get("release_date")),
        "parole_date": _cell(d.get("parole_date")),
        "earliest_release_date": _cell(d.get("earliest_release_date")),
        "as_of": _cell(d.get("as_of")),
        "rulebook_id": _cell(rulebook.get("id")),
        "rulebook_version": _cell(rulebook.get("version")),
        "rulebook_sha256": _cell(rulebook.get("sha256")),
        "errors": (" | " if any(";" in e for e in errors) else "; ").join(errors),
    }


class _Last:
    """A file-like sink that keeps the one row the csv module wrote last."""

    text = ""

    def write(self, text: str) -> None:
        self.text = text


def encoder(fmt: str) -> Callable[[Mapping[str, Any]], str]:
    """The text of one decision in ``fmt``, as ``DecisionWriter`` writes it.

    CSV cells a spreadsheet would run as formulas get a leading ``'`` (see ``amnesty.io.cells``).

    Worker processes encode with this, so their output is the writer's own, byte for byte.
    """
    if fmt in ("jsonl", "json"):
        return _encode
    sink = _Last()
    minimal = csv.writer(sink, lineterminator="\n")
    # The minimal writer leaves a lone "\r" unquoted when lines end in
    # "\n" (Python 3.11), which no reader could read back.
    quote_all = csv.writer(sink, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def encode_csv(decision: Mapping[str, Any]) -> str:
        row = flatten_decision(decision)
        cells = [safe_cell(row[name]) for name in CSV_COLUMNS]
        (quote_all if any("\r" in cell for cell in cells) else minimal).writerow(cells)
        return sink.text

    return encode_csv
