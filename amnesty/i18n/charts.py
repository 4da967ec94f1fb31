"""Charts with labels in the reader's language.

matplotlib lays text out left to right and does not join Arabic letters, so
an Arabic label drawn as it is comes out as isolated letters in reverse
order. Each label is translated from the catalogue, its letters shaped into
their joined forms (arabic-reshaper) and put into visual order (python-bidi)
before it is drawn, in a font that has Arabic glyphs. Numbers and ids in
labels are left as they are.
"""

from __future__ import annotations

from matplotlib.text import Text

from amnesty.i18n import Translator
from amnesty.i18n.html import phrase

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
            found = phrase(label, tr) if label else None
            if found is None:
                continue
            text.set_text(visual(found) if tr.rtl else found)
            if tr.rtl:
                text.set_fontfamily(fonts)
        title = phrase(chart.title, tr)
        result.append(chart if title is None else dataclasses.replace(chart, title=title))
    return result
