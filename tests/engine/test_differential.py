"""durable_rules against an independent reference evaluator: any difference fails.

Random condition trees over every field the format allows (parameters,
in/not_in, contains/contains_any, is_unknown/is_known, nested all/any/not)
are compiled by the project's compiler into durable_rules, and the findings
for random records at the boundaries are compared with tests/engine/reference.py
and with the plain evaluator. Hypothesis runs derandomized and without a
database, so CI sees the same cases on every run.

    python -m pytest -q tests/engine/test_differential.py
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.models.fields import FIELDS
from amnesty.models.record import Record
from amnesty.engine.evaluator import Evaluator

from differential import (
    AS_OF, DATES, TEXTS, COUNTRIES, RECORD_MONTHS, CATEGORIES, LIST_FIELD, birth_dates,
    comparisons, compare, compile_what_can_be, conditions, parameters, random_records, rulebook,
)

TREES = 300  # examples; each is a ruleset of 1-4 random trees checked on 24 records
RECORDS_PER_TREE = 24
SETTINGS = settings(
    max_examples=TREES, derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@pytest.mark.slow
def test_random_trees_agree_with_the_reference():
    tally = Counter()

    @SETTINGS
    @given(
        trees=st.lists(conditions(), min_size=1, max_size=4),
        params=parameters(),
        as_of=st.sampled_from(AS_OF),
        data=st.data(),
    )
    def run(trees, params, as_of, data):
        book, _ = compile_what_can_be(rulebook(trees, params))
        if book is None:
            tally["refused"] += 1
            return
        tally["rules"] += len(book.rules)
        seed = data.draw(st.integers(0, 2**32 - 1), label="records seed")
        recs = random_records(random.Random(seed), as_of, RECORDS_PER_TREE)
        with Evaluator(book, as_of) as evaluator:
            for record in recs:
                checks, wrong = compare(evaluator, params, record)
                assert not wrong, "\n".join(map(str, wrong))
                tally["checks"] += checks
        tally["rulesets"] += 1

    run()
    print(f"random trees: {dict(tally)}")  # shown with pytest -s; docs/durable-rules.md quotes it
    # the generator must not degenerate into refused rulebooks: thousands of checks or it failed
    assert tally["rulesets"] >= TREES * 0.8, tally
    assert tally["checks"] >= TREES * RECORDS_PER_TREE, tally


def _leaf_values(name: str, as_of: date) -> list:
    """Every pool value of one field, and unknown."""
    spec = FIELDS[name]
    if name == "age":
        return birth_dates(as_of) + DATES[1:-1] + [None]
    if name == "sentence_months":
        return RECORD_MONTHS + [None]
    if name == LIST_FIELD:
        return [[], [CATEGORIES[0]], list(CATEGORIES[:3]), list(CATEGORIES), None]
    pools = {"text": TEXTS, "country": COUNTRIES, "date": DATES, "boolean": [True, False]}
    return pools.get(spec.type.value, list(spec.choices)) + ([None] if name != "facility_id" else [])


BASE = {"record_id": "r", "facility_id": "RQA-01", "sentence_months": 12}


@pytest.mark.parametrize("name", list(FIELDS))
def test_every_leaf_of_every_field_on_every_pool_value(name):
    """Each field with many single comparisons (drawn deterministically) against each of its pool values."""
    as_of = date(2025, 2, 28)
    drawn = {json.dumps(c, default=str, sort_keys=True): c for c in _draw_many(comparisons(name), 120)}
    conds = list(drawn.values())
    values = _leaf_values(name, as_of)
    checked = refused = 0
    for start in range(0, len(conds), 20):
        params = _draw_many(parameters(), 1)[0]
        book, reasons = compile_what_can_be(rulebook(conds[start:start + 20], params))
        refused += len(reasons)
        if book is None:
            continue
        with Evaluator(book, as_of) as evaluator:
            for value in values:
                source = "birth_date" if name == "age" else name
                record = Record.model_validate({**BASE, source: value})
                count, wrong = compare(evaluator, params, record)
                assert not wrong, "\n".join(map(str, wrong))
                checked += count
    # every leaf the compiler accepted (it refuses contradictions and tautologies) was checked on every value
    accepted = len(conds) - refused
    print(f"{name}: {accepted} leaves x {len(values)} values = {checked} checks")
    assert checked == accepted * len(values) and accepted >= 10, (checked, accepted)


def _draw_many(strategy, n: int) -> list:
    """``n`` deterministic draws from a strategy, outside @given."""
    drawn = []

    @settings(max_examples=n, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        drawn.append(value)

    collect()
    return drawn
