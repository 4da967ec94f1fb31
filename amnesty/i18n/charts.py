"""Charts with labels in the reader's language.

Before version 3.11 matplotlib laid text out left to right without joining
Arabic letters, so an Arabic label drawn as it is came out as isolated
letters in reverse order; 3.11 shapes and orders text itself (libraqm), and
a label prepared for the old layout would be reversed a second time. So the
layout is probed once: when matplotlib does not shape, each label's letters
are shaped into their joined forms (arabic-reshaper) and put into visual
order (python-bidi) before it is drawn. Labels are drawn in a font with
Arabic glyphs; numbers and ids in them are left as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from matplotlib.text import Text

from amnesty.i18n import Translator
from amnesty.i18n.html import phrase
from amnesty.models.note import N_


N_("{people} (first reason for {first})")  # for the catalogue: the pattern's message below

# Labels the charts build around numbers: the pattern, and its message with the numbers as parameters.
PATTERNS = [
    (re.compile(r"^(?P<people>[\d,]+) \(first reason for (?P<first>[\d,]+)\)$"), "{people} (first reason for {first})"),
]

_RTL_LETTER = re.compile("[\u0590-\u08ff]")
ARABIC_FONTS = ["Noto Sans Arabic", "Noto Naskh Arabic", "DejaVu Sans"]  # DejaVu Sans (bundled) has Arabic too
_FONT_FILES = ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoNaskhArabic-Regular.ttf",
               "NotoNaskhArabic-Bold.ttf")


def arabic_fonts() -> list[str]:
    """The Arabic-capable families matplotlib can use here; fonts installed after its cache was
    built (apt-get install fonts-noto-core) are added from the system font folders."""
    from pathlib import Path

    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not {"Noto Sans Arabic", "Noto Naskh Arabic"} & known:
        for folder in ("/usr/share/fonts", "/usr/local/share/fonts"):
            for name in _FONT_FILES:
                for path in Path(folder).rglob(name) if Path(folder).is_dir() else ():
                    font_manager.fontManager.addfont(str(path))
        known = {entry.name for entry in font_manager.fontManager.ttflist}
    return [family for family in ARABIC_FONTS if family in known] or ["DejaVu Sans"]


@lru_cache(maxsize=1)
def shapes_itself() -> bool:
    """Whether matplotlib joins Arabic letters on its own: two behs drawn raw are then exactly as
    wide as the same two behs already in their joined presentation forms."""
    import arabic_reshaper
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    renderer = FigureCanvasAgg(figure).get_renderer()
    fonts = arabic_fonts()
    raw = figure.text(0, 0, "ببب", fontfamily=fonts, fontsize=40)
    joined = figure.text(0, 0.5, arabic_reshaper.reshape("ببب"), fontfamily=fonts, fontsize=40)
    return abs(raw.get_window_extent(renderer).width - joined.get_window_extent(renderer).width) < 1


def _pattern(label: str, tr: Translator) -> str | None:
    for pattern, message in PATTERNS:
        match = pattern.match(label)
        if match and tr.gettext(message) != message:
            return tr.gettext(message).format(**match.groupdict())
    return None


def for_matplotlib(text: str) -> str:
    """Arabic text as matplotlib needs it to draw it right."""
    return text if shapes_itself() else visual(text)


def visual(text: str) -> str:
    """Arabic text shaped and reordered for a renderer without bidi or shaping."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def localise_charts(charts: list, tr: Translator) -> list:
    """The same charts with every translatable label in ``tr``'s language (titles too)."""
    import dataclasses

    if tr.lang == "en":
        return charts
    result = []
    fonts = arabic_fonts() if tr.rtl else None
    for chart in charts:
        for text in chart.figure.findobj(Text):
            label = text.get_text()
            found = (phrase(label, tr) or _pattern(label, tr)) if label else None
            if found is None and tr.rtl and _RTL_LETTER.search(label):
                found = label  # written in the reader's language already (the slide's context): drawn the same way
            if found is None:
                continue
            text.set_text(for_matplotlib(found) if tr.rtl else found)
            if tr.rtl:
                text.set_fontfamily(fonts)
        if tr.rtl:
            _mirror(chart.figure)
        title = phrase(chart.title, tr)
        result.append(chart if title is None else dataclasses.replace(chart, title=title))
    return result


_SWAP = {"left": "right", "right": "left"}


def _mirror(figure) -> None:
    """Right-to-left reading: titles and legends to the right; horizontal bar charts grow from the
    right, with their category labels on the right. Time axes keep time running left to right."""
    for text in figure.texts:  # the suptitle
        x, y = text.get_position()
        text.set_position((1 - x, y))
        text.set_horizontalalignment(_SWAP.get(text.get_horizontalalignment(), "center"))
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is not None:
            anchor = legend.get_bbox_to_anchor().transformed(ax.transAxes.inverted())
            legend.set_bbox_to_anchor((1 - anchor.x0, anchor.y0), transform=ax.transAxes)
            legend._set_loc(4)  # lower right
        labels = [label.get_text() for label in ax.get_yticklabels()]
        categorical = any(label and not label.replace(",", "").replace(".", "").lstrip("−-").isdigit() for label in labels)
        if not categorical or not ax.patches:
            continue
        ax.invert_xaxis()
        ax.yaxis.tick_right()
        ax.spines["left"].set_visible(False)
        ax.spines["right"].set_visible(True)
        for text in ax.texts:
            text.set_horizontalalignment(_SWAP.get(text.get_horizontalalignment(), text.get_horizontalalignment()))
