"""A rulebook's text in other languages: rule summaries, article summaries, notes, parameter descriptions, conflicts.

Translations live beside the rulebook, never inside it, in one gettext
catalogue per language: ``<dir>/<lang>.po`` next to a ``rulebook.yaml``
(every built-in rulebook), or ``<name>.<lang>.po`` next to ``<name>.yaml``.
The English text is the message id, so when a rule's English changes its old
translation stops matching: the reason falls back to English and lint names
the text as untranslated, rather than a stale translation silently saying
something the rule no longer says. Contexts (``rule``, ``article``,
``note``, ``parameter``) keep equal English in different roles apart. The
rulebook's overall ``summary`` and each item of its "not encoded" list
(``unencoded``) are texts of the rulebook itself, like its ``title`` and
``authority``.

A parameter's notes are ``note`` texts like a rule's (the owner is the
parameter's name). A conflict between sources (a rule's or a parameter's
``conflicts``) is four kinds of text: ``conflict`` (its topic), ``reading``
(what one group of sources says), ``default`` (the reading the encoding
takes) and ``why``; its source ids and scenario id are data and stay as
they are. A text is looked up by context and English alone, so equal English
in one role is one translation wherever it stands.

Every translation is the project's own and not authoritative: the catalogue
header says so, and so does every output that shows one.

Reason sentences keep their ``{parameter}`` placeholders in every language
and are filled like the English, with dates and numbers written the
language's way; a translation whose placeholders differ from the English is
not used (lint reports it as an error).
"""

from __future__ import annotations

import dataclasses
import gettext
import string
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from amnesty.i18n import LANGUAGES, Translator, load_po, translator
from amnesty.rules.loader import builtin_ids, resolve_location

_FORMATTER = string.Formatter()
# The language the laws were issued in must be complete; the others must at
# least translate every rule summary, the sentence a decision's reason shows.
FULL_LANGUAGES = frozenset({"ar"})
BUILTIN_LANGUAGES = ("ar", "ku")  # every built-in rulebook carries these


@dataclass(frozen=True)
class Text:
    """One translatable text of a rulebook: its role, what it belongs to, the English."""

    context: str  # title | authority | summary | article | parameter | rule | note | conflict | reading | default | why | unencoded
    owner: str  # rule id, article label or parameter name
    english: str
    of: str = "rule"  # what the owner is: rulebook | article | parameter | rule

    @property
    def required(self) -> str:
        """Which languages must translate it: every language for a rule summary, else the full ones."""
        return "all" if self.context == "rule" else "full"


CONFLICT_CONTEXTS = ("conflict", "reading", "default", "why")


def conflict_texts(conflicts, owner: str, of: str) -> Iterator[Text]:
    """A rule's or a parameter's conflicts between sources: topic, each reading, the default and why."""
    for conflict in conflicts:
        yield Text("conflict", owner, conflict.topic, of)
        for reading in conflict.readings:
            yield Text("reading", owner, reading.reading, of)
        yield Text("default", owner, conflict.default, of)
        yield Text("why", owner, conflict.why, of)


def texts(rulebook) -> Iterator[Text]:
    """Every translatable text of a Rulebook model, in file order."""
    yield Text("title", rulebook.id, rulebook.title, "rulebook")
    if rulebook.authority:
        yield Text("authority", rulebook.id, rulebook.authority, "rulebook")
    if getattr(rulebook, "summary", ""):
        yield Text("summary", rulebook.id, rulebook.summary, "rulebook")
    for label, article in (getattr(rulebook, "articles", None) or {}).items():
        yield Text("article", label, article.summary, "article")
    for name, parameter in (getattr(rulebook, "parameters", None) or {}).items():
        if parameter.description:
            yield Text("parameter", name, parameter.description, "parameter")
        for note in getattr(parameter, "notes", None) or ():
            yield Text("note", name, note, "parameter")
        yield from conflict_texts(getattr(parameter, "conflicts", None) or (), name, "parameter")
    for rule in rulebook.rules:
        yield Text("rule", rule.id, rule.summary)
        for note in rule.notes:
            yield Text("note", rule.id, note)
        yield from conflict_texts(getattr(rule, "conflicts", None) or (), rule.id, "rule")
    for item in getattr(rulebook, "unencoded", None) or ():
        yield Text("unencoded", rulebook.id, item, "rulebook")


def catalogue_path(location: str | Path, lang: str) -> Path | None:
    """Where the ``lang`` catalogue of the rulebook at ``location`` (an id or a file) lives."""
    try:
        path = resolve_location(location)
    except Exception:  # noqa: BLE001 - a rulebook given as text has no neighbours
        return None
    name = f"{lang}.po" if path.stem == "rulebook" else f"{path.stem}.{lang}.po"
    return path.with_name(name)


@lru_cache(maxsize=64)
def _catalogue(path: str, mtime: float) -> gettext.NullTranslations:
    return load_po(Path(path))


def catalogue(location: str | Path, lang: str) -> gettext.NullTranslations | None:
    return catalogue_at(catalogue_path(location, lang))


def catalogue_at(path: Path | None) -> gettext.NullTranslations | None:
    """The catalogue in the file ``path`` (None when there is none), read again only when the file changes."""
    if path is None or not path.is_file():
        return None
    return _catalogue(str(path), path.stat().st_mtime)


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in _FORMATTER.parse(text) if name is not None}
    except ValueError:
        return {"<malformed>"}


class RulebookTexts:
    """A rulebook's translations into one language; English where there is none."""

    def __init__(self, location: str | Path | None, lang: str):
        self.lang = lang
        self.tr = translator(lang)
        self._cat = None if lang == "en" or location is None else catalogue(location, lang)

    def lookup(self, context: str, english: str) -> str | None:
        """The translation, or None when there is none (or its placeholders differ from the English)."""
        if self._cat is None or not english:
            return None
        found = self._cat.pgettext(context, english)
        if found == english or placeholders(found) != placeholders(english):
            return None
        return found

    def text(self, context: str, english: str) -> str:
        return self.lookup(context, english) or english

    def rule(self, rule) -> str:
        return self.text("rule", rule.summary)

    def article(self, article) -> str:
        return self.text("article", article.summary)

    def note(self, note: str) -> str:
        return self.text("note", note)

    def parameter(self, description: str) -> str:
        """A parameter's description (what the law's number or list means) in the language."""
        return self.text("parameter", description)

    def title(self, rulebook) -> str:
        return self.text("title", rulebook.title)

    def authority(self, rulebook) -> str:
        return self.text("authority", rulebook.authority) if rulebook.authority else ""


def location_of(book) -> str | Path | None:
    """Where a compiled rulebook's translations are: beside its file, or its built-in id (scenarios)."""
    for candidate in (book.path, book.id):
        path = catalogue_path(candidate, "ar")
        if path is not None and path.parent.is_dir():
            if any(catalogue_path(candidate, lang).is_file() for lang in LANGUAGES if lang != "en"):
                return candidate
    return book.id if book.id in builtin_ids() else None


def localise(book, lang: str):
    """The compiled rulebook with every reason sentence in ``lang``; sha256 and rules unchanged.

    Only the sentences people read change, so decisions differ from the English
    ones in reason ``text`` alone. A chain of instruments, or the automatic choice, is each of its
    instruments localised."""
    members = getattr(book, "members", None)  # a chain of instruments
    if members is not None:
        return dataclasses.replace(book, members=tuple(localise(member, lang) for member in members))
    books = getattr(book, "books", None)  # the automatic choice: an instrument per authority
    if books is not None:
        return dataclasses.replace(book, books={key: localise(each, lang) for key, each in books.items()})
    tr = translator(lang)
    if tr.lang == "en" and getattr(book, "language", "en") == "en":
        return book
    from amnesty.rules.wording import render as render_english

    own = RulebookTexts(location_of(book), tr.lang)
    rules = []
    for compiled in book.rules:
        found = own.lookup("rule", compiled.rule.summary)
        text = render(found, book.parameters, tr) if found else render_english(compiled.rule.summary, book.parameters)
        rules.append(dataclasses.replace(compiled, text=text))
    return dataclasses.replace(
        book, rules=tuple(rules), language=tr.lang, no_provision_text=tr.gettext(NO_PROVISION_TEXT),
    )


NO_PROVISION_TEXT = "No provision of this law gives relief in this case; a person must decide."


def shown(value: Any, tr: Translator) -> str:
    """A parameter value as a reader of ``tr``'s language reads it."""
    if isinstance(value, date):
        return tr.date(value)
    if isinstance(value, bool):
        return tr.gettext("yes") if value else tr.gettext("no")
    if isinstance(value, float):
        fraction = Fraction(value).limit_denominator(100)
        if abs(float(fraction) - value) < 1e-9 and fraction.denominator != 1:
            return f"{fraction.numerator}/{fraction.denominator}"
        return tr.number(value)
    if isinstance(value, int):
        return tr.number(value)
    if isinstance(value, list | tuple):
        return ("، " if tr.rtl else ", ").join(shown(v, tr) for v in value)
    return str(value)


def render(text: str, values: dict[str, Any], tr: Translator) -> str:
    """``text`` with every ``{parameter}`` filled the way ``tr``'s readers write it."""
    parts = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(text):
        parts.append(literal)
        if name is not None:
            parts.append(shown(values[name], tr))
    return "".join(parts)


HEADER = (
    "# {language} text of the rulebook {id}: rule summaries, article summaries and interpretation notes.\n"
    "# The amnesty project's own translation of its own English summaries.\n"
    "# NOT an official or authoritative text of the law; the law's own words are in the sources it cites.\n"
    "# msgid is the English; when the English changes the old translation stops matching and lint says so."
)
LANGUAGE_TITLES = {"ar": "Arabic", "ku": "Kurmanji (Kurdish, Latin script)"}


def update_catalogue(location: str | Path, lang: str, translations: dict[tuple[str, str], str] | None = None) -> Path:
    """Write the ``lang`` catalogue of a rulebook with every text it has, keeping the translations
    already there (by context and English) and adding ``translations``; texts no longer in the
    rulebook are dropped. A maintenance tool for translators, not used at run time."""
    from amnesty.rules.loader import load_rulebook

    rulebook = load_rulebook(location)
    path = catalogue_path(location, lang)
    write_catalogue(path, lang, texts(rulebook), translations, project=f"amnesty rulebook {rulebook.id}",
                    version=rulebook.version,
                    header=HEADER.format(language=LANGUAGE_TITLES.get(lang, lang), id=rulebook.id))
    return path


def write_catalogue(path: Path, lang: str, wanted: Iterable[Text], translations: dict[tuple[str, str], str] | None,
                    *, project: str, version: str, header: str) -> None:
    """Write a catalogue of the ``wanted`` texts (the first owner of a text takes its entry; the
    others are named in its comments), keeping the translations ``path`` already has (by context
    and English) and adding ``translations``: one way for rulebooks and scenarios alike."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    known: dict[tuple[str, str], str] = {}
    if path.is_file():
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    known[(message.context, message.id)] = message.string
    known.update(translations or {})
    catalog = Catalog(locale=lang, project=project, version=version, fuzzy=False, header_comment=header,
                      copyright_holder="the amnesty project", last_translator="the amnesty project",
                      language_team="the amnesty project")
    for text in wanted:
        comment = f"{text.context} {text.owner}"
        existing = catalog.get(text.english, context=text.context)
        if existing is not None:
            existing.auto_comments.append(comment)
            continue
        catalog.add(text.english, known.get((text.context, text.english), ""), context=text.context,
                    auto_comments=[comment])
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
