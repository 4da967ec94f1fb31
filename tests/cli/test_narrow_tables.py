"""Tables fit an 80-column terminal: nothing cut ("not_cove…"), short headers explained by a legend."""

from __future__ import annotations

import pytest


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


def _check(output: str) -> str:
    assert "…" not in output, output
    assert max(map(len, output.splitlines())) <= 80, output
    return " ".join(output.split())


def test_evaluate_table_fits_80_columns_with_a_legend(run, narrow):
    text = _check(run("evaluate").output)
    assert "ncov = not_covered" in text and "excl = excluded" in text


def test_compare_tables_keep_outcomes_and_deciding_rules_whole(run, narrow):
    result = run("compare", "--scenario", "law-10-iraqis-covered", "--show", "5")
    text = _check(result.output)
    assert "nationality-not-covered" in text
    assert "not_covered" in text


def test_sweep_table_fits_80_columns(run, narrow):
    text = _check(run("sweep", "--param", "release_age=60:80:10").output)
    assert "1y = out in 1y" in text


def test_timeline_table_fits_or_says_how_to_get_the_rest(run, narrow):
    text = _check(run("timeline", "--by", "year").output)
    assert "cumulative" in text


def test_a_wide_terminal_keeps_full_names(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    text = " ".join(run("evaluate").output.split())
    assert "not_covered" in text and "ncov =" not in text
