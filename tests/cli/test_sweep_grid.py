"""``amnesty sweep --grid``: one row per combination of several parameters' values."""

from __future__ import annotations

import csv
import json

import pytest

from amnesty import api

BASE = {
    "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1990-01-01", "legal_status": "convicted",
    "offence_categories": "terrorism", "offence_class": "felony", "offence_date": "2008-05-01",
    "org_role": "member", "fought_sdf": "false", "caused_death": "false", "explosives": "false",
    "chronic_illness": "false", "sentence_type": "life", "sentence_months": "", "custody_start": "2008-06-01",
    "good_conduct_certified": "true",
}
# OLD is 72 on 2024-07-17: released whole at a release age of 70, not 76.
# SERVED has been held since 2008 on a life sentence: served at 15 years, not at 25.
RECORDS = [dict(BASE, record_id="OLD", birth_date="1952-03-01", offence_date="2019-05-01", custody_start="2019-06-01"),
           dict(BASE, record_id="SERVED")]


def test_a_grid_writes_one_row_per_point_naming_the_law(run, write_csv, tmp_path):
    out = tmp_path / "grid.csv"
    result = run("sweep", write_csv(RECORDS), "--grid", "release_age=70,76",
                 "--grid", "life_commuted_years=15:25:10", "--output", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["release_age"], r["life_commuted_years"], r["release"], r["reduced"]) for r in rows] == [
        ("70", "15", "2", "0"), ("70", "25", "1", "1"), ("76", "15", "1", "1"), ("76", "25", "0", "2"),
    ]
    assert list(rows[0])[:3] == ["release_age", "life_commuted_years", "invalid"]
    assert list(rows[0])[-5:] == ["rulebook", "version", "changes", "sha256", "as_of"]
    for row in rows:
        book = api.load_rulebook(set={"release_age": row["release_age"], "life_commuted_years": row["life_commuted_years"]})
        assert (row["rulebook"], row["version"], row["changes"], row["sha256"], row["as_of"]) == (
            "aanes-2024-law-10", book.version, "", book.sha256, "2024-07-17")
        assert int(row["release_possible"]) >= int(row["release"])
    assert "aanes-2024-law-10 v" in result.output and "4 grid points" in result.output
    assert "release_age: A convict who had reached this age" in result.output


def test_a_grid_as_json_says_which_law_and_values(run, write_csv, tmp_path):
    out = tmp_path / "grid.json"
    result = run("sweep", write_csv(RECORDS), "--set", "fixed_term_remit_fraction=0.25",
                 "--grid", "release_age=70,76", "--output", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    base = api.load_rulebook(set={"fixed_term_remit_fraction": 0.25})
    assert data["rulebook"]["id"] == "aanes-2024-law-10" and data["rulebook"]["sha256"] == base.sha256
    assert data["rulebook"]["overrides"] == {"set": {"fixed_term_remit_fraction": 0.25}}
    assert data["grid"] == {"release_age": [70, 76]} and data["as_of"] == "2024-07-17" and data["records"] == 2
    assert [row["parameters"] for row in data["rows"]] == [{"release_age": 70}, {"release_age": 76}]
    point = api.load_rulebook(set={"fixed_term_remit_fraction": 0.25, "release_age": 76})
    assert data["rows"][1]["sha256"] == point.sha256
    assert data["rows"][1]["bounds"]["reduced"] == {"certain": 1, "possible": 1}
    flat = api.sweep_grid(write_csv(RECORDS, "again.csv"), rulebook=base, grid={"release_age": [76]}).table()[0]
    assert flat["changes"] == "set fixed_term_remit_fraction=0.25" and flat["sha256"] == point.sha256


@pytest.mark.parametrize("args, message", [
    (["--grid", "release_age=seventy"], "error: --grid release_age: expected a whole number, got 'seventy'"),
    (["--grid", "fixed_term_remit_fraction=0.5,1.5"],
     "--grid fixed_term_remit_fraction=1.5: rule 'fixed-term-halved': the value of parameter 'fixed_term_remit_fraction', "
     "as the effect's remit_fraction: reduce needs remit_fraction between 0 and 1, got 1.5"),
    (["--grid", "life_commuted_years=-5:5:5"], "--grid life_commuted_years=-5: rule 'life-commuted'"),
    (["--grid", "release_age=1:100:1", "--grid", "life_commuted_years=1:20:1"],
     "error: --grid: 100 x 20 = 2,000 points, more than the 1,000 allowed; use larger steps, or --max-points 2000 if you mean it"),
    (["--grid", "release_age=60:70:5", "--max-points", "2"], "3 = 3 points, more than the 2 allowed"),
    (["--grid", "release_age=60", "--grid", "release_age=70"], "error: --grid release_age: the parameter is given twice"),
    (["--grid", "release_age=60,60"], "error: --grid release_age: the value 60 is given twice"),
    (["--grid", "life=10:20:5"], "error: --grid life: aanes-2024-law-10 has no parameter 'life'"),
    (["--grid", "release_age"], "error: --grid expects PARAM=FROM:TO:STEP or PARAM=a,b,c, got 'release_age'"),
    (["--grid", "release_age=60", "--param", "release_age=70"], "error: give either --param NAME=VALUES"),
    ([], "error: give either --param NAME=VALUES"),
    (["--grid", "release_age=60", "--scheduler", "somewhere"], "error: --scheduler expects an address such as tcp://"),
])
def test_a_bad_grid_is_one_sentence(run, write_csv, args, message):
    result = run("sweep", write_csv(RECORDS), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert result.output.strip().startswith("error:") and result.output.strip().count("\n") <= 1


def test_max_points_lets_a_larger_grid_run(run, write_csv):
    result = run("sweep", write_csv(RECORDS), "--grid", "release_age=60:70:5", "--max-points", "3")
    assert result.exit_code == 0, result.output
    assert "3 grid points" in result.output
