"""``amnesty compare`` as an analyst runs it."""

from __future__ import annotations

import csv
import json

from amnesty import api

BASE = {
    "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1990-01-01", "legal_status": "convicted",
    "offence_categories": "terrorism", "offence_class": "felony", "offence_date": "2019-05-01",
    "org_role": "member", "fought_sdf": "false", "caused_death": "false", "explosives": "false",
    "chronic_illness": "false", "sentence_type": "fixed", "sentence_months": "180", "custody_start": "2019-06-01",
    "good_conduct_certified": "true",
}


def records(write_csv):
    return write_csv([
        dict(BASE, record_id="SY-1"),
        dict(BASE, record_id="IQ-1", nationality="IQ", facility_id="HSK-01"),
        dict(BASE, record_id="LIFE-1", sentence_type="life", sentence_months=""),
        dict(BASE, record_id="SDF-1", fought_sdf="true", facility_id="KOB-01"),
    ])


def test_changed_records_file_and_tables(run, write_csv, tmp_path):
    out, tables = tmp_path / "changed.csv", tmp_path / "tables.json"
    result = run("compare", records(write_csv), "--scenario", "law-10-iraqis-covered", "--output", out, "--tables", tables)
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "both evaluated as of 2024-07-17 (the enactment date of the baseline aanes-2024-law-10, as no --as-of was given); 4 records" in text
    assert "1 changed" in text
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["record_id"], r["baseline_outcome"], r["scenario_outcome"], r["deciding_rules"]) for r in rows] == [
        ("IQ-1", "not_covered", "reduced", "nationality-not-covered;fixed-term-halved"),
    ]
    assert rows[0]["as_of"] == "2024-07-17" and rows[0]["scenario_release_date"] == "2026-12-01"
    data = json.loads(tables.read_text(encoding="utf-8"))
    assert data["as_of"] == "2024-07-17" and data["records"] == 4 and data["changed"] == 1
    assert data["transitions"]["not_covered"]["reduced"] == 1
    assert data["by_region"]["Jazira"]["delta"] == {"invalid": 0, "not_covered": -1, "excluded": 0, "review": 0, "deferred": 0, "release": 0, "reduced": 1}
    assert data["scenario"]["sha256"] == api.load_rulebook("law-10-iraqis-covered").sha256


def test_set_and_disable_change_the_scenario_side(run, write_csv, tmp_path):
    out = tmp_path / "changed.jsonl"
    result = run("compare", records(write_csv), "--scenario", "aanes-2024-law-10", "--set", "life_commuted_years=20",
                 "--disable", "fought-sdf", "--as-of", "2025-01-01", "--output", out)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert {line["record_id"]: line["deciding_rules"] for line in lines} == {
        "LIFE-1": ["life-commuted"], "SDF-1": ["fought-sdf", "fixed-term-halved"],
    }
    assert {line["as_of"] for line in lines} == {"2025-01-01"}


def test_self_comparison_writes_an_empty_file(run, write_csv, tmp_path):
    out = tmp_path / "changed.jsonl"
    result = run("compare", records(write_csv), "--baseline", "aanes-2024-law-10", "--scenario", "aanes-2024-law-10", "--output", out)
    assert result.exit_code == 0, result.output
    assert "0 changed" in result.output and out.read_bytes() == b""


def test_two_runs_write_identical_files(run, write_csv, tmp_path):
    path = records(write_csv)
    for name in ("a", "b"):
        result = run("compare", path, "--scenario", "law-10-no-sdf-exclusion", "--output", tmp_path / f"{name}.csv",
                     "--tables", tmp_path / f"{name}.json")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_unknown_parameter_is_refused_with_the_valid_names(run, write_csv):
    result = run("compare", records(write_csv), "--scenario", "aanes-2024-law-10", "--set", "release_ag=70")
    assert result.exit_code == 2
    assert "error: aanes-2024-law-10 has no parameter 'release_ag'; did you mean 'release_age'?" in result.output
    assert "Traceback" not in result.output


def test_output_format_comes_from_the_extension(run, write_csv, tmp_path):
    result = run("compare", records(write_csv), "--scenario", "law-10-life-20", "--output", tmp_path / "changed.txt")
    assert result.exit_code == 2
    assert "cannot tell the format from the extension; use .jsonl, .csv" in result.output
    assert not (tmp_path / "changed.txt").exists()


def test_existing_output_needs_force(run, write_csv, tmp_path):
    out = tmp_path / "changed.jsonl"
    out.write_text("keep me")
    result = run("compare", records(write_csv), "--scenario", "law-10-life-20", "--output", out)
    assert result.exit_code == 2 and "already exists; pass --force" in result.output
    assert out.read_text() == "keep me"
    assert run("compare", records(write_csv), "--scenario", "law-10-life-20", "--output", out, "--force").exit_code == 0


def test_invalid_records_give_exit_code_one(run, write_csv):
    path = write_csv([dict(BASE, record_id="A"), dict(BASE, record_id="B", org_role="boss")])
    result = run("compare", path, "--scenario", "law-10-life-20")
    assert result.exit_code == 1 and "1 record is invalid (run" in result.output
