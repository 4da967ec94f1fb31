"""A decision's template: its JSON cut at the per-record values, or no template at all."""

import json

import pytest

from amnesty.engine.templates import NoTemplate, Template
from amnesty.io.writers import encoder

DECISION = {"record_id": "R-1", "facility_id": "F", "outcome": "release", "reasons": [{"text": 'a "quoted" \u0627'}],
            "sentence_before": {"type": "life"}, "sentence_after": None, "release_date": "2024-07-17",
            "parole_date": None, "earliest_release_date": None, "as_of": "2024-07-17"}


def test_the_pieces_and_the_values_give_the_decision_back():
    encode = encoder("jsonl")
    template = Template(DECISION, encode)
    values = [encode(DECISION[name]) for name in ("record_id", "facility_id", "sentence_before", "sentence_after",
                                                  "release_date", "parole_date", "earliest_release_date")]
    text = template.pieces[0] + "".join(v + p for v, p in zip(values, template.pieces[1:]))
    assert json.loads(text) == DECISION and text == encode(DECISION)


def test_a_value_that_is_a_marker_gives_no_template():
    with pytest.raises(NoTemplate):
        Template({**DECISION, "outcome": "\x1e0\x1e"}, encoder("jsonl"))
