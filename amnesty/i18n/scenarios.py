"""A scenario's title, question and notes in other languages.

A scenario is a what-if a reader chooses by its title and question, so
those are said in the reader's language wherever a scenario is listed or
shown. The translations live as a rulebook's do (``amnesty.i18n.rulebook``):
gettext catalogues beside the files, never inside them, the English as the
message id and the role (``title``, ``question``, ``note``) as its context,
so a translation follows its text and stops matching when the English
changes. The bundled scenarios share one catalogue per language,
``amnesty/data/scenarios/<lang>.po`` (28 small files would make 56 tiny
catalogues); a scenario file of one's own has ``<name>.<lang>.po`` beside
``<name>.yaml``, as a rulebook file does.

Titles and questions are translated into every language the built-ins
carry; notes (an analyst's caveats, never shown by ``rulebooks show`` or
``list``) may stay English, as a rulebook's notes may in Kurmanji.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from amnesty.i18n import translator
from amnesty.i18n.rulebook import LANGUAGE_TITLES, RulebookTexts, Text, catalogue_at
from amnesty.rules.scenario import bundled_scenarios, load_scenario

CONTEXTS = ("title", "question", "note")
REQUIRED = ("title", "question")  # every built-in language translates these for every bundled scenario


def catalogue_path(scenario_path: str | Path, lang: str) -> Path:
    """Where the ``lang`` catalogue of the scenario file at ``scenario_path`` lives."""
    path = Path(scenario_path)
    if _bundled_dir() is not None and path.parent.resolve() == _bundled_dir():
        return path.with_name(f"{lang}.po")
    return path.with_name(f"{path.stem}.{lang}.po")


def _bundled_dir() -> Path | None:
    found = bundled_scenarios()
    return next(iter(found.values())).parent.resolve() if found else None


def texts(scenario) -> Iterator[Text]:
    """Every translatable text of a ``Scenario`` model, in file order."""
    yield Text("title", scenario.id, scenario.title, "scenario")
    yield Text("question", scenario.id, scenario.question, "scenario")
    for note in scenario.notes:
        yield Text("note", scenario.id, note, "scenario")


class ScenarioTexts(RulebookTexts):
    """A scenario file's translations into one language; English (``text``) or None (``lookup``) where none."""

    def __init__(self, scenario_path: str | Path | None, lang: str):
        self.lang = lang
        self.tr = translator(lang)
        self._cat = None if lang == "en" or scenario_path is None else catalogue_at(catalogue_path(scenario_path, lang))


def scenario_words(id_or_path: str | Path, lang: str) -> dict[str, Any]:
    """A scenario as plain data in ``lang``: id, base, title, question, notes (English where not translated)."""
    loaded = load_scenario(id_or_path)
    found = loaded.scenario
    own = ScenarioTexts(loaded.path, translator(lang).lang)
    return {"id": found.id, "base": found.base, "title": own.text("title", found.title),
            "question": own.text("question", found.question), "notes": [own.text("note", n) for n in found.notes]}


HEADER = (
    "# {language} text of the bundled scenarios: titles, questions and notes.\n"
    "# The amnesty project's own translation of its own English.\n"
    "# A scenario is a what-if, NOT a law, and this is not an official or authoritative text.\n"
    "# msgid is the English; when the English changes the old translation stops matching."
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("amnesty")
    except PackageNotFoundError:
        return ""


def update_catalogue(lang: str, translations: dict[tuple[str, str], str] | None = None) -> Path:
    """Write the bundled scenarios' ``lang`` catalogue with every text they have, keeping the
    translations already there (by context and English) and adding ``translations``; texts no
    scenario has any more are dropped. A maintenance tool for translators, not used at run time."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    paths = bundled_scenarios()
    path = catalogue_path(next(iter(paths.values())), lang)
    known: dict[tuple[str, str], str] = {}
    if path.is_file():
        with path.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    known[(message.context, message.id)] = message.string
    known.update(translations or {})
    catalog = Catalog(
        locale=lang, project="amnesty bundled scenarios", version=_version(), fuzzy=False,
        header_comment=HEADER.format(language=LANGUAGE_TITLES.get(lang, lang)),
        copyright_holder="the amnesty project", last_translator="the amnesty project",
        language_team="the amnesty project",
    )
    for scenario_id in paths:
        for text in texts(load_scenario(scenario_id).scenario):
            comment = f"{text.context} {text.owner}"
            existing = catalog.get(text.english, context=text.context)
            if existing is not None:
                existing.auto_comments.append(comment)
                continue
            catalog.add(text.english, known.get((text.context, text.english), ""), context=text.context,
                        auto_comments=[comment])
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False)
    return path
