"""Fuzzing record validation: any values in give exactly one decision out, never an exception.

Random dicts of the data dictionary's fields (and stray keys) holding
random values of every JSON and CSV shape (huge numbers, NaN, dates that
are no dates, lists, nested objects, lone surrogates, text near the rules
engine's limits) go through Evaluator.decide_values, under Law No. 10 and
under a small law that reads the facility and does sentence arithmetic.
Derandomized, no database.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.engine.evaluator import Evaluator
from amnesty.models.decision import Outcome
from amnesty.models.record import RECORD_FIELDS
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import parse_source

from test_fact_limits import FACILITY_BOOK, RECORD

FUZZ = settings(
    max_examples=300, derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
OUTCOMES = {o.value for o in Outcome}

TEXT = st.one_of(
    st.text(max_size=12),
    st.sampled_from([
        "", " ", "RQA-01", " RQA-01 ", "SY", "sy", "terrorism;theft", "terrorism; ;other", "yes", "No", "1", "0",
        "2024-02-29", "2023-02-29", "2024-7-1", "0001-01-01", "9999-12-31", "life", "fixed", "none", "emir",
        "\ud800", "a\x00b", "nan", "inf", "-1", "1e3", "١٢", "٢٠٢٤-٠١-٠١", "null",
    ]),
    st.integers(65_530, 65_540).map(lambda size: "x" * size),
)
NUMBER = st.one_of(
    st.integers(), st.sampled_from([0, 1, -1, 2**31, 2**53 + 1, 2**63, 10**30, 12 * 9_999, 12 * 9_999 + 1]),
    st.floats(), st.sampled_from([math.nan, math.inf, 0.5, 180.0, 1e300]),
)
SCALAR = st.one_of(st.none(), st.booleans(), NUMBER, TEXT, st.dates().map(str), st.binary(max_size=4))
VALUE = st.recursive(
    SCALAR, lambda kids: st.one_of(st.lists(kids, max_size=3), st.dictionaries(TEXT, kids, max_size=2)), max_leaves=5
)
RECORDS = st.dictionaries(st.one_of(st.sampled_from(RECORD_FIELDS), st.text(max_size=6)), VALUE, max_size=20)


def one_decision(evaluator, values) -> None:
    decision = evaluator.decide_values(values, "line 2: ")
    assert isinstance(decision, dict) and decision["outcome"] in OUTCOMES
    if decision["outcome"] == Outcome.invalid:
        assert decision["errors"] and all(e.startswith("line 2: ") for e in decision["errors"])
    else:
        given_id = values["record_id"]  # numeric ids are read as their digits
        assert decision["errors"] == []
        assert decision["record_id"] == (given_id if isinstance(given_id, str) else str(given_id))


@FUZZ
@given(values=RECORDS)
@pytest.mark.slow
def test_random_values_under_law_10(evaluator, values):
    one_decision(evaluator, values)


@FUZZ
@given(changes=RECORDS)
def test_random_changes_to_a_valid_record(evaluator, base_record, changes):
    # starting from a decidable record, so validation passes often and the engine runs
    one_decision(evaluator, {**base_record, **changes})


@pytest.fixture(scope="module")
def reads_facility():
    with Evaluator(compile_rulebook(parse_source(FACILITY_BOOK, "facility.yaml"))) as evaluator:
        yield evaluator


@FUZZ
@given(changes=RECORDS)
def test_random_changes_under_a_law_that_reads_the_facility(reads_facility, changes):
    one_decision(reads_facility, {**RECORD, **changes})
