"""Analyses aggregate one decision run: they see exactly the decisions ``evaluate`` writes."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from amnesty import api
from amnesty.engine.run import RunCounts, decisions
from amnesty.io.readers import open_records
from amnesty.synth import write_sample_csv


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("one-run") / "records.csv"
    write_sample_csv(path, 2500, seed=3, invalid_rate=0.03)
    with path.open("a") as handle:  # a repeated id: invalid through every way of deciding
        handle.write(path.read_text().splitlines()[1] + "\n")
    return path


def test_a_run_yields_what_evaluate_writes_under_each_rulebook(records, tmp_path):
    books = [api.load_rulebook("aanes-2024-law-10"), api.load_rulebook("law-10-life-20")]
    written = []
    for n, book in enumerate(books):
        api.evaluate_file(records, rulebook=book, output=tmp_path / f"{n}.jsonl", workers=1)
        written.append([json.loads(line) for line in (tmp_path / f"{n}.jsonl").read_text().splitlines()])
    counts = [RunCounts(), RunCounts()]
    with open_records(records) as rows:
        pairs = list(decisions(rows, books, books[0].rulebook.enacted, counts=counts, workers=2))
    assert [p[0] for p in pairs] == written[0]
    assert [p[1] for p in pairs] == written[1]
    assert pairs[-1][0]["outcome"] == "invalid" and "duplicate" in pairs[-1][0]["errors"][0]
    assert counts[0].records_in == counts[1].records_in == len(written[0])
    assert counts[1].outcomes == Counter(d["outcome"] for d in written[1])


def test_compare_counts_are_those_of_two_evaluations(records):
    result = api.compare(records, scenario="law-10-life-20")
    base = api.evaluate_file(records)
    scenario = api.evaluate_file(records, rulebook="law-10-life-20")
    assert {o: sum(row[o] for row in result.transitions.values()) for o in result.transitions} == {
        o: scenario.outcomes.get(o, 0) for o in result.transitions
    }
    assert {a: sum(row.values()) for a, row in result.transitions.items()} == {
        o: base.outcomes.get(o, 0) for o in result.transitions
    }


def test_a_batch_of_blank_lines_gives_no_decision_and_no_error(records, tmp_path, monkeypatch):
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 12)  # the blank lines fill batches of their own
    path = tmp_path / "blank.csv"
    head = records.read_text().splitlines(keepends=True)[:301]  # 300 records: a dozen batches before the blanks
    path.write_text("".join(head) + "\n" * 20_000 + ",,,\n" * 5)
    seen = []
    summary = api.evaluate_file(path, on_decision=seen.append, workers=1)
    assert len(seen) == summary.records_in == 300  # a row of empty cells is no record (csv_support.is_blank)
    assert api.compare(path, scenario="law-10-life-20").records == 300


def test_compare_and_timeline_are_the_same_for_any_number_of_workers(tmp_path, monkeypatch):
    """Both decide in worker processes by default now; the tallies are sums over records in order."""
    from amnesty.engine import pipeline

    source = tmp_path / "records.csv"
    write_sample_csv(source, 600, seed=5)
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 12)  # batches of a few dozen records: workers do start
    one = api.compare(source, scenario="law-10-life-20", workers=1)
    two = api.compare(source, scenario="law-10-life-20", workers=2)
    assert one.to_dict() == two.to_dict() and one.changed and one.changed == two.changed
    assert api.timeline(source, workers=1).to_dict() == api.timeline(source, workers=2).to_dict()
