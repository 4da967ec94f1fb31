"""Successive instruments (data-dictionary.md): each record through a chain of rulebooks in enactment order."""

from __future__ import annotations

import json
from datetime import date

import pytest
from chain_books import record

from amnesty import api
from amnesty.engine.chain import CompiledChain, chain_of
from amnesty.errors import RulebookError
from amnesty.models.decision import ChainDecision


def decide(books, values, as_of=None):
    chain = chain_of(books)
    with chain.evaluator(as_of) as evaluator:
        decision = evaluator.decide_values(values)
    ChainDecision.model_validate(decision)  # the output contract, steps included
    return decision


def test_each_instrument_sees_the_sentence_the_previous_left(first, second):
    d = decide([first, second], record())
    # life -> 240 months (first, as of 2020-01-01) -> 180 months (a quarter off, second, as of 2022-01-01)
    assert [s["outcome"] for s in d["steps"]] == ["reduced", "reduced"]
    assert [s["as_of"] for s in d["steps"]] == ["2020-01-01", "2022-01-01"]
    assert d["steps"][0]["sentence_after"] == {"type": "fixed", "months": 240}
    assert d["steps"][1]["sentence_before"] == {"type": "fixed", "months": 240}
    assert d["steps"][1]["sentence_after"] == {"type": "fixed", "months": 180}
    assert d["outcome"] == "reduced"
    assert d["sentence_before"] == {"type": "life", "months": None}
    assert d["sentence_after"] == {"type": "fixed", "months": 180}
    assert d["release_date"] == "2033-06-01"  # counted from the same custody_start, 2018-06-01
    assert d["as_of"] == "2022-01-01"  # the last instrument's enactment date by default


def test_the_chain_is_named_with_each_members_digest(first, second):
    d = decide([first, second], record())
    assert d["rulebook"]["id"] == "test-first > test-second"
    assert d["rulebook"]["version"] == "1 > 2"
    assert [s["rulebook"]["sha256"] for s in d["steps"]] == [first.sha256, second.sha256]
    assert [m["sha256"] for m in d["rulebook"]["overrides"]["chain"]] == [first.sha256, second.sha256]
    assert d["rulebook"]["sha256"] not in (first.sha256, second.sha256)


def test_the_last_step_uses_the_as_of_date_and_earlier_ones_their_enactment(first, second):
    d = decide([first, second], record(), as_of=date(2034, 1, 1))
    assert [s["as_of"] for s in d["steps"]] == ["2020-01-01", "2034-01-01"]
    assert d["outcome"] == "release" and d["release_date"] == "2034-01-01"


def test_fractional_months_carry_exactly(first, second):
    d = decide([first, second], record(sentence_type="fixed", sentence_months=7, custody_start="2019-12-01"))
    # 7 -> 3.5 (served by 2020-01-01? 2019-12-01 + 3 months 15 days = 2020-03-16: no) -> 3.5 * 0.75 = 2.625 -> 2.63
    assert d["steps"][0]["sentence_after"] == {"type": "fixed", "months": 3.5}
    assert d["steps"][0]["outcome"] == "reduced"
    # the reduced term ended (2020-03-16) before the second instrument: released, and stays so
    assert d["outcome"] == "release" and d["release_date"] == "2022-01-01"  # released, as of the run's date
    assert d["steps"][1]["reasons"][0]["rule"] == "released-earlier"
    assert d["steps"][1]["release_date"] == "2020-03-16"  # when the reduced term ended
    assert "2020-03-16" in d["steps"][1]["reasons"][0]["text"]


def test_released_by_an_earlier_instrument_stays_released(first, second):
    d = decide([first, second], record(sentence_type="fixed", sentence_months=24, custody_start="2018-01-01",
                                       offence_categories="drug_trafficking"))
    assert d["steps"][0]["outcome"] == "release"
    assert d["steps"][1]["outcome"] == "release"  # not excluded by the later law: already out
    assert d["outcome"] == "release" and d["release_date"] == "2022-01-01"
    assert d["steps"][0]["release_date"] == d["steps"][1]["release_date"] == "2020-01-01"
    assert [r["rule"] for r in d["reasons"]] == ["first-half"]


def test_excluded_leaves_the_sentence_unchanged_for_the_next(first, second):
    d = decide([first, second], record(offence_categories="terrorism", sentence_type="fixed", sentence_months=100))
    assert d["steps"][0]["outcome"] == "excluded"
    assert d["steps"][1]["sentence_before"] == {"type": "fixed", "months": 100}
    assert d["outcome"] == "reduced" and d["sentence_after"] == {"type": "fixed", "months": 75}


def test_a_later_exclusion_keeps_the_earlier_relief(first, second):
    d = decide([first, second], record(offence_categories="drug_trafficking"))
    assert [s["outcome"] for s in d["steps"]] == ["reduced", "excluded"]
    assert d["outcome"] == "reduced"
    assert d["sentence_after"] == {"type": "fixed", "months": 240} and d["release_date"] == "2038-06-01"
    assert [r["rule"] for r in d["reasons"]] == ["first-life", "second-drugs"]


def test_an_earlier_review_makes_the_chain_review(first, second):
    d = decide([first, second], record(offence_categories="homicide", victim_waiver=None))
    assert d["steps"][0]["outcome"] == "review"
    assert d["outcome"] == "review" and d["missing"] == ["victim_waiver"]
    assert d["sentence_after"] is None and d["release_date"] is None


def test_not_covered_by_a_later_instrument_keeps_earlier_relief(first, second):
    d = decide([first, second], record(offence_date="2021-01-01", custody_start="2021-02-01"))
    assert [s["outcome"] for s in d["steps"]] == ["not_covered", "reduced"]
    assert d["outcome"] == "reduced" and d["sentence_after"] == {"type": "fixed", "months": 180}


def test_born_after_an_earlier_instrument(first, second):
    d = decide([first, second], record(birth_date="2021-01-01", offence_date="2021-06-01",
                                       custody_start="2021-07-01", sentence_type="fixed", sentence_months=12),
               as_of=date(2022, 1, 1))
    assert d["steps"][0]["outcome"] == "not_covered"
    assert d["steps"][0]["reasons"][0]["rule"] == "born-after-instrument"
    assert d["outcome"] == "reduced"


def test_invalid_records_are_invalid_under_the_chain(first, second):
    d = decide([first, second], record(sentence_type="fixed", sentence_months=None))
    assert d["outcome"] == "invalid" and "steps" not in d
    assert d["rulebook"]["id"] == "test-first > test-second"


def test_a_chain_out_of_enactment_order_is_refused_in_one_sentence(first, second):
    with pytest.raises(RulebookError) as caught:
        chain_of([second, first])
    message = str(caught.value)
    assert "not in enactment order" in message and "test-first" in message and "\n" not in message


def test_the_api_builds_chains_with_then(book_files):
    book = api.load_rulebook(book_files["first"], then=[book_files["second"]])
    assert isinstance(book, CompiledChain) and book.id == "test-first > test-second"
    (d,) = api.evaluate_records([record()], book_files["first"], then=[book_files["second"]])
    assert d["outcome"] == "reduced" and len(d["steps"]) == 2
    # --set changes the first instrument
    changed = api.load_rulebook(book_files["first"], set={"life_years": 10}, then=[book_files["second"]])
    (d,) = api.evaluate_records([record()], changed)
    assert d["steps"][0]["sentence_after"] == {"type": "fixed", "months": 120}


def test_the_builtin_north_east_chain_decides_every_sample_record(tmp_path):
    out = tmp_path / "chain.jsonl"
    summary = api.evaluate_file(
        rulebook="aanes-2020-resolution-5", then=["aanes-2024-law-10"], as_of=date(2026, 3, 1), output=out, workers=1,
    )
    assert summary.records_in == summary.decisions_out == 10_000
    decisions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    valid = [d for d in decisions if d["outcome"] != "invalid"]
    assert valid and all(len(d["steps"]) == 2 for d in valid)
    assert {d["rulebook"]["id"] for d in decisions} == {"aanes-2020-resolution-5 > aanes-2024-law-10"}
    for d in valid[:500]:
        ChainDecision.model_validate(d)


def test_the_pipeline_decides_chains_and_custody_the_plain_way(first, second, held):
    from amnesty.engine import pipeline
    from amnesty.engine.evaluator import Evaluator
    from amnesty.engine.fastpath import FastEvaluator
    from amnesty.engine.plainbatch import PlainBatches
    from amnesty.models.record import RECORD_FIELDS

    chain = chain_of([first, second])
    spec = pipeline.DeciderSpec(None, chain.path, {}, chain.sha256, date(2022, 1, 1), RECORD_FIELDS, None, "jsonl",
                                False, None, recipe=chain.recipe())
    decider = pipeline.Decider(spec)  # as a worker builds it: from the recipe
    try:
        assert isinstance(decider.fast, PlainBatches) and not decider.fast.enabled
        row = (2, tuple(record().get(name) for name in RECORD_FIELDS), None, "R1")
        out = decider([row]).out  # one JSON line, as bytes, ready for the writer
        assert json.loads(out.decode())["rulebook"]["id"] == "test-first > test-second"
    finally:
        decider.close()
    with Evaluator(held) as evaluator:  # reads custodial_authority: filled per record, so no shared templates
        assert not FastEvaluator(evaluator).enabled
    with Evaluator(first) as evaluator:
        assert FastEvaluator(evaluator).enabled
