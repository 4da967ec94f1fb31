"""Sweeps: each row is what evaluate gives with that value set, however the records are chunked."""

from __future__ import annotations

import json
from datetime import date

import pytest

from amnesty import api
from amnesty.analysis.sweep_values import parse_values
from amnesty.engine import pipeline
from amnesty.engine.evaluator import Evaluator
from amnesty.engine.run import variant_batches
from amnesty.io.readers import open_records
from amnesty.engine.sentence import add_months
from amnesty.errors import EngineError, ScenarioError
from amnesty.models.rulebook import ParamType


def expected_row(decisions_of, counts_of, records, param, value, as_of=None):
    decisions = decisions_of(records, rulebook=api.load_rulebook(set={param: value}), as_of=as_of)
    as_of = date.fromisoformat(decisions[0]["as_of"])
    within = {}
    for years in (1, 2, 5):
        limit = add_months(as_of, 12 * years).isoformat()
        within[f"{years}y"] = sum(
            1 for d in decisions if d["outcome"] in ("release", "reduced") and d["release_date"] <= limit
        )
    return dict(counts_of(decisions)), within


@pytest.mark.parametrize("param, spec, values", [
    ("release_age", "60:80:10", [60, 70, 80]),
    ("life_commuted_years", "10,15,20", [10, 15, 20]),
    ("fixed_term_remit_fraction", "0.25:0.75:0.25", [0.25, 0.5, 0.75]),
    ("cutoff_date", "2019-01-01:2020-01-01:6m", [date(2019, 1, 1), date(2019, 7, 1), date(2020, 1, 1)]),
    ("covered_nationalities", "SY;SY,IQ", [["SY"], ["SY", "IQ"]]),
    ("covered_offence_categories", "terrorism;terrorism,state_security;state_security",
     [["terrorism"], ["terrorism", "state_security"], ["state_security"]]),  # the rule changes shape
])
def test_rows_equal_evaluate_with_each_value(records, decisions_of, counts_of, param, spec, values):
    result = api.sweep(records, param=param, values=spec)
    assert [row.value for row in result.rows] == values
    assert result.records == 1205
    for row in result.rows:
        outcomes, within = expected_row(decisions_of, counts_of, records, param, row.value)
        assert {k: v for k, v in row.outcomes.items() if v} == outcomes
        assert row.released_within == within
        assert row.sha256 == api.load_rulebook(set={param: row.value}).sha256
    assert len({row.sha256 for row in result.rows}) == len(values)


def test_rows_at_another_as_of_date(records, decisions_of, counts_of):
    result = api.sweep(records, param="release_age", values=[65, 75], as_of=date(2027, 1, 1))
    for row in result.rows:
        outcomes, within = expected_row(decisions_of, counts_of, records, "release_age", row.value, date(2027, 1, 1))
        assert {k: v for k, v in row.outcomes.items() if v} == outcomes and row.released_within == within


@pytest.mark.parametrize("param, values", [
    ("release_age", "60:80:5"),
    ("fixed_term_remit_fraction", "0.2:1:0.2"),
    ("covered_offence_categories", "terrorism;terrorism,state_security;terrorism"),
])
def test_chunking_does_not_change_the_counts(records, monkeypatch, param, values):
    whole = api.sweep(records, param=param, values=values).to_dict()
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 11)  # batches of a dozen records
    assert api.sweep(records, param=param, values=values).to_dict() == whole


def test_sweep_from_a_scenario_keeps_its_changes(records, decisions_of, counts_of):
    result = api.sweep(records, rulebook="law-10-iraqis-covered", param="release_age", values=[70])
    book = api.load_rulebook("law-10-iraqis-covered", set={"release_age": 70})
    assert result.rows[0].sha256 == book.sha256
    expected = counts_of(decisions_of(records, rulebook=book))
    assert {k: v for k, v in result.rows[0].outcomes.items() if v} == dict(expected)


def test_sweep_is_deterministic(records, tmp_path):
    first = api.sweep(records, param="cutoff_date", values="2023-01-01:2024-07-01:2m")
    second = api.sweep(records, param="cutoff_date", values="2023-01-01:2024-07-01:2m")
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())
    first.write(tmp_path / "a.csv")
    second.write(tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_unknown_parameter_lists_the_valid_ones(records):
    with pytest.raises(ScenarioError) as info:
        api.sweep(records, param="life_years", values="10:20:5")
    assert "has no parameter 'life_years'" in str(info.value)
    assert "(parameters: covered_nationalities, covered_offence_categories, cutoff_date," in str(info.value)


def test_a_value_the_rulebook_refuses_names_the_value(records):
    with pytest.raises(ScenarioError) as info:
        api.sweep(records, param="fixed_term_remit_fraction", values="0.5,1.5")
    assert "fixed_term_remit_fraction=1.5" in str(info.value)


@pytest.mark.parametrize("wrong_rule", ["humanitarian-release", "senior-official"])  # varying and shared
def test_engine_disagreement_stops_the_sweep(records, monkeypatch, wrong_rule):
    real = Evaluator.durable_findings

    def wrong(self, fact, record_id):
        found = real(self, fact, record_id)
        return {**found, wrong_rule: not found[wrong_rule]}

    monkeypatch.setattr(Evaluator, "durable_findings", wrong)
    with pytest.raises(EngineError, match=f"disagree on rules {wrong_rule}"):
        api.sweep(records, param="release_age", values=[70, 75])


@pytest.mark.parametrize("kind, spec, values", [
    (ParamType.number, "0.3:0.7:0.1", [0.3, 0.4, 0.5, 0.6, 0.7]),
    (ParamType.integer, "10:20:4", [10, 14, 18]),
    (ParamType.integer, "5", [5]),
    (ParamType.date, "2024-01-31:2024-04-30:1m", [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]),
    (ParamType.date, "2024-01-01:2024-01-15:1w", [date(2024, 1, 1), date(2024, 1, 8), date(2024, 1, 15)]),
    (ParamType.date, "2024-01-01:2024-01-03:1", [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]),
    (ParamType.date, "2020-02-29:2024-03-01:2y", [date(2020, 2, 29), date(2022, 2, 28), date(2024, 2, 29)]),
    (ParamType.boolean, "true,false", [True, False]),
    (ParamType.list, "SY,IQ", [["SY"], ["IQ"]]),
])
def test_values(kind, spec, values):
    assert parse_values("p", kind, spec) == values


@pytest.mark.parametrize("kind, spec, message", [
    (ParamType.integer, "10:20:0", "STEP must be more than zero"),
    (ParamType.integer, "20:10:1", "TO must not come before FROM"),
    (ParamType.integer, "10:20:2.5", "must be too"),
    (ParamType.integer, "10:20", "expected FROM:TO:STEP"),
    (ParamType.integer, "0:100000:1", "more than 1000 values"),
    (ParamType.number, "a:b:c", "expected numbers"),
    (ParamType.date, "2024-01-01:2024-12-31:1q", "STEP for dates"),
    (ParamType.list, "SY:IQ:1", "needs a number or date parameter"),
    (ParamType.integer, "ten", "expected a whole number"),
])
def test_bad_values_are_refused(kind, spec, message):
    with pytest.raises(ScenarioError) as info:
        parse_values("p", kind, spec)
    assert message in str(info.value) and str(info.value).startswith("--param p:")


def test_each_record_gets_what_evaluate_gives(records, decisions_of):
    """Not only the counts: every record, under variants that change conditions, effects and shapes in turn."""
    changes = [
        {}, {"release_age": 60}, {"release_age": 60, "life_commuted_years": 20}, {"fixed_term_remit_fraction": 0.25},
        {"covered_nationalities": ["SY", "IQ"]}, {"covered_offence_categories": ["terrorism"]}, {"cutoff_date": "2020-01-01"},
    ]
    books = [api.load_rulebook(set=change) for change in changes]
    as_of = books[0].rulebook.enacted
    decided = [[] for _ in books]
    with open_records(records) as rows:
        for batch in variant_batches(rows, books, as_of):
            for mine, variant in zip(decided, batch.decided):
                mine.extend(zip(batch.ids, variant.results) if variant else [])
    for book, mine in zip(books, decided):
        expected = [d for d in decisions_of(records, rulebook=book) if d["outcome"] != "invalid"]
        got = [
            (record_id, r.outcome.value, r.release_date.isoformat() if r.release_date else None,
             None if r.sentence_after is None else (r.sentence_after[0], float(r.sentence_after[1])))
            for record_id, r in mine if r.outcome.value != "invalid"
        ]
        assert sorted(got) == sorted(
            (d["record_id"], d["outcome"], d["release_date"],
             None if d["sentence_after"] is None else (d["sentence_after"]["type"], float(d["sentence_after"]["months"])))
            for d in expected
        )


def test_values_name_the_option_and_keep_to_the_limit():
    with pytest.raises(ScenarioError, match=r"^--grid p: expected a whole number, got 'x'$"):
        parse_values("p", ParamType.integer, "x", option="--grid")
    assert len(parse_values("p", ParamType.integer, "1:1500:1", limit=2000)) == 1500
    with pytest.raises(ScenarioError, match="more than 5 values"):
        parse_values("p", ParamType.integer, "1:6:1", limit=5)
    with pytest.raises(ScenarioError, match="6 values; a sweep takes at most 5"):
        parse_values("p", ParamType.integer, "1,2,3,4,5,6", limit=5)


def test_a_grid_point_is_what_a_sweep_of_one_parameter_gives(records):
    """A grid with one value of one axis is the sweep of the other, row for row."""
    grid = api.sweep_grid(records, grid={"fixed_term_remit_fraction": [0.25], "release_age": "60:80:10"})
    swept = api.sweep(records, rulebook=api.load_rulebook(set={"fixed_term_remit_fraction": 0.25}),
                      param="release_age", values="60:80:10")
    assert [row.point["release_age"] for row in grid.rows] == [row.value for row in swept.rows]
    assert [(r.outcomes, r.released_within, r.bounds, r.sha256) for r in grid.rows] == \
        [(r.outcomes, r.released_within, r.bounds, r.sha256) for r in swept.rows]
    assert grid.records == swept.records == 1205 and grid.notes() == swept.notes()
