"""The corpus of bad input files (tests/corpus/), each with its exact expected reading.

Every file is small and hand-made; tests/corpus/README.md says what each one
is for. Row expectations are (line, exact problem or None, record_id); a
problem leaves out the row's own line, which the caller puts in front.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from amnesty.errors import InputFileError
from amnesty.io.readers import open_records
from amnesty.models.record import Record

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def read(name: str, fmt: str | None = None):
    with open_records(CORPUS / name, fmt) as source:
        rows = list(source)
    return source, rows


def summary(rows):
    return [(row.line, row.problem, row.record_id) for row in rows]


def check_rows(rows, expected):
    assert summary(rows) == expected
    for row in rows:
        assert (row.values is None) == (row.problem is not None)


# -- whole-file problems: the exact sentence -----------------------------------

FILE_ERRORS = {
    "empty.csv": "is empty; a CSV file needs a header line naming its columns",
    "utf16.csv": "is UTF-16; re-save it as UTF-8",
    "latin1.csv": "3: is not UTF-8 (byte 0xE9 at column 14; Latin-1 or Windows-1256?); re-save it as UTF-8",
    "latin1.jsonl": "2: is not UTF-8 (byte 0xE9 at column 33; Latin-1 or Windows-1256?); re-save it as UTF-8",
    "missing_column.csv": "1: the header lacks the required column 'facility_id'",
    "duplicate_column.csv": (
        "1: the header names column 'nationality' twice (columns 3 and 4); remove or rename one"
    ),
    # semicolons.csv is read, its delimiter detected: tests/io/test_real_exports.py
    "not_records.csv": (
        "1: is not a detainee-records CSV file: its header ('id,name,age') names none of the "
        "data-dictionary columns (record_id, facility_id, nationality, ...)"
    ),
    "xlsx_renamed.csv": (
        "is a ZIP archive (an Excel .xlsx workbook?), not CSV or JSON Lines; export the sheet as 'CSV UTF-8'"
    ),
    "array.json": (
        "1: holds a JSON array, not JSON Lines (one object per line); convert it, e.g. with jq -c '.[]'"
    ),
    "nul.jsonl": "2: holds a NUL byte; it is a binary or damaged file, not JSON Lines",
}


@pytest.mark.parametrize("name", sorted(FILE_ERRORS))
def test_whole_file_problem_is_one_exact_sentence(name):
    path = CORPUS / name
    with pytest.raises(InputFileError) as caught:
        open_records(path)
    expected = FILE_ERRORS[name]
    separator = ":" if expected[0].isdigit() else ": "
    assert str(caught.value) == f"{path}{separator}{expected}"
    assert caught.value.path == str(path)


def test_missing_column_suggests_a_near_miss(tmp_path):
    path = tmp_path / "typo.csv"
    path.write_text("record_id,facilty_id\nR1,HSK-01\n")
    with pytest.raises(InputFileError, match=r"lacks the required column 'facility_id' \(is 'facilty_id'"):
        open_records(path)


def test_both_required_columns_named_when_both_missing(tmp_path):
    path = tmp_path / "none.csv"
    path.write_text("nationality,name\nSY,Ali\n")
    with pytest.raises(InputFileError) as caught:
        open_records(path)
    assert caught.value.line == 1
    assert "lacks the required columns 'record_id' and 'facility_id'" in str(caught.value)


# -- per-row problems: the stream goes on ---------------------------------------


def test_ragged_rows_name_both_counts():
    _, rows = read("ragged.csv")
    check_rows(rows, [
        (2, None, "R1"),
        (3, "has 4 cells but the header (line 1) has 5 columns; check for a missing or extra comma", "R2"),
        (4, "has 6 cells but the header (line 1) has 5 columns; check for a missing or extra comma", "R3"),
        (5, None, "R4"),
    ])
    assert rows[3].values == {
        "record_id": "R4", "facility_id": "HSK-01", "nationality": "IQ", "sentence_type": "life",
        "sentence_months": "",
    }


def test_unbalanced_quote_costs_only_its_own_line():
    source, rows = read("unbalanced_quote.csv")
    check_rows(rows, [
        (2, None, "R1"),
        (3, "unbalanced quote: the quoted value of field notes opens on this line and runs on to line 5; "
            "this line was not read, and reading went on from line 4", "R2"),
        (4, None, "R3"),
        (5, None, "R4"),
        (6, None, "R5"),
    ])
    assert rows[3].values == {"record_id": "R4", "facility_id": "HSK-01", "nationality": "SY"}
    assert source.extra_columns == ["notes"]


def test_unbalanced_quote_running_to_end_of_file_is_read_again():
    _, rows = read("unbalanced_quote_eof.csv")
    check_rows(rows, [
        (2, None, "R1"),
        (3, "unbalanced quote: the quoted value of field facility_id opens on this line and never closes; "
            "this line was not read, and reading went on from line 4", "R2"),
        (4, None, "R3"),
        (5, None, "R4"),
    ])


def test_unbalanced_quote_on_the_last_line():
    _, rows = read("unbalanced_quote_last_line.csv")
    check_rows(rows, [
        (2, None, "R1"),
        (3, None, "R2"),
        (4, "unbalanced quote: the quoted value of field nationality is never closed", "R3"),
    ])


def test_quote_that_closes_later_does_not_swallow_records():
    """The csv module alone would read lines 2-5 as one record R1 with a long note."""
    _, rows = read("swallowed_records.csv")
    check_rows(rows, [
        (2, "unbalanced quote: the quoted value of field notes opens on this line and runs on to line 5; "
            "this line was not read, and reading went on from line 3", "R1"),
        (3, None, "R2"),
        (4, None, "R3"),
        (5, None, "R4"),
        (6, None, "R5"),
    ])


def test_text_after_closing_quote_names_the_field():
    _, rows = read("text_after_quote.csv")
    check_rows(rows, [
        (2, "field facility_id: malformed quotes: text follows a closing quote; "
            "quote the whole value and double any quote inside it", "R1"),
        (3, None, "R2"),
    ])


def test_multi_line_note_outside_the_dictionary_is_one_record():
    source, rows = read("multiline_note.csv")
    check_rows(rows, [(2, None, "R1"), (4, None, "R2")])
    assert rows[0].values == {"record_id": "R1", "facility_id": "HSK-01"}
    assert source.extra_columns == ["notes"]


def test_nul_byte_names_line_and_field():
    _, rows = read("nul_byte.csv")
    check_rows(rows, [
        (2, None, "R1"),
        (3, "field facility_id: contains a NUL byte (0x00), a sign of a corrupted export", "R2"),
        (4, None, "R3"),
    ])


def test_bom_is_stripped():
    source, rows = read("bom.csv")
    check_rows(rows, [(2, None, "R1"), (3, None, "R2")])
    assert list(rows[0].values) == ["record_id", "facility_id"]
    assert source.extra_columns == []


def test_arabic_right_to_left_text_is_kept_verbatim():
    source, rows = read("arabic_rtl.csv")
    record_id = "\u0633\u062c\u0644-\u0661"
    check_rows(rows, [(2, None, record_id), (3, None, "R2")])
    assert rows[0].values == {"record_id": record_id, "facility_id": "\u0627\u0644\u062d\u0633\u0643\u0629-\u0660\u0661"}
    assert source.extra_columns == ["name"]
    _, rows = read("arabic_rtl.jsonl")
    assert rows[0].values["facility_id"] == "\u0627\u0644\u0647\u0648\u0644"
    assert rows[1].values["facility_id"] == "\u0627\u0644\u0647\u0648\u0644"  # from \\u escapes


def test_blank_lines_are_not_records_but_keep_their_numbers():
    _, rows = read("blank_lines.csv")
    check_rows(rows, [(3, None, "R1"), (6, None, "R2")])


def test_crlf_line_ends_leave_no_carriage_return_in_values():
    _, rows = read("crlf.csv")
    check_rows(rows, [(2, None, "R1"), (3, None, "R2")])
    assert rows[1].values == {"record_id": "R2", "facility_id": "HSK-01", "nationality": ""}


def test_extra_columns_are_listed_not_passed_on():
    source, rows = read("extra_columns.csv")
    check_rows(rows, [(2, None, "R1")])
    assert rows[0].values == {"record_id": "R1", "facility_id": "HSK-01"}
    assert source.extra_columns == ["name", "notes", "(unnamed column 5)"]


def test_header_only_file_has_no_rows():
    source, rows = read("header_only.csv")
    assert rows == [] and source.format == "csv"


def test_broken_json_lines_are_row_problems():
    _, rows = read("broken_lines.jsonl")
    check_rows(rows, [
        (1, None, "R1"),
        (2, "not valid JSON: Expecting ',' delimiter at the end of the line", "R2"),
        (4, "holds an array, not an object; each line must be one record object", None),
        (5, "not valid JSON: Extra data at column 46", "R4"),
        (6, None, "R5"),
    ])


def test_json_key_given_twice_is_a_row_problem():
    _, rows = read("duplicate_key.jsonl")
    check_rows(rows, [
        (1, "field facility_id: given twice in one object, so which value is meant is unclear", "R1"),
        (2, None, "R2"),
    ])


# -- contract violations pass the reader untouched; the model refuses them -------


def test_wrong_json_types_are_left_for_the_model():
    _, rows = read("wrong_types.jsonl")
    check_rows(rows, [
        (1, None, "R1"), (2, None, "R2"), (3, None, "3"), (4, None, "R4"), (5, None, "R5"), (6, None, None),
    ])
    assert rows[1].values["facility_id"] == {"code": "HSK-01"}
    assert rows[2].values["record_id"] == 3
    assert rows[4].values["offence_categories"] == ["theft", "assault"]
    assert rows[5].values["record_id"] == ["R6"]
    refused = set()
    for row in rows:
        try:
            Record.model_validate(row.values)
        except ValidationError:
            refused.add(row.line)
    assert refused == {1, 2, 4, 6}


@pytest.mark.parametrize(
    ("name", "bad_lines"),
    [
        ("unknown_enum.csv", {3, 4}),
        ("impossible_dates.csv", {3, 4, 5}),
        ("negative_months.csv", {3}),
    ],
)
def test_contract_violations_are_read_verbatim(name, bad_lines):
    _, rows = read(name)
    assert all(row.problem is None for row in rows)
    refused = set()
    for row in rows:
        try:
            Record.model_validate(row.values)
        except ValidationError:
            refused.add(row.line)
    assert refused == bad_lines


def test_duplicate_ids_are_all_yielded_with_their_lines():
    _, rows = read("duplicate_ids.csv")
    check_rows(rows, [(2, None, "R1"), (3, None, "R2"), (4, None, "R1")])
    assert rows[2].values["facility_id"] == "HSK-02"
