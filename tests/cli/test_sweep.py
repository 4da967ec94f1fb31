"""``amnesty sweep`` as an analyst runs it."""

from __future__ import annotations

import csv
import json

from amnesty import api

BASE = {
    "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1952-03-01", "legal_status": "convicted",
    "offence_categories": "terrorism", "offence_class": "felony", "offence_date": "2019-05-01",
    "org_role": "member", "fought_sdf": "false", "caused_death": "false", "explosives": "false",
    "chronic_illness": "false", "sentence_type": "life", "sentence_months": "", "custody_start": "2019-06-01",
    "good_conduct_certified": "true",
}


def test_sweep_over_ages_writes_one_row_per_value(run, write_csv, tmp_path):
    path = write_csv([dict(BASE, record_id="OLD"), dict(BASE, record_id="YOUNG", birth_date="1990-01-01")])
    out = tmp_path / "sweep.csv"
    result = run("sweep", path, "--param", "release_age=70:76:2", "--output", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["release_age"], r["release"], r["reduced"]) for r in rows] == [
        ("70", "1", "1"), ("72", "1", "1"), ("74", "0", "2"), ("76", "0", "2"),
    ]
    assert rows[0]["released_within_1y"] == "1" and rows[0]["released_within_5y"] == "1"
    assert rows[0]["sha256"] == api.load_rulebook(set={"release_age": 70}).sha256
    assert "as of 2024-07-17" in result.output and "74 *" not in result.output


def test_sweep_over_dates_as_json(run, write_csv, tmp_path):
    path = write_csv([dict(BASE, record_id="A", offence_date="2024-03-15")])
    out = tmp_path / "sweep.json"
    result = run("sweep", path, "--param", "cutoff_date=2024-01-01:2024-06-01:1m", "--output", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [(row["value"], row["outcomes"]["not_covered"]) for row in data["rows"]] == [
        ("2024-01-01", 1), ("2024-02-01", 1), ("2024-03-01", 1), ("2024-04-01", 0), ("2024-05-01", 0), ("2024-06-01", 0),
    ]
    assert data["as_of"] == "2024-07-17" and data["param"] == "cutoff_date"


def test_sweep_is_deterministic(run, write_csv, tmp_path):
    path = write_csv([dict(BASE, record_id=f"R{i}", birth_date=f"19{50 + i}-01-01") for i in range(10)])
    for name in ("a", "b"):
        assert run("sweep", path, "--param", "release_age=60,70,80", "--output", tmp_path / f"{name}.csv").exit_code == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_unknown_parameter_lists_the_valid_ones(run):
    result = run("sweep", "--param", "life=10:20:5")
    assert result.exit_code == 2
    assert "error: aanes-2024-law-10 has no parameter 'life'" in result.output
    assert "(parameters: covered_nationalities, covered_offence_categories, cutoff_date, fixed_term_remit_fraction, " in result.output


def test_malformed_param_is_one_line(run):
    result = run("sweep", "--param", "release_age")
    assert result.exit_code == 2
    assert result.output.strip() == "error: --param expects NAME=FROM:TO:STEP or NAME=a,b,c, got 'release_age'"
    result = run("sweep", "--param", "release_age=80:70:1")
    assert result.exit_code == 2 and result.output.strip() == "error: --param release_age: TO must not come before FROM"
