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
