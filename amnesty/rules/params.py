"""Parameter values: typed, checked, and overridable by scenarios.

Every number the law fixes is a parameter, so an analyst can ask "what if
life went to 20 years?" by changing one value; the value's type is checked
here because the rules engine would compare a mistyped one as text.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
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


def complement_problem(name: str, param: Parameter, params: dict[str, Parameter]) -> str | None:
    """Why a parameter declared the complement of another is not one, or None when it is: both
    lists of one field's values, sharing none, between them every value of the field."""
    from amnesty.models.fields import FIELDS

    declared = param.complement
    if declared is None:
        return None
    if param.type is not ParamType.list:
        return f"parameter {name!r} is a {param.type.value}; only a list can be the complement of another"
    other = params.get(declared.of)
    if other is None or declared.of == name:
        known = ", ".join(sorted(n for n in params if n != name)) or "none"
        return (f"parameter {name!r} is the complement of {declared.of!r}, which is not another parameter "
                f"(parameters: {known})")
    if other.type is not ParamType.list or other.complement is not None:
        return f"parameter {name!r} is the complement of {declared.of!r}, which is not a list of its own"
    spec = FIELDS.get(declared.within)
    if spec is None or not spec.choices:
        return (f"parameter {name!r} shares out the values of {declared.within!r}, which is not a record field "
                "with a fixed set of values")
    try:
        mine, theirs = (coerce_value(ParamType.list, p.value) for p in (param, other))
    except ValueError:
        return None  # the value's own type problem is reported where it lies
    # A value that is not one of the field's is named by the rule that compares the field with it.
    expected = set(complement_value(spec.choices, theirs, declared.except_))
    lacking = [v for v in spec.choices if v in expected and v not in mine]
    extra = [v for v in spec.choices if v in mine and v not in expected]
    if lacking or extra:
        held = f"{declared.of} holds" if not declared.except_ else f"{declared.of} or its except list holds"
        parts = ([f"lacks {', '.join(lacking)}"] if lacking else []) + (
            [f"also has {', '.join(extra)}, which {held}"] if extra else [])
        besides = " nor in its except list" if declared.except_ else ""
        return (f"parameter {name!r} must be every value of {declared.within} not in {declared.of!r}{besides}, "
                f"but it {' and '.join(parts)}")
    return None


def complement_value(choices: tuple[str, ...], of: Iterable[Any], besides: Iterable[str] = ()) -> list[str]:
    """Every value of a field (in the field's order) that the list ``of`` and ``besides`` leave out."""
    left_out = {*of, *besides}
    return [value for value in choices if value not in left_out]
