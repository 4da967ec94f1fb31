"""Words the commands print from data values (outcomes, effects, findings, kinds,
sentence types, periods, column names), marked here so catalogue extraction
finds them. Each is looked up with its context (``tr.outcome(value)`` is
``pgettext("outcome", value)``); the value itself stays in every data output.

Catalogue upkeep (from the repository root):

    pybabel extract --no-wrap --sort-output --no-location -F amnesty/i18n/babel.cfg -k tr -k N_ -k _p:1c,2 -k note -k note_n:1,2 \
        -o amnesty/i18n/locale/messages.pot .
    pybabel update --no-wrap --no-fuzzy-matching --ignore-obsolete -i amnesty/i18n/locale/messages.pot \
        -l ar -o amnesty/i18n/locale/ar.po   # and -l ku; then translate every empty msgstr

tests/i18n/test_translations.py fails while a message of the code is missing from the
template or a catalogue leaves one untranslated.
"""

from __future__ import annotations

from amnesty.models.note import N_


def _p(context: str, message: str) -> tuple[str, str]:
    return context, message


OUTCOMES = [
    _p("outcome", "invalid"), _p("outcome", "not_covered"), _p("outcome", "excluded"), _p("outcome", "review"),
    _p("outcome", "deferred"), _p("outcome", "release"), _p("outcome", "reduced"),
]
EFFECTS = [
    _p("effect", "not_covered"), _p("effect", "exclude"), _p("effect", "release"), _p("effect", "remit"),
    _p("effect", "commute"), _p("effect", "reduce"), _p("effect", "review"), _p("effect", "defer"),
]
FINDINGS = [
    _p("finding", "applies"), _p("finding", "unknown"), _p("finding", "holds"), _p("finding", "does not hold"),
]
KINDS = [_p("kind", "scope"), _p("kind", "exclusion"), _p("kind", "relief")]
SENTENCES = [_p("sentence", "death"), _p("sentence", "life"), _p("sentence", "fixed"), _p("sentence", "none")]
PERIODS = [_p("period", "month"), _p("period", "quarter"), _p("period", "year")]


COLUMNS = [
    N_("record"), N_("facility"), N_("baseline"), N_("scenario"), N_("rules that made the difference"),
    N_("region"), N_("yes"), N_("no"), N_("not known"), N_("deciding rules"),
    N_("No provision of this law gives relief in this case; a person must decide."),
    # amnesty changes: its columns, its two runs, and what may change between them
    N_("before"), N_("after"), N_("changed"), N_("new"), N_("gone"), N_("now release"), N_("what changed"),
    N_("outcome"), N_("sentence"), N_("release date"),
]
