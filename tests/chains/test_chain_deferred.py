"""An earlier instrument's ``deferred`` under successive instruments: the relief waits on a condition not
yet met, and once met it could change everything after it, so the chain is ``deferred`` (data-dictionary.md,
"Successive instruments"; the module docstring of amnesty/engine/chain_evaluator.py)."""

from __future__ import annotations

from datetime import date

import pytest
from chain_books import compiled, record

from amnesty import api
from amnesty.engine.chain import chain_of
from amnesty.models.decision import ChainDecision

# A first instrument whose relief waits until the victim is compensated (before the second, SECOND in chain_books)
DEFERRING = """\
id: test-deferring
title: An amnesty that waits for the victim
authority: tests
enacted: 2020-01-01
version: "1"
sources: [{id: s, title: none}]
rules:
  - {id: deferring-unpaid, article: "1", kind: relief, source: s, summary: Relief only once the victim is compensated.,
     when: {field: compensation_paid, op: "==", value: false}, effect: defer}
  - {id: deferring-life, article: "2", kind: relief, source: s, summary: Life to 20 years.,
     when: {field: sentence_type, op: "==", value: life}, effect: {type: commute, years: 20}}
  - {id: deferring-half, article: "2", kind: relief, source: s, summary: Half remitted.,
     when: {field: sentence_type, op: "==", value: fixed}, effect: {type: reduce, remit_fraction: 0.5}}
"""

NORTH_EAST = ["aanes-2020-resolution-5", "aanes-2022-law-5", "aanes-2024-law-10"]
AS_OF = date(2026, 3, 1)
# Record A of the reviewer's report: a theft and public-funds felony, 240 months from 2019, the victim's claim unsettled
RECORD_A = {
    "record_id": "A", "facility_id": "HSK-01", "nationality": "SY", "birth_date": "1980-01-01",
    "legal_status": "convicted", "offence_categories": "theft;public_funds", "offence_class": "felony",
    "offence_date": "2018-05-01", "org_role": "none", "fought_sdf": "false", "caused_death": "false",
    "explosives": "false", "chronic_illness": "false", "illness_requires_assistance": "false",
    "sentence_type": "fixed", "sentence_months": "240", "custody_start": "2019-01-01",
    "victim_waiver": "false", "compensation_paid": "false", "sentencing_authority": "daanes",
}
RECORD_D = dict(RECORD_A, record_id="D", offence_categories="theft")
UNTRIED = dict(RECORD_A, record_id="U", legal_status="awaiting_trial", offence_categories="public_funds",
               sentence_type="none", sentence_months=None, victim_waiver=None, compensation_paid=None)


@pytest.fixture(scope="module")
def deferring():
    return compiled(DEFERRING, "deferring.yaml")


def decide(books, values, as_of=None):
    with chain_of(books).evaluator(as_of) as evaluator:
        decision = evaluator.decide_values({k: v for k, v in values.items() if v is not None})
    ChainDecision.model_validate(decision)  # the output contract, steps included
    return decision


def north_east(values):
    (d,) = api.evaluate_records([{k: v for k, v in values.items() if v is not None}], NORTH_EAST[0],
                                then=NORTH_EAST[1:], as_of=AS_OF)
    ChainDecision.model_validate(d)
    return d


def rules(d):
    return [r["rule"] for r in d["reasons"]]


def assert_deferred_as_one_rulebook_has_it(d):
    assert d["outcome"] == "deferred" and d["possible_outcomes"] == ["deferred"]
    assert d["sentence_after"] is None and d["release_date"] is None and d["parole_date"] is None
    assert d["earliest_release_date"] is None


# -- the bundled north-east chain (the reviewer's records) ------------------------------------------------


def test_record_a_an_unsettled_claim_under_resolution_5_is_not_lost_when_law_10_does_not_cover():
    d = north_east(RECORD_A)
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "excluded", "not_covered"]
    assert_deferred_as_one_rulebook_has_it(d)
    # the condition and the relief Resolution No. 5 waits on first, then what Law No. 10 says as things stand
    assert rules(d) == rules(d["steps"][0]) + rules(d["steps"][2])
    assert rules(d)[:2] == ["victim-claim-unsettled", "fixed-term-halved"]
    assert d["missing"] == []
    assert d["sentence_before"] == {"type": "fixed", "months": 240}


def test_record_d_a_later_reduction_does_not_hide_the_pending_halving():
    d = north_east(RECORD_D)
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "reduced", "not_covered"]
    assert d["steps"][1]["sentence_after"] == {"type": "fixed", "months": 180}  # the step still says so
    assert_deferred_as_one_rulebook_has_it(d)
    # then the outcome as things stand: Law No. 5's quarter, Law No. 10 not covering
    assert rules(d) == rules(d["steps"][0]) + rules(d["steps"][1]) + rules(d["steps"][2])
    assert "victim-claim-unsettled" in rules(d) and "fixed-term-quarter-remitted" in rules(d)


def test_an_untried_defendant_stays_deferred_until_the_trial():
    d = north_east(UNTRIED)
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "excluded", "not_covered"]
    assert_deferred_as_one_rulebook_has_it(d)
    assert rules(d)[0] == "trial-not-concluded"
    assert rules(d) == rules(d["steps"][0]) + rules(d["steps"][2])
    assert len(d["steps"]) == 3 and d["steps"][0]["rulebook"]["id"] == NORTH_EAST[0]


def test_when_the_last_instrument_defers_too_both_conditions_are_given():
    d = north_east(dict(UNTRIED, offence_categories="terrorism", org_role="member"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "excluded", "deferred"]
    assert_deferred_as_one_rulebook_has_it(d)
    assert rules(d) == rules(d["steps"][0]) + rules(d["steps"][2])  # Resolution No. 5's, then Law No. 10's
    assert [r["text"] for r in d["reasons"]] == [r["text"] for s in (0, 2) for r in d["steps"][s]["reasons"]]


def test_an_earlier_review_still_wins_over_an_earlier_deferral():
    """Law No. 5 has no provision for the untried (review): review is above deferred."""
    d = north_east(dict(UNTRIED, offence_categories="other"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "review", "not_covered"]
    assert d["outcome"] == "review" and rules(d) == rules(d["steps"][1])


def test_a_settled_claim_is_decided_as_before():
    d = north_east(dict(RECORD_D, compensation_paid="true"))
    assert [s["outcome"] for s in d["steps"]] == ["reduced", "reduced", "not_covered"]
    # 240 halved (120, 2020) then a quarter off (90, 2022), counted from 1 Jan 2019
    assert d["outcome"] == "reduced" and d["sentence_after"] == {"type": "fixed", "months": 90}


# -- the same with small rulebooks ----------------------------------------------------------------------------


def test_an_earlier_deferral_outranks_a_later_reduction(deferring, second):
    d = decide([deferring, second], record(compensation_paid="false"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "reduced"]
    assert d["steps"][1]["sentence_after"] == {"type": "fixed", "months": 180}  # life to 15 years, in the step
    assert_deferred_as_one_rulebook_has_it(d)
    assert rules(d) == ["deferring-unpaid", "deferring-life", "second-life"]
    assert d["sentence_before"] == {"type": "life", "months": None} and d["as_of"] == "2022-01-01"


def test_an_earlier_deferral_outranks_a_later_exclusion(deferring, second):
    d = decide([deferring, second], record(compensation_paid="false", offence_categories="drug_trafficking"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "excluded"]
    assert_deferred_as_one_rulebook_has_it(d)
    assert rules(d) == ["deferring-unpaid", "deferring-life", "second-drugs"]


def test_with_no_deferral_the_chain_decides_as_before(deferring, second):
    d = decide([deferring, second], record(compensation_paid="true"))
    assert [s["outcome"] for s in d["steps"]] == ["reduced", "reduced"]
    assert d["outcome"] == "reduced" and d["sentence_after"] == {"type": "fixed", "months": 180}
    assert rules(d) == ["second-quarter"] and d["release_date"] == "2033-06-01"  # 240 months, then a quarter off


def test_a_later_release_still_wins_over_an_earlier_deferral(deferring, second):
    d = decide([deferring, second], record(compensation_paid="false", sentence_type="fixed", sentence_months=24,
                                           custody_start="2018-01-01"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "release"]
    assert d["outcome"] == "release" and d["release_date"] == "2022-01-01"


def test_a_last_review_still_wins_over_an_earlier_deferral(deferring, second):
    d = decide([deferring, second], record(compensation_paid="false", offence_date=None))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "review"]
    assert d["outcome"] == "review" and d["missing"] == ["offence_date"]


def test_a_term_a_later_instrument_left_that_has_ended_is_a_release_whatever_an_earlier_deferral_waits_on():
    """Resolution No. 5 waits on the victim; Law No. 5 cuts 100 months by a quarter, to end on 1 April
    2025; Law No. 10 does not cover a theft. As of March 2026 the person is free under Law No. 5 whatever
    the claim: the pending halving could only have freed them earlier."""
    d = north_east(dict(RECORD_D, sentence_months="100"))
    assert [s["outcome"] for s in d["steps"]] == ["deferred", "reduced", "release"]  # Law No. 10's step carries it
    assert d["outcome"] == "release" and d["release_date"] == AS_OF.isoformat()


def test_an_earlier_review_lists_what_its_facts_could_make_of_the_chain():
    """Record D with the victim's waiver and compensation unknown: Resolution No. 5 asks for them. The
    chain's possible outcomes were ``["review"]``, which no filling of the facts gives; they now bound what
    the facts could make of it: deferred (claim unsettled), or the halving and then the later laws."""
    d = north_east(dict(RECORD_D, victim_waiver=None, compensation_paid=None))
    assert d["outcome"] == "review" and d["missing"] == ["victim_waiver", "compensation_paid"]
    assert "review" not in d["possible_outcomes"]
    assert {"deferred", "reduced"} <= set(d["possible_outcomes"])
    for waiver, paid in (("true", "false"), ("false", "false"), ("false", "true")):
        filled = north_east(dict(RECORD_D, victim_waiver=waiver, compensation_paid=paid))
        assert filled["outcome"] in d["possible_outcomes"], (waiver, paid, filled["outcome"])
