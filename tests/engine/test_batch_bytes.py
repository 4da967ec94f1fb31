"""AMNESTY_BATCH_BYTES: the memory a run takes against its time, read when a run starts."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.engine import pipeline
from amnesty.errors import SettingError


@pytest.mark.parametrize(("text", "expected"), [
    (None, pipeline.DEFAULT_BATCH_BYTES), ("", pipeline.DEFAULT_BATCH_BYTES), (" ", pipeline.DEFAULT_BATCH_BYTES),
    ("2097152", 2_097_152), ("512K", 524_288), ("512kb", 524_288), ("2M", 2_097_152), (" 2 MiB ", 2_097_152),
    ("1024", 1024), ("256M", 1 << 28),
])
def test_sizes_in_bytes_or_with_a_unit(text, expected):
    assert pipeline.parse_batch_bytes(text) == expected


@pytest.mark.parametrize("text", ["2GB", "-5", "0", "1023", "257M", "1.5M", "two", "2 M B", "9" * 13])
def test_a_size_it_cannot_use_is_named_in_one_sentence(text):
    with pytest.raises(SettingError) as caught:
        pipeline.parse_batch_bytes(text)
    message = caught.value.message
    assert message.startswith(f"AMNESTY_BATCH_BYTES={text!r} is not a batch size")
    assert "\n" not in message


def test_the_setting_is_read_when_a_run_starts_not_on_import(monkeypatch):
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", None)
    monkeypatch.setenv("AMNESTY_BATCH_BYTES", "64K")
    assert pipeline.columnar_bytes() == 65_536
    monkeypatch.setenv("AMNESTY_BATCH_BYTES", "lots")
    with pytest.raises(SettingError):
        pipeline.columnar_bytes()
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 4096)  # what tests set directly wins
    assert pipeline.columnar_bytes() == 4096


def test_evaluate_stops_with_the_sentence_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", None)
    out = tmp_path / "out.jsonl"
    done = CliRunner().invoke(app, ["evaluate", str(api.SAMPLE), "-o", str(out)], env={"AMNESTY_BATCH_BYTES": "2GB"})
    assert done.exit_code == 2
    assert "error: AMNESTY_BATCH_BYTES='2GB' is not a batch size" in done.output
    assert "Traceback" not in done.output and "internal error" not in done.output
    assert not out.exists()
    assert not list(tmp_path.iterdir())  # no partial file left behind either


def test_any_batch_size_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", None)
    outputs = []
    for size in ("16K", "2M"):
        out = tmp_path / f"{size}.jsonl"
        done = CliRunner().invoke(app, ["evaluate", str(api.SAMPLE), "-o", str(out), "-w", "1"],
                                  env={"AMNESTY_BATCH_BYTES": size})
        assert done.exit_code in (0, 1), done.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 1000
