"""Reader behaviour that needs generated input: big fields, late bad bytes, stdin, round trips."""

from __future__ import annotations

import csv
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.errors import InputFileError
from amnesty.io.readers import open_records
from amnesty.io.source import FIELD_LIMIT, LINE_LIMIT, PREFIX_SIZE
from amnesty.models.record import RECORD_FIELDS

HEADER = "record_id,facility_id,nationality,notes\n"


def rows_of(path, fmt=None):
    with open_records(path, fmt) as source:
        return list(source)


def filler_csv(count: int) -> str:
    return "".join(f"F{i},HSK-01,SY,filler line {i}\n" for i in range(count))


# -- size limits -------------------------------------------------------------------


def test_ten_megabyte_field_is_one_row_problem_without_its_value(tmp_path):
    path = tmp_path / "big.csv"
    big = "x" * (10 * 1024 * 1024)
    path.write_text(HEADER + "R1,HSK-01,SY,ok\n" + f"R2,{big},SY,ok\n" + "R3,HSK-01,IQ,ok\n")
    rows = rows_of(path)
    assert [(r.line, r.problem is None, r.record_id) for r in rows] == [
        (2, True, "R1"), (3, False, "R2"), (4, True, "R3"),
    ]
    assert rows[1].problem == (
        "field facility_id: 10.0 MB (10,485,760 characters), over the 1 MB limit for one field"
    )


def test_field_at_the_limit_passes_and_one_more_character_does_not(tmp_path):
    path = tmp_path / "edge.csv"
    path.write_text(HEADER + f"R1,HSK-01,SY,{'n' * FIELD_LIMIT}\n" + f"R2,HSK-01,SY,{'n' * (FIELD_LIMIT + 1)}\n")
    rows = rows_of(path)
    assert rows[0].problem is None
    assert rows[1].problem.startswith("field notes: 1.0 MB (1,048,577 characters), over the 1 MB limit")


def test_ten_megabyte_json_value_is_one_row_problem(tmp_path):
    path = tmp_path / "big.jsonl"
    lines = [
        json.dumps({"record_id": "R1", "facility_id": "HSK-01"}),
        json.dumps({"record_id": "R2", "facility_id": "HSK-01", "nationality": "y" * (10 << 20)}),
        json.dumps({"record_id": "R3", "facility_id": "HSK-01"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    rows = rows_of(path)
    assert [r.problem is None for r in rows] == [True, False, True]
    assert rows[1].problem == (
        "field nationality: 10.0 MB (10,485,760 characters), over the 1 MB limit for one field"
    )
    assert rows[1].record_id == "R2"


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_line_over_the_line_limit_is_skipped_unread(tmp_path, suffix):
    path = tmp_path / f"long{suffix}"
    with open(path, "wb") as out:
        if suffix == ".csv":
            out.write(HEADER.encode() + b"R1,HSK-01,SY,ok\n")
            out.write(b"R2,HSK-01,SY," + b"z" * LINE_LIMIT + b"\n")
            out.write(b"R3,HSK-01,IQ,ok\n")
        else:
            out.write(b'{"record_id":"R1","facility_id":"HSK-01"}\n')
            out.write(b'{"record_id":"R2","notes":"' + b"z" * LINE_LIMIT + b'"}\n')
            out.write(b'{"record_id":"R3","facility_id":"HSK-01"}\n')
    rows = rows_of(path)
    first = 2 if suffix == ".csv" else 1
    assert [(r.line, r.problem is None) for r in rows] == [(first, True), (first + 1, False), (first + 2, True)]
    assert rows[1].problem == "the line is 32.0 MB long, over the 32 MB limit for one line; it was not read"
    assert rows[1].record_id == "R2"


def test_runaway_quote_past_one_megabyte_loses_no_record(tmp_path):
    path = tmp_path / "runaway.csv"
    count = 40_000  # about 1.4 MB of well-formed rows after the stray quote
    path.write_text(HEADER + 'R0,HSK-01,SY,"stray\n' + filler_csv(count))
    rows = rows_of(path)
    assert len(rows) == count + 1
    assert rows[0].line == 2 and rows[0].record_id == "R0"
    assert rows[0].problem == (
        "unbalanced quote: the quoted value of field notes opens on this line and grows past 1 MB; "
        "this line was not read, and reading went on from line 3"
    )
    assert all(r.problem is None for r in rows[1:])
    assert [r.line for r in rows[1:]] == list(range(3, count + 3))


def test_runaway_quote_in_the_header_is_a_file_problem(tmp_path):
    path = tmp_path / "header.csv"
    path.write_text('record_id,"facility_id\nR1,HSK-01\n')
    with pytest.raises(InputFileError) as caught:
        open_records(path)
    assert str(caught.value) == (
        f"{path}:1: the header has an unbalanced quote (a quoted name runs past the end of the line)"
    )


def test_old_mac_line_ends_are_a_file_problem(tmp_path):
    path = tmp_path / "mac.csv"
    path.write_bytes(b"record_id,facility_id\rR1,HSK-01\rR2,HSK-01\r")
    with pytest.raises(InputFileError, match="ends its lines with a bare carriage return"):
        open_records(path)


# -- encodings ---------------------------------------------------------------------


def test_bad_utf8_after_the_first_chunk_is_a_row_problem(tmp_path):
    path = tmp_path / "late.csv"
    filler = filler_csv(3000)
    assert len(filler) > PREFIX_SIZE
    path.write_bytes((HEADER + filler).encode() + b"R9,HSK-01,SY,Jos\xe9\n" + b"R10,HSK-01,IQ,ok\n")
    rows = rows_of(path)
    assert len(rows) == 3002
    bad = rows[-2]
    assert bad.line == 3002 and bad.record_id == "R9"
    assert bad.problem == "field notes: not valid UTF-8 (byte 0xE9); re-save the file as UTF-8"
    assert rows[-1].problem is None and rows[-1].line == 3003


def test_bad_utf8_and_nul_after_the_first_chunk_in_json_lines(tmp_path):
    path = tmp_path / "late.jsonl"
    filler = "".join(json.dumps({"record_id": f"F{i}", "facility_id": "HSK-01"}) + "\n" for i in range(2000))
    assert len(filler) > PREFIX_SIZE
    path.write_bytes(
        filler.encode()
        + b'{"record_id": "R9", "facility_id": "Hassak\xe9"}\n'
        + b'{"record_id": "R10", "facility_id": "HSK\x00"}\n'
        + b'{"record_id": "R11", "facility_id": "HSK-01"}\n'
    )
    rows = rows_of(path)
    assert len(rows) == 2003
    assert [r.line for r in rows[-3:]] == [2001, 2002, 2003]
    assert rows[-3].problem == "field facility_id: not valid UTF-8 (byte 0xE9); re-save the file as UTF-8"
    assert rows[-3].record_id == "R9"
    assert rows[-2].problem == "field facility_id: contains a NUL byte (0x00), a sign of a corrupted export"
    assert rows[-1].problem is None


def test_a_nul_written_as_a_json_escape_is_refused_as_a_nul_byte_is_in_csv(tmp_path):
    """The same record gives the same decision in either format: JSON Lines can hold a NUL only as
    the escape \\u0000, which used to pass to the record model (and into a free-text field)."""
    jsonl, csv_file = tmp_path / "nul.jsonl", tmp_path / "nul.csv"
    jsonl.write_text(json.dumps({"record_id": "R1", "facility_id": "HSK\x00"}) + "\n", encoding="utf-8")
    csv_file.write_bytes(b"record_id,facility_id\nR1,HSK\x00\n")
    (from_json,), (from_csv,) = rows_of(jsonl), rows_of(csv_file)
    assert "\\u0000" in jsonl.read_text(encoding="utf-8")
    assert from_json.problem == from_csv.problem == "field facility_id: contains a NUL byte (0x00), a sign of a corrupted export"
    assert from_json.record_id == from_csv.record_id == "R1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("record_id\n".encode("utf-32"), "is UTF-32; re-save it as UTF-8"),
        ("record_id,facility_id\nR1,HSK\n".encode("utf-16-be"),
         "is UTF-16 (without a byte-order mark); re-save it as UTF-8"),
        (bytes(range(256)) * 4, "is a binary file, not CSV or JSON Lines (its first line holds NUL bytes)"),
        (b"record_id,facility_id\n" + b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 20,
         "is a binary file, not CSV or JSON Lines"),
    ],
)
def test_files_that_are_not_utf8_text_are_refused(tmp_path, data, message):
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    with pytest.raises(InputFileError) as caught:
        open_records(path)
    assert str(caught.value) == f"{path}: {message}"


def test_character_cut_at_the_end_of_the_first_chunk_is_not_an_error(tmp_path):
    path = tmp_path / "cut.csv"
    head = "record_id,facility_id,name\n"
    pad = "R1,HSK-01," + "a" * (PREFIX_SIZE - len(head) - len("R1,HSK-01,") - 1)
    data = (head + pad + "\u0645\u062d\n").encode()
    assert data[PREFIX_SIZE - 1 : PREFIX_SIZE + 1] == "\u0645".encode()
    path.write_bytes(data)
    assert [r.problem for r in rows_of(path)] == [None]


# -- opening: paths, formats, stdin ---------------------------------------------------


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputFileError) as caught:
        open_records(tmp_path / "nope.csv")
    assert str(caught.value) == f"{tmp_path / 'nope.csv'}: file not found"
    with pytest.raises(InputFileError) as caught:
        open_records(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not a file"


@pytest.mark.parametrize(
    ("name", "fmt", "data", "expected"),
    [
        ("a.ndjson", None, '{"record_id":"R1","facility_id":"F"}\n', "jsonl"),
        ("a.json-lines", None, '{"record_id":"R1","facility_id":"F"}\n', "jsonl"),
        ("a.JSONL", None, '{"record_id":"R1","facility_id":"F"}\n', "jsonl"),
        ("a.txt", None, '\n  {"record_id":"R1","facility_id":"F"}\n', "jsonl"),
        ("a.txt", None, "record_id,facility_id\nR1,F\n", "csv"),
        ("a.json", None, '{"record_id":"R1","facility_id":"F"}\n', "jsonl"),
        ("a.dat", "CSV", "record_id,facility_id\nR1,F\n", "csv"),
        ("a.csv", "jsonl", '{"record_id":"R1","facility_id":"F"}\n', "jsonl"),
    ],
)
def test_format_from_argument_extension_or_first_byte(tmp_path, name, fmt, data, expected):
    path = tmp_path / name
    path.write_text(data)
    with open_records(path, fmt) as source:
        rows = list(source)
    assert source.format == expected
    assert [(r.record_id, r.problem) for r in rows] == [("R1", None)]


def test_unknown_format_argument(tmp_path):
    with pytest.raises(InputFileError, match="unknown input format 'xml'; use csv or jsonl"):
        open_records(tmp_path / "a.csv", "xml")


def fake_stdin(monkeypatch, data: bytes) -> io.BytesIO:
    buffer = io.BytesIO(data)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(buffer))
    return buffer


@pytest.mark.parametrize(
    ("data", "fmt"),
    [
        (b"\xef\xbb\xbfrecord_id,facility_id\nR1,HSK-01\n\nR2,HSK-02\n", "csv"),
        (b'{"record_id":"R1","facility_id":"HSK-01"}\n\n{"record_id":"R2","facility_id":"HSK-02"}\n', "jsonl"),
    ],
)
def test_standard_input_is_sniffed_and_left_open(monkeypatch, data, fmt):
    buffer = fake_stdin(monkeypatch, data)
    with open_records("-") as source:
        rows = list(source)
    assert source.path == "<stdin>" and source.format == fmt
    assert [r.record_id for r in rows] == ["R1", "R2"]
    assert [r.line for r in rows] == ([2, 4] if fmt == "csv" else [1, 3])
    assert not buffer.closed


def test_empty_standard_input_is_refused(monkeypatch):
    fake_stdin(monkeypatch, b"")
    with pytest.raises(InputFileError) as caught:
        open_records("-")
    assert str(caught.value) == "<stdin>: is empty; there are no records to read"


def test_closing_the_source_closes_the_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("record_id,facility_id\nR1,F\nR2,F\n")
    source = open_records(path)
    assert next(source).record_id == "R1"
    source.close()
    assert source._stream.closed


def test_header_names_are_stripped_and_json_extra_keys_kept_in_order(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(" record_id\t, facility_id ,note\nR1,F,x\n")
    assert rows_of(path)[0].values == {"record_id": "R1", "facility_id": "F"}
    path = tmp_path / "a.jsonl"
    path.write_text('{"record_id":"R1","b":1,"a":2}\n{"record_id":"R2","c":1,"a":2,"b":3}\n')
    with open_records(path) as source:
        assert source.extra_columns == []
        assert [r.values for r in source] == [{"record_id": "R1"}, {"record_id": "R2"}]
    assert source.extra_columns == ["b", "a", "c"]


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('{"record_id":"\\ud800","facility_id":"F"}', "field record_id: holds a \\u escape that is half a character"),
        ('{"record_id":"R","facility_id":' + "[" * 100_000 + "]" * 100_000 + "}", "not valid JSON: it is nested too deeply"),
        ('{"record_id":"R","sentence_months":' + "9" * 5000 + "}", "not valid JSON: Exceeds the limit"),
        ("42", "holds a number, not an object"),
        ("null", "holds null, not an object"),
    ],
)
def test_json_lines_that_python_would_choke_on_are_row_problems(tmp_path, line, fragment):
    path = tmp_path / "odd.jsonl"
    path.write_text('{"record_id":"R1","facility_id":"F"}\n' + line + '\n{"record_id":"R3","facility_id":"F"}\n')
    rows = rows_of(path)
    assert [r.line for r in rows] == [1, 2, 3]
    assert rows[1].problem is not None and rows[1].problem.startswith(fragment)
    assert len(rows[1].problem) < 200
    assert rows[0].problem is None and rows[2].problem is None


def test_emoji_written_as_a_surrogate_pair_is_fine(tmp_path):
    path = tmp_path / "emoji.jsonl"
    path.write_text('{"record_id":"\\ud83d\\ude00","facility_id":"F"}\n')
    assert rows_of(path)[0].values["record_id"] == "\U0001f600"


def test_stray_carriage_return_in_unquoted_field_is_a_row_problem(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"record_id,facility_id\nR1,HS\rK\nR2,HSK\n")
    rows = rows_of(path)
    assert [(r.line, r.problem is None, r.record_id) for r in rows] == [(2, False, "R1"), (3, True, "R2")]
    assert rows[0].problem == "field facility_id: holds a carriage return (\\r) outside quotes"


# -- streaming: speed and flat memory ---------------------------------------------------


def write_register(path: Path, count: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*RECORD_FIELDS, "name"])
        for i in range(count):
            writer.writerow([
                f"R{i:07d}", f"HSK-{i % 24:02d}", "SY", "1980-05-01", "convicted", "theft;assault", "felony",
                "2020-01-01", "none", "false", "no", "0", "", "fixed", str(i % 200), "2019-01-01", "", "yes",
                *[""] * (len(RECORD_FIELDS) - 18),
                "\u0645\u062d\u0645\u062f \u0623\u062d\u0645\u062f",
            ])


def test_tens_of_thousands_of_rows_are_all_read(tmp_path):
    """Speed is measured in bench/, not asserted here."""
    path = tmp_path / "register.csv"
    write_register(path, 30_000)
    with open_records(path) as source:
        count = sum(1 for row in source if row.problem is None)
    assert count == 30_000


def test_memory_stays_flat_while_streaming(tmp_path):
    path = tmp_path / "register.csv"
    write_register(path, 40_000)
    assert path.stat().st_size > 5_000_000
    tracemalloc.start()
    try:
        with open_records(path) as source:
            for _ in source:
                pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2_000_000


# -- round trips: whatever csv.writer / json.dumps write comes back exactly ---------------

# Control characters are left out: a file full of them is refused as binary, rightly.
DICT_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00\r\n"), max_size=12
)
NOTE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\r\t"), max_size=12
)
ID_TEXT = DICT_TEXT.filter(lambda s: s.strip() != "")
COLUMNS = [*RECORD_FIELDS, "notes"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(ID_TEXT, st.lists(DICT_TEXT, min_size=len(RECORD_FIELDS) - 1, max_size=len(RECORD_FIELDS) - 1), NOTE_TEXT), max_size=8))
def test_csv_round_trip_keeps_values_and_line_numbers(tmp_path, records):
    path = tmp_path / "round.csv"
    buffer = io.StringIO()
    # "\r\n" because with "\n" Python 3.11's writer leaves a lone "\r" unquoted.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    expected, line = [], 2
    for record_id, others, note in records:
        cells = [record_id, *others, note]
        writer.writerow(cells)
        expected.append((line, dict(zip(RECORD_FIELDS, cells))))
        line += 1 + note.count("\n")
    path.write_bytes(buffer.getvalue().encode())
    rows = rows_of(path)
    assert [(r.line, r.values) for r in rows] == expected
    assert all(r.problem is None for r in rows)


JSON_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), NOTE_TEXT, st.lists(DICT_TEXT, max_size=3)
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.dictionaries(st.sampled_from(COLUMNS), JSON_VALUE, min_size=1), max_size=8), st.booleans())
def test_json_lines_round_trip(tmp_path, records, ascii_only):
    path = tmp_path / "round.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=ascii_only) + "\n" for r in records), encoding="utf-8"
    )
    rows = rows_of(path, "jsonl")

    def broken(record):  # a data-dictionary value with a line break is a problem row, as in CSV
        return any(isinstance(v, str) and ("\n" in v or "\r" in v) for k, v in record.items() if k != "notes")

    assert [r.values for r in rows] == [
        None if broken(r) else {k: v for k, v in r.items() if k != "notes"} for r in records
    ]
    assert all("line break" in row.problem for row, r in zip(rows, records) if broken(r))
    assert [r.line for r in rows] == list(range(1, len(records) + 1))


def test_json_lines_joined_from_two_exports_keep_the_second_bom_out(tmp_path):
    path = tmp_path / "joined.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"record_id":"R1","facility_id":"F"}\n\xef\xbb\xbf{"record_id":"R2","facility_id":"F"}\n'
    )
    assert [(r.line, r.record_id, r.problem) for r in rows_of(path)] == [(1, "R1", None), (2, "R2", None)]


def test_ids_are_recovered_verbatim(tmp_path):
    path = tmp_path / "ids.csv"
    path.write_text("record_id,facility_id\n R1 ,F\n R2 ,F,extra\n")
    assert [(r.record_id, r.problem is None) for r in rows_of(path)] == [(" R1 ", True), (" R2 ", False)]
