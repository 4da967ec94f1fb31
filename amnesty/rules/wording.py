"""A rule's sentence for people, with the parameters it names filled in.

A summary such as "A life sentence is reduced to {life_commuted_years}
years" stays true under a scenario that changes the parameter; a number
written out in the text would silently go stale ("15 years" printed on a
decision made with 20).
"""

from __future__ import annotations

import string
from datetime import date
from fractions import Fraction
from typing import Any

from amnesty.errors import did_you_mean

_FORMATTER = string.Formatter()


class WordingError(ValueError):
    """A summary names a parameter the rulebook lacks, or is malformed."""


def shown(value: Any) -> str:
    """A parameter value as a person reads it: 17 July 2024, 1/2, SY, IQ."""
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        fraction = Fraction(value).limit_denominator(100)
        if abs(float(fraction) - value) < 1e-9 and fraction.denominator != 1:
            return f"{fraction.numerator}/{fraction.denominator}"
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    return str(value)


def render(text: str, values: dict[str, Any]) -> str:
    """``text`` with every ``{parameter}`` replaced by its value."""
    parts = []
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError as exc:
        raise WordingError(f"summary: {exc} (write {{{{ and }}}} for literal braces)") from None
    for literal, name, spec, conversion in parsed:
        parts.append(literal)
        if name is None:
            continue
        if name not in values:
            raise WordingError(f"summary names unknown parameter {{{name}}}" + did_you_mean(name, values))
        if spec or conversion:
            raise WordingError(f"summary: write {{{name}}} without a format")
        parts.append(shown(values[name]))
    return "".join(parts)
