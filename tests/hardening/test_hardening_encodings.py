"""One record, one decision, whatever its encoding (issue items 1 and 2).

The same records written as plain CSV, fully quoted CSV and JSON Lines
must give the same decisions: a shortcut for one encoding (the plain-CSV
fast path) may not skip a check the others make.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty import api
from amnesty.engine import column_frames
from amnesty.io import csv_plain, csv_reader, jsonl_reader, memory, source
from amnesty.io.source import FIELD_LIMIT

from hardening_helpers import HEADER, jsonl_of


def _write(tmp_path, name, records, how):
    path = tmp_path / name
    if how == "jsonl":
        path.write_text("".join(json.dumps(dict(zip(HEADER, r))) + "\n" for r in records), encoding="utf-8")
        return path
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if how == "quoted" else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, lineterminator="\n", quoting=quoting)
    writer.writerow(HEADER)
    writer.writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _decide(tmp_path, records, how, workers=1, rulebook=api.DEFAULT_RULEBOOK):
    path = _write(tmp_path, f"in-{how}.{'jsonl' if how == 'jsonl' else 'csv'}", records, how)
    out = tmp_path / f"out-{how}.jsonl"
    api.evaluate_file(path, rulebook=rulebook, output=out, force=True, workers=workers)
    # Line numbers differ by the CSV header; everything else must be the same.
    return [json.loads(re.sub(r"line \d+", "line N", json.dumps(d))) for d in jsonl_of(out)]


def _ok(i):
    return (f"R{i}", "RQA-01", "convicted", "theft", "2020-01-01", "fixed", "24", "2020-02-01")


def test_an_unquoted_oversized_cell_is_invalid_like_a_quoted_one(tmp_path):
    big = "F" * (5 << 20)
    records = [_ok(1), ("R2", big, *_ok(2)[2:]), _ok(3)]
    plain, quoted, lines = (_decide(tmp_path, records, how) for how in ("plain", "quoted", "jsonl"))
    assert plain == quoted == lines
    assert [d["outcome"] == "invalid" for d in plain] == [False, True, False]
    assert "over the 1 MB limit" in plain[1]["errors"][0] and "facility_id" in plain[1]["errors"][0]
    assert big not in json.dumps(plain)


def test_an_oversized_extra_column_is_refused_in_every_encoding(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("record_id,facility_id,notes\nR1,F," + "n" * (FIELD_LIMIT + 1) + "\nR2,F,ok\n")
    out = tmp_path / "o.jsonl"
    api.evaluate_file(path, output=out, workers=1)
    decisions = jsonl_of(out)
    assert [d["outcome"] == "invalid" for d in decisions] == [True, False]
    assert "field notes:" in decisions[0]["errors"][0]
    jl = tmp_path / "extra.jsonl"
    jl.write_text(json.dumps({"record_id": "R1", "facility_id": "F", "notes": "n" * (FIELD_LIMIT + 1)}) + "\n")
    api.evaluate_file(jl, output=tmp_path / "o2.jsonl", workers=1)
    assert jsonl_of(tmp_path / "o2.jsonl")[0]["errors"] == [decisions[0]["errors"][0].replace("line 2", "line 1")]


def test_a_line_break_in_a_quoted_id_is_one_record_and_one_decision(tmp_path):
    path = tmp_path / "nl.csv"
    path.write_text('record_id,facility_id\n"SYN-\n000777",RQA-01\nSYN-2,RQA-01\n"A\r\nB",RQA-01\n')
    out = tmp_path / "o.jsonl"
    summary = api.evaluate_file(path, output=out, workers=1)
    decisions = jsonl_of(out)
    assert summary.records_in == len(decisions) == 3
    assert [d["record_id"] for d in decisions] == [None, "SYN-2", None]
    assert decisions[0]["errors"] == [
        "line 2: field record_id: holds a line break inside its value; a data-dictionary value is one line "
        "(a misplaced quote?)"
    ]
    assert decisions[2]["errors"][0].startswith("line 5: field record_id: holds a line break")
    jl = tmp_path / "nl.jsonl"
    jl.write_text(json.dumps({"record_id": "SYN-\n000777", "facility_id": "RQA-01"}) + "\n")
    api.evaluate_file(jl, output=tmp_path / "o2.jsonl", workers=1)
    assert jsonl_of(tmp_path / "o2.jsonl")[0]["outcome"] == "invalid"


def test_a_runaway_quote_still_gives_back_the_records_it_swallowed(tmp_path):
    path = tmp_path / "runaway.csv"
    path.write_text('record_id,facility_id,notes\nR1,"RQA-01,x\nR2,RQA-01,y\nR3,RQA-01,z\n')
    out = tmp_path / "o.jsonl"
    api.evaluate_file(path, output=out, workers=1)
    decisions = jsonl_of(out)
    assert [(d["record_id"], d["outcome"] == "invalid") for d in decisions] == [
        ("R1", True), ("R2", False), ("R3", False)
    ]
    assert "unbalanced quote" in decisions[0]["errors"][0]


# -- the property: three encodings, one set of decisions ------------------------

_CELL = st.one_of(
    st.sampled_from(["", "RQA-01", "HSK-02", "convicted", "awaiting_trial", "theft", "terrorism;theft",
                     "fixed", "life", "death", "none", "24", "600", "-3", "x", "2019-05-01", "2024-09-30",
                     "2031-02-30", "yes", "[/bold]", "=1+1", " R1 ", "\u0627\u0644"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=',"'), max_size=8),
    st.integers(60, 90).map(lambda n: "Z" * n),  # over the (lowered) field limit
)


@pytest.fixture
def small_field_limit(monkeypatch):
    """A 64-character field limit, so oversized cells are cheap to generate. Every module that reads
    the limit is given it, the column strategy's table too: otherwise a plain line with one long
    cell passes as plain there and is decided, while the careful reader refuses it."""
    for module in (source, csv_plain, csv_reader, jsonl_reader, column_frames, memory):
        monkeypatch.setattr(module, "FIELD_LIMIT", 64)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["A", "B", "C", "D", "E", "F"]), *[_CELL] * 7), min_size=1, max_size=12))
def test_same_records_same_decisions_in_every_encoding(tmp_path, small_field_limit, law10, records):
    records = [tuple(r) for r in records]  # the default law, compiled once (the session's) rather than per file
    plain = _decide(tmp_path, records, "plain", rulebook=law10)
    assert len(plain) == len(records)
    assert _decide(tmp_path, records, "quoted", rulebook=law10) == plain
    assert _decide(tmp_path, records, "jsonl", rulebook=law10) == plain


def test_memory_bounds_on_long_values_change_no_decision(tmp_path, monkeypatch):
    """Distinct long values are neither all remembered nor all batched together; decisions stay the same."""
    from amnesty.engine import cells, pipeline

    records = [(f"R{i}", f"F{i:03d}" + "x" * 300, *_ok(i)[2:]) for i in range(300)]
    expected = _decide(tmp_path, records, "quoted")
    monkeypatch.setattr(cells, "MAX_CELL_CHARS", 2_000)
    monkeypatch.setattr(pipeline, "BATCH_CHARS", 5_000)
    assert _decide(tmp_path, records, "quoted") == expected
    assert _decide(tmp_path, records, "jsonl") == expected
