from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from amnesty.engine.sentence import add_months, add_term, age_on, exact, months_json, round_months, split_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap February
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 12, 31), 2, date(2024, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 11, 15), 2, date(2025, 1, 15)),
        (date(2024, 5, 1), 0, date(2024, 5, 1)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (Decimal("3.5"), date(2024, 4, 16)),  # 3 months + 15 days
        (Decimal("2.33"), date(2024, 3, 11)),  # 0.33 * 30 = 9.9 -> 10 days
        (Decimal("2.67"), date(2024, 3, 21)),  # 0.67 * 30 = 20.1 -> 20 days
        (Decimal("0.25"), date(2024, 1, 9)),  # 7.5 days rounds half up to 8
        (Decimal("90"), date(2031, 7, 1)),
    ],
)
def test_release_date_whole_months_then_fraction_of_30_days(months, expected):
    assert add_term(date(2024, 1, 1), split_months(months)) == expected


def test_fractional_terms_keep_two_decimals():
    assert round_months(Fraction(7, 2)) == Decimal("3.50")
    assert round_months(Fraction(7, 3)) == Decimal("2.33")
    assert round_months(Fraction(14, 3)) == Decimal("4.67")
    assert months_json(round_months(Fraction(7, 3))) == 2.33
    assert months_json(round_months(Fraction(180))) == 180
    assert isinstance(months_json(Decimal("90.00")), int)


def test_parameters_become_exact_fractions():
    assert exact(0.5) == Fraction(1, 2)
    assert exact(2 / 3) == Fraction(2, 3)


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(1949, 7, 17), date(2024, 7, 17), 75),
        (date(1949, 7, 18), date(2024, 7, 17), 74),
        (date(2000, 2, 29), date(2023, 2, 28), 22),
        (date(2000, 2, 29), date(2023, 3, 1), 23),
        (date(2000, 2, 29), date(2024, 2, 29), 24),
    ],
)
def test_age_in_completed_years(born, on, age):
    assert age_on(born, on) == age


def test_add_months_clamps_as_the_calendar_does():
    """Every start day of four years (a leap year among them), every shift up to 30 months either way."""
    import calendar
    from datetime import date, timedelta

    from amnesty.engine.sentence import add_months

    def by_calendar(start, months):
        total = start.month - 1 + months
        year, month = start.year + total // 12, total % 12 + 1
        return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    start = date(1999, 1, 1)
    for offset in range(4 * 366):
        day = start + timedelta(days=offset)
        for months in range(-30, 31):
            assert add_months(day, months) == by_calendar(day, months)
