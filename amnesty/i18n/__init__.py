"""Words for people in the language they read: English, Arabic, Kurmanji.

The laws were issued in Arabic and the people who act on a decision (case
officers, lawyers, detainees, families) read Arabic or Kurmanji far more
often than English. Everything a command prints for a person goes through a
``Translator``; what a program reads (JSON and CSV field names, outcome
values) never does, so switching language changes no data.

Messages live in gettext catalogues (``amnesty/i18n/locale/<lang>.po``),
read with Babel and compiled in memory, so a plain ``pip install .`` needs
no build step. A rulebook's own text (rule summaries, article summaries,
notes) lives in catalogues beside the rulebook: see ``amnesty.i18n.rulebook``.

Numbers: Babel formats them with the locale's separators. For Arabic we
choose Latin digits (``1,234``, CLDR numbering system ``latn``), not the
Arabic-Indic digits (``١٬٢٣٤``) of CLDR's default for Syria, because the
numbers a reader of a decision compares them with are written in Latin
digits: record ids, ISO dates in the records and the decisions, article
numbers as the region's Arabic media and the Autonomous Administration
print them online. Mixing two digit systems on one page invites misreading
a sentence length; one system, the one of the documents, does not.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from io import BytesIO
from pathlib import Path

from amnesty.errors import AmnestyError

LANGUAGES: tuple[str, ...] = ("en", "ar", "ku")
LANGUAGE_NAMES = {"en": "English", "ar": "العربية", "ku": "Kurmancî"}
RTL = frozenset({"ar"})
# Babel locales: Syrian Arabic (Levantine month names: تموز, not يوليو), Kurmanji (Latin script).
BABEL_LOCALE = {"en": "en_GB", "ar": "ar_SY", "ku": "ku"}
NUMBERING = {"ar": "latn"}  # see the module docstring

LOCALE_DIR = Path(str(resources.files("amnesty.i18n") / "locale"))


class LanguageError(AmnestyError):
    """An unknown --lang."""


def check_language(lang: str | None) -> str:
    lang = (lang or "en").strip().lower()
    if lang not in LANGUAGES:
        raise LanguageError(f"--lang expects one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


def load_po(path: Path) -> gettext.NullTranslations:
    """A .po file as standard gettext translations (Babel reads it; gettext answers, plurals included).

    Fuzzy and empty entries are left out, so an unfinished translation falls back to English."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, abort_invalid=True)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@lru_cache(maxsize=None)
def _messages(lang: str) -> gettext.NullTranslations:
    path = LOCALE_DIR / f"{lang}.po"
    return load_po(path) if lang != "en" and path.is_file() else gettext.NullTranslations()


@dataclass(frozen=True)
class Translator:
    """gettext, ngettext and the formatting of one language."""

    lang: str

    @property
    def _t(self) -> gettext.NullTranslations:
        return _messages(self.lang)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    @staticmethod
    def plural_of(value: int | float) -> int:
        """The ``n`` that picks a number's plural form. A whole number is itself; a fraction (3.5
        months, half of 7) takes the form CLDR gives decimals, "other", which 100 picks in every
        catalogue here: 2, which stood in for it, picked Arabic's dual, "شهران" (two months)."""
        return int(value) if float(value).is_integer() else 100

    def pgettext(self, context: str, message: str) -> str:
        return self._t.pgettext(context, message)

    __call__ = gettext

    def outcome(self, value: str) -> str:
        """An outcome's name for people; the value itself (``not_covered``) stays in data."""
        return self.pgettext("outcome", value)

    def effect(self, value: str) -> str:
        return self.pgettext("effect", value)

    def finding(self, value: str) -> str:
        return self.pgettext("finding", value)

    def list_sep(self) -> str:
        """Between the items of a list in running text: Arabic writes its own comma."""
        return "، " if self.lang == "ar" else ", "

    @property
    def rtl(self) -> bool:
        return self.lang in RTL

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def locale(self) -> str:
        return BABEL_LOCALE[self.lang]

    def number(self, value: int | float, format: str | None = None) -> str:  # noqa: A002
        """``12,345`` in English and Arabic (Latin digits, see above), ``12.345`` in Kurmanji.

        An English whole number is Python's own grouping, which is what Babel gives for en_GB
        (tests/i18n/test_numbers.py holds them together): loading Babel's locale data costs a
        command about 35 ms, a tenth of a small run, for the counts every command prints."""
        if format is None and self.lang == "en" and type(value) is int:
            return f"{value:,}"
        from babel.numbers import format_decimal

        numbering = NUMBERING.get(self.lang, "default")
        return format_decimal(value, format=format, locale=self.locale, numbering_system=numbering)

    def date(self, value: date | str | None) -> str:
        """17 July 2024 / 17 تموز 2024 / 17 tîrmeh 2024, in Latin digits everywhere."""
        if value is None:
            return self.gettext("not known")
        if isinstance(value, str):
            value = date.fromisoformat(value)
        from babel.dates import format_date

        text = format_date(value, "d MMMM y", locale=self.locale)
        return _latin_digits(text)


def _latin_digits(text: str) -> str:
    return text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))


def translator(lang: str | None = "en") -> Translator:
    """The Translator of ``lang`` (en, ar, ku); an unknown language is a one-sentence error."""
    return Translator(check_language(lang))


def note_words(note: str, tr: Translator | None = None) -> str:
    """A warning (or how the as-of date was chosen) in ``tr``'s language. The engine makes each as a
    ``Note`` (``amnesty.models.note``), English text that keeps its message and values; any other
    text is said as it is rather than guessed."""
    from amnesty.models.note import Note

    return note.words(tr) if isinstance(note, Note) and tr is not None else note


def isolate(text: object) -> str:
    """Text from a record (a facility name, a note) wrapped in Unicode first-strong isolates.

    A terminal has no ``<bdi>``; FSI ... PDI keeps Arabic text inside an English
    sentence (and Latin text inside an Arabic one) from reordering its neighbours."""
    # The record's own bidi controls are shown as escapes first, so its text cannot close
    # the isolate early and reorder what follows.
    inner = str(text).translate({code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
    return f"\u2068{inner}\u2069"


__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "Translator", "translator", "check_language", "isolate", "load_po"]
