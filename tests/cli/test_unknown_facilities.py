"""Facility codes missing from the register are named with their counts, never placed in "unknown" silently."""

from __future__ import annotations

from amnesty import api

RECORDS = "record_id,facility_id\nA,NOWHERE-9\nB,RQA-01\nC,\nD,NOWHERE-9\nE,XX-1\n"


def test_evaluate_names_unknown_codes_and_counts(run, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(RECORDS, encoding="utf-8")
    text = " ".join(run("evaluate", path).output.split())
    assert ("2 facility codes are not in the bundled synthetic facility register: NOWHERE-9 (2 records), "
            "XX-1 (1 record); their records count in region 'unknown'; pass --facilities FILE") in text


def test_a_real_register_given_with_facilities_silences_it(run, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(RECORDS, encoding="utf-8")
    register = tmp_path / "register.csv"
    register.write_text("facility_id,name,region,capacity\nNOWHERE-9,Camp,North,10\nRQA-01,Prison,Raqqa,5\n",
                        encoding="utf-8")
    text = " ".join(run("evaluate", path, "--facilities", register).output.split())
    assert f"1 facility code is not in the facility register {register}: XX-1 (1 record)" in text
    assert "NOWHERE-9" not in text.split("warning:")[-1]


def test_compare_timeline_and_report_warn_too(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(RECORDS, encoding="utf-8")
    for result in (api.compare(path, scenario="law-10-life-20"), api.timeline(path)):
        assert any("NOWHERE-9 (2 records)" in w for w in result.warnings)
    report = api.report(path, output=tmp_path / "r.html")
    assert any("NOWHERE-9 (2 records)" in note for note in report.notes)


def test_the_bundled_sample_has_no_unknown_codes():
    assert not any("facility code" in w for w in api.evaluate_file(api.SAMPLE).warnings)
