"""The report reads and decides its input once for all its sections; the timeline it draws is the
one ``api.timeline`` gives for the same records and horizon."""

from __future__ import annotations

from datetime import date

import pytest

from amnesty import api
from amnesty.engine import pipeline
from amnesty.synth import write_sample_csv


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("report-once") / "records.csv"
    write_sample_csv(path, 600, seed=13)
    return path


def test_the_report_decides_its_input_once(records, tmp_path, monkeypatch):
    runs = []
    real = pipeline.decided

    def counted(batches, specs, books, workers):
        runs.append(len(specs))
        return real(batches, specs, books, workers)

    monkeypatch.setattr(pipeline, "decided", counted)
    result = api.report(records, output=tmp_path / "report.html")
    assert result.records == 600
    assert runs == [1]  # one run, one rulebook: the table, the counts and the timeline together


def test_the_reports_timeline_is_the_timeline_of_its_records(records, tmp_path):
    from amnesty.facilities import load_facilities
    from amnesty.report.build import build_report_data
    from amnesty.report.provenance import Invocation

    book = api.load_rulebook("aanes-2024-law-10")
    invocation = Invocation(input=str(records), output=str(tmp_path / "r.html"), rulebook=book.id)
    data = build_report_data(invocation, book=book, runs=api)
    until = data.timeline["until"]
    alone = api.timeline(records, as_of=book.rulebook.enacted, until=date.fromisoformat(until),
                         facilities=load_facilities(None)).to_dict()
    for key in ("periods", "releases", "cumulative", "possible_cumulative", "not_released", "after_horizon", "records"):
        assert data.timeline[key] == alone[key], key


def test_a_report_with_a_comparison_reads_and_decides_its_input_once(records, tmp_path, monkeypatch):
    from amnesty.io import readers

    runs, opened = [], []
    real_decided, real_open = pipeline.decided, readers.open_records

    def counted(batches, specs, books, workers):
        runs.append(len(specs))
        return real_decided(batches, specs, books, workers)

    def counted_open(*args, **kwargs):
        opened.append(args[0])
        return real_open(*args, **kwargs)

    monkeypatch.setattr(pipeline, "decided", counted)
    monkeypatch.setattr(readers, "open_records", counted_open)
    result = api.report(records, output=tmp_path / "report.html", set={"life_commuted_years": 20},
                        compare="aanes-2024-law-10")
    assert result.records == 600 and result.changed
    assert runs == [2]  # one run, two rulebooks: the report's own (the scenario) and the baseline
    assert len(opened) == 1


def test_a_run_beside_a_baseline_gives_the_comparison_and_the_counts_of_two_runs(records):
    book = api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20})
    seen = []
    summary = api.evaluate_file(records, rulebook=book, baseline="aanes-2024-law-10", on_decision=seen.append)
    alone = api.evaluate_file(records, rulebook=book)
    assert summary.to_dict() == alone.to_dict()
    assert len(seen) == 600
    apart = api.compare(records, baseline="aanes-2024-law-10", scenario=book, as_of=summary.as_of).to_dict()
    together = summary.comparison.to_dict()
    for key in ("as_of_chosen", "warnings"):
        apart.pop(key), together.pop(key)
    assert together == apart and together["changed"]


def test_a_run_beside_a_baseline_refuses_to_write_a_decisions_file(records, tmp_path):
    with pytest.raises(ValueError, match="baseline"):
        api.evaluate_file(records, baseline="law-10-life-20", output=tmp_path / "d.jsonl")
    assert not (tmp_path / "d.jsonl").exists()


def test_the_report_starts_no_thread_before_its_run(records, tmp_path, state_when_called):
    """matplotlib imports numpy, whose maths library starts a thread; imported before the run, it
    made every report start its workers through the fork server, each importing and compiling
    everything afresh (``engine.parallel.start_method``)."""
    output = tmp_path / "r.html"
    state = state_when_called("amnesty.report.make", "build_report_data", f"api.report({str(records)!r}, output={str(output)!r})")
    assert state == "STATE threads 1 imported []"
    assert output.exists()
