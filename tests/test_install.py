"""The package installs into a fresh virtual environment and runs there, as a new user would."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
