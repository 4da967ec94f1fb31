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


_FOUR_ERRORS = {  # the reviewer's record: four problems, each in its own field
    "record_id": "M1", "facility_id": "HSK-01", "nationality": "SY", "birth_date": "1990-13-01",
    "legal_status": "convicted", "offence_categories": "terrorism", "offence_class": "crime",
    "offence_date": "2019-01-01", "org_role": "commander", "fought_sdf": "false", "caused_death": "false",
    "explosives": "false", "chronic_illness": "false", "sentence_type": "fixed", "sentence_months": "-5",
    "custody_start": "2019-06-01", "illness_requires_assistance": "false", "good_conduct_certified": "true",
}
_FOUR_FIELDS = ("birth_date", "offence_class", "org_role", "sentence_months")


def test_every_error_of_a_record_is_a_row_of_the_errors_file_and_counted_by_field(run, write_csv, tmp_path):
    """A record with four errors had all four in its decision but one row (the first) in --errors and
    'birth_date 1' in the summary: the data team would have needed four rounds of fixing."""
    errors = tmp_path / "m.err.csv"
    result = run("evaluate", write_csv([_FOUR_ERRORS]), "--errors", errors, "--workers", "1")
    assert result.exit_code == 1
    rows = list(csv.DictReader(errors.open(encoding="utf-8")))
    assert [(r["line"], r["record_id"], r["field"]) for r in rows] == [("2", "M1", f) for f in _FOUR_FIELDS]
    assert rows[3]["value"] == "-5" and rows[2]["value"] == "commander"
    text = " ".join(result.output.split())
    assert "invalid by field: birth_date 1, offence_class 1, org_role 1, sentence_months 1" in text
    assert "Invalid records" in text and "first" not in text  # the table on screen: one row per record
    summary = api.evaluate_file(write_csv([_FOUR_ERRORS], name="again.csv"))
    assert summary.to_dict()["invalid_records"]["by_field"] == dict.fromkeys(_FOUR_FIELDS, 1)
    assert len(summary.to_dict()["invalid_records"]["first"]) == 1


def test_a_field_with_several_errors_in_one_record_counts_that_record_once(write_csv, tmp_path):
    row = {**_FOUR_ERRORS, "offence_categories": "bogus;nope", "birth_date": "1990-01-01"}
    errors = tmp_path / "e.csv"
    summary = api.evaluate_file(write_csv([row, {**row, "record_id": "M2"}]), errors=errors)
    rows = list(csv.DictReader(errors.open(encoding="utf-8")))
    fields = [r["field"] for r in rows if r["record_id"] == "M1"]
    assert fields.count("offence_categories") == 2, fields
    by_field = summary.to_dict()["invalid_records"]["by_field"]
    assert by_field["offence_categories"] == 2 and sum(by_field.values()) < len(rows)


def test_the_errors_file_is_the_same_bytes_for_any_number_of_workers(write_csv, tmp_path):
    """The errors are gathered in the worker processes; the reading process writes them in input order."""
    api.write_sample(tmp_path / "sample.csv", 6000, seed=5)
    with (tmp_path / "sample.csv").open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    for i in range(0, len(records), 7):
        records[i].update(birth_date="1990-13-01", offence_class="crime", sentence_months="-5")
    for i in range(3, len(records), 11):
        records[i].update(org_role="commander")
    records[100]["record_id"] = records[99]["record_id"]  # a duplicate: one error of its own
    path = write_csv(records)
    files, summaries = [], []
    for workers in (1, 2):
        target = tmp_path / f"errors-{workers}.csv"
        summary = api.evaluate_file(path, errors=target, workers=workers).to_dict()["invalid_records"]
        assert summary.pop("errors_file") == str(target)
        summaries.append(summary)
        files.append(target.read_bytes())
    assert files[0] == files[1]
    assert summaries[0] == summaries[1]
    rows = list(csv.DictReader(files[0].decode("utf-8").splitlines()))
    m = [r for r in rows if r["record_id"] == records[7]["record_id"]]
    assert [r["field"] for r in m] == ["birth_date", "offence_class", "sentence_months"]
    assert summaries[0]["by_field"]["sentence_months"] == len(range(0, len(records), 7))
    assert [int(r["line"]) for r in rows] == sorted(int(r["line"]) for r in rows)
