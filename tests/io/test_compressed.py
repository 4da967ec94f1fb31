"""Records files compressed with gzip, bzip2 or xz: read as the text they hold, or refused in one sentence."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import sys

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.errors import InputFileError
from amnesty.io.readers import open_records
from amnesty.synth import write_sample_csv

CSV = "record_id,facility_id,nationality\nR1,HSK-01,SY\nR2,HSK-01,IQ\n"
JSONL = '{"record_id": "R1", "facility_id": "HSK-01"}\n{"record_id": "R2", "facility_id": "HSK-01"}\n'
COMPRESS = {"gz": gzip.compress, "bz2": bz2.compress, "xz": lzma.compress}
NAMES = {"gz": "gzip", "bz2": "bzip2", "xz": "xz"}


def read(path, fmt=None):
    with open_records(path, fmt) as source:
        return source.format if hasattr(source, "format") else None, source.notes, source.compression, [
            (row.line, row.values, row.problem) for row in source]


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
@pytest.mark.parametrize(("inner", "text"), [("csv", CSV), ("jsonl", JSONL)])
def test_a_compressed_file_reads_as_the_text_it_holds(tmp_path, suffix, inner, text):
    plain, packed = tmp_path / f"in.{inner}", tmp_path / f"in.{inner}.{suffix}"
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(COMPRESS[suffix](text.encode()))
    _, notes, compression, rows = read(packed)
    assert rows == read(plain)[3] and len(rows) == 2 and rows[1][0] == 3 - (inner == "jsonl")
    assert compression == NAMES[suffix]
    assert f"read {NAMES[suffix]}-compressed input" in notes


def test_the_bytes_not_the_name_say_it_is_compressed(tmp_path):
    """A gzip file named .csv, and a plain file named .csv.gz, are both read for what they hold."""
    misnamed, plain_gz = tmp_path / "in.csv", tmp_path / "plain.csv.gz"
    misnamed.write_bytes(gzip.compress(CSV.encode()))
    plain_gz.write_text(CSV, encoding="utf-8")
    assert read(misnamed)[3] == read(plain_gz)[3]
    assert read(misnamed)[2] == "gzip" and read(plain_gz)[2] is None


def test_compressed_standard_input_is_read(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(gzip.compress(JSONL.encode())), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    _, notes, compression, rows = read("-")
    assert compression == "gzip" and [r[1]["record_id"] for r in rows] == ["R1", "R2"]


def test_what_is_inside_is_judged_as_any_file_is(tmp_path):
    """Compression hides nothing from the checks on the file as a whole."""
    path = tmp_path / "in.csv.gz"
    path.write_bytes(gzip.compress("record_id,facility_id\n".encode("utf-32")))
    with pytest.raises(InputFileError) as caught:
        open_records(path)
    assert str(caught.value) == f"{path}: is UTF-32; re-save it as UTF-8"


def _many_lines() -> bytes:
    """0.8 MB of text: the damage lies past the 64 KB judged first."""
    return CSV.encode() + b"".join(b"R%d,HSK-01,SY\n" % i for i in range(3, 60_000))


def test_a_file_cut_short_stops_the_read_in_one_sentence(tmp_path):
    data = gzip.compress(_many_lines())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputFileError) as caught, open_records(path) as source:
        for _ in source:
            pass
    assert str(caught.value) == (f"{path}: is gzip-compressed and cannot be read to its end: it ends before its "
                                 "compressed data does (a copy cut short?)")


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_damaged_compressed_data_stops_the_read_in_one_sentence(tmp_path, suffix):
    data = bytearray(COMPRESS[suffix](_many_lines()))
    data[len(data) // 2] ^= 0xFF
    path = tmp_path / f"bad.csv.{suffix}"
    path.write_bytes(bytes(data))
    with pytest.raises(InputFileError) as caught, open_records(path) as source:
        for _ in source:
            pass
    assert str(caught.value).startswith(f"{path}: is {NAMES[suffix]}-compressed and cannot be read to its end: ")


@pytest.mark.slow
def test_evaluate_gives_the_same_bytes_from_a_compressed_file_with_workers(tmp_path, pools):
    """Every batch of a compressed file through a pool of two workers: the same decisions, the same
    summary but for the note that says how the file was read; a damaged one writes nothing."""
    plain, packed = tmp_path / "records.csv", tmp_path / "records.csv.gz"
    write_sample_csv(plain, 4_000, seed=3, invalid_rate=0.02)
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    runner = CliRunner()
    wide = {"COLUMNS": "1000"}  # no line of the summary is wrapped: a long path would be cut anywhere
    one = runner.invoke(app, ["evaluate", str(plain), "-o", str(tmp_path / "a.jsonl"), "--workers", "1"], env=wide)
    two = runner.invoke(app, ["evaluate", str(packed), "-o", str(tmp_path / "b.jsonl"), "--workers", "2"], env=wide)
    assert one.exit_code == two.exit_code == 1  # some records are invalid on purpose
    assert pools == [2]  # the compressed file's batches went through a pool
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    said, plain_said = " ".join(two.output.split()), " ".join(one.output.split())
    note = f"{packed}: read gzip-compressed input "
    assert said.startswith(note)
    assert said.removeprefix(note).replace("records.csv.gz", "records.csv").replace("b.jsonl", "a.jsonl") == plain_said
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(packed.read_bytes()[:-1000])
    failed = runner.invoke(app, ["evaluate", str(cut), "-o", str(tmp_path / "c.jsonl"), "--workers", "2"])
    assert failed.exit_code == 2 and "cannot be read to its end" in failed.output
    assert not (tmp_path / "c.jsonl").exists()


def test_a_compressed_file_is_cut_into_batches_of_the_usual_size(tmp_path, monkeypatch):
    """Its size on disk says little of the text it holds: a share of it per worker would be too small."""
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 21)
    path = tmp_path / "records.csv.gz"
    plain = tmp_path / "records.csv"
    write_sample_csv(plain, 10_000, 1)
    path.write_bytes(gzip.compress(plain.read_bytes()))
    with open_records(path) as rows:
        assert pipeline.plain_batch_bytes(rows, 2) == 1 << 21
