"""The as-of date and the scenario are never silent: every summary says how the date was chosen,
warns when it precedes a law, counts records dated after it, and names the scenario and its changes."""

from __future__ import annotations

import json

import pytest

from amnesty import api
from amnesty.rules.loader import load_rulebook

ROWS = [
    {"record_id": "EARLY", "facility_id": "RQA-01", "nationality": "SY", "offence_categories": "terrorism",
     "offence_date": "2019-01-01", "custody_start": "2019-02-01", "sentence_type": "fixed", "sentence_months": "120",
     "legal_status": "convicted"},
    {"record_id": "LATE", "facility_id": "RQA-01", "nationality": "SY", "offence_categories": "terrorism",
     "offence_date": "2022-08-17", "custody_start": "2023-02-16", "sentence_type": "fixed", "sentence_months": "120",
     "legal_status": "convicted"},
    {"record_id": "LATE-CUSTODY", "facility_id": "RQA-01", "nationality": "SY", "offence_categories": "terrorism",
     "offence_date": "2019-08-17", "custody_start": "٢٠٢١-٠١-٠١", "sentence_type": "fixed", "sentence_months": "120",
     "legal_status": "convicted"},
]


def test_evaluate_counts_records_dated_after_the_as_of_date_and_warns_before_enactment(run, write_csv):
    path = write_csv(ROWS)
    result = run("evaluate", path, "--as-of", "2020-10-10")
    text = " ".join(result.output.split())
    assert "before aanes-2024-law-10 was enacted (2024-07-17)" in text
    assert "2 records are dated after the as-of date 2020-10-10 (1 offence_date, 2 custody_start)" in text
    assert "as of 2020-10-10 (given with --as-of)" in text


def test_the_summary_counts_the_same_on_every_path(write_csv):
    path = write_csv(ROWS)
    expected = {"records": 2, "offence_date": 1, "custody_start": 2}
    for workers in (1, 2):
        summary = api.evaluate_file(path, as_of=api.load_rulebook().rulebook.enacted.replace(year=2020), workers=workers)
        assert summary.to_dict()["dated_after_as_of"] == expected
    jsonl = path.with_suffix(".jsonl")
    jsonl.write_text("".join(json.dumps({k: v for k, v in row.items() if v}) + "\n" for row in ROWS), encoding="utf-8")
    from datetime import date

    assert api.evaluate_file(jsonl, as_of=date(2020, 10, 10)).to_dict()["dated_after_as_of"] == expected
    assert api.timeline(path, as_of=date(2020, 10, 10)).to_dict()["dated_after_as_of"] == expected
    assert api.sweep(path, param="release_age", values=[70], as_of=date(2020, 10, 10)).to_dict()["dated_after_as_of"] == expected


def test_compare_says_how_the_as_of_date_was_chosen_and_warns_for_the_later_law(run, write_csv):
    path = write_csv(ROWS)
    result = run("compare", path, "--baseline", "aanes-2020-resolution-5", "--scenario", "aanes-2024-law-10")
    text = " ".join(result.output.split())
    assert "the enactment date of the baseline aanes-2020-resolution-5, as no --as-of was given" in text
    assert "before aanes-2024-law-10 was enacted" in text
    assert "records are dated after the as-of date" in text
    tables = api.compare(path, baseline="aanes-2020-resolution-5", scenario="aanes-2024-law-10").tables()
    assert tables["warnings"] and tables["dated_after_as_of"]["records"] >= 1


def test_no_warning_when_the_as_of_date_fits(run, write_csv):
    path = write_csv(ROWS[:1])
    result = run("evaluate", path)
    assert "warning:" not in result.output
    assert "the enactment date of aanes-2024-law-10, as no --as-of was given" in " ".join(result.output.split())


def test_explain_takes_set_and_names_the_scenario_and_its_changes(run):
    result = run("explain", "SYN-000042", "--set", "life_commuted_years=20")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "set life_commuted_years=20" in text
    assert "sha256" in text
    result = run("explain", "SYN-000042", "--rulebook", "law-10-life-20")
    assert "scenario law-10-life-20" in " ".join(result.output.split())


def test_explain_warns_about_a_record_dated_after_the_as_of_date(run):
    result = run("explain", "SYN-000066", "--as-of", "2020-10-10")
    text = " ".join(result.output.split())
    assert "before aanes-2024-law-10 was enacted" in text
    assert "the record is dated after the as-of date 2020-10-10" in text


@pytest.mark.parametrize("command", [("evaluate",), ("explain", "LATE")])
def test_text_output_names_the_scenario_file(run, write_csv, command):
    result = run(*command, write_csv(ROWS), "--rulebook", "law-10-life-20")
    assert "scenario law-10-life-20" in " ".join(result.output.split())


def test_rulebooks_show_a_scenario_names_it_and_does_not_pass_off_the_enacted_summary(run):
    result = run("rulebooks", "show", "law-10-life-20")
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "scenario law-10-life-20; parameter life_commuted_years set to 20)" in text
    assert "the law as enacted, before this variant's changes:" in text
    assert "parameter life_commuted_years set to 20" in text
    assert "life_commuted_years = 20 years (changed)" in text


def test_rulebooks_show_fills_a_summary_from_the_variants_values(run, tmp_path):
    source = (api.SAMPLE.parent.parent / "rules" / "builtin" / "aanes-2024-law-10" / "rulebook.yaml").read_text(encoding="utf-8")
    assert source.count("life replaced by 15 years") == 1
    source = source.replace("life replaced by 15 years", "life replaced by {life_commuted_years} years")
    path = tmp_path / "law.yaml"
    path.write_text(source, encoding="utf-8")
    scenario = tmp_path / "what-if.yaml"
    scenario.write_text(
        "id: life-20\ntitle: Life to 20\nbase: law.yaml\nquestion: What if life were 20 years?\n"
        "set:\n  life_commuted_years: 20\n", encoding="utf-8",
    )
    shown = {}
    for name, rulebook in (("law", path), ("what-if", scenario)):
        result = run("rulebooks", "show", rulebook)
        assert result.exit_code == 0, result.output
        shown[name] = " ".join(result.output.split())
    assert "life replaced by 15 years" in shown["law"]
    assert "life replaced by 20 years" in shown["what-if"] and "15 years" not in shown["what-if"].split("Parameters")[0]


@pytest.mark.parametrize("second", ["law-10-iraqis-covered", "amnesty/data/scenarios/law-10-iraqis-covered.yaml"])
def test_rulebooks_diff_takes_what_show_takes(run, second):
    from pathlib import Path

    if "/" in second:
        second = str(Path(api.SAMPLE).parent / "scenarios" / "law-10-iraqis-covered.yaml")
    result = run("rulebooks", "diff", "aanes-2024-law-10", second)
    assert result.exit_code == 0, result.output
    assert "scenario law-10-iraqis-covered" in result.output
    assert "value: SY -> SY, IQ" in result.output
    assert run("rulebooks", "show", second).exit_code == 0


def test_report_names_its_rulebook_changes_and_as_of_date(run, write_csv, tmp_path):
    out = tmp_path / "r.html"
    result = run("report", write_csv(ROWS), "--set", "life_commuted_years=20", "--compare", "aanes-2024-law-10", "-o", out)
    text = " ".join(result.output.split())
    version = load_rulebook("aanes-2024-law-10").version
    assert f"rulebook aanes-2024-law-10 + life_commuted_years=20 v{version} (sha256" in text
    assert "the scenario aanes-2024-law-10 + life_commuted_years=20 changes" in text
    assert "against the baseline aanes-2024-law-10" in text
