"""Parameter values: typed, checked, and overridable by scenarios.

Every number the law fixes is a parameter, so an analyst can ask "what if
life went to 20 years?" by changing one value; the value's type is checked
here because the rules engine would compare a mistyped one as text.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from amnesty.models.rulebook import ParamType, Parameter

IMPLICIT_PARAMS = ("enacted",)  # the rulebook's own enactment date, read-only


def coerce_value(kind: ParamType, value: Any) -> Any:
    """The value as the parameter's type, or ValueError saying what was expected."""
    if kind is ParamType.date:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")
    if kind is ParamType.integer:
        if isinstance(value, bool):
            raise ValueError(f"expected a whole number, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value.strip())
        raise ValueError(f"expected a whole number, got {value!r}")
    if kind is ParamType.number:
        if isinstance(value, bool):
            raise ValueError(f"expected a number, got {value!r}")
        try:
            number = _number_text(value) if isinstance(value, str) else value
        except (ValueError, ZeroDivisionError):
            number = None
        if isinstance(number, int | float) and math.isfinite(number):
            return int(number) if float(number).is_integer() else float(number)
        raise ValueError(f"expected a number, got {value!r}")
    if kind is ParamType.boolean:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return value.strip().lower() in ("true", "yes")
        raise ValueError(f"expected true or false, got {value!r}")
    if kind is ParamType.list:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        if isinstance(value, list | tuple):
            return list(value)
        raise ValueError(f"expected a list, got {value!r}")
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {value!r}")


def _number_text(text: str) -> float:
    """A decimal, or a fraction as the law states it ("2/3"), which stays exact in sentence arithmetic."""
    top, sep, bottom = text.partition("/")
    return float(top) / float(bottom) if sep else float(text)


def parameter_values(params: dict[str, Parameter], enacted: date) -> dict[str, Any]:
    """Every parameter's typed value, plus the implicit ``enacted``."""
    values = {name: coerce_value(p.type, p.value) for name, p in params.items()}
    values["enacted"] = enacted
    return values
