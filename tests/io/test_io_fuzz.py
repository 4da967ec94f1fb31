"""Fuzzing the readers: no input, however broken, may crash them.

Whatever the bytes, ``open_records`` either raises InputFileError (the file
as a whole is refused) or returns a source whose iteration runs to the end,
every row either readable or carrying a short problem.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.errors import InputFileError
from amnesty.io.readers import open_records

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Bytes that matter to the parsers, so random input hits the interesting paths.
CSV_BITS = [b",", b'"', b"\n", b"\r", b"\r\n", b"\x00", b"\xe9", b"\xd8\xa7", b" ", b"R1", b"HSK", b";", b"\xef\xbb\xbf"]
JSON_BITS = [b"{", b"}", b"[", b"]", b'"', b":", b",", b"\n", b"\\u", b"d800", b"\x00", b"\xe9", b"1e999", b"null",
             b'"record_id"', b'"facility_id"', b'"R1"', b" "]


def read_all(path, fmt=None):
    try:
        source = open_records(path, fmt)
    except InputFileError as error:
        assert str(error)
        return None
    with source:
        rows = list(source)
    last = 0
    for row in rows:
        assert row.line > last  # rows come in file order, one per starting line
        last = row.line
        assert (row.values is None) == (row.problem is not None)
        if row.problem is not None:
            assert len(row.problem) < 400  # names what broke, never dumps the record
        if row.record_id is not None:
            row.record_id.encode("utf-8")  # always writable
    return rows


@FUZZ
@given(data=st.binary(max_size=2000))
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_random_bytes_never_crash_the_reader(tmp_path, suffix, data):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    read_all(path)


@FUZZ
@given(body=st.lists(st.sampled_from(CSV_BITS), max_size=300))
def test_csv_with_a_good_header_and_a_broken_body(tmp_path, body):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(b"record_id,facility_id,notes\n" + b"".join(body))
    rows = read_all(path)
    data = b"".join(body)
    if rows is None:  # only bytes that are not text may refuse the whole file
        assert b"\xe9" in data or b"\x00" in data
    lines = data.count(b"\n") + 2
    assert all(row.line <= lines for row in rows or ())


@FUZZ
@given(body=st.lists(st.sampled_from(JSON_BITS), max_size=300))
def test_json_lines_with_a_broken_body(tmp_path, body):
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b'{"record_id":"R0","facility_id":"HSK"}\n' + b"".join(body))
    rows = read_all(path)
    if rows is not None:
        assert rows[0].record_id == "R0" and rows[0].problem is None
