"""A records file that changes while a run reads it (an export still being written) is refused in
one sentence, and nothing is written: its last line may have been read cut short."""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.errors import InputFileError
from amnesty.io.unchanged import check_unchanged, state_of
from amnesty.synth import write_sample_csv


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "records.csv"
    write_sample_csv(path, 600, seed=8, invalid_rate=0.02)
    return path


def _refusal(path, before):
    with pytest.raises(InputFileError) as caught:
        check_unchanged(path, before)
    return str(caught.value)


def test_each_way_a_file_can_change_is_named(records, tmp_path):
    before = state_of(records)
    check_unchanged(records, before)  # untouched: nothing to say
    size = records.stat().st_size
    with open(records, "ab") as handle:
        handle.write(b"R-NEW,HSK-01\n")
    assert _refusal(records, before) == (f"{records}: changed while it was read (from {size:,} to {size + 13:,} "
                                         "bytes); nothing was written: run again once the export is finished")
    before = state_of(records)
    os.utime(records, ns=(before.modified_ns + 10**9, before.modified_ns + 10**9))
    assert "was written to while it was read (its size the same, its modification time not)" in _refusal(
        records, before)
    before = state_of(records)
    other = tmp_path / "other.csv"
    other.write_bytes(records.read_bytes())
    os.replace(other, records)
    assert "was replaced by another file while it was read" in _refusal(records, before)
    before = state_of(records)
    records.unlink()
    assert "was removed while it was read" in _refusal(records, before)


def test_standard_input_and_pipes_are_not_watched(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert state_of("-") is None and state_of(fifo) is None and state_of(tmp_path) is None
    check_unchanged("-", None)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_written_to_during_the_run_gives_no_decisions(records, tmp_path, monkeypatch, workers):
    """Appended to once the first records are decided, as an export still running would be."""
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 8 << 10)  # many batches: the run is under way when it grows
    out, errors = tmp_path / "d.jsonl", tmp_path / "errors.csv"
    grown = []

    def grow(_n):
        if not grown:
            with open(records, "ab") as handle:
                handle.write(b"R-NEW,HSK-01\n")
            grown.append(True)

    with pytest.raises(InputFileError) as caught:
        api.evaluate_file(records, output=out, errors=errors, workers=workers, on_progress=grow)
    assert "changed while it was read" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records.csv"]  # no decisions, no errors file


def test_the_command_line_says_so_in_one_sentence(records, tmp_path, monkeypatch):
    import amnesty.io.unchanged as unchanged

    real = unchanged.state_of

    def older(source):  # as if the file had been half as long when the run opened it
        state = real(source)
        return state and unchanged.FileState(state.device, state.inode, state.size // 2, state.modified_ns)

    monkeypatch.setattr("amnesty.io.readers.state_of", older)
    result = CliRunner().invoke(app, ["evaluate", str(records), "-o", str(tmp_path / "d.jsonl")])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {records}: changed while it was read (from ")
    assert "Traceback" not in result.output and not (tmp_path / "d.jsonl").exists()


def test_compare_and_timeline_refuse_it_too(records, monkeypatch):
    import amnesty.io.unchanged as unchanged

    real = unchanged.state_of
    monkeypatch.setattr("amnesty.io.readers.state_of", lambda source: real(source) and unchanged.FileState(
        0, 0, 0, 0))
    with pytest.raises(InputFileError, match="was replaced by another file while it was read"):
        api.compare(records, baseline="aanes-2020-resolution-5", scenario=api.DEFAULT_RULEBOOK)
    with pytest.raises(InputFileError, match="was replaced by another file while it was read"):
        api.timeline(records)
