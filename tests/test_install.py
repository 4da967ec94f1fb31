"""The package installs into a fresh virtual environment and runs there, as a new user would."""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_fresh_install_runs_evaluate(tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    install = subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "-q", str(ROOT)], capture_output=True, text=True, timeout=600
    )
    assert install.returncode == 0, install.stderr[-2000:]
    out = tmp_path / "d.jsonl"
    result = subprocess.run(
        [bin_dir / "amnesty", "evaluate", "--output", str(out)], capture_output=True, text=True, timeout=300,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "records in: 10,000; decisions out: 10,000" in result.stdout
    assert sum(1 for _ in out.open(encoding="utf-8")) == 10_000
    module = subprocess.run([bin_dir / "python", "-m", "amnesty", "rulebooks", "list"], capture_output=True, text=True)
    assert module.returncode == 0 and "aanes-2024-law-10" in module.stdout
    # the report is a main job: it works after the same install, with no extra
    records = tmp_path / "small.csv"
    for command in (["sample", "--count", "200", "--output", str(records)],
                    ["report", str(records), "--output", str(tmp_path / "report.html")]):
        done = subprocess.run([bin_dir / "amnesty", *command], capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert done.returncode in (0, 1), done.stderr[-2000:]
    assert (tmp_path / "report.html").stat().st_size > 10_000


def test_the_report_and_xlsx_libraries_are_main_dependencies():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=\[ ]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]}
    assert {"jinja2", "matplotlib", "openpyxl"} <= names
