"""Render notices as one self-contained, printable HTML file (A4, one page per person).

No web font, no script, nothing fetched: the page names a stack of fonts a
Debian machine has offline (Noto Naskh Arabic and Noto Sans Arabic from
fonts-noto-core, then DejaVu Sans), so Arabic and Kurmanji print on an
air-gapped office computer.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from amnesty.i18n import LANGUAGE_NAMES, translator
from amnesty.io.atomic import atomic_open
from amnesty.notice import NoticeSet
from amnesty.version import installed_version

TEMPLATES = Path(str(resources.files("amnesty.notice") / "templates"))


def render_notices(notices: NoticeSet) -> str:
    tr = translator(notices.lang)
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=True, pgettext=tr.pgettext)
    return environment.get_template("notice.html.j2").render(
        set=notices, tr=tr, lang=notices.lang, dir=tr.direction, language_name=LANGUAGE_NAMES[notices.lang],
        css=Markup((TEMPLATES / "notice.css").read_text(encoding="utf-8")), version=installed_version() or "unknown",
    )


def write_notices(notices: NoticeSet, path: str | Path, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> int:
    """Write the file completely or not at all; returns its size in bytes."""
    payload = render_notices(notices).encode("utf-8")
    with atomic_open(path, force=force, mode="wb", inputs=inputs) as handle:
        handle.write(payload)
    return len(payload)
