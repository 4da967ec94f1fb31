"""Pages through the API: the HTML report of a records file and printable decision notices.

The report and notices sit below the API: ``report`` hands them the API
itself (``runs``), so they decide records exactly as ``evaluate`` does
without importing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import amnesty.api as api  # the package, handed to the report as the runs it may call
from amnesty.api.rulebooks import DEFAULT_RULEBOOK, RulebookLike, items


def report(
    input: str | Path | None = None,  # noqa: A002
    *,
    output: str | Path,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
    as_of: date | str | None = None,
    compare: RulebookLike | None = None,
    facilities: str | Path | None = None,
    charts: str | Path | None = None,
    force: bool = False,
    lang: str = "en",
    then: Iterable[str | Path] = (),
):
    """A self-contained HTML report with charts; ``charts`` also writes PNG and SVG.

    With ``compare``, that rulebook is the baseline and ``rulebook`` with ``set`` and ``disable`` is the
    scenario (the what-if): every change shown is scenario minus baseline.

    ``lang`` (en, ar, ku) is the language of the page's words; ``ar`` lays it out right to left.
    """
    from amnesty.engine.dated import as_day
    from amnesty.report.make import make_report

    return make_report(
        input, output=output, rulebook=rulebook, set=set, disable=items(disable), as_of=as_day(as_of), compare=compare,
        facilities=facilities, charts=charts, force=force, lang=lang, then=items(then), runs=api,
    )


def notices(
    record_ids: Iterable[str] = (),
    input: str | Path | None = None,  # noqa: A002
    *,
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    as_of: date | str | None = None,
    lang: str = "en",
    every: bool = False,
    facility: str | None = None,
    facilities: str | Path | None = None,
):
    """Printable decision notices of ``record_ids`` (or, with ``every``, of every record, narrowed to
    ``facility``) in ``lang`` (en, ar, ku): a ``NoticeSet``; ``write_notices`` writes it as HTML."""
    from amnesty.errors import ScenarioError
    from amnesty.notice import make_notices
    from amnesty.rules.compiler import CompiledRulebook

    book = api.load_rulebook(rulebook)
    if not isinstance(book, CompiledRulebook):  # a notice cites one law's articles, title and authority
        raise ScenarioError("a notice cites one law: give --rulebook one instrument, not a chain or auto "
                            "(amnesty explain --rulebook CHAIN tells a record's path through a chain)")
    return make_notices(
        record_ids, api.SAMPLE if input is None else input, book=book, as_of=as_of, lang=lang,
        every=every, facility=facility, facilities=facilities,
    )


def write_notices(notices, output: str | Path, *, force: bool = False, inputs: Iterable[Path] = ()) -> int:
    """Write ``notices`` as one self-contained HTML file, one A4 page per person, completely or not at
    all (never over one of ``inputs``); returns its size in bytes."""
    from amnesty.notice.html import write_notices as write

    return write(notices, output, force=force, inputs=tuple(inputs))
