"""English whole numbers skip Babel (amnesty.i18n.Translator.number): they must read as Babel writes them."""

from __future__ import annotations

from babel.numbers import format_decimal
from hypothesis import given, strategies as st

from amnesty.i18n import BABEL_LOCALE, translator


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_english_integers_read_as_babel_writes_them(value: int) -> None:
    assert translator("en").number(value) == format_decimal(value, locale=BABEL_LOCALE["en"])


def test_other_values_and_languages_still_go_through_babel() -> None:
    en, ku = translator("en"), translator("ku")
    assert en.number(1234.5) == "1,234.5"  # a float: Babel's rounding and decimals
    assert ku.number(12345) == format_decimal(12345, locale=BABEL_LOCALE["ku"])
    assert ku.number(12345) != en.number(12345)  # Kurmanji groups with a dot: the shortcut is English only


def test_a_fractional_term_is_never_read_as_arabics_dual():
    """Half of 7 months is 3.5: the plural form of a fraction is CLDR's "other" ("3.5 شهر"), not the
    dual ("شهران", two months), which a notice, an explanation and a chain's path all printed."""
    from amnesty.analysis.explain_chain import sentence_text
    from amnesty.cli.explain import _sentence
    from amnesty.notice import sentence_words

    ar = translator("ar")
    half_of_seven = {"type": "fixed", "months": 3.5}
    for words in (sentence_words(half_of_seven, ar), sentence_text(half_of_seven, ar), _sentence(half_of_seven, ar)):
        assert "شهران" not in words and "3.5 شهر" in words, words
    two = {"type": "fixed", "months": 2}
    assert "شهران" in sentence_words(two, ar)  # two whole months: the dual is right
    assert [translator(lang).plural_of(n) for lang in ("en",) for n in (1, 2, 3.0, 3.5)] == [1, 2, 3, 100]
    assert sentence_text(half_of_seven) == "3.5 months" and sentence_text({"type": "fixed", "months": 1}) == "1 month"
