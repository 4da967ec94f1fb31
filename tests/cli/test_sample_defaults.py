"""`amnesty sample` makes clean records by default; broken rows only when asked for."""

from __future__ import annotations

from amnesty import api


def test_sample_is_clean_by_default_and_broken_only_on_request(run, tmp_path):
    clean, broken = tmp_path / "clean.csv", tmp_path / "broken.csv"
    assert run("sample", "--count", "2000", "--output", clean).exit_code == 0
    assert run("sample", "--count", "2000", "--output", broken, "--invalid-rate", "0.05").exit_code == 0
    assert api.evaluate_file(clean).invalid == 0
    assert api.evaluate_file(broken).invalid > 0
