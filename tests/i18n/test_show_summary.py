"""``rulebooks show --lang`` gives the rulebook's summary and its "not encoded" list, and a scenario's title and question."""

from __future__ import annotations


import pytest

from amnesty import api
from amnesty.i18n import translator
from amnesty.i18n.rulebook import RulebookTexts
from amnesty.i18n.show import rulebook_lines
from amnesty.rules.loader import builtin_ids, load_rulebook

from catalogue_copy import copy_without

ARABIC = range(0x0600, 0x0700)


def _shown(name: str, lang: str) -> str:
    return "\n".join(rulebook_lines(api.single_rulebook(name), lang, name)) + "\n"


def _is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


@pytest.mark.parametrize("lang", ["ar", "ku"])
@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_summary_and_unencoded_are_shown_translated(rulebook_id, lang):
    book = load_rulebook(rulebook_id)
    own = RulebookTexts(rulebook_id, lang)
    out = _shown(rulebook_id, lang)
    summary = own.lookup("summary", book.summary)
    assert summary is not None and _is_arabic(summary) == (lang == "ar")
    assert summary in out and book.summary not in out
    tail = out.split(translator(lang)("Not encoded") + ":", 1)[1]
    for item in book.unencoded:
        said = own.lookup("unencoded", item)
        assert said is not None and "  - " + said in tail, f"{rulebook_id} {lang}: {item!r}"
        assert item not in out


def test_a_scenario_is_named_with_its_translated_title_question_and_changes():
    out = _shown("law-3-felonies-halved", "ar")
    first, second, question = out.splitlines()[:3]
    assert first.startswith("القانون رقم 3 لعام 2024 مع تخفيض أحكام الجنايات المؤقتة إلى النصف (aanes-2024-law-3 ")
    assert "law-3-felonies-halved" in first and "felony-outside-relief" in first
    assert second.startswith("السيناريو law-3-felonies-halved المبني على aanes-2024-law-3: ")
    assert question.startswith("  السؤال: ماذا لو خفّض القانون رقم 3 لعام 2024")
    assert "القانون كما صدر، قبل تعديلات هذا البديل: عفو نافذ منذ 6 نيسان 2024" in out
    assert "[لم يُترجم بعد]" not in out and "What if" not in out


def test_an_untranslated_summary_is_shown_in_english_and_marked(tmp_path):
    """As every other text of show: English and the mark, never dropped."""
    mine = copy_without(tmp_path, "aanes-2024-law-3", "ku", 'msgctxt "summary"')
    out = _shown(str(mine), "ku")
    assert load_rulebook(mine).summary + " " + translator("ku")("[not yet translated]") in out
