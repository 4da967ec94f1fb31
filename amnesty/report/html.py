"""Render the report as one HTML file with everything inside it.

Styles, the script and every chart are inlined and the decisions travel as
JSON in a ``<script type="application/json">`` block; a Content-Security-
Policy forbids the page to load anything, so it works, and can be trusted
to work, on an air-gapped machine.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from amnesty.i18n import Translator, translator
from amnesty.io.atomic import atomic_open
from amnesty.report.build import ReportData
from amnesty.report.charts import OUTCOME_STYLE, Chart
from amnesty.report.collect import OUTCOMES
from amnesty.report.export import inline_svg
from amnesty.report.words import page_words, script_words

TEMPLATES = Path(str(resources.files("amnesty.report") / "templates"))

# From the data dictionary, for readers who have not read it.
OUTCOME_MEANING = {
    "release": "Eligible to be released at the as-of date (humanitarian release, full remission, or the reduced sentence is already served).",
    "reduced": "The sentence is reduced but not yet served; the release date is projected.",
    "review": "The decision depends on a fact that is unknown, or the law has no provision for the case: a person must decide.",
    "deferred": "In scope and not excluded, but the relief applies only once a condition is met (a final judgment, the victim's claim settled); the reasons say which.",
    "excluded": "In the law's scope, but at least one exclusion definitely applies.",
    "not_covered": "A scope condition of the law definitely fails (offence date, nationality or offence category).",
    "invalid": "The record breaks the input contract; it names the line, field and value to fix.",
}


def json_block(value: Any) -> Markup:
    """JSON safe inside a <script> element: no "</script>", no HTML comment, no entity."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render(data: ReportData, charts: list[Chart], tr: Translator | None = None,
           svgs: dict[str, str] | None = None) -> str:
    """The page in English, or with its sentences that carry figures in ``tr``'s language (the rest
    is put into it afterwards, ``amnesty.i18n.html.translate_page``)."""
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["n"] = lambda value: f"{value:,}" if isinstance(value, int) else value
    environment.filters["signed"] = lambda value: f"{value:+,}" if value else "0"
    environment.filters["pct"] = lambda part, whole: f"{100 * part / whole:.1f}%" if whole else "–"
    table = dict(data.table, compare=data.comparison is not None, words=script_words(tr or translator("en")))
    return environment.get_template("report.html.j2").render(
        data=data,
        prov=data.provenance,
        outcomes=OUTCOMES,
        style=OUTCOME_STYLE,
        meaning=OUTCOME_MEANING,
        charts={chart.name: {"title": chart.title, "svg": Markup(inline_svg(chart, (svgs or {}).get(chart.name)))}
                for chart in charts},
        css=Markup((TEMPLATES / "report.css").read_text(encoding="utf-8")),
        script=Markup((TEMPLATES / "report.js").read_text(encoding="utf-8")),
        decisions_json=json_block(table),
        words=page_words(data.provenance, {chart.name: chart.title for chart in charts}, tr or translator("en"),
                         data.comparison),
    )


def write_html(text: str, path: str | Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> int:
    """Write the page completely or not at all; returns its size in bytes."""
    payload = text.encode("utf-8")
    with atomic_open(path, force=force, mode="wb", inputs=inputs) as handle:
        handle.write(payload)
    return len(payload)
