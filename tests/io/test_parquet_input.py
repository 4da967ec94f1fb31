"""Parquet registers as input: the same records as their CSV, typed or not, or one sentence about the file."""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import date, datetime

import polars as pl
import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.errors import InputFileError
from amnesty.io.readers import open_records
from amnesty.synth import write_sample_csv


def rows(path, **options):
    with open_records(path, **options) as source:
        return source.notes, source.extra_columns, [(r.line, r.values, r.problem) for r in source]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """Synthetic records as CSV and as Parquet: 4,000 with some broken on purpose, every column
    text (a broken cell stays as it is); and 4,000 sound ones typed as a data team's register is
    (dates, booleans, whole numbers as floats with gaps, offences as a list)."""
    folder = tmp_path_factory.mktemp("parquet-input")
    write_sample_csv(folder / "records.csv", 4_000, seed=7, invalid_rate=0.02)
    pl.read_csv(folder / "records.csv", infer_schema_length=0).write_parquet(folder / "text.parquet")
    write_sample_csv(folder / "sound.csv", 4_000, seed=8, invalid_rate=0)
    pl.read_csv(folder / "sound.csv", infer_schema_length=0).with_columns(
        pl.col("offence_categories").str.split(";"),
        pl.col("sentence_months").cast(pl.Float64),
        *(pl.col(c).replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
          for c in ("fought_sdf", "caused_death", "chronic_illness")),
        *(pl.col(c).str.to_date() for c in ("birth_date", "custody_start", "surrender_date")),
    ).write_parquet(folder / "typed.parquet", row_group_size=700)
    return folder


@pytest.mark.slow
def test_a_parquet_register_gives_the_decisions_of_its_csv_through_a_pool(sample, tmp_path, pools):
    runner = CliRunner()
    for name, source, code in (("text", "records.csv", 1), ("typed", "sound.csv", 0)):
        plain, out = tmp_path / f"{name}-csv.jsonl", tmp_path / f"{name}.jsonl"
        first = runner.invoke(app, ["evaluate", str(sample / source), "-o", str(plain), "--workers", "1"])
        assert first.exit_code == code, first.output
        result = runner.invoke(app, ["evaluate", str(sample / f"{name}.parquet"), "-o", str(out), "--workers", "2"],
                               env={"COLUMNS": "1000"})
        assert result.exit_code == code, result.output  # 1: some records are invalid on purpose
        assert out.read_bytes() == plain.read_bytes(), name
        assert "read Parquet: 4,000 rows in" in " ".join(result.output.split())
    assert pools == [2, 2]


def test_typed_cells_read_as_a_person_writes_them(tmp_path):
    path = tmp_path / "typed.parquet"
    pl.DataFrame({
        "record_id": ["A", "B,1", 'C"2', "D"],
        "facility_id": ["HSK-01"] * 4,
        "birth_date": [datetime(1970, 1, 2), datetime(1970, 1, 2, 13, 30), None, datetime(1980, 5, 6)],
        "sentence_months": [180.0, None, 2.5, 24.0],
        "fought_sdf": [True, False, None, False],
        "offence_categories": [["terrorism", "theft"], [], None, ["homicide"]],
        "notes": ["one\nline", "x", "y", "z"],
    }).write_parquet(path)
    notes, extra, read = rows(path)
    assert notes == ["read Parquet: 4 rows in 1 row group"] and extra == ["notes"]
    assert [line for line, _, _ in read] == [2, 3, 4, 5]  # row N of the file is line N + 1
    first, second, third = (values for _, values, _ in read[:3])
    assert first["record_id"] == "A" and first["birth_date"] == "1970-01-02" and first["sentence_months"] == "180"
    assert first["fought_sdf"] == "true" and first["offence_categories"] == "terrorism;theft"
    assert second["record_id"] == "B,1" and second["birth_date"] == "1970-01-02 13:30:00"
    assert second["sentence_months"] == "" and second["offence_categories"] == ""
    assert third["record_id"] == 'C"2' and third["sentence_months"] == "2.5" and third["birth_date"] == ""


def test_a_column_no_field_can_hold_is_refused_only_when_the_data_dictionary_names_it(tmp_path):
    ignored, refused = tmp_path / "ignored.parquet", tmp_path / "refused.parquet"
    base = {"record_id": ["A"], "facility_id": ["HSK-01"]}
    pl.DataFrame({**base, "scan": [{"pages": 3}]}).write_parquet(ignored)
    assert rows(ignored)[1] == ["scan"]
    pl.DataFrame({**base, "birth_date": [{"year": 1970}]}).write_parquet(refused)
    with pytest.raises(InputFileError) as caught:
        open_records(refused)  # before any record is read
    assert str(caught.value).startswith(f"{refused}: column birth_date holds Struct(")


def test_a_file_that_is_not_readable_parquet_is_one_sentence(tmp_path):
    good = tmp_path / "good.parquet"
    pl.DataFrame({"record_id": ["A"] * 1000, "facility_id": ["HSK-01"] * 1000}).write_parquet(good)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(good.read_bytes()[:-40])
    with pytest.raises(InputFileError) as caught:
        open_records(cut)
    assert str(caught.value).startswith(f"{cut}: is not a readable Parquet file (")


def test_parquet_by_its_bytes_and_never_from_standard_input(tmp_path, monkeypatch):
    misnamed = tmp_path / "records.csv"
    pl.DataFrame({"record_id": ["A"], "facility_id": ["HSK-01"]}).write_parquet(misnamed)
    assert rows(misnamed)[2][0][1]["record_id"] == "A"
    with pytest.raises(InputFileError) as caught:
        open_records(misnamed, delimiter=";")
    assert str(caught.value) == f"{misnamed}: is a Parquet file; --delimiter does not apply to it"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(misnamed.read_bytes())))
    with pytest.raises(InputFileError) as caught:
        open_records("-")
    assert "is a Parquet file, which is read from its path" in str(caught.value)


def test_a_damaged_record_keeps_its_line_and_every_other_record_is_decided(tmp_path):
    path = tmp_path / "register.parquet"
    pl.DataFrame({
        "record_id": ["A", "B", "C"], "facility_id": ["HSK-01"] * 3,
        "birth_date": [date(1970, 1, 2), date(1970, 1, 2), date(1970, 1, 2)],
        "sentence_months": [12.0, float("nan"), 36.0], "sentence_type": ["fixed"] * 3,
    }).write_parquet(path)
    result = CliRunner().invoke(app, ["evaluate", str(path), "-o", str(tmp_path / "d.jsonl")])
    decisions = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert result.exit_code == 1 and [d["outcome"] == "invalid" for d in decisions] == [False, True, False]
    assert decisions[1]["errors"] == [
        "line 3: field sentence_months: 'NaN' is invalid: expected a whole number of months"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_looking_for_parquet_takes_nothing_from_a_pipe(tmp_path):
    """Only a regular file is opened to see whether it is Parquet: reading the start of a pipe (a shell's
    <(zcat register.csv.gz)) lost its first 64 KB, header included."""
    import threading

    fifo = tmp_path / "records"
    os.mkfifo(fifo)
    text = "record_id,facility_id\n" + "".join(f"R{i},HSK-01\n" for i in range(20_000))

    def feed():
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(text)

    writer = threading.Thread(target=feed, daemon=True)  # a failing read must not hold up the exit
    writer.start()
    try:
        read = rows(fifo)[2]
    finally:
        writer.join(timeout=10)
    assert len(read) == 20_000 and read[0][1]["record_id"] == "R0"


def test_an_all_null_column_and_decimals_read_as_a_csv_would_give_them(tmp_path):
    """pandas writes a column of None as Arrow's null type, which was refused; SQL exports write
    numerics as decimals, which came out as 180.00."""
    import decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "export.parquet"
    pq.write_table(pa.table({
        "record_id": ["A", "B"], "facility_id": ["HSK-01", "HSK-01"], "surrender_date": pa.nulls(2),
        "sentence_months": pa.array([decimal.Decimal("180.00"), decimal.Decimal("7.50")], pa.decimal128(6, 2)),
    }), path)
    (_, first, _), (_, second, _) = rows(path)[2]
    assert first["surrender_date"] == "" and first["sentence_months"] == "180"
    assert second["sentence_months"] == "7.50"  # not a whole number of months: the record model says so
