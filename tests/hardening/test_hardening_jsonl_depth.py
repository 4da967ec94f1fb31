"""A JSON Lines value nested hundreds of levels deep is one invalid row, never a failed run (item 9).

Python's json module parses up to about 980 levels, but printing or
pickling such a value later exhausts the stack; so the reader refuses
anything deeper than a record can be, on every line, whatever the depth.
"""

from __future__ import annotations

import json
import subprocess
import sys

from amnesty.io.jsonl_reader import MAX_NESTING


def _line(i, depth, shape):
    if shape == "list":
        value = "[" * depth + "]" * depth
    else:
        value = '{"a":' * depth + "1" + "}" * depth
    return f'{{"record_id":"R{i}","facility_id":{value}}}'


def test_every_depth_gives_one_invalid_decision(tmp_path):
    depths = [MAX_NESTING + 1, 200, *range(960, 990)]
    lines = [_line(i, d, shape) for i, (d, shape) in enumerate((d, s) for d in depths for s in ("list", "object"))]
    lines.append('{"record_id":"OK","facility_id":"RQA-01"}')
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.jsonl"
    for workers in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "amnesty", "evaluate", str(path), "-o", str(out), "--force", "-w", workers],
            capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 1, result.stderr
        assert "internal error" not in result.stderr
        decisions = [json.loads(line) for line in out.read_text().splitlines()]
        assert len(decisions) == len(lines)
        assert [d["outcome"] == "invalid" for d in decisions] == [True] * (len(lines) - 1) + [False]
        assert all(d["record_id"] == f"R{i}" for i, d in enumerate(decisions[:-1]))


def test_a_flat_record_and_a_list_of_categories_are_fine(tmp_path):
    from amnesty.io.readers import open_records

    path = tmp_path / "flat.jsonl"
    path.write_text('{"record_id":"R1","facility_id":"F","offence_categories":["theft"],"notes":' + "[" * MAX_NESTING
                    + "]" * MAX_NESTING + "}\n")
    with open_records(path) as rows:
        assert [row.problem for row in rows] == [None]
