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
