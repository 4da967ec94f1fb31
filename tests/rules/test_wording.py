"""Reason sentences follow the parameters, so a scenario never prints a stale number."""

from __future__ import annotations

from datetime import date

import pytest

from amnesty import api
from amnesty.errors import RulebookError
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import load_source
from amnesty.rules.wording import render, shown


def life_text(book):
    return book.rule("life-commuted").text


def test_reason_text_follows_a_changed_parameter():
    assert "replaced by 15 years" in life_text(api.load_rulebook("aanes-2024-law-10"))
    assert "replaced by 20 years" in life_text(api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20}))


def test_decisions_carry_the_rendered_text(base_record):
    decision = next(api.evaluate_records(
        [dict(base_record, sentence_type="life", sentence_months=None)],
        api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20}),
    ))
    assert decision["reasons"][0]["text"].startswith("A life sentence is replaced by 20 years")


@pytest.mark.parametrize(
    ("value", "text"),
    [(date(2024, 7, 17), "17 July 2024"), (0.5, "1/2"), (2 / 3, "2/3"), (0.125, "1/8"), (15, "15"), (["SY", "IQ"], "SY, IQ")],
)
def test_values_read_as_people_write_them(value, text):
    assert shown(value) == text


def test_unknown_placeholder_is_refused_with_the_rule(tmp_path):
    text = load_source("aanes-2024-law-10").path
    source = open(text, encoding="utf-8").read().replace("{life_commuted_years} years", "{life_years} years")
    path = tmp_path / "law.yaml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(RulebookError) as info:
        compile_rulebook(load_source(path))
    assert info.value.rule_id == "life-commuted"
    assert "unknown parameter {life_years}; did you mean 'life_commuted_years'?" in str(info.value)


def test_literal_braces_and_plain_text():
    assert render("no parameters here", {}) == "no parameters here"
    assert render("{{literal}} {a}", {"a": 1}) == "{literal} 1"
