"""How a record's cell is read: CSV text or a JSON value to the value of its field.

One parser per kind of field (a flag, a date, a whole number of months, a
country code, an enum, a list of enums, an identifier), each accepting CSV
text and JSON alike, because a register exported twice should give the
same record either way. A blank cell or a JSON null is *unknown* and
comes back as ``None``; a value that cannot be read raises ``ValueError``
with the sentence the record's error names. ``amnesty.models.record``
attaches a parser to every field, and the parser is the field's kind
(``amnesty.models.fields``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from amnesty.models import problems

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")


# Registers typed in Arabic often carry Arabic-Indic (U+0660-0669) or Eastern
# Arabic-Indic (U+06F0-06F9) digits; they mean the same numbers, in every
# numeric and date field alike.
_DIGITS = str.maketrans("\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
                        "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
                        "01234567890123456789")


def _blank_to_none(value: Any) -> Any:
    """Surrounding whitespace is never part of a value (data dictionary v2); blank is unknown."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _ascii_digits(value: Any) -> Any:
    return value.translate(_DIGITS) if isinstance(value, str) else value


def parse_flag(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise ValueError(problems.NOT_A_FLAG)


def parse_date(value: Any) -> Any:
    value = _ascii_digits(_blank_to_none(value))
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(problems.NOT_A_REAL_DATE) from None
    raise ValueError(problems.NOT_A_DATE)


def _parse_list(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return tuple(item.strip() for item in value.split(";") if item.strip())
    return value


def parse_months(value: Any) -> Any:
    value = _ascii_digits(_blank_to_none(value))
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise ValueError(problems.NOT_MONTHS)
    if isinstance(value, bool):
        raise ValueError(problems.NOT_MONTHS)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def parse_country(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None:
        return None
    if isinstance(value, str) and _COUNTRY.fullmatch(value.upper()):
        return value.upper()
    raise ValueError(problems.NOT_A_COUNTRY)


def enum_text(value: Any) -> Any:
    """Enum values match in any case: a register may write ``Convicted``."""
    value = _blank_to_none(value)
    return value.lower() if isinstance(value, str) else value


def parse_enum_list(value: Any) -> Any:
    value = _parse_list(value)
    if isinstance(value, list | tuple):
        return tuple(item.strip().lower() if isinstance(item, str) else item for item in value)
    return value


def verbatim_text(value: Any) -> Any:
    """Identifiers are kept as given, surrounding whitespace aside (the output copies them);
    blank means missing."""
    value = _blank_to_none(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # a JSON export with numeric ids: the digits are the id
    return value
