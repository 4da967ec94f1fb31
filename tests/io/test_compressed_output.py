"""Decisions written compressed when the output's name ends in .gz, .bz2 or .xz: the same text as
the plain file, the same bytes every run, whole or not there at all."""

from __future__ import annotations

import bz2
import gzip
import lzma

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.errors import OutputFileError
from amnesty.synth import write_sample_csv

OPEN = {"gz": gzip.decompress, "bz2": bz2.decompress, "xz": lzma.decompress}


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("in") / "records.csv"
    write_sample_csv(path, 600, seed=5, invalid_rate=0.02)
    return path


@pytest.mark.parametrize("suffix", sorted(OPEN))
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json"])
def test_compressed_decisions_hold_the_plain_file_s_bytes(tmp_path, records, fmt, suffix):
    plain, packed = tmp_path / f"d.{fmt}", tmp_path / f"d.{fmt}.{suffix}"
    api.evaluate_file(records, output=plain, workers=1)
    summary = api.evaluate_file(records, output=packed, workers=1)
    data = packed.read_bytes()
    assert data != plain.read_bytes()
    assert OPEN[suffix](data) == plain.read_bytes()
    assert summary.decisions_out == 600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_gzip_output_is_the_same_bytes_every_run_and_for_any_number_of_workers(tmp_path, records, monkeypatch,
                                                                                 pools):
    """No time and no file name in the gzip header: a copy made tomorrow, or by two workers, compares equal."""
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 16 << 10)  # several batches: a pool starts
    one, two = tmp_path / "one.jsonl.gz", tmp_path / "two.jsonl.gz"
    api.evaluate_file(records, output=one, workers=1)
    api.evaluate_file(records, output=two, workers=2)
    assert pools == [2]
    assert one.read_bytes() == two.read_bytes()
    header = one.read_bytes()[:10]
    assert header[4:8] == b"\0\0\0\0"  # MTIME: none
    assert not header[3] & 0x08  # FLG.FNAME: no file name stored


@pytest.mark.parametrize(("name", "said"), [
    ("d.gz", "has no extension inside its .gz; name the output .jsonl"),
    ("d.txt.xz", "has extension '.txt' inside its .xz; name the output .jsonl"),
    ("d.parquet.gz", "Parquet compresses its own columns; name the output .parquet, without .gz"),
])
def test_a_compressed_name_must_say_the_format_inside(tmp_path, records, name, said):
    with pytest.raises(OutputFileError) as caught:
        api.evaluate_file(records, output=tmp_path / name)
    assert said in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_stops_leaves_no_compressed_file(tmp_path, records):
    """--strict stops at the first invalid record: no file, not even a valid gzip of the decisions before it."""
    target = tmp_path / "d.jsonl.gz"
    with pytest.raises(Exception):
        api.evaluate_file(records, output=target, strict=True, workers=1)
    assert list(tmp_path.iterdir()) == []


def test_the_command_line_writes_a_compressed_file(tmp_path, records):
    target = tmp_path / "d.csv.gz"
    result = CliRunner().invoke(app, ["evaluate", str(records), "-o", str(target)], env={"COLUMNS": "1000"})
    assert result.exit_code == 1, result.output  # some records are invalid on purpose
    assert f"written to {target}" in " ".join(result.output.split())
    lines = gzip.decompress(target.read_bytes()).decode().splitlines()
    assert lines[0].startswith("record_id,") and len(lines) == 601


@pytest.mark.parametrize(("command", "plain", "packed"), [
    (["evaluate", "{records}", "--errors", "{out}"], "errors.csv", "errors.csv.gz"),
    (["evaluate", "{records}", "--summary", "{out}"], "run.json", "run.json.bz2"),
    (["compare", "{records}", "--scenario", "law-10-life-20", "-o", "{out}"], "changed.csv", "changed.csv.xz"),
    (["compare", "{records}", "--scenario", "law-10-life-20", "--tables", "{out}"], "tables.json", "tables.json.gz"),
    (["triage", "{records}", "-o", "{out}"], "worklist.csv", "worklist.csv.gz"),
    (["timeline", "{records}", "-o", "{out}"], "timeline.csv", "timeline.csv.gz"),
    (["sample", "--count", "40", "--output", "{out}"], "sample.csv", "sample.csv.gz"),
])
def test_every_file_named_as_compressed_is_compressed_and_holds_the_plain_text(tmp_path, records, command, plain,
                                                                                packed):
    """A file named .gz that is not gzip fails whoever opens it: every output follows its name."""
    runner = CliRunner()
    texts = []
    for name in (plain, packed):
        args = [part.format(records=records, out=tmp_path / name) for part in command]
        result = runner.invoke(app, args, env={"COLUMNS": "1000"})
        assert result.exit_code in (0, 1), result.output
        texts.append((tmp_path / name).read_bytes())
    suffix = packed.rsplit(".", 1)[1]
    assert texts[1] != texts[0] and OPEN[suffix](texts[1]) == texts[0]


def test_a_compressed_name_of_an_unknown_format_is_refused_by_every_command(tmp_path, records):
    result = CliRunner().invoke(app, ["compare", str(records), "--scenario", "law-10-life-20", "-o",
                                      str(tmp_path / "changed.txt.gz")], env={"COLUMNS": "1000"})
    assert result.exit_code == 2
    assert "cannot tell the format from the extension; use .jsonl, .csv (add .gz, .bz2 or .xz" in result.output
