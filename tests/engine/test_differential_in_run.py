"""durable_rules is checked inside every run: a wrong finding of it stops the run, naming the rules."""

import pytest

from amnesty import api
from amnesty.engine.evaluator import Evaluator
from amnesty.errors import EngineError
from amnesty.synth import write_sample_csv


@pytest.mark.parametrize("workers", [1, 2])
def test_a_wrong_durable_finding_stops_the_run(tmp_path, monkeypatch, workers):
    source = tmp_path / "records.csv"
    write_sample_csv(source, 400, seed=3)
    real = Evaluator.durable_findings

    def wrong(self, fact, record_id):
        findings = real(self, fact, record_id)
        first = next(iter(findings))
        return {**findings, first: not findings[first]}

    monkeypatch.setattr(Evaluator, "durable_findings", wrong)
    with pytest.raises(EngineError, match="durable_rules and the plain evaluator disagree on rules"):
        api.evaluate_file(source, output=tmp_path / "out.jsonl", workers=workers)
    assert not (tmp_path / "out.jsonl").exists()
