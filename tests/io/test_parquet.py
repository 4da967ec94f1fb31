"""Parquet output: the same decisions as JSON Lines, typed, whole or not at all, for any --workers."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.errors import OutputFileError
from amnesty.io.writers import open_writer
from amnesty.synth import write_sample_csv


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("parquet") / "records.csv"
    write_sample_csv(path, 3000, seed=7, invalid_rate=0.02)
    return path


def test_parquet_holds_the_json_lines_decisions_typed(records, tmp_path):
    api.evaluate_file(records, output=tmp_path / "d.jsonl", workers=1)
    api.evaluate_file(records, output=tmp_path / "d.parquet", workers=1)
    lines = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text().splitlines()]
    table = pl.read_parquet(tmp_path / "d.parquet")
    assert table.height == len(lines) == 3000
    assert table["record_id"].to_list() == [d["record_id"] for d in lines]
    assert table["outcome"].to_list() == [d["outcome"] for d in lines]
    assert table["missing"].to_list() == [d["missing"] for d in lines]
    assert [None if v is None else v.isoformat() for v in table["release_date"].to_list()] == [
        d["release_date"] for d in lines
    ]
    assert table.schema["as_of"] == pl.Date and table["as_of"][0] == date(2024, 7, 17)
    reasons = table["reasons"].to_list()
    assert [[r["rule"] for r in rs] for rs in reasons] == [[r["rule"] for r in d["reasons"]] for d in lines]
    months = [d["sentence_after"]["months"] if d["sentence_after"] else None for d in lines]
    assert [s["months"] if s else None for s in table["sentence_after"].to_list()] == months
    assert table["rulebook"][0]["id"] == "aanes-2024-law-10"


def test_parquet_rows_are_the_same_for_any_number_of_workers(records, tmp_path):
    for workers in (1, 2):
        result = CliRunner().invoke(app, ["evaluate", str(records), "-o", str(tmp_path / f"w{workers}.parquet"),
                                          "--workers", str(workers)])
        assert result.exit_code in (0, 1), result.output
    assert pl.read_parquet(tmp_path / "w1.parquet").equals(pl.read_parquet(tmp_path / "w2.parquet"))


def test_a_parquet_file_appears_whole_or_not_at_all(records, tmp_path, monkeypatch):
    from amnesty.io import parquet

    def broken(self, writer):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(parquet.ParquetWriter, "_flush_to", broken)
    with pytest.raises(OutputFileError, match="the disk is full.*nothing was written"):
        api.evaluate_file(records, output=tmp_path / "d.parquet", workers=1)
    assert not list(tmp_path.iterdir())


def test_parquet_needs_a_file():
    with pytest.raises(OutputFileError, match="Parquet is binary"):
        open_writer("-", fmt="parquet")


def test_decisions_frame_in_both_kinds(records):
    polars_frame = api.decisions_frame(records, workers=1)
    pandas_frame = api.decisions_frame(records, kind="pandas", workers=1)
    assert polars_frame.height == len(pandas_frame) == 3000
    assert polars_frame["outcome"].to_list() == pandas_frame["outcome"].tolist()
    with pytest.raises(ValueError, match="kind must be one of"):
        api.decisions_frame(records, kind="arrow")


def test_pyarrow_waits_for_the_run(records, tmp_path, state_when_called):
    """pyarrow starts threads when imported, and a run that starts its workers after that must use the
    fork server (each worker importing everything afresh, one left behind at exit)."""
    output = tmp_path / "d.parquet"
    state = state_when_called("amnesty.engine.pipeline", "decided", f"api.evaluate_file({str(records)!r}, output={str(output)!r})")
    assert state == "STATE threads 1 imported []"
    assert pl.read_parquet(output).height == 3000


@pytest.mark.parametrize("group", [700, 50_000])
def test_lines_read_by_pyarrow_give_the_same_file_as_dicts(records, tmp_path, monkeypatch, group):
    """Batches of JSON lines are parsed by pyarrow's reader, decisions one by one through ``row``;
    row groups of ``ROWS_PER_GROUP`` either way, so the file is the same bytes."""
    from amnesty.io import parquet

    monkeypatch.setattr(parquet, "ROWS_PER_GROUP", group)
    api.evaluate_file(records, output=tmp_path / "fast.parquet", workers=1)
    read = []
    real = parquet.table_of_lines
    monkeypatch.setattr(parquet, "table_of_lines", lambda data: read.append(real(data)) or None)
    api.evaluate_file(records, output=tmp_path / "rows.parquet", workers=1)
    assert read and all(table is not None for table in read)  # the fast path was taken the first time
    assert (tmp_path / "fast.parquet").read_bytes() == (tmp_path / "rows.parquet").read_bytes()
    if group < 3000:
        assert pq_groups(tmp_path / "fast.parquet") == [group] * (3000 // group) + [3000 % group]


def pq_groups(path):
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]
