"""Charts out of matplotlib: inline SVG for the HTML file, PNG and SVG files for slides.

Inline SVG keeps the report one file with nothing to fetch; text is drawn
as paths so the charts look the same on a machine without the fonts.
Output is deterministic (fixed hash salt, no date), so the same run gives
the same bytes.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib

from amnesty.i18n import Translator, isolate, translator
from amnesty.io.atomic import atomic_open
from amnesty.report import charts as C
from amnesty.report.build import ReportData
from amnesty.report.chart_files import check_charts_dir

# parse_math off: a facility code or rule id with "$" in it is text, not a formula to typeset.
RC = {
    "svg.hashsalt": "amnesty-report", "svg.fonttype": "path", "hatch.linewidth": 0.6, "font.size": 9,
    "text.parse_math": False,
}
PNG_DPI = 150


def all_charts(data: ReportData, tr: Translator | None = None) -> list[C.Chart]:
    """Every chart of the report, in the order the report shows them; what a screen reader says of
    each, and the context a slide carries, in ``tr``'s language."""
    tr = tr or translator("en")
    context = chart_context(data, tr)
    with matplotlib.rc_context(RC):
        result = [
            C.stacked_outcomes("outcomes-by-region", "Outcomes by region", data.by_region, "region", tr),
            C.stacked_outcomes("outcomes-by-facility", "Outcomes by facility", data.by_facility, "facility", tr),
            C.releases_over_time(data.timeline, _as_of(data), tr),
            C.barring_reasons(data.barring, tr=tr),
        ]
        if data.comparison:
            prov = data.provenance
            # the report's own rulebook is the scenario; --compare names the baseline
            result.append(C.comparison_totals(
                data.comparison["outcomes"], prov["compare"]["label"], prov["rulebook"]["label"], tr
            ))
        result = [C.with_context(chart, context) for chart in result]
    return result


def chart_context(data: ReportData, tr: Translator | None = None) -> str:
    """What a slide needs to stand alone: the law, the scenario and its changes, the as-of date, the records."""
    tr = tr or translator("en")
    kept = isolate if tr.rtl else str  # a date or an id in right-to-left text keeps its own order
    prov = data.provenance
    law = prov["rulebook"]
    # the label and the version each isolated, the language's comma between them in the sentence's own
    # direction (an Arabic comma inside a left-to-right isolate would be drawn as part of the id's run)
    parts = [f"{law['title']} ({kept(law['label'])}{tr.list_sep()}{kept('v' + law['version'])})",
             tr("as of {as_of}").format(as_of=kept(prov["as_of"]))]
    if prov.get("compare"):
        parts.append(tr("against the baseline {label}").format(label=kept(prov["compare"]["label"])))
    parts.append(tr("{records} records from {source}").format(records=tr.number(prov["input"]["records_in"]),
                                                              source=kept(prov["input"]["name"])))
    return tr("; ").join(parts)


def _as_of(data: ReportData):
    from datetime import date

    return date.fromisoformat(data.provenance["as_of"])


def svg_text(chart: C.Chart) -> str:
    with matplotlib.rc_context(RC):
        buffer = io.StringIO()
        chart.figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def png_bytes(chart: C.Chart) -> bytes:
    with matplotlib.rc_context(RC):
        buffer = io.BytesIO()
        chart.figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def inline_svg(chart: C.Chart, svg: str | None = None) -> str:
    """The SVG as an element of the HTML page: no prolog, no namespace URLs, ids unique to this chart.
    ``svg``: the chart's ``svg_text`` when already drawn (drawing it takes longer than the rest)."""
    text = svg_text(chart) if svg is None else svg
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r"<style[^>]*>.*?</style>\s*", "", text, flags=re.S)
    text = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", text)
    prefix = chart.name + "-"
    text = re.sub(r'\bid="', f'id="{prefix}', text)
    text = text.replace('href="#', f'href="#{prefix}').replace("url(#", f"url(#{prefix}")
    text = re.sub(r'<svg\s+width="[^"]*"\s+height="[^"]*"', "<svg", text, count=1)
    title = f"<title>{_escape(chart.title)}</title><desc>{_escape(chart.description)}</desc>"
    return text.replace(">", f' role="img" aria-label="{_escape(chart.title)}">' + title, 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_charts(charts: list[C.Chart], directory: str | Path, *, force: bool = False,
                 svgs: dict[str, str] | None = None) -> list[Path]:
    """Each chart as NAME.png and NAME.svg in ``directory`` (made if missing; its parent must exist);
    ``svgs``: each chart's ``svg_text`` by name, when already drawn for the page."""
    directory = Path(directory)
    check_charts_dir(directory, tuple(chart.name for chart in charts), force=force)
    directory.mkdir(exist_ok=True)
    written = []
    for chart in charts:
        svg = (svgs or {}).get(chart.name) or svg_text(chart)
        for ext, payload in (("png", png_bytes(chart)), ("svg", svg.encode("utf-8"))):
            path = directory / f"{chart.name}.{ext}"
            with atomic_open(path, force=True, mode="wb") as handle:
                handle.write(payload)
            written.append(path)
    return written
