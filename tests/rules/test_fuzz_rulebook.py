"""Fuzzing the rulebook parser and compiler: nothing but a RulebookError naming the file escapes.

Random text, random YAML structures, rulebook-shaped structures with wrong
types and values the rules engine cannot hold, and damaged copies of the
Law No. 10 file (lines deleted, duplicated, swapped, re-indented, values
replaced) all go through parse_source and compile_checked (compile_rulebook
and the engine's limits, as every command loads a rulebook). Whatever
compiles must also evaluate its own worked cases without any error: a
rulebook that loads is one the engine can run. Derandomized, no database,
bounded so CI stays fast; AMNESTY_LARGE=1 in the environment damages the
law file in more ways.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.engine.durable.fit import compile_checked
from amnesty.engine.evaluator import Evaluator
from amnesty.errors import RulebookError
from amnesty.models.fields import FIELDS
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import load_source, parse_source

NAME = "fuzzed/rulebook.yaml"
LAW_10 = Path(load_source("aanes-2024-law-10").path).read_text(encoding="utf-8")
LINES = LAW_10.splitlines()
LARGE = bool(os.environ.get("AMNESTY_LARGE"))  # the scale the fuzzing runs at before a release
FUZZ = settings(
    derandomize=True, database=None, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def survives(text: str) -> None:
    """Parse and compile ``text``: a rulebook (then run its cases) or one clear RulebookError."""
    try:
        source = parse_source(text, NAME)
        book = compile_checked(source)
    except RulebookError as exc:
        message = str(exc)
        assert exc.path == NAME and message.startswith(NAME), message
        assert "\n" not in message and len(message) < 2_000, message
        return
    with Evaluator(book) as evaluator:
        for case in book.rulebook.cases:
            decision = evaluator.decide_values({**book.rulebook.case_defaults, **case.record}, "case: ")
            assert decision["outcome"] in {"invalid", "not_covered", "excluded", "review", "deferred", "release", "reduced"}


# -- random text and random structures ------------------------------------------

YAML_ALPHABET = st.sampled_from([*"abcdefghijklmnopqrstuvwxyz0123456789 -_:{}[],#&*!|>'\"\n\t%@`?", "\u0600", "🙂"])


@FUZZ
@given(st.text(YAML_ALPHABET, max_size=300))
def test_random_text(text):
    survives(text)


@FUZZ
@given(st.text(max_size=200))
def test_random_unicode(text):
    survives(text)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.dates(),
    st.text(max_size=20), st.sampled_from(["aanes", "==", ">=", "in", "age", "all", "not", "param", "enacted"]),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda kids: st.one_of(st.lists(kids, max_size=4), st.dictionaries(st.text(max_size=8), kids, max_size=4)),
    max_leaves=20,
)


def dumped(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


@FUZZ
@given(STRUCTURES)
def test_random_structures(value):
    survives(dumped(value))


# -- rulebook-shaped structures with odd values ---------------------------------

ODD = st.one_of(
    SCALARS,
    st.sampled_from([
        math.nan, math.inf, -math.inf, 1e-05, 1e16, 2**53 + 1, 10**30, -(10**30), 0.1, 74.5, "",
        " ", "RQA-\x00", "٣", "SY", "Ѕy", "2024-02-30", "2024-07-17", "9999-12-31", "0001-01-01", [], [None], {},
        ["terrorism", 5], {"param": "nope"}, {"param": "enacted", "plus_days": 10**9}, {"param": "enacted"},
    ]),
)
OPS = st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "contains", "contains_any",
                       "is_unknown", "is_known", "=~", "", None])
FIELD_NAMES = st.one_of(st.sampled_from(list(FIELDS)), st.sampled_from(["id", "sid", "record_id", "agee", ""]))
LEAVES = st.fixed_dictionaries({"field": FIELD_NAMES, "op": OPS}, optional={"value": ODD, "junk": ODD})
CONDITIONS = st.recursive(
    st.one_of(LEAVES, ODD),
    lambda kids: st.one_of(
        st.fixed_dictionaries({"all": st.lists(kids, max_size=3)}),
        st.fixed_dictionaries({"any": st.lists(kids, max_size=3)}),
        st.fixed_dictionaries({"not": kids}),
        st.fixed_dictionaries({"all": kids, "any": kids}),
    ),
    max_leaves=8,
)
RULES = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["r1", "r2", "R 3", ""]), ODD), "when": CONDITIONS},
    optional={
        "article": ODD, "kind": st.sampled_from(["scope", "exclusion", "relief", "other"]),
        "source": st.sampled_from(["s", "t"]), "summary": ODD,
        "effect": st.one_of(st.sampled_from(["exclude", "not_covered", "release", "reduce", "commute", "x"]),
                            st.fixed_dictionaries({"type": st.sampled_from(["reduce", "commute"])},
                                                  optional={"years": ODD, "remit_fraction": ODD})),
        "overrides": st.lists(st.sampled_from(["r1", "r2", "x"]), max_size=2),
    },
)
PARAMETERS = st.dictionaries(
    st.sampled_from(["age_limit", "cutoff", "roles", "enacted"]),
    st.fixed_dictionaries(
        {"description": st.just("p"), "type": st.sampled_from(["date", "integer", "number", "list", "text", "x"]),
         "value": ODD, "source": st.sampled_from(["s", "t"])}
    ),
    max_size=3,
)
RULEBOOKS = st.fixed_dictionaries(
    {"id": st.just("fuzzed"), "title": st.just("t"), "authority": st.just("a"), "version": st.just("1"),
     "enacted": st.one_of(st.dates(), ODD), "sources": st.just([{"id": "s", "title": "s"}]),
     "rules": st.lists(RULES, max_size=4)},
    optional={"parameters": PARAMETERS},
)


@FUZZ
@given(RULEBOOKS)
def test_rulebook_shaped_structures(value):
    try:
        text = dumped(value)
    except yaml.YAMLError:
        return  # a value YAML itself cannot write (a lone surrogate): not a rulebook anyone can have
    survives(text)


# -- damaged copies of the Law No. 10 file ---------------------------------------

TOKENS = st.sampled_from([
    "", "-", "[", "]", "{", "}", ":", "'", '"', "&a", "*a", "!!binary x", "~", "null", "true", "no", "0", "-1",
    "1e-5", ".nan", ".inf", "99999999999999999999", "2024-02-30", "9999-12-31", "\"\\ud800\"", "\t", "#",
    "{param: enacted, plus_days: 100000000}", "{field: age, op: '>=', value: 75}", "[terrorism, 5]",
])


@st.composite
def damaged(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "value", "insert", "truncate"]))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            shift = draw(st.integers(-4, 4))
            lines[i] = " " * max(0, shift) + lines[i][max(0, -shift):]
        elif kind == "value":
            head, sep, _ = lines[i].partition(": ")
            lines[i] = head + (sep or ": ") + draw(TOKENS)
        elif kind == "insert":
            lines.insert(i, " " * draw(st.integers(0, 6)) + draw(TOKENS))
        else:
            lines = lines[:i]
    return "\n".join(lines) + "\n"


@settings(FUZZ, max_examples=250 if LARGE else 60)
@given(damaged())
@pytest.mark.slow
def test_damaged_law_10(text):
    survives(text)


def test_the_undamaged_file_compiles_and_runs_its_cases():
    survives(LAW_10)
    assert compile_rulebook(parse_source(LAW_10, NAME)).rulebook.cases  # the cases really ran


# -- inputs that once escaped as tracebacks --------------------------------------


def numeric(value: str) -> str:
    """Law 10 with one rule comparing a number with ``value``."""
    old = "{field: org_role, op: in, value: {param: senior_roles}}"
    assert LAW_10.count(old) == 1
    return LAW_10.replace(old, f'{{field: sentence_months, op: ">=", value: {value}}}')


@pytest.mark.parametrize("text, message", [
    ("? [a]\n: b\n", "a key must be a plain name"),
    ("[" * 5_000 + "]" * 5_000, "nested more than"),
    ("a: " + "{a: " * 200 + "1" + "}" * 200, "nested more than"),
    ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
     + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)), "expands to more than"),
    ("a: &a [*a]\n", "recursive"),
    (LAW_10.replace("plus_days: {param: surrender_window_inside_days}", "plus_days: 99999999999"), "outside the calendar"),
    (LAW_10.replace("enacted: 2024-07-17", "enacted: 9999-12-31"), "outside the calendar"),
    (numeric(".inf"), "not a finite number"),
    (numeric(".nan"), "not a finite number"),
    (numeric("1.0e-5"), "exponent"),
    (numeric("99999999999999999999999"), "2^53"),
    (LAW_10.replace("{field: fought_sdf, op: \"==\", value: true}", "{field: facility_id, op: \"==\", value: x}")
     .replace("value: x}", "value: " + "x" * 70_000 + "}"), "65,535 bytes"),
])
def test_regressions(text, message):
    with pytest.raises(RulebookError) as info:
        compile_checked(parse_source(text, NAME))
    assert message in str(info.value) and str(info.value).startswith(NAME)
