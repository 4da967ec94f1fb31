"""How a command names the law it ran under, in the reader's language: its title (a scenario's
from the scenarios' catalogue, a chain's or the automatic choice's), the short label of a variant,
and the changes (scenario, parameters set, rules switched off or on) that make it.

The engine composes these in English (``CompiledChain.rulebook.title``, ``AutoBook``'s title,
``amnesty.rules.changes.describe_changes`` and ``variant_label``) and may not import this package, so the command line
says them again here from the same data: each instrument's title as its own catalogue translates
it, joined by the catalogue's "then"; each change as a catalogue sentence, its parameter names, rule
ids and values kept as the data gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amnesty.i18n import Translator
from amnesty.models.note import N_
from amnesty.rules.changes import describe_changes, variant_label

# ``amnesty.analysis.auto.AutoBook``'s title (it imports this), said in the reader's language where it is shown.
AUTO_TITLE = N_("The instrument of the authority holding each person")
THEN = N_("{before}, then {after}")
WITHOUT, WITH = N_("without {rule}"), N_("with {rule}")  # a variant label's words, as ``rules.diff`` names a side
ENGLISH_THEN = ", then "  # how ``amnesty.engine.chain.CompiledChain`` joins its instruments' titles (it imports this)


def law_title(side: Mapping[str, Any], tr: Translator, where: str | None = None) -> str:
    """The title of a side (``amnesty.api.rulebook_info``: id, title, overrides) in ``tr``'s language.

    One law: its rulebook catalogue's translation. A scenario: the scenarios' catalogue's
    (``amnesty.i18n.scenarios.scenario_file``: the file ``where`` names, the rulebook as the reader
    gave it, when it is that scenario, else the bundled one). English where there is none, as the
    rest of a command's output shows untranslated text. A chain: each instrument's title translated
    and joined by "then"; when the English title does not split into one title per instrument (a
    title that itself says ", then "), it is shown as it is. The automatic choice: the catalogue's
    sentence."""
    title = side["title"]
    if tr.lang == "en":
        return title
    if title == AUTO_TITLE:
        return tr(AUTO_TITLE)
    overrides = side.get("overrides") or {}
    members = overrides.get("chain") or []
    if not members:
        return _title_of(side["id"], overrides, title, tr.lang, where)
    pieces = title.split(ENGLISH_THEN)
    if len(pieces) != len(members):
        return title
    titles = [_title_of(member["id"], member.get("overrides") or {}, piece, tr.lang)
              for member, piece in zip(members, pieces)]
    text = titles[0]
    for after in titles[1:]:
        text = tr(THEN).format(before=text, after=after)
    return text


def _title_of(book_id: str, overrides: Mapping[str, Any], title: str, lang: str, where=None) -> str:
    """One instrument's title: a scenario's from its catalogue, a law's from its rulebook's."""
    from amnesty.i18n.rulebook import RulebookTexts
    from amnesty.i18n.scenarios import ScenarioTexts, scenario_file

    if overrides.get("scenario"):
        return ScenarioTexts(scenario_file(overrides, where), lang).text("title", title)
    return RulebookTexts(book_id, lang).text("title", title)


def book_title(book: Any, lang: str) -> str:
    """A compiled rulebook's title in ``lang``: a scenario's from the catalogue beside its file (the
    bundled scenarios' own), any other from its rulebook's catalogue; English where there is none."""
    from amnesty.i18n.rulebook import RulebookTexts, location_of
    from amnesty.i18n.scenarios import ScenarioTexts

    if book.overrides.get("scenario"):
        return ScenarioTexts(book.path, lang).text("title", book.rulebook.title)
    return RulebookTexts(location_of(book), lang).title(book.rulebook)


def variant_words(book_id: str, overrides: Mapping[str, Any], tr: Translator) -> str:
    """``amnesty.rules.changes.variant_label`` in ``tr``'s language: a scenario by its id; a law changed
    on the command line by its id and each change, ``NAME=VALUE`` as ``--set`` writes it and each rule
    switched off or added in the catalogue's words (``aanes-2024-law-10 + life_commuted_years=20 + بدون القاعدة
    humanitarian-release``). The English is ``variant_label``'s, byte for byte."""
    return variant_label(book_id, overrides, without=tr(WITHOUT), with_=tr(WITH))


CHANGE_KEYS = ("scenario", "set", "disable", "enable", "add_rules")  # what ``change_lines`` words


def change_lines(overrides: Mapping[str, Any], tr: Translator, *, scenario: bool = True) -> list[str]:
    """Each change of a variant (``CHANGE_KEYS``, in that order) as a catalogue sentence in ``tr``'s
    language: ``parameter life_commuted_years set to 20``, ``rule x switched off``. The report's
    provenance and the command line's side lines both say changes this way."""
    lines = []
    if scenario and overrides.get("scenario"):
        lines.append(tr("scenario {name}").format(name=overrides["scenario"]))
    for name, value in (overrides.get("set") or {}).items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        lines.append(tr("parameter {name} set to {value}").format(name=name, value=shown))
    for key, message in (("disable", N_("rule {rule} switched off")), ("enable", N_("rule {rule} switched on")),
                         ("add_rules", N_("rule {rule} added"))):
        lines += [tr(message).format(rule=rule) for rule in overrides.get(key) or []]
    return lines


def changes_words(overrides: Mapping[str, Any], tr: Translator, *, scenario: bool = True) -> str:
    """``describe_changes`` in ``tr``'s language: the same changes, in the same order, on one line
    (``scenario law-10-life-20; parameter life_commuted_years set to 20; rule x switched off``)."""
    if tr.lang == "en":
        return describe_changes(overrides, scenario=scenario)
    members = overrides.get("chain")
    if members:  # a chain: each instrument's changes after its id, as in English
        said = ((m["id"], changes_words(m.get("overrides") or {}, tr, scenario=scenario)) for m in members)
        return tr("; ").join(f"{member}: {text}" for member, text in said if text)
    return tr("; ").join(change_lines(overrides, tr, scenario=scenario))
