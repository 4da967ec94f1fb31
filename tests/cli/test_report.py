"""``amnesty report`` as an analyst runs it: one file out, exit codes, one-sentence errors."""

from __future__ import annotations

import shlex
from html.parser import HTMLParser

import pytest

from amnesty.synth import write_sample_csv


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "records.csv"
    write_sample_csv(path, count=300, seed=5, invalid_rate=0.0)
    return path


class Command(HTMLParser):
    """The reproduction command printed in the report."""

    def __init__(self, text):
        super().__init__()
        self.command, self._in = "", False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self._in = ("data-field", "command") in attrs

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.command += data


def test_writes_one_file_and_says_what_it_holds(run, records, tmp_path):
    out = tmp_path / "report.html"
    result = run("report", records, "--output", out, "--as-of", "2024-09-01")
    assert result.exit_code == 0, result.output
    assert out.is_file()
    expected = f"wrote {out} ({out.stat().st_size:,} bytes): 300 records;"
    assert "".join(expected.split()) in "".join(result.output.split())  # however the terminal wraps a long path
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left beside it


@pytest.mark.parametrize("options", [
    ("--set", "life_commuted_years=20", "--disable", "explosives", "--as-of", "2024-10-01"),
    ("--rulebook", "law-10-no-sdf-exclusion", "--set", "release_age=70", "--compare", "aanes-2024-law-10"),
], ids=["changes", "scenario"])
def test_the_printed_command_makes_the_same_report(run, records, tmp_path, options):
    out = tmp_path / "report.html"
    charts = tmp_path / "charts"
    assert run("report", records, "-o", out, *options, "--charts", charts).exit_code == 0
    first = out.read_bytes()
    words = shlex.split(Command(first.decode("utf-8")).command)
    assert words[:2] == ["amnesty", "report"]
    assert set(options) <= set(words) and "--charts" in words
    out.unlink()
    result = run(*words[1:], "--force")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == first


def test_invalid_records_exit_1_and_are_in_the_report(run, write_csv, tmp_path):
    rows = [{"record_id": "A", "facility_id": "RQA-01", "sentence_months": "-3"}, {"record_id": "B", "facility_id": "RQA-01"}]
    out = tmp_path / "r.html"
    result = run("report", write_csv(rows), "-o", out)
    assert result.exit_code == 1, result.output
    assert "invalid 1" in result.output
    assert out.is_file()


def test_output_defaults_to_report_html_and_is_never_replaced_silently(run, records, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = run("report", records)
    assert first.exit_code == 0, first.output
    assert (tmp_path / "report.html").is_file() and "wrote report.html" in first.output
    again = run("report", records)
    assert again.exit_code == 2 and "--force" in again.output


def test_existing_output_is_refused(run, records, tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    result = run("report", records, "-o", out)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {out}: already exists; pass --force to replace it"
    assert out.read_text(encoding="utf-8") == "old"


def test_unknown_parameter_is_refused_with_the_valid_names(run, records, tmp_path):
    result = run("report", records, "-o", tmp_path / "r.html", "--set", "life_years=20")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "'life_years'" in result.output
    assert "life_commuted_years" in result.output
    assert not (tmp_path / "r.html").exists()


def test_charts_folder_that_is_a_file_is_refused(run, records, tmp_path):
    blocker = tmp_path / "charts"
    blocker.write_text("", encoding="utf-8")
    result = run("report", records, "-o", tmp_path / "r.html", "--charts", blocker)
    assert result.exit_code == 2
    assert result.output.strip() == f"error: {blocker}: --charts expects a folder, and this is a file"


def test_missing_report_extra_is_one_sentence(run, records, tmp_path, monkeypatch):
    import amnesty.report as report

    monkeypatch.setattr(report, "find_spec", lambda name: None)
    result = run("report", records, "-o", tmp_path / "r.html")
    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: the report needs jinja2 and matplotlib, which are not installed; "
        "reinstall amnesty: pip install ."
    )
