"""The test suite stays whole in CI and the README says what its commands cost."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_slow_marker_is_registered_and_strict():
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(marker.startswith("slow:") for marker in options["markers"])
    assert "--strict-markers" in options["addopts"]
    assert "not slow" not in options["addopts"]  # slow tests run by default


def test_ci_runs_the_slow_tests_too():
    last = (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().splitlines()[-1]
    assert last.endswith("python -m pytest -q") and "-m" not in last.split("pytest", 1)[1]


def test_readme_says_how_long_each_setup_command_takes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"the first about \d+ to \d+\s+minutes", readme)
    assert re.search(r"The second about \d+\s+minutes to install and \d+ to \d+ minutes to run the tests", readme)
    assert '-m "not slow"' in readme
