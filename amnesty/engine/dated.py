"""Records dated after the as-of date, counted so a summary can say so.

A decision "as of 2020-10-10" about an offence committed in 2022 or a
custody that began in 2023 is arithmetic on a date that had not happened:
the engine still decides it (every record in, one decision out), but every
summary counts such records, field by field, so a reader sees that the
as-of date and the data do not fit.

Counting reads the raw cells as they come (ISO dates compare as text), so
it costs next to nothing beside deciding; a cell that is not a date is left
to the record's own validation.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from amnesty.errors import ScenarioError
from amnesty.models.note import note, note_n

DATED_FIELDS = ("offence_date", "custody_start")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
TODAY = "today"  # the as-of date of a nightly job: a crontab line cannot hold $(date +%F) as typed (% ends it)
RECORDS = "records"  # the key counting records with any dated field after the as-of date
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _iso(cell: Any) -> str | None:
    if type(cell) is tuple:  # a quoted CSV cell: (marker, text)
        cell = cell[1]
    if isinstance(cell, date):
        return cell.isoformat()
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    if not text.isascii():
        text = text.translate(_DIGITS)
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    return text


def count_after(rows: Iterable[tuple], names: Sequence[str] | None, as_of: date) -> Counter:
    """Counts for batch rows ``(line, cells, problem, record_id)``; cells aligned with ``names`` or a dict."""
    limit = as_of.isoformat()
    counts: Counter = Counter()
    positions = [(f, names.index(f)) for f in DATED_FIELDS if f in names] if names is not None else []
    for row in rows:
        cells = row[1]
        if cells is None:
            continue
        if isinstance(cells, Mapping):
            pairs = [(f, cells.get(f)) for f in DATED_FIELDS]
        else:
            pairs = [(f, cells[i]) for f, i in positions if i < len(cells)]
        late = False
        for name, cell in pairs:
            text = _iso(cell)
            if text is not None and text > limit:
                counts[name] += 1
                late = True
        if late:
            counts[RECORDS] += 1
    return counts


def tally(rows: Iterable[Any], as_of: date, counts: Counter) -> Iterator[Any]:
    """Pass source rows (with ``.values``) through, counting those dated after ``as_of`` into ``counts``."""
    for row in rows:
        if row.values is not None:
            counts.update(count_after([(row.line, row.values)], None, as_of))
        yield row


def describe(counts: Mapping[str, int], as_of: date) -> str | None:
    """One sentence for a summary, or None when no record is dated after the as-of date."""
    if not counts.get(RECORDS):
        return None
    parts = [note("{count} {field}", count=counts[f], field=f) for f in DATED_FIELDS if counts.get(f)]
    return note_n(
        "{n} record is dated after the as-of date {as_of} ({fields}); its decision counts time that had not yet passed",
        "{n} records are dated after the as-of date {as_of} ({fields}); their decisions count time that had not yet "
        "passed", counts[RECORDS], as_of=as_of, fields=parts)


def as_dict(counts: Mapping[str, int]) -> dict[str, int]:
    return {key: int(counts.get(key, 0)) for key in (RECORDS, *DATED_FIELDS)}


def as_day(value: date | str | None, name: str = "as_of") -> date | None:
    """An as-of date as a notebook may give it: a ``date`` (a ``datetime``'s day), ``"YYYY-MM-DD"``
    exactly, ``"today"`` (this machine's date, read once: a scheduled job's run), or None. Anything
    else is one sentence, not a comparison failing deep in a run."""
    if value is None or type(value) is date:
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str) and value.strip().lower() == TODAY:
        return date.today()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ScenarioError(f"{name} {value!r} is not a day of the calendar") from None
    raise ScenarioError(f"{name} expects a date, a 'YYYY-MM-DD' string or 'today', got {value!r}")


def as_of_choice(book: Any, as_of: date | str | None) -> tuple[date, str, list[str]]:
    """The as-of date used for ``book``, how it was chosen, and warnings about it.

    Default: the law's enactment date. A date before the law's enactment is
    allowed (a what-if may ask it) but always warned about: the decisions
    then apply a law that did not yet exist.
    """
    as_of = as_day(as_of)
    law = book.rulebook
    if as_of is None:
        used, how = law.enacted, note("the enactment date of {id}, as no --as-of was given", id=book.id)
    else:
        used, how = as_of, note("given with --as-of")
    warnings = []
    if used < law.enacted:
        warnings.append(note("the as-of date {as_of} is before {id} was enacted ({enacted}): its decisions apply a "
                             "law that did not yet exist", as_of=used, id=book.id, enacted=law.enacted))
    return used, how, warnings
