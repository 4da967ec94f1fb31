"""Time arithmetic of data-dictionary.md: ages, reduced terms, release dates.

Terms are kept as exact fractions while they are computed and rounded once,
to two decimals, so that anyone can recompute a release date from the
published ``sentence_after.months``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

DAYS_PER_MONTH_FRACTION = 30


def age_on(birth: date, on: date) -> int:
    """Completed years; someone born on 29 February turns a year older on 1 March in common years."""
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def add_months(start: date, months: int) -> date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    day = start.day
    if day > 28:  # only the 29th to 31st can fall past a month's end (monthrange is slow: a million records)
        day = min(day, 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1])
    return date(year, month, day)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months_or_end(start: date, months: int) -> date:
    """``add_months``, or the calendar's last (first) day when the result falls past it: for horizons
    ("released within 5 years", a default --until) from an as-of date near either end of the calendar.
    Never for a release date: a term past the calendar makes the record invalid (``add_term``'s callers)."""
    try:
        return add_months(start, months)
    except ValueError:  # the year is out of date's range
        return date.max if months > 0 else date.min


def exact(value: float | int) -> Fraction:
    """A parameter as an exact fraction: 0.5 is 1/2 and 0.6666666666666666 is 2/3."""
    return Fraction(value).limit_denominator(10_000)


def round_months(months: Fraction) -> Decimal:
    """Months to two decimals, halves rounded up."""
    return (Decimal(months.numerator) / Decimal(months.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def split_months(months: Decimal) -> tuple[int, int]:
    """A term as whole calendar months and the days its fraction adds (times 30, halves up)."""
    whole = int(months)
    days = ((months - whole) * DAYS_PER_MONTH_FRACTION).quantize(Decimal("1"), ROUND_HALF_UP)
    return whole, int(days)


def add_term(start: date, term: tuple[int, int]) -> date:
    """``start`` plus a term split by ``split_months`` (computed once per term, added per record)."""
    return add_months(start, term[0]) + timedelta(days=term[1])


def months_json(months: Decimal | int | None) -> int | float | None:
    """A whole number prints as an integer, a fraction with at most two decimals."""
    if months is None:
        return None
    if isinstance(months, Fraction):  # a term an earlier instrument of a chain left, exactly
        months = Decimal(months.numerator) / Decimal(months.denominator)
    value = Decimal(months)
    return int(value) if value == value.to_integral_value() else float(value)
