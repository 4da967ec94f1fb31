"""``amnesty timeline`` as an analyst runs it."""

from __future__ import annotations

import csv
import json

BASE = {
    "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1990-01-01", "legal_status": "convicted",
    "offence_categories": "terrorism", "offence_class": "felony", "offence_date": "2019-05-01",
    "org_role": "member", "fought_sdf": "false", "caused_death": "false", "explosives": "false",
    "chronic_illness": "false", "sentence_type": "fixed", "sentence_months": "12", "custody_start": "2019-06-01",
    "good_conduct_certified": "true",
}


def records(write_csv):
    return write_csv([
        dict(BASE, record_id="NOW-RQA"),  # 6 months already served: released on the as-of date
        dict(BASE, record_id="NOW-HSK", facility_id="HSK-01"),
        dict(BASE, record_id="LATER", facility_id="HSK-01", sentence_months="180", custody_start="2023-01-01"),
        dict(BASE, record_id="OUT", fought_sdf="true"),
    ])


def test_quarterly_timeline_by_region(run, write_csv, tmp_path):
    out = tmp_path / "timeline.json"
    result = run("timeline", records(write_csv), "--by", "quarter", "--until", "2031-12-31", "--output", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["periods"][0] == "2024-Q3" and data["periods"][-1] == "2031-Q4"
    assert data["releases"]["Raqqa"][0] == 1 and data["releases"]["Jazira"][0] == 1
    assert data["releases"]["Jazira"][data["periods"].index("2030-Q3")] == 1  # 90 months from 2023-01-01
    assert data["total_cumulative"][-1] == 3 and data["not_released"]["excluded"] == 1
    assert "released by 2031-12-31: 3; after it: 0" in result.output


def test_phases_move_immediate_releases(run, write_csv, tmp_path):
    out = tmp_path / "timeline.csv"
    result = run("timeline", records(write_csv), "--phase", "Jazira", "--phase", "Raqqa", "--phase-months", "2",
                 "--output", out)
    assert result.exit_code == 0, result.output
    rows = {(r["period"], r["region"]): int(r["releases"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert rows[("2024-07", "Jazira")] == 1 and rows[("2024-07", "Raqqa")] == 0
    assert rows[("2024-09", "Raqqa")] == 1
    assert "release phases: Jazira 2024-07-17; Raqqa 2024-09-17" in result.output


def test_by_facility_with_own_register(run, write_csv, tmp_path):
    register = tmp_path / "register.csv"
    register.write_text("facility_id,name,region,capacity\nRQA-01,A,North,1\nHSK-01,B,South,1\n", encoding="utf-8")
    out = tmp_path / "t.json"
    result = run("timeline", records(write_csv), "--group", "facility", "--by", "year", "--facilities", register,
                 "--output", out)
    assert result.exit_code == 0, result.output
    assert set(json.loads(out.read_text())["releases"]) == {"HSK-01", "RQA-01"}
    by_region = run("timeline", records(write_csv), "--facilities", register, "--phase", "North", "--by", "year")
    assert by_region.exit_code == 0 and "North 2024-07-17; (other regions) 2024-08-17" in by_region.output


def test_unknown_region_and_bad_period_are_refused(run, write_csv):
    result = run("timeline", records(write_csv), "--phase", "Raqa")
    assert result.exit_code == 2 and "error: --phase: no region 'Raqa' in the facility register; did you mean 'Raqqa'?" in result.output
    result = run("timeline", records(write_csv), "--by", "week")
    assert result.exit_code == 2 and "error: --by must be one of month, quarter, year, got 'week'" in result.output
