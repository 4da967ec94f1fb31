"""Building blocks of the differential tests: value pools at the boundaries,
random conditions in the rulebook format, random records, and the
comparison of durable_rules, the plain evaluator and the reference.

Pools are chosen where engines go wrong: 29 February and month ends, values
equal to a constant and one step either side, integers at 2^31 and 2^53,
floats just below a whole number, text in Arabic and emoji, quotes,
backslashes, NUL, and text right at durable_rules' 65,535-byte limit.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from amnesty.errors import RulebookError
from amnesty.models.fields import FIELDS, FieldType
from amnesty.models.record import Record
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import CompiledRulebook, compile_rulebook
from amnesty.rules.loader import RulebookSource
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.row_contract import MAX_MONTHS
from amnesty.engine.facts import python_fact

from reference import truth

TEXTS = [
    "RQA-01", "HSK-07", "rqa-01", "رقة-٣", "سجن غويران", "🙂", "👨‍👩‍👧", 'say "hi"', "back\\slash", "tab\tx",
    "new\nline", "nul\x00byte", "nul\x00bytf", "ab", "ab ", " ab", "ab\u200b", "\u00e9", "e\u0301", "x\u2028y",
    "x" * 1000, "a" * 65_535, "a" * 65_534 + "b", "ي" * 32_767 + "a", "ي" * 32_767 + "b", '"' * 32_767 + "x",
]
COUNTRIES = ["SY", "IQ", "TR", "FR", "AA"]
DATES = [
    date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2023, 2, 28), date(2023, 3, 1),
    date(2024, 7, 16), date(2024, 7, 17), date(2024, 7, 18), date(2024, 9, 15), date(2024, 9, 16),
    date(2024, 1, 31), date(2024, 4, 30), date(2024, 12, 31), date(2025, 1, 1), date(2000, 2, 29),
    date(1900, 2, 28), date(1949, 7, 17), date(1949, 7, 18), date(1, 1, 1), date(9999, 12, 31), date(1999, 12, 31),
]
AS_OF = [date(2024, 7, 17), date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1), date(2024, 12, 31)]
INTS = [0, 1, 2, 17, 18, 74, 75, 76, 179, 180, 181, 360, 1_000, MAX_MONTHS, 2**31 - 1, 2**31, 2**53 - 1, 2**53, -1]
FLOATS = [0.5, 74.5, 74.99999999999999, 179.9, 180.0, 0.1, 0.30000000000000004, 0.0001, 1e15, 2.0**53, -0.5]
RECORD_MONTHS = [0, 1, 6, 7, 179, 180, 181, 360, 1_000, MAX_MONTHS]

DATE_FIELDS = [n for n, s in FIELDS.items() if s.type is FieldType.date]
ENUM_FIELDS = [n for n, s in FIELDS.items() if s.type is FieldType.enum]
BOOL_FIELDS = [n for n, s in FIELDS.items() if s.type is FieldType.boolean]
LIST_FIELD = "offence_categories"
CATEGORIES = FIELDS[LIST_FIELD].choices
COMPARE = ["==", "!=", "<", "<=", ">", ">="]
PRESENCE = ["is_unknown", "is_known"]


def birth_dates(as_of: date) -> list[date]:
    """Birthdays that make someone exactly 18 or 75 at ``as_of``, a day either side, and leap-day births."""
    out = []
    for years in (18, 75):
        try:
            exact = as_of.replace(year=as_of.year - years)
        except ValueError:
            exact = date(as_of.year - years, 2, 28)
        out += [exact - timedelta(days=1), exact, exact + timedelta(days=1)]
    return out + [date(as_of.year - 75, 2, 29) if (as_of.year - 75) % 4 == 0 else date(1948, 2, 29), date(2000, 2, 29)]


# -- parameters ------------------------------------------------------------------


@st.composite
def parameters(draw) -> dict[str, Any]:
    """Typed values of one parameter of each kind a condition can name."""
    subset = lambda pool: st.lists(st.sampled_from(pool), min_size=1, max_size=4)  # noqa: E731
    values = {
        "a_date": draw(st.sampled_from(DATES[1:-1])),
        "window": draw(st.sampled_from([0, 1, 59, 60, 61, 366])),
        "whole": draw(st.sampled_from(INTS)),
        "number": draw(st.sampled_from(FLOATS)),
        "flag": draw(st.booleans()),
        "place": draw(st.sampled_from(TEXTS)),
        "places": draw(subset(TEXTS)),
        "countries": draw(subset(COUNTRIES)),
        "categories": draw(subset(CATEGORIES)),
        "months": draw(subset(INTS)),
    }
    for name in ENUM_FIELDS:
        values[f"{name}_set"] = draw(subset(FIELDS[name].choices))
    return values


PARAM_TYPES = {
    "a_date": "date", "window": "integer", "whole": "integer", "number": "number", "flag": "boolean",
    "place": "text", "places": "list", "countries": "list", "categories": "list", "months": "list",
    **{f"{name}_set": "list" for name in ENUM_FIELDS},
}


# -- conditions ------------------------------------------------------------------


def _one_or_many(draw, pool, param: str | None):
    if param and draw(st.integers(0, 3)) == 0:
        return {"param": param}
    return draw(st.lists(st.sampled_from(pool), min_size=1, max_size=4))


def _date_value(draw):
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return {"param": "a_date"}
    if kind == 1:
        days = draw(st.sampled_from([{"param": "window"}, 0, 1, -1, 60, -366]))
        return {"param": draw(st.sampled_from(["a_date", "enacted"])), "plus_days": days}
    value = draw(st.sampled_from(DATES))
    return value.isoformat() if kind == 2 else value


@st.composite
def comparisons(draw, field: str | None = None) -> dict[str, Any]:
    """One comparison in the rulebook format, valid for its field's type."""
    name = field or draw(st.sampled_from(list(FIELDS)))
    kind = FIELDS[name].type
    if kind is FieldType.enum_list:
        op = draw(st.sampled_from(["contains", "contains_any", *PRESENCE]))
        if op == "contains":
            return {"field": name, "op": op, "value": draw(st.sampled_from(CATEGORIES))}
        if op == "contains_any":
            return {"field": name, "op": op, "value": _one_or_many(draw, CATEGORIES, "categories")}
        return {"field": name, "op": op}
    ordered = kind in (FieldType.date, FieldType.integer)
    op = draw(st.sampled_from([*(COMPARE if ordered else COMPARE[:2]), "in", "not_in", *PRESENCE]))
    if op in PRESENCE:
        return {"field": name, "op": op}
    if kind is FieldType.date:
        if op in ("in", "not_in"):
            return {"field": name, "op": op, "value": draw(st.lists(st.sampled_from(DATES), min_size=1, max_size=4))}
        return {"field": name, "op": op, "value": _date_value(draw)}
    if kind is FieldType.integer:
        if op in ("in", "not_in"):
            return {"field": name, "op": op, "value": _one_or_many(draw, INTS, "months")}
        value = draw(st.one_of(
            st.sampled_from(INTS), st.sampled_from(FLOATS), st.sampled_from([{"param": "whole"}, {"param": "number"}])
        ))
        return {"field": name, "op": op, "value": value}
    pool, single, many = {
        FieldType.text: (TEXTS, "place", "places"),
        FieldType.country: (COUNTRIES, None, "countries"),
        FieldType.boolean: ([True, False], "flag", None),
        FieldType.enum: (list(FIELDS[name].choices), None, f"{name}_set"),
    }[kind]
    if op in ("in", "not_in"):
        return {"field": name, "op": op, "value": _one_or_many(draw, pool, many)}
    if single and draw(st.integers(0, 3)) == 0:
        return {"field": name, "op": op, "value": {"param": single}}
    return {"field": name, "op": op, "value": draw(st.sampled_from(pool))}


def conditions(max_leaves: int = 8):
    """Trees of all/any/not over comparisons; all-in-all and any-in-any nest often, so merging is exercised."""
    return st.recursive(
        comparisons(),
        lambda kids: st.one_of(
            st.lists(kids, min_size=1, max_size=4).map(lambda parts: {"all": parts}),
            st.lists(kids, min_size=1, max_size=4).map(lambda parts: {"any": parts}),
            kids.map(lambda part: {"not": part}),
        ),
        max_leaves=max_leaves,
    )


# -- records ---------------------------------------------------------------------


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


_FIELD_VALUES = {
    "facility_id": st.sampled_from(TEXTS),
    "nationality": _maybe(st.sampled_from(COUNTRIES)),
    "offence_categories": _maybe(st.lists(st.sampled_from(CATEGORIES), max_size=4)),
    "sentence_months": _maybe(st.sampled_from(RECORD_MONTHS)),
    **{name: _maybe(st.sampled_from(DATES)) for name in DATE_FIELDS if name != "birth_date"},
    **{name: _maybe(st.sampled_from(FIELDS[name].choices)) for name in ENUM_FIELDS},
    **{name: _maybe(st.booleans()) for name in BOOL_FIELDS},
}


@functools.cache
def records(as_of: date):
    """Records with every field drawn from its pool (unknown included), birth dates around ``as_of``."""
    births = _maybe(st.one_of(st.sampled_from(birth_dates(as_of)), st.sampled_from(DATES)))
    return st.fixed_dictionaries({"record_id": st.just("r"), **_FIELD_VALUES, "birth_date": births}).map(_record)


def random_records(rng: random.Random, as_of: date, count: int, unknown: float = 0.3) -> list[Record]:
    """``count`` records drawn from the same pools as ``records`` with a plain random generator.

    Hypothesis spends most of its time drawing values; for the many records
    a ruleset is checked on, a seeded ``random.Random`` (the seed drawn by
    Hypothesis, so a failure still reproduces) gives the same pools at a
    fraction of the cost, leaving Hypothesis to vary the rulesets.
    """
    def maybe(pick):
        return None if rng.random() < unknown else pick()

    births = birth_dates(as_of) + DATES
    out = []
    for _ in range(count):
        values: dict[str, Any] = {
            "record_id": "r",
            "facility_id": rng.choice(TEXTS),
            "nationality": maybe(lambda: rng.choice(COUNTRIES)),
            "offence_categories": maybe(lambda: [rng.choice(CATEGORIES) for _ in range(rng.randint(0, 4))]),
            "sentence_months": maybe(lambda: rng.choice(RECORD_MONTHS)),
            "birth_date": maybe(lambda: rng.choice(births)),
        }
        for name in DATE_FIELDS:
            if name != "birth_date":
                values[name] = maybe(lambda: rng.choice(DATES))
        for name in ENUM_FIELDS:
            values[name] = maybe(lambda name=name: rng.choice(FIELDS[name].choices))
        for name in BOOL_FIELDS:
            values[name] = maybe(lambda: rng.random() < 0.5)
        out.append(_record(values))
    return out


def _record(values: dict[str, Any]) -> Record:
    if values["sentence_type"] == "fixed" and values["sentence_months"] is None:
        values["sentence_months"] = 0
    born = values.get("birth_date")
    if born and any(values.get(n) and values[n] < born for n in ("offence_date", "custody_start", "surrender_date")):
        values["birth_date"] = None  # dates that cannot all be true are invalid, not decided
    return Record.model_validate(values)


# -- running ---------------------------------------------------------------------


def rulebook(conditions_: list[dict], params: dict[str, Any]) -> Rulebook:
    return Rulebook.model_validate({
        "id": "generated", "title": "Generated conditions", "authority": "tests", "enacted": date(2024, 7, 17),
        "version": "0", "sources": [{"id": "s", "title": "none"}],
        "parameters": {
            name: {"description": name, "type": PARAM_TYPES[name], "value": value, "source": "s"}
            for name, value in params.items()
        },
        "rules": [
            {"id": f"r{i}", "article": "1", "kind": "scope", "source": "s", "summary": "x", "when": when,
             "effect": "not_covered"}
            for i, when in enumerate(conditions_)
        ],
    })


def compile_what_can_be(book: Rulebook) -> tuple[CompiledRulebook | None, list[str]]:
    """Compile, dropping rules the compiler refuses (each refusal names its rule); the refusal messages."""
    refused: list[str] = []
    while book.rules:
        try:
            return compile_rulebook(RulebookSource(book, "<generated>")), refused
        except RulebookError as exc:
            if exc.rule_id is None:
                refused.append(str(exc))
                return None, refused
            refused.append(str(exc))
            book = book.model_copy(update={"rules": [r for r in book.rules if r.id != exc.rule_id]})
    return None, refused


@dataclass
class Disagreement:
    rule: str
    condition: Any
    record: Record
    reference: Any
    durable: Any
    plain: Any

    def __str__(self) -> str:
        facts = {k: v for k, v in self.record.model_dump().items() if v is not None}
        return (
            f"rule {self.rule}: reference {self.reference}, durable_rules {self.durable}, plain {self.plain}\n"
            f"  condition: {self.condition}\n  record: {facts!r:.2000}"
        )


def compare(evaluator: Evaluator, params: dict[str, Any], record: Record) -> tuple[int, list[Disagreement]]:
    """Findings of durable_rules, the plain evaluator and the reference for one record: (checks, disagreements)."""
    book = evaluator.book
    values = {**params, "enacted": book.rulebook.enacted}
    fact = python_fact(record, evaluator.as_of)
    durable = evaluator.durable_findings(fact, record.record_id)
    plain = evaluator.plain_findings(evaluator.key(fact))
    wrong = []
    for rule in book.rules:
        expected = truth(rule.rule.when, record, values, evaluator.as_of)
        if not (durable[rule.id] is expected and plain[rule.id] is expected):
            wrong.append(Disagreement(rule.id, rule.rule.when, record, expected, durable[rule.id], plain[rule.id]))
    return len(book.rules), wrong
