"""Put a rendered English page into another language, from the message catalogue.

The report's template is written in English and edited often; wrapping its
every sentence for translation would make each edit a merge of two
languages. Instead the rendered page is translated where it is safe to:
every text node and every ``placeholder``, ``aria-label`` and ``alt``
attribute whose whole text has a catalogue entry is replaced; outcome values
shown as text become the outcome's name. Nothing inside ``script``,
``style``, ``svg``, ``code`` or ``pre`` is touched (data, charts, ids, the
command to reproduce the page). A text with no entry stays English rather
than being guessed. The root element gets ``lang`` and ``dir`` and, for
Arabic, a font stack that works offline (Debian's fonts-noto-core).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from markupsafe import escape

from amnesty.i18n import Translator

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>|[^<]+", re.S)
_SKIP = {"script", "style", "svg", "code", "pre", "textarea"}
_ATTR = re.compile(r'\b(placeholder|aria-label|alt)="([^"]*)"')
_OUTCOMES = {"invalid", "not_covered", "excluded", "review", "deferred", "release", "reduced"}

FONT_CSS = {
    "ar": 'html{font-family:"Noto Naskh Arabic","Noto Sans Arabic","DejaVu Sans",sans-serif}'
          'th,td{text-align:start}td.num,th.num{text-align:left;direction:ltr;unicode-bidi:isolate}'
          'code,.hash,pre{direction:ltr;unicode-bidi:isolate}',
    "ku": 'html{font-family:"Noto Sans","DejaVu Sans",sans-serif}',
}


def phrase(text: str, tr: Translator) -> str | None:
    """The translation of a whole phrase, or None when the catalogue has none."""
    if text in _OUTCOMES:
        return tr.outcome(text)
    found = tr.gettext(text)
    return found if found != text else None


def _text(raw: str, tr: Translator) -> str:
    stripped = raw.strip()
    if not stripped:
        return raw
    found = phrase(html.unescape(stripped), tr)
    if found is None:
        return raw
    start = raw.index(stripped[0])
    return raw[:start] + str(escape(found)) + raw[start + len(stripped):]


def _attrs(tag: str, tr: Translator) -> str:
    def swap(match: re.Match) -> str:
        found = phrase(html.unescape(match.group(2)), tr)
        return match.group(0) if found is None else f'{match.group(1)}="{escape(found)}"'

    return _ATTR.sub(swap, tag)


def translate_page(page: str, tr: Translator) -> str:
    """``page`` with its static text in ``tr``'s language, ``lang``/``dir`` set, fonts for the script."""
    if tr.lang == "en":
        return page
    out = []
    for token, name, hidden in _tokens(page):
        if token.startswith("<!--"):
            out.append(token)
        elif token.startswith("<"):
            closing = token.startswith("</")
            if name == "html" and not closing:
                token = re.sub(r'\s(lang|dir)="[^"]*"', "", token)
                token = token[:-1] + f' lang="{tr.lang}" dir="{tr.direction}">'
            elif not hidden and not closing:
                token = _attrs(token, tr)
            out.append(token)
            if name == "head" and not closing and tr.lang in FONT_CSS:
                out.append(f"<style>{FONT_CSS[tr.lang]}</style>")
        else:
            out.append(token if hidden else _text(token, tr))
    return "".join(out)


def visible_texts(page: str) -> Iterator[str]:
    """Every text of ``page`` a reader sees as words, unescaped and stripped: what ``translate_page``
    looks up, so a test can ask which of them a catalogue left as they were."""
    for token, _name, hidden in _tokens(page):
        if not hidden and not token.startswith("<"):
            text = html.unescape(token.strip())
            if text:
                yield text


def _tokens(page: str) -> Iterator[tuple[str, str, bool]]:
    """Each tag, comment and text of ``page``, with a tag's name ("" otherwise) and whether it is inside
    script, style, svg, code, pre or textarea (data and code, never translated)."""
    skip: list[str] = []
    for match in _TOKEN.finditer(page):
        token, name = match.group(0), ""
        if token.startswith("<") and not token.startswith("<!--"):
            found = re.match(r"</?\s*([a-zA-Z0-9-]+)", token)
            name = found.group(1).lower() if found else ""
            if name in _SKIP:
                if token.startswith("</"):
                    if skip and skip[-1] == name:
                        skip.pop()
                elif not token.endswith("/>"):
                    skip.append(name)
        yield token, name, bool(skip)
