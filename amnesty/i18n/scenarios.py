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
carry; notes (an analyst's caveats, shown beside the scenario in the
report, never by ``rulebooks show`` or ``list``) into Arabic, the language
of the laws, and into Kurmanji: a scenario's few notes say what its
question leaves out, and a Kurmanji reader of the report should not meet
them in English (a rulebook's notes, many more, may stay English there).

A compiled variant records only its scenario's id (``overrides["scenario"]``),
so a command that names it finds the file again with ``scenario_file``: the
file the reader named when it is that scenario (its own catalogue beside
it), else the bundled scenario of that id. Text a catalogue lacks is the
English, as the rest of that output shows untranslated text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from amnesty.i18n import translator
from amnesty.i18n.rulebook import (
    FULL_LANGUAGES, LANGUAGE_TITLES, RulebookTexts, Text, catalogue_at, write_catalogue,
)
from amnesty.errors import AmnestyError
from amnesty.rules.scenario import bundled_scenarios, is_scenario, load_scenario
from amnesty.version import installed_version

CONTEXTS = ("title", "question", "note")
REQUIRED = ("title", "question")  # every built-in language translates these for every bundled scenario
# The languages that translate every text of every bundled scenario, notes included: the full
# languages of a rulebook (Arabic, the language of the laws) and Kurmanji, whose readers see a
# scenario's notes beside it in the report.
FULL_SCENARIO_LANGUAGES = FULL_LANGUAGES | {"ku"}


def required_in(lang: str) -> tuple[str, ...]:
    """The contexts ``lang`` translates for every bundled scenario: all of them in Arabic and Kurmanji
    (``FULL_SCENARIO_LANGUAGES``), the title and question in any other."""
    return CONTEXTS if lang in FULL_SCENARIO_LANGUAGES else REQUIRED


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
    english = {"id": found.id, "base": found.base, "title": found.title, "question": found.question,
               "notes": list(found.notes)}
    return localised(english, loaded.path, translator(lang).lang)


def localised(found: dict[str, Any], path: str | Path | None, lang: str) -> dict[str, Any]:
    """A scenario's plain data (``title``, ``question``, ``notes`` in English, as ``scenario_words`` or the
    report's provenance hold it) with those texts in ``lang`` from the catalogue of the file at ``path``;
    the other keys as they are."""
    own = ScenarioTexts(path, lang)
    return {**found, "title": own.text("title", found["title"]), "question": own.text("question", found["question"]),
            "notes": [own.text("note", note) for note in found.get("notes") or []]}


def scenario_file(overrides: dict[str, Any], where: str | Path | None = None) -> Path | None:
    """The file of the scenario a variant was made from (``overrides["scenario"]``, its id): ``where``
    (the rulebook as the reader named it: an id or a path) when that is this scenario, else the bundled
    scenario of that id; None when the variant is no scenario or its file is not known."""
    scenario_id = overrides.get("scenario")
    if not scenario_id:
        return None
    if where is not None:
        try:
            if is_scenario(where):
                loaded = load_scenario(where)
                if loaded.id == scenario_id:
                    return Path(loaded.path)
        except (AmnestyError, OSError):  # named otherwise (a chain, text): the bundled one, if any
            pass
    return bundled_scenarios().get(scenario_id)


HEADER = (
    "# {language} text of the bundled scenarios: titles, questions and notes.\n"
    "# The amnesty project's own translation of its own English.\n"
    "# A scenario is a what-if, NOT a law, and this is not an official or authoritative text.\n"
    "# msgid is the English; when the English changes the old translation stops matching."
)


def update_catalogue(lang: str, translations: dict[tuple[str, str], str] | None = None) -> Path:
    """Write the bundled scenarios' ``lang`` catalogue with every text they have, keeping the
    translations already there (by context and English) and adding ``translations``; texts no
    scenario has any more are dropped. A maintenance tool for translators, not used at run time."""
    paths = bundled_scenarios()
    path = catalogue_path(next(iter(paths.values())), lang)
    wanted = (text for scenario_id in paths for text in texts(load_scenario(scenario_id).scenario))
    write_catalogue(path, lang, wanted, translations, project="amnesty bundled scenarios", version=installed_version() or "",
                    header=HEADER.format(language=LANGUAGE_TITLES.get(lang, lang)))
    return path
