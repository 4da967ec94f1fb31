"""How a command names the law it ran under, in the reader's language: a chain's or the automatic
choice's title, and the changes (scenario, parameters set, rules switched off or on) that make a
variant of it.

The engine composes these in English (``CompiledChain.rulebook.title``, ``AutoBook``'s title,
``amnesty.rules.changes.describe_changes``) and may not import this package, so the command line
says them again here from the same data: each instrument's title as its own catalogue translates
it, joined by the catalogue's "then"; each change as a catalogue sentence, its parameter names, rule
ids and values kept as the data gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amnesty.i18n import Translator
from amnesty.models.note import N_
from amnesty.rules.changes import describe_changes

# ``amnesty.analysis.auto.AutoBook``'s title (it imports this), said in the reader's language where it is shown.
AUTO_TITLE = N_("The instrument of the authority holding each person")
THEN = N_("{before}, then {after}")
ENGLISH_THEN = ", then "  # how ``amnesty.engine.chain.CompiledChain`` joins its instruments' titles (it imports this)


def law_title(side: Mapping[str, Any], tr: Translator) -> str:
    """The title of a side (``amnesty.api.rulebook_info``: id, title, overrides) in ``tr``'s language.

    One law or scenario: its rulebook catalogue's translation (English where it has none). A chain:
    each instrument's title translated and joined by "then"; when the English title does not split
    into one title per instrument (a title that itself says ", then "), it is shown as it is.
    The automatic choice: the catalogue's sentence."""
    from amnesty.i18n.rulebook import RulebookTexts

    title = side["title"]
    if tr.lang == "en":
        return title
    if title == AUTO_TITLE:
        return tr(AUTO_TITLE)
    members = (side.get("overrides") or {}).get("chain") or []
    if not members:
        return RulebookTexts(side["id"], tr.lang).text("title", title)
    pieces = title.split(ENGLISH_THEN)
    if len(pieces) != len(members):
        return title
    titles = [RulebookTexts(member["id"], tr.lang).text("title", piece) for member, piece in zip(members, pieces)]
    text = titles[0]
    for after in titles[1:]:
        text = tr(THEN).format(before=text, after=after)
    return text


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
    return tr("; ").join(change_lines(overrides, tr, scenario=scenario))
