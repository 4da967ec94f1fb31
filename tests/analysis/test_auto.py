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

