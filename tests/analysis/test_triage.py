"""`amnesty triage`: the ranking's claims hold when the facts are filled in."""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.engine.evaluator import Evaluator
from amnesty.models.fields import FIELDS
from amnesty.models.record import Record


def _random_value(rng: random.Random, fact: str):
    spec = FIELDS[fact]
    if spec.type.value == "boolean":
        return rng.choice([True, False])
    if spec.type.value == "enum":
        return rng.choice(spec.choices)
    if spec.type.value == "enum_list":
        return rng.sample(spec.choices, rng.randint(0, 3))
    if spec.type.value == "country":
        return rng.choice(["SY", "IQ", "TR"])
    if spec.type.value == "date":
        return date(1940, 1, 1) + timedelta(days=rng.randint(0, 31_000))
    return rng.randint(0, 600)


@pytest.fixture(scope="module")
def sample_triage():
    return api.triage()


def test_filling_the_top_fact_settles_the_records_it_claims(sample_triage):
    result = sample_triage
    top = result.ranking[0]
    assert top.settles == len(top.records) > 0
    assert top.settles >= max(r.settles for r in result.ranking)
    records = {}
    with open(api.SAMPLE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["record_id"] in top.records:
                records[row["record_id"]] = row
    rng = random.Random(13)
    settled = 0
    with Evaluator(api.load_rulebook()) as engine:
        for record_id in top.records:
            base = Record.model_validate(records[record_id]).model_dump(exclude_none=True)
            before = engine.decide(Record.model_validate(base))
            assert before["outcome"] == "review" and top.fact in before["missing"]
            outcomes = []
            for _ in range(25):  # random answers, not only the ones triage tried
                try:
                    filled = Record.model_validate({**base, top.fact: _random_value(rng, top.fact)})
                except ValueError:
                    continue
                outcomes.append(engine.decide(filled))
            assert outcomes
            if all(not (d["outcome"] == "review" and d["missing"]) for d in outcomes):
                settled += 1
    assert settled == top.settles


def test_a_fact_that_does_not_settle_alone_is_not_counted(sample_triage):
    result = sample_triage
    for rank in result.ranking:
        assert rank.settles <= rank.missing_in
        assert rank.could_release <= rank.settles
    assert any(r.settles < r.missing_in for r in result.ranking)  # some records need several facts


def test_cli_prints_the_ranking_and_writes_the_worklist(tmp_path, sample_triage):
    out = tmp_path / "worklist.csv"
    run = CliRunner().invoke(app, ["triage", "--output", str(out)])
    assert run.exit_code == 0, run.output
    assert "Facts to collect first" in run.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    result = sample_triage
    assert len(rows) == result.review
    first = result.ranking[0].fact
    for facility in {r["facility_id"] for r in rows}:
        mine = [r for r in rows if r["facility_id"] == facility]
        order = [r["collect"].split(";") for r in mine]
        assert all(collect for collect in order)
        settled_first = [r for r in mine if first in r["settled_by"].split(";")]
        assert mine[: len(settled_first)] == settled_first  # records the top fact settles come first


def test_a_repeated_id_waits_for_no_fact_as_evaluate_makes_it_invalid(tmp_path, sample_triage):
    """Triage follows the run's row contract: a later record with an id already read is invalid."""
    with open(api.SAMPLE, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    first = sample_triage.worklist[0].record_id
    original = next(row for row in rows[1:] if row[0] == first)
    path = tmp_path / "in.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([*rows, original])  # the same record again, at the end
    again = api.triage(path)
    assert again.records == sample_triage.records + 1
    assert again.review == sample_triage.review
    assert [item.record_id for item in again.worklist].count(first) == 1


@pytest.mark.parametrize("rulebook", ["north-east-2020-2022-2024", "auto"])
def test_a_chain_or_auto_is_refused_in_one_sentence_not_a_crash(tmp_path, rulebook):
    """The facts triage ranks are the leaves of one rulebook's conditions; a chain or auto has none of its own."""
    out = tmp_path / "worklist.csv"
    result = CliRunner().invoke(app, ["triage", "--rulebook", rulebook, "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert "triage ranks the unknown facts of one law" in result.output and "Traceback" not in result.output
    assert not out.exists()
