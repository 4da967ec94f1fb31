"""docs/nightly.md's script, run as cron would run it, night after night, on the bundled sample: a good
night is silent, a night when records went is one line, and a broken export, or one with its header
only, exits 2 and leaves the last good decisions in place."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from amnesty import api

ROOT = Path(__file__).resolve().parents[1]


def _script() -> str:
    text = (ROOT / "docs" / "nightly.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- the script below is run by tests/test_nightly_doc.py -->\n```sh\n(.*?)\n```", text, re.S)
    assert found, "docs/nightly.md lost its script"
    return found.group(1) + "\n"


def _night(folder: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin", "TZ": "Asia/Damascus", "HOME": str(folder)}
    return subprocess.run(["sh", str(folder / "nightly.sh")], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=300)


def _register(folder: Path, lines: list[str]) -> None:
    with gzip.open(folder / "register.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines) + "\n")


@pytest.mark.skipif(shutil.which("sh") is None, reason="runs the script with sh")
def test_the_nightly_script_night_after_night(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "amnesty"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m amnesty "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "nightly.sh").write_text(_script(), encoding="utf-8")
    lines = Path(api.SAMPLE).read_text(encoding="utf-8").splitlines()

    _register(folder, lines)  # the first night: nothing to compare with yet
    first = _night(folder, bin_dir)
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert not (folder / "changed.csv").exists()
    summary = (folder / "run.json").read_text(encoding="utf-8")
    assert '"records_in": 10000' in summary and '"absent_columns": []' in summary

    second = _night(folder, bin_dir)  # the same register again: no decision moved, not a word
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")
    assert (folder / "decisions.jsonl.gz").read_bytes() == (folder / "decisions-previous.jsonl.gz").read_bytes()

    os.chmod(folder / "decisions.jsonl.gz", 0o640)  # the data team gives its loader read access, once
    _register(folder, lines[:-3])  # three people left the register
    third = _night(folder, bin_dir)
    assert third.returncode == 0 and third.stderr == ""
    assert third.stdout == "9,997 records in both runs: 0 changed (outcome, sentence, release date or facility), " \
                           "9,997 unchanged; 0 new; 3 gone\n"
    assert len((folder / "changed.csv").read_text(encoding="utf-8").splitlines()) == 1 + 3
    assert stat.S_IMODE((folder / "decisions.jsonl.gz").stat().st_mode) == 0o640
    good = (folder / "decisions.jsonl.gz").read_bytes()

    header = lines[0].split(",")
    at = header.index("custody_start")
    broken = [lines[0]]
    for line in lines[1:]:  # upstream began writing dates with slashes
        cells = line.split(",")
        cells[at] = cells[at].replace("-", "/")
        broken.append(",".join(cells))
    _register(folder, broken)
    _refused(folder, bin_dir, good, "more than --max-invalid 1% allows; nothing was written; most often field "
                                    "custody_start")
    _register(folder, lines[:1])  # the export left with its header only
    _refused(folder, bin_dir, good, "0 records were read, fewer than --min-records 9,000; nothing was written")


def _refused(folder: Path, bin_dir: Path, good: bytes, why: str) -> None:
    """A night the gate stops: exit 2, the reason and the script's own line, last night's decisions kept."""
    night = _night(folder, bin_dir)
    assert night.returncode == 2 and night.stdout == ""
    said = night.stderr.splitlines()
    assert why in said[0]
    assert said[-1] == "amnesty evaluate exited 2: last night's decisions are kept"
    assert (folder / "decisions.jsonl.gz").read_bytes() == good
