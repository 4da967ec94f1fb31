"""Tables fit an 80-column terminal: nothing cut ("not_cove…"), short headers explained by a legend."""

from __future__ import annotations

import pytest


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A small synthetic register over every facility and region: small enough to be quick."""
    from amnesty.synth import write_sample_csv

    path = tmp_path_factory.mktemp("narrow") / "records.csv"
    write_sample_csv(path, 1_500, seed=4, invalid_rate=0.01)
    return path


def _check(output: str) -> str:
    assert "…" not in output, output
    assert max(map(len, output.splitlines())) <= 80, output
    return " ".join(output.split())


def test_evaluate_table_fits_80_columns_with_a_legend(run, narrow, sample):
    text = _check(run("evaluate", sample).output)
    assert "ncov = not_covered" in text and "excl = excluded" in text


def test_compare_tables_keep_outcomes_and_deciding_rules_whole(run, narrow, sample):
    result = run("compare", sample, "--scenario", "law-10-iraqis-covered", "--show", "5")
    text = _check(result.output)
    assert "nationality-not-covered" in text
    assert "not_covered" in text


def test_sweep_table_fits_80_columns(run, narrow, sample):
    text = _check(run("sweep", sample, "--param", "release_age=60:80:10").output)
    assert "1y = out in 1y" in text


def test_timeline_table_fits_or_says_how_to_get_the_rest(run, narrow, sample):
    text = _check(run("timeline", sample, "--by", "year").output)
    assert "cumulative" in text


def test_a_wide_terminal_keeps_full_names(run, monkeypatch, sample):
    monkeypatch.setenv("COLUMNS", "160")
    text = " ".join(run("evaluate", sample).output.split())
    assert "not_covered" in text and "ncov =" not in text
