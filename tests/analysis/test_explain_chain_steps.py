"""A chain's step explanation says what that instrument could decide once its missing facts are known."""

from __future__ import annotations

import json
import re

from amnesty import api
from amnesty.synth import write_sample_csv

CHAIN = "north-east-2020-2022-2024"
COULD = re.compile(r"\(it could then be: (.*)\)\.$")


def test_a_step_waiting_for_facts_names_the_outcomes_it_could_give(tmp_path):
    source, out = tmp_path / "records.csv", tmp_path / "decisions.jsonl"
    write_sample_csv(source, 300, seed=5)
    api.evaluate_file(source, rulebook=CHAIN, output=out, workers=1)
    waiting = [(d, i) for d in map(json.loads, out.read_text().splitlines())
               for i, step in enumerate(d.get("steps") or []) if step["missing"]]
    assert waiting, "the sample gives no step that waits for a fact"
    for decision, index in waiting[:4]:
        step = decision["steps"][index]
        assert step["possible_outcomes"]
        explained = api.explain_record(decision["record_id"], source, rulebook=CHAIN).steps[index]
        (line,) = [text for text in explained.explanation.what_would_change if text.startswith("Knowing")]
        assert COULD.search(line).group(1).split(", ") == step["possible_outcomes"]
