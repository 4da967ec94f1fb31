"""The values of a sweep, from ``FROM:TO:STEP`` or ``a,b,c``.

Ranges include both ends when the steps land on TO. Numbers are stepped in
decimal arithmetic, so ``0.3:0.7:0.1`` gives 0.3, 0.4, 0.5, 0.6, 0.7 and not
0.30000000000000004. Dates step by days (``30`` or ``30d``), weeks (``2w``),
calendar months (``3m``) or years (``1y``), each counted from FROM, so a
monthly sweep from 31 January gives 28/29 February, then 31 March.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from amnesty.engine.sentence import add_months
from amnesty.errors import ScenarioError
from amnesty.models.rulebook import ParamType
from amnesty.rules.params import coerce_value

MAX_VALUES = 1000
_DATE_STEP = re.compile(r"(\d+)\s*([dwmy]?)")


def parse_values(name: str, kind: ParamType, spec: str, *, option: str = "--param",
                 limit: int = MAX_VALUES) -> list[Any]:
    """Typed values for parameter ``name`` of type ``kind``; errors say what was expected.

    ``option`` names the command-line option in messages (``--param`` or ``--grid``);
    ``limit`` is the most values one range or list may give.
    """
    where = f"{option} {name}"
    text = spec.strip()
    if not text:
        raise ScenarioError(f"{where}: give values as FROM:TO:STEP or a,b,c")
    if ":" in text:
        if kind not in (ParamType.integer, ParamType.number, ParamType.date):
            raise ScenarioError(f"{where}: a range FROM:TO:STEP needs a number or date parameter; "
                                f"{name} is {kind.value}, so list its values as a,b,c")
        parts = [part.strip() for part in text.split(":")]
        if len(parts) != 3 or not all(parts):
            raise ScenarioError(f"{where}: expected FROM:TO:STEP, got {spec!r}")
        values = _dates(where, limit, *parts) if kind is ParamType.date else _numbers(where, limit, name, kind, *parts)
    else:
        separator = ";" if ";" in text else ","
        items = [item.strip() for item in text.split(separator) if item.strip()]
        values = []
        for item in items:
            try:
                values.append(coerce_value(kind, item))
            except ValueError as exc:
                raise ScenarioError(f"{where}: {exc}") from None
    if len(values) > limit:
        raise ScenarioError(f"{where}: {len(values)} values; a sweep takes at most {limit}")
    return values


def _numbers(where: str, limit: int, name: str, kind: ParamType, start: str, stop: str, step: str) -> list[int | float]:
    try:
        first, last, by = Decimal(start), Decimal(stop), Decimal(step)
    except InvalidOperation:
        raise ScenarioError(f"{where}: expected numbers in FROM:TO:STEP, got {start}:{stop}:{step}") from None
    if not all(d.is_finite() for d in (first, last, by)):
        raise ScenarioError(f"{where}: expected finite numbers, got {start}:{stop}:{step}")
    if kind is ParamType.integer and any(d != d.to_integral_value() for d in (first, last, by)):
        raise ScenarioError(f"{where}: {name} is a whole number, so FROM, TO and STEP must be too")
    _check_order(where, first > last, by <= 0)
    count = int((last - first) / by) + 1
    _check_count(where, limit, count)
    values = [first + by * i for i in range(count)]
    return [int(v) if v == v.to_integral_value() else float(v) for v in values]


def _dates(where: str, limit: int, start: str, stop: str, step: str) -> list[date]:
    try:
        first, last = date.fromisoformat(start), date.fromisoformat(stop)
    except ValueError:
        raise ScenarioError(f"{where}: expected dates as YYYY-MM-DD in FROM:TO:STEP, got {start}:{stop}") from None
    match = _DATE_STEP.fullmatch(step)
    if not match:
        raise ScenarioError(f"{where}: STEP for dates is a number of days (30 or 30d), weeks (2w), "
                            f"months (3m) or years (1y), got {step!r}")
    amount, unit = int(match.group(1)), match.group(2) or "d"
    _check_order(where, first > last, amount <= 0)
    values: list[date] = []
    while True:
        try:
            if unit in "dw":
                current = first + timedelta(days=amount * len(values) * (7 if unit == "w" else 1))
            else:
                current = add_months(first, amount * len(values) * (12 if unit == "y" else 1))
        except (ValueError, OverflowError):  # the next step is past the calendar's last day
            return values
        if current > last:
            return values
        values.append(current)
        _check_count(where, limit, len(values))


def _check_order(where: str, backwards: bool, no_step: bool) -> None:
    if no_step:
        raise ScenarioError(f"{where}: STEP must be more than zero")
    if backwards:
        raise ScenarioError(f"{where}: TO must not come before FROM")


def _check_count(where: str, limit: int, count: int) -> None:
    if count > limit:
        raise ScenarioError(f"{where}: the range gives more than {limit} values; use a larger STEP")
