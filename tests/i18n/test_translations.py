"""Languages: catalogues, rulebook translations, and that a language changes words, never data."""

from __future__ import annotations

import json

import pytest

from amnesty import api
from amnesty.errors import AmnestyError
from amnesty.i18n import LANGUAGES, translator
from amnesty.i18n.lint import translation_problems
from amnesty.i18n.rulebook import RulebookTexts, catalogue_path, localise, placeholders, texts
from amnesty.analysis.audit import lint
from amnesty.rules.loader import builtin_ids, load_rulebook

ARABIC = range(0x0600, 0x0700)


def is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


def test_catalogues_translate_labels_outcomes_and_plurals():
    ar, ku, en = translator("ar"), translator("ku"), translator("en")
    assert en.outcome("not_covered") == "not_covered"
    assert ar.outcome("not_covered") == "غير مشمول"
    assert ku.outcome("release") == "berdan"
    assert ar.ngettext("{n} year", "{n} years", 2) == "سنتان"
    assert ar.ngettext("{n} year", "{n} years", 5).format(n=5) == "5 سنوات"
    assert ku.ngettext("{n} year", "{n} years", 3).format(n=3) == "3 sal"


def test_numbers_and_dates_as_readers_write_them():
    # Arabic keeps Latin digits (see amnesty.i18n), with the Arabic month names used in Syria.
    assert translator("ar").number(12345) == "12,345"
    assert translator("ku").number(12345) == "12.345"
    assert translator("ar").date("2024-07-17") == "17 تموز 2024"
    assert translator("ku").date("2024-07-17") == "17 tîrmeh 2024"


def test_unknown_language_is_one_sentence():
    with pytest.raises(AmnestyError, match="--lang expects one of en, ar, ku"):
        translator("fr")


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_builtin_text_has_arabic_and_kurmanji(rulebook_id):
    """Lint asks a language other than Arabic for the rule summaries only (a rulebook of one's own may
    stop there); the built-ins give Kurmanji readers their notes and articles too."""
    book = load_rulebook(rulebook_id)
    ar, ku = RulebookTexts(rulebook_id, "ar"), RulebookTexts(rulebook_id, "ku")
    for text in texts(book):
        found = ar.lookup(text.context, text.english)
        assert found is not None and is_arabic(found), f"{rulebook_id}: no Arabic for {text}"
        kurmanji = ku.lookup(text.context, text.english)
        assert kurmanji is not None and kurmanji != text.english, f"{rulebook_id}: no Kurmanji for {text}"
        assert placeholders(found) == placeholders(text.english) == placeholders(kurmanji)
    assert not [p for p in lint(rulebook_id).problems if "translation" in p.message], "lint finds the languages incomplete"


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_catalogue_headers_say_the_translation_is_the_projects_own(rulebook_id):
    for lang in ("ar", "ku"):
        head = catalogue_path(rulebook_id, lang).read_text(encoding="utf-8")[:600]
        assert "NOT an official or authoritative text" in head


def _decisions(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _without_text(decision):
    copy = json.loads(json.dumps(decision))
    for reason in copy["reasons"]:
        reason.pop("text")
    return copy


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_switching_language_changes_only_the_reason_text(tmp_path, rulebook_id, small_sample):
    english = api.load_rulebook(rulebook_id)
    runs = {}
    for lang in LANGUAGES:
        out = tmp_path / f"{lang}.jsonl"
        summary = api.evaluate_file(small_sample, rulebook=localise(english, lang), output=out, workers=1)
        runs[lang] = ({k: v for k, v in summary.to_dict().items() if k != "output"}, _decisions(out))
    en_summary, en_decisions = runs["en"]
    for lang in ("ar", "ku"):
        summary, decisions = runs[lang]
        assert summary == en_summary  # every count, the rulebook's sha256, the output's shape
        assert len(decisions) == len(en_decisions)
        assert [_without_text(d) for d in decisions] == [_without_text(d) for d in en_decisions]
        changed = [(a["text"], b["text"]) for d, e in zip(decisions, en_decisions) for a, b in zip(d["reasons"], e["reasons"])]
        assert changed and all(a != b for a, b in changed), f"{lang}: some reasons stayed English"
    assert all(is_arabic(r["text"]) for d in runs["ar"][1] for r in d["reasons"])


def test_reason_parameters_are_filled_in_the_language(tmp_path):
    book = localise(api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20}), "ar")
    texts_ = [rule.text for rule in book.rules if "{life_commuted_years}" in rule.rule.summary]
    assert texts_ and all("20" in t and is_arabic(t) for t in texts_)


def test_a_worker_process_decides_in_the_same_language(small_sample):
    """Workers compile the rulebook themselves: the language travels in their spec."""
    from amnesty.engine.pipeline import Decider, DeciderSpec
    from amnesty.models.record import RECORD_FIELDS

    book = localise(api.load_rulebook("aanes-2024-law-10"), "ar")
    spec = DeciderSpec(book.rulebook, book.path, book.overrides, book.sha256, book.rulebook.enacted,
                       RECORD_FIELDS, None, None, True, None, book.language)
    decider = Decider(spec)
    try:
        assert [r.text for r in decider.evaluator.book.rules] == [r.text for r in book.rules]
    finally:
        decider.close()


def test_lint_reports_an_incomplete_language_and_wrong_placeholders(tmp_path):
    source = catalogue_path("aanes-2024-law-10", "ar").parent / "rulebook.yaml"
    mine = tmp_path / "law.yaml"
    mine.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    book = load_rulebook(mine)
    rule = next(r for r in book.rules if placeholders(r.summary))
    other = next(r for r in book.rules if r.summary != rule.summary)
    (tmp_path / "law.ar.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        f'msgctxt "rule"\nmsgid {json.dumps(rule.summary, ensure_ascii=False)}\nmsgstr "نص بلا معامل"\n\n'
        f'msgctxt "rule"\nmsgid {json.dumps(other.summary, ensure_ascii=False)}\nmsgstr "نص عربي"\n',
        encoding="utf-8",
    )
    problems = translation_problems(book, str(mine))
    messages = [p.message for p in problems]
    assert any("placeholders" in m and rule.id in m for m in messages)
    missing = [p for p in problems if p.message.startswith("no ar translation")]
    assert missing and all(p.severity == "warning" for p in missing)
    assert not any(other.id in m and "no ar translation of the rule" in m for m in messages)
    # the wrong translation is never shown: the reason falls back to English
    localised = localise(api.load_rulebook(mine), "ar")
    assert localised.rule(rule.id).text == api.load_rulebook(mine).rule(rule.id).text
    assert localised.rule(other.id).text == "نص عربي"
    assert any("translation" in p.message for p in lint(mine).problems)  # lint calls the check


def test_a_localised_rulebook_goes_back_to_english():
    english = api.load_rulebook("aanes-2024-law-10")
    back = localise(localise(english, "ar"), "en")
    assert [r.text for r in back.rules] == [r.text for r in english.rules]
    assert back.sha256 == english.sha256 and back.language == "en"


def _catalogue(path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as f:
        return read_po(f)


def test_every_message_of_the_code_is_in_the_template_and_translated():
    """A message changed in the code without its catalogues would print English in an Arabic page."""
    from pathlib import Path

    from babel.messages.extract import extract_from_dir

    root = Path(__file__).resolve().parents[2]
    method_map = [("amnesty/**.py", "python"), ("amnesty/**/templates/*.j2", "jinja2")]
    options = {"amnesty/**/templates/*.j2": {"extensions": "jinja2.ext.i18n"}}
    keywords = {"tr": None, "N_": None, "_p": ((1, "c"), 2), "_": None, "gettext": None, "ngettext": (1, 2),
                "note": None, "note_n": (1, 2),
                "pgettext": ((1, "c"), 2)}
    in_code = set()
    for _, _, message, _, context in extract_from_dir(root, method_map, options, keywords):
        in_code.add((context, message[0] if isinstance(message, tuple) else message))
    template = {(m.context, m.id[0] if isinstance(m.id, tuple) else m.id)
                for m in _catalogue(root / "amnesty/i18n/locale/messages.pot") if m.id}
    assert in_code - template == set(), "run the pybabel commands in amnesty/i18n/vocabulary.py"
    for lang in ("ar", "ku"):
        untranslated = [m.id for m in _catalogue(root / f"amnesty/i18n/locale/{lang}.po")
                        if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
        assert untranslated == [], lang


def test_every_fact_a_decision_can_miss_has_plain_words_for_a_notice():
    from amnesty.models.fields import FIELDS
    from amnesty.notice.facts import FACTS

    assert [name for name in FIELDS if name not in FACTS] == []
