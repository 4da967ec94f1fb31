"""Registers as clerks have them: Excel workbooks, and CSV with ';' or tabs between columns."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest

from amnesty import api
from amnesty.errors import InputFileError
from amnesty.io.readers import open_records

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HEADER = ["record_id", "facility_id", "nationality", "birth_date", "offence_categories", "sentence_type",
          "sentence_months", "custody_start", "legal_status"]
ROWS = [
    ["A-1", "RQA-01", "SY", datetime(1950, 3, 1), "terrorism", "fixed", 120, date(2020, 1, 5), "convicted"],
    ["A-2", "HSK-01", "IQ", "1985-06-30", "terrorism;state_security", "life", None, "2019-04-01", "convicted"],
    [None, None, None, None, None, None, None, None, None],
    ["A-3", "RQA-01", "SY", "1990-02-31", "theft", "fixed", 24.0, "2021-01-01", "convicted"],
]


def _workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _csv(path: Path, delimiter: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(HEADER)
        for row in ROWS:
            writer.writerow(["" if v is None else (v.date().isoformat() if isinstance(v, datetime) else str(v)) for v in row])
    return path


def _decisions(path, **options):
    decisions = []
    summary = api.evaluate_file(path, on_decision=decisions.append, **options)
    return summary, [(d["record_id"], d["outcome"], d["release_date"]) for d in decisions]


def test_an_xlsx_register_reads_like_its_csv_export(tmp_path):
    book = _workbook(tmp_path / "register.xlsx", {"Register": [HEADER, *ROWS]})
    from_csv = _decisions(_csv(tmp_path / "register.csv", ","))[1]
    summary, from_xlsx = _decisions(book)
    assert from_xlsx == from_csv and len(from_xlsx) == 3
    assert summary.input_notes == ["read sheet 'Register' of the workbook"]
    with open_records(book) as rows:
        assert [row.line for row in rows] == [2, 3, 5]  # the sheet's row numbers, the blank row skipped


def test_sheet_by_name_and_an_unknown_sheet(tmp_path):
    book = _workbook(tmp_path / "two.xlsx", {"Notes": [["nothing here"]], "Register": [HEADER, *ROWS]})
    summary, decisions = _decisions(book, sheet="Register")
    assert len(decisions) == 3 and summary.input_notes == ["read sheet 'Register' of the workbook"]
    with pytest.raises(InputFileError) as caught:
        open_records(book, sheet="Sheet9")
    assert "has no sheet named 'Sheet9'; its sheets are 'Notes', 'Register'" in str(caught.value)


def test_a_sheet_named_for_a_file_that_is_no_workbook_is_one_sentence(tmp_path):
    """--sheet on a CSV file was an internal error (openpyxl refuses the extension)."""
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    records = _csv(tmp_path / "register.csv", ",")
    result = CliRunner().invoke(app, ["evaluate", str(records), "--sheet", "Sheet1"])
    assert result.exit_code == 2, result.output
    assert "--sheet 'Sheet1' names a sheet of an Excel workbook (.xlsx), and this is not one" in result.output
    assert "internal error" not in result.output


def test_evaluate_reads_an_xlsx_file_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    book = _workbook(tmp_path / "register.xlsx", {"Sheet1": [HEADER, *ROWS]})
    result = CliRunner().invoke(app, ["evaluate", str(book)])
    assert result.exit_code == 1, result.output  # A-3 has an impossible birth date
    said = " ".join(result.output.split())  # a long temporary path wraps the note anywhere
    assert "records in: 3; decisions out: 3; invalid: 1" in said
    assert "read sheet 'Sheet1' of the workbook" in said


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_files_are_detected_and_said(tmp_path, delimiter):
    expected = _decisions(_csv(tmp_path / "commas.csv", ","))[1]
    summary, decisions = _decisions(_csv(tmp_path / "other.csv", delimiter))
    assert decisions == expected
    name = {";": "semicolons", "\t": "tabs"}[delimiter]
    assert summary.input_notes == [f"read with {name} between columns (detected from the header)"]


def test_the_corpus_semicolon_file_is_read(tmp_path):
    with open_records(CORPUS / "semicolons.csv") as rows:
        values = [row.values for row in rows]
        assert rows.notes == ["read with semicolons between columns (detected from the header)"]
    assert values[0]["record_id"] == "R1" and values[0]["facility_id"] == "HSK-01"


def test_delimiter_option(tmp_path):
    path = _csv(tmp_path / "tabs.txt.csv", "\t")
    summary, decisions = _decisions(path, delimiter="tab")
    assert len(decisions) == 3
    assert summary.input_notes == ["read with tabs between columns (as given with --delimiter)"]
    with pytest.raises(InputFileError, match="--delimiter must be one of"):
        open_records(path, delimiter="x")


def test_a_list_written_with_commas_gets_a_hint(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('record_id,facility_id,offence_categories\nA,RQA-01,"terrorism, theft"\n', encoding="utf-8")
    decisions = []
    api.evaluate_file(path, on_decision=decisions.append)
    assert "a list separates its items with ';', not ',': write 'terrorism;theft'" in decisions[0]["errors"][0]
