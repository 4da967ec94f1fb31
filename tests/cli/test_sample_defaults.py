"""`amnesty sample` makes clean records by default; broken rows only when asked for."""

from __future__ import annotations

from amnesty import api


def test_sample_is_clean_by_default_and_broken_only_on_request(run, tmp_path):
    clean, broken = tmp_path / "clean.csv", tmp_path / "broken.csv"
    assert run("sample", "--count", "2000", "--output", clean).exit_code == 0
    assert run("sample", "--count", "2000", "--output", broken, "--invalid-rate", "0.05").exit_code == 0
    assert api.evaluate_file(clean).invalid == 0
    assert api.evaluate_file(broken).invalid > 0


def test_a_sample_named_for_another_format_is_refused_in_one_sentence_and_not_written(run, tmp_path):
    """It wrote CSV text under `.xlsx` and said so, and `evaluate` then refused the file as no workbook."""
    for name in ("s.xlsx", "s.jsonl", "s.parquet"):
        result = run("sample", "--count", "5", "--output", tmp_path / name)
        assert result.exit_code == 2, result.output
        assert "written as CSV" in result.output and "Traceback" not in result.output
        assert not (tmp_path / name).exists()
