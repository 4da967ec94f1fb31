"""The notebook in docs/ runs against the current API, cell by cell, as a reader would run it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from amnesty import api

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "analysis.ipynb"
EVERY = 5  # the notebook reads the bundled sample a dozen times; every fifth record keeps each of its kinds


@pytest.mark.slow
def test_notebook_runs_in_order(tmp_path, monkeypatch):
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert cells and all(not cell["outputs"] for cell in cells), "commit the notebook without outputs"
    has_pandas = importlib.util.find_spec("pandas") is not None
    header, *rows = api.SAMPLE.read_text(encoding="utf-8").splitlines()
    sample = tmp_path / "sample.csv"
    sample.write_text("\n".join([header, *rows[::EVERY]]) + "\n", encoding="utf-8")
    monkeypatch.setattr(api, "SAMPLE", sample)  # what every call without an input reads
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
    assert namespace["comparison"].records == len(rows[::EVERY])  # the notebook read the sample it was given
