"""The notebook in docs/ runs against the current API, cell by cell, as a reader would run it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "analysis.ipynb"


@pytest.mark.slow
def test_notebook_runs_in_order(tmp_path, monkeypatch):
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert cells and all(not cell["outputs"] for cell in cells), "commit the notebook without outputs"
    has_pandas = importlib.util.find_spec("pandas") is not None
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__notebook__"}
    ran = 0
    for number, cell in enumerate(cells, 1):
        if "needs-pandas" in cell.get("metadata", {}).get("tags", []) and not has_pandas:
            continue
        exec(compile("".join(cell["source"]), f"{NOTEBOOK.name} code cell {number}", "exec"), namespace)
        ran += 1
    assert ran >= len(cells) - 3
    assert (tmp_path / "changed.csv").read_text(encoding="utf-8").startswith("record_id,")
    assert namespace["comparison"].changed and namespace["sweep"].rows
