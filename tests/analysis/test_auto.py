"""--rulebook auto: the decisions it makes itself, and the instruments its map lists."""

from __future__ import annotations

from datetime import date

from amnesty import api
from amnesty.models.decision import OUTCOME_ORDER, Decision

THEFT = {
    "record_id": "R1", "facility_id": "HSK-01", "nationality": "SY", "legal_status": "convicted",
    "offence_categories": "theft", "offence_class": "felony", "offence_date": "2019-05-01",
    "sentence_type": "fixed", "sentence_months": "60", "custody_start": "2019-06-01",
    "victim_waiver": "true", "chronic_illness": "false",
}


def record(**values):
    row = dict(THEFT, **values)
    return {k: v for k, v in row.items() if v is not None}


def test_auto_review_decisions_of_its_own_are_review_throughout():
    """When auto cannot choose an instrument its decision is a review one, not the invalid template
    with another outcome: possible_outcomes holds the outcome, errors are empty, the sentence is the
    record's, and an unknown authority is named in missing with every fact an instrument it could
    choose would still want (filled in, the record is no longer review for want of a fact)."""
    as_of = date(2026, 3, 1)
    iraq, unknown = api.evaluate_records(
        [record(record_id="IRQ", custodial_authority="iraq"),
         record(record_id="UNK", facility_id="NOT-REGISTERED", chronic_illness=None)],
        "auto", as_of=as_of)
    for decision in (iraq, unknown):
        Decision.model_validate(decision)
        assert decision["rulebook"]["id"] == "auto" and decision["outcome"] == "review"
        assert decision["outcome"] in decision["possible_outcomes"] and "invalid" not in decision["possible_outcomes"]
        assert decision["errors"] == [] and decision["reasons"][-1]["rule"] == "instrument-chosen"
        assert decision["sentence_before"] == {"type": "fixed", "months": 60} and decision["sentence_after"] is None
    # held by an authority with no encoded instrument: no unknown fact would change that
    assert iraq["possible_outcomes"] == ["review"] and iraq["missing"] == []
    assert iraq["earliest_release_date"] is None
    # nobody knows who holds the person: whoever it is decides, in their instrument's terms
    assert unknown["reasons"][-1]["finding"] == "unknown"
    assert "custodial_authority" in unknown["missing"] and "chronic_illness" in unknown["missing"]
    seen = set()
    for authority in ("daanes", "syria", "iraq", "other"):
        held = record(record_id="UNK", facility_id="NOT-REGISTERED", chronic_illness=None,
                      custodial_authority=authority)
        (known,) = api.evaluate_records([held], "auto", as_of=as_of)
        assert set(known["missing"]) <= set(unknown["missing"]), (authority, known)  # one round of collecting
        seen.update(known["possible_outcomes"])
    assert unknown["possible_outcomes"] == [o.value for o in OUTCOME_ORDER if o.value in seen]


def test_auto_decides_daanes_detainees_under_the_eid_amnesty_until_resolution_5():
    """The May 2020 Eid amnesty is a general one (felony terms halved, life commuted): from its
    enactment until Resolution No. 5 of 2020 it is the DAANES instrument in force."""
    from amnesty.analysis.auto import load_map
    from amnesty.models.record import Authority
    from amnesty.rules.loader import load_rulebook

    daanes = load_map()[0].authorities[Authority.daanes]
    assert daanes[0] == "aanes-2020-eid"
    enacted = [load_rulebook(i).enacted for i in daanes]
    assert enacted == sorted(enacted)  # enactment order

    row = record(custodial_authority="daanes")
    (mid_2020,) = api.evaluate_records([row], "auto", as_of=date(2020, 7, 1))
    (direct,) = api.evaluate_records([row], "aanes-2020-eid", as_of=date(2020, 7, 1))
    assert mid_2020["rulebook"]["id"] == "aanes-2020-eid" and mid_2020["outcome"] == direct["outcome"] == "reduced"
    assert mid_2020["sentence_after"] == direct["sentence_after"] == {"type": "fixed", "months": 30}
    assert "aanes-2020-eid" in mid_2020["reasons"][-1]["text"]
    (before,) = api.evaluate_records([row], "auto", as_of=date(2020, 5, 16))
    assert before["rulebook"]["id"] == "auto" and "no encoded instrument of daanes" in before["reasons"][-1]["text"]
    (resolution,) = api.evaluate_records([row], "auto", as_of=date(2020, 10, 10))
    assert resolution["rulebook"]["id"] == "aanes-2020-resolution-5"


def test_the_record_contract_holds_where_no_instrument_is_in_force():
    """A birth after the as-of date makes a record invalid under any law; held by an authority with no
    encoded instrument it was auto's own review, where the same record held elsewhere is invalid."""
    born_later = dict(record(record_id="IRQ", custodial_authority="iraq", birth_date="2026-03-15"),
                      offence_date="", custody_start="")
    as_of = date(2026, 3, 1)
    (iraq,) = api.evaluate_records([born_later], "auto", as_of=as_of)
    (syria,) = api.evaluate_records([dict(born_later, custodial_authority="syria")], "auto", as_of=as_of)
    assert syria["outcome"] == "invalid"
    assert iraq["outcome"] == "invalid" and iraq["errors"] == syria["errors"]
    assert "birth_date: 2026-03-15 is after the as-of date 2026-03-01" in iraq["errors"][0]
