"""``rulebooks show --lang ar|ku`` tells a legal reviewer what the English view does: conflicts between
sources, parameter notes, each rule's condition, state and sources, each article's basis and sources.
One renderer lays out every language (``amnesty.i18n.show``)."""

from __future__ import annotations


import pytest

from amnesty import api
from amnesty.i18n import translator
from amnesty.i18n.lint import translation_problems
from amnesty.i18n.rulebook import CONFLICT_CONTEXTS, RulebookTexts, placeholders, texts
from amnesty.i18n.show import rulebook_lines
from amnesty.rules.describe import words
from amnesty.rules.loader import builtin_ids, load_rulebook

from catalogue_copy import copy_without

ARABIC = range(0x0600, 0x0700)


def is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


@pytest.fixture(scope="module")
def shown():
    """Every built-in rulebook shown in Arabic and Kurmanji, once."""
    out = {}
    for rulebook_id in builtin_ids():
        book = api.single_rulebook(rulebook_id)
        for lang in ("ar", "ku"):
            out[rulebook_id, lang] = "\n".join(rulebook_lines(book, lang, rulebook_id)) + "\n"
    return out


def _conflicts(book):
    for parameter in book.parameters.values():
        yield from parameter.conflicts
    for rule in book.rules:
        yield from rule.conflicts


@pytest.mark.parametrize("lang", ["ar", "ku"])
@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_conflict_and_parameter_note_is_shown_translated(shown, rulebook_id, lang):
    book = load_rulebook(rulebook_id)
    own = RulebookTexts(rulebook_id, lang)
    tr = translator(lang)
    lines = shown[rulebook_id, lang].splitlines()
    out = shown[rulebook_id, lang]
    mark = " " + tr("[not yet translated]")
    for conflict in _conflicts(book):
        parts = [("conflict", conflict.topic), ("default", conflict.default), ("why", conflict.why)]
        parts += [("reading", reading.reading) for reading in conflict.readings]
        for context, english in parts:
            said = own.lookup(context, english)
            assert said is not None, f"{rulebook_id} {lang}: no translation of the {context} {english!r}"
            assert any(said in line for line in lines), f"{rulebook_id} {lang}: {context} not shown: {said!r}"
            assert english + mark not in out
        for reading in conflict.readings:
            assert any(tr.list_sep().join(reading.sources) in line and own.text("reading", reading.reading) in line
                       for line in lines), f"{rulebook_id} {lang}: a reading without its sources"
        if conflict.scenario:
            assert any(conflict.scenario in line for line in lines)
    for parameter in book.parameters.values():
        for note in parameter.notes:
            said = own.lookup("note", note)
            assert said is not None and any(said in line for line in lines), f"{rulebook_id} {lang}: {note!r}"
            assert note + mark not in out


@pytest.mark.parametrize("lang", ["ar", "ku"])
@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_rule_shows_its_condition_state_and_sources(shown, rulebook_id, lang):
    book = api.single_rulebook(rulebook_id)
    tr = translator(lang)
    out = shown[rulebook_id, lang]
    for compiled in book.every_rule():
        rule = compiled.rule
        state = tr("enabled") if rule.enabled else tr("off by default")
        head = tr("rule {rule} ({kind}, {state})").format(rule=rule.id, kind=tr.pgettext("kind", rule.kind.value), state=state)
        assert head in out, f"{rulebook_id} {lang}: {head!r}"
        block = out.split(head, 1)[1].split("\n  - ", 1)[0]
        assert tr("when: {condition}").format(condition=words(compiled.tree, tr=tr)) in block
        assert tr("sources: {sources}").format(sources=tr.list_sep().join(rule.sources)) in block
        for other in rule.prevails_over:
            assert other in block
    for label, article in book.rulebook.articles.items():
        assert any(line.startswith(f"{label} (") for line in out.splitlines()), label
        for source in article.sources:
            assert f"[{source}] " in out  # the source's title stays as published
    for source in book.rulebook.sources:
        assert f"[{source.id}] {source.title}" in out
    cases = [line for line in out.splitlines() if f"amnesty audit {rulebook_id}" in line]
    assert cases and tr.number(len(book.rulebook.cases)) in cases[0]


def test_the_arabic_view_of_law_10_reads_like_the_english_one(shown):
    out = shown["aanes-2024-law-10", "ar"]
    assert "عندما: legal_status هو awaiting_trial" in out  # a condition: field and value stay data
    assert "conflict: defendants whose trial has not concluded" not in out
    assert "المتهمون الذين لم تنتهِ محاكمتهم" in out and "law-10-untried-excluded" in out
    assert "مؤجَّل حتى صدور حكم مبرم" in out  # the default reading
    assert "الخيانة والتجسس من الجرائم الواقعة على أمن الإدارة الذاتية" in out  # a parameter's note
    assert "مفعّلة" in out  # the rule's state
    assert "15 سنة" in out  # life_commuted_years with its unit


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_new_text_has_arabic_and_kurmanji_with_the_same_placeholders(rulebook_id):
    book = load_rulebook(rulebook_id)
    ar, ku = RulebookTexts(rulebook_id, "ar"), RulebookTexts(rulebook_id, "ku")
    new = [text for text in texts(book) if text.context in CONFLICT_CONTEXTS or (text.context == "note" and text.of == "parameter")]
    assert len(new) == sum(1 + len(c.readings) + 2 for c in _conflicts(book)) + sum(len(p.notes) for p in book.parameters.values())
    for text in new:
        assert text.required == "full"
        arabic, kurmanji = ar.lookup(text.context, text.english), ku.lookup(text.context, text.english)
        assert arabic is not None and is_arabic(arabic), f"{rulebook_id}: no Arabic for {text}"
        assert kurmanji is not None and kurmanji != text.english and not is_arabic(kurmanji), f"{rulebook_id}: {text}"
        assert placeholders(arabic) == placeholders(text.english) == placeholders(kurmanji)
    assert translation_problems(book, rulebook_id) == []


def test_lint_names_a_missing_conflict_reading_and_parameter_note(tmp_path):
    mine = copy_without(tmp_path, "aanes-2024-law-10", "ar", "#. why trial-not-concluded\n",
                        "#. note covered_nationalities\n")
    problems = [p for p in translation_problems(load_rulebook(mine), str(mine)) if p.message.startswith("no ar")]
    assert sorted(p.message.split(":")[0] for p in problems) == [
        "no ar translation of the note text of 'covered_nationalities'",
        "no ar translation of the why text of 'trial-not-concluded'",
    ]
    assert {p.rule for p in problems} == {None, "trial-not-concluded"}  # only a rule's text names the rule


@pytest.mark.parametrize("lang", ["ar", "ku"])
def test_every_language_has_the_english_layout_line_for_line(lang):
    """The same lines in the same places; only the translation's disclaimer is added."""
    disclaimer = translator(lang)("Translations in this language are the project's own, not an official or "
                                  "authoritative text of the law.")
    for rulebook_id in builtin_ids():
        english, other = api.show_rulebook(rulebook_id), api.show_rulebook(rulebook_id, lang=lang)
        assert disclaimer not in english and other.count(disclaimer) == 1
        other.remove(disclaimer)
        assert len(other) == len(english), rulebook_id
        for mine, theirs in zip(english, other):
            assert (mine == "") == (theirs == ""), (rulebook_id, mine, theirs)
            assert len(mine) - len(mine.lstrip()) == len(theirs) - len(theirs.lstrip()), (rulebook_id, mine, theirs)
