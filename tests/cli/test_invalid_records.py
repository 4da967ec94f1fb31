"""A case officer sees what was invalid, not only how many: the first few on screen, counts by field,
and every one in a CSV for the data team (--errors FILE)."""

from __future__ import annotations

import csv

from amnesty import api


def _rows(count: int):
    rows = []
    for i in range(count):
        row = {"record_id": f"R{i}", "facility_id": "RQA-01", "nationality": "SY"}
        if i % 3 == 0:
            row["sentence_type"], row["sentence_months"] = "fixed", "-3"
        elif i % 3 == 1:
            row["birth_date"] = "1990-02-31"
        rows.append(row)
    return rows


def test_first_invalid_records_and_counts_by_field_are_printed(run, write_csv):
    result = run("evaluate", write_csv(_rows(30)))
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "Invalid records: first 5 of 20" in text
    assert "invalid by field: sentence_months 10, birth_date 10" in text
    assert "1990-02-31" in text and "not a real calendar date" in text
    assert "--errors FILE" in text


def test_errors_file_holds_every_invalid_record_as_csv(run, write_csv, tmp_path):
    errors = tmp_path / "errors.csv"
    result = run("evaluate", write_csv(_rows(30)), "--errors", errors, "--workers", "1")
    assert result.exit_code == 1
    rows = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert len(rows) == 20
    assert rows[0] == {"line": "2", "record_id": "R0", "field": "sentence_months", "value": "-3",
                       "problem": "input should be greater than or equal to 0"}
    assert [r["line"] for r in rows] == sorted((r["line"] for r in rows), key=int)
    assert {r["field"] for r in rows} == {"sentence_months", "birth_date"}
    assert f"written to {errors}" in " ".join(result.output.split())


def test_errors_file_names_unreadable_rows_and_duplicates_and_is_safe_in_a_spreadsheet(write_csv, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("record_id,facility_id,nationality\nA,RQA-01,SY\nA,RQA-01,SY\nB,RQA-01\nC,RQA-01,=HYPERLINK(1)\n",
                    encoding="utf-8")
    errors = tmp_path / "errors.csv"
    summary = api.evaluate_file(path, errors=errors)
    rows = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert [(r["line"], r["field"]) for r in rows] == [("3", "record_id"), ("4", "(whole row)"), ("5", "nationality")]
    assert rows[2]["value"] == "'=HYPERLINK(1)"
    assert summary.to_dict()["invalid_records"]["by_field"] == {"record_id": 1, "(whole row)": 1, "nationality": 1}


def test_an_errors_file_is_not_replaced_without_force(run, write_csv, tmp_path):
    errors = tmp_path / "errors.csv"
    errors.write_text("keep", encoding="utf-8")
    result = run("evaluate", write_csv(_rows(3)), "--errors", errors)
    assert result.exit_code == 2 and "--force" in result.output
    assert errors.read_text(encoding="utf-8") == "keep"
