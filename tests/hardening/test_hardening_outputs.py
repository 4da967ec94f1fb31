"""Outputs checked before any work; inputs never replaced; mislabelled and odd inputs (items 13-16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from amnesty import api
from amnesty.errors import InputFileError
from amnesty.facilities import load_facilities
from amnesty.io.readers import open_records

REGISTER = "facility_id,name,region,capacity\nRQA-01,Alpha,Raqqa,10\n"


def _records(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("record_id,facility_id,sentence_type,sentence_months\nR1,RQA-01,fixed,24\n")
    return path


def test_compare_checks_both_outputs_before_writing_either(run, tmp_path):
    source = _records(tmp_path)
    a, b = tmp_path / "changed.csv", tmp_path / "tables.txt"
    result = run("compare", source, "--scenario", "law-10-life-20", "--output", a, "--tables", b)
    assert result.exit_code == 2 and "extension" in result.output
    assert not a.exists()
    b = tmp_path / "tables.json"
    b.write_text("keep")
    result = run("compare", source, "--scenario", "law-10-life-20", "--output", a, "--tables", b)
    assert result.exit_code == 2 and "already exists" in result.output
    assert not a.exists() and b.read_text() == "keep"
    result = run("compare", source, "--scenario", "law-10-life-20", "--output", a, "--tables", a.with_suffix(".json"))
    assert result.exit_code == 0, result.output


def test_the_facility_register_is_never_an_output(run, tmp_path):
    register = tmp_path / "reg.csv"
    register.write_text(REGISTER)
    for command in (("timeline", "--output", register), ("compare", "--scenario", "law-10-life-20", "--output", register)):
        result = run(command[0], _records(tmp_path), "--facilities", register, *command[1:], "--force")
        assert result.exit_code == 2 and "the output is the input file" in result.output, result.output
        assert register.read_text() == REGISTER


def test_standard_input_from_a_file_is_never_the_output(tmp_path):
    source = _records(tmp_path)
    before = source.read_bytes()
    with source.open("rb") as stdin:
        result = subprocess.run([sys.executable, "-m", "amnesty", "evaluate", "-", "-o", str(source), "--force"],
                                stdin=stdin, capture_output=True, text=True)
    assert result.returncode == 2 and "standard input" in result.stderr
    assert source.read_bytes() == before


def test_a_dangling_symlink_is_not_replaced_without_force(run, tmp_path):
    link = tmp_path / "out.jsonl"
    link.symlink_to(tmp_path / "missing.jsonl")
    result = run("evaluate", _records(tmp_path), "-o", link)
    assert result.exit_code == 2 and "symbolic link" in result.output
    assert link.is_symlink()
    assert run("evaluate", _records(tmp_path), "-o", link, "--force").exit_code == 0
    assert not link.is_symlink() and not (tmp_path / "missing.jsonl").exists()


def test_csv_under_a_json_lines_name_is_refused_whole(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text("record_id,facility_id\n" + "".join(f"R{i},RQA-01\n" for i in range(50)))
    with pytest.raises(InputFileError, match="is CSV .* not JSON Lines; name it .csv") as info:
        open_records(path)
    assert info.value.line == 1


def test_a_damaged_first_json_line_is_still_one_bad_record(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text('"oops\n{"record_id": "R1", "facility_id": "F"}\n')
    with open_records(path) as rows:
        assert [row.problem is None for row in rows] == [False, True]


def test_two_hundred_thousand_extra_columns_are_listed_up_to_a_cap(tmp_path):
    path = tmp_path / "wide.csv"
    extra = [f"x{i}" for i in range(200_000)]
    path.write_text("record_id,facility_id," + ",".join(extra) + "\nR1,F" + "," * len(extra) + "\n")
    summary = api.evaluate_file(path, workers=1)
    assert len(summary.extra_columns) == 1001
    assert summary.extra_columns[-1] == "... and 199,000 more"


def test_a_register_name_with_a_record_separator(tmp_path):
    register = tmp_path / "reg.csv"
    register.write_text("facility_id,name,region,capacity\nRQA-01,Al\x1epha,Raqqa,10\nHSK-01,Beta\x85,Jazira,5\n")
    facilities = load_facilities(register)
    assert facilities["RQA-01"].name == "Al\x1epha" and facilities["HSK-01"].region == "Jazira"


def test_a_long_output_name_fits_its_temporary_file(run, tmp_path):
    name = "d" * 245 + ".jsonl"  # 251 characters
    result = run("evaluate", _records(tmp_path), "-o", tmp_path / name)
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / name).read_text())["record_id"] == "R1"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_dev_zero_is_binary_not_utf16():
    with pytest.raises(InputFileError, match="nothing but NUL bytes"):
        open_records("/dev/zero", "csv")


def test_utf16_without_a_bom_is_still_named(tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes("record_id,facility_id\nR1,F\n".encode("utf-16-le"))
    with pytest.raises(InputFileError, match="UTF-16"):
        open_records(path)
