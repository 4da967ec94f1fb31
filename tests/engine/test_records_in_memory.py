"""Records handed over in memory go through the same run as a file's (``api.evaluate_records``)."""

from __future__ import annotations

import csv
import itertools
import re
from datetime import date

from amnesty import api
from amnesty.engine import pipeline
from amnesty.models.record import RECORD_FIELDS, Record
from amnesty.synth import write_sample_csv


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, RECORD_FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _positions_as_records(decision):
    """A file's decision with its positions named as a list's ("line N+1" is "record N")."""
    errors = [re.sub(r"\bline (\d+)", lambda m: f"record {int(m.group(1)) - 1}", e) for e in decision["errors"]]
    return {**decision, "errors": errors}


def test_records_in_memory_get_the_decisions_a_file_of_them_gets(tmp_path, base_record):
    write_sample_csv(tmp_path / "sample.csv", 600, seed=5)
    with open(tmp_path / "sample.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[3] = {**rows[3], "sentence_months": "forever"}  # invalid
    rows[7] = {**rows[7], "record_id": rows[2]["record_id"]}  # a repeated id
    rows[9] = {**rows[9], "birth_date": "2090-01-01"}  # born after the as-of date
    path = _write(tmp_path / "in.csv", rows)
    from_file = []
    api.evaluate_file(path, on_decision=from_file.append, workers=1, as_of=date(2025, 1, 1))
    in_memory = list(api.evaluate_records(rows, as_of=date(2025, 1, 1)))
    assert len(in_memory) == len(rows)
    assert in_memory == [_positions_as_records(d) for d in from_file]
    assert in_memory[7]["errors"] == [
        f"record 8: field record_id: {rows[2]['record_id']!r} is a duplicate of the record on record 3"
    ]
    assert in_memory[3]["errors"][0].startswith("record 4: field sentence_months: ")


def test_record_objects_and_dicts_give_the_same_decisions(base_record):
    rows = [{**base_record, "record_id": f"R{i}", "sentence_months": str(12 * i)} for i in range(1, 6)]
    objects = [Record.model_validate(r) for r in rows]
    assert list(api.evaluate_records(objects)) == list(api.evaluate_records(rows))


def test_something_that_is_not_a_record_gets_an_invalid_decision_of_its_own(base_record):
    decisions = list(api.evaluate_records([base_record, "A1,2019-01-01", None, {**base_record, "record_id": "B"}]))
    assert [d["outcome"] == "invalid" for d in decisions] == [False, True, True, False]
    assert decisions[1]["errors"] == [
        "record 2: holds a string, not a record (a mapping of field names to values, or a Record)"
    ]
    assert decisions[2]["errors"][0].startswith("record 3: holds nothing (None)")


def test_keys_outside_the_data_dictionary_are_ignored_as_a_files_extra_columns_are(base_record):
    plain, extra = api.evaluate_records([base_record, {**base_record, "record_id": "X", "nickname": "abu"}])
    assert extra["outcome"] == plain["outcome"] != "invalid"


def test_records_are_read_lazily_one_batch_at_a_time(base_record):
    pulled = itertools.count()

    def endless():
        for i in itertools.count():
            if next(pulled) > 10 * pipeline.ROWS_PER_BATCH:  # fail, rather than hang, if read to the end
                raise AssertionError("the run read far past its first batch before deciding it")
            yield {**base_record, "record_id": f"R{i}"}

    first = next(api.evaluate_records(endless()))
    assert first["record_id"] == "R0"
    assert next(pulled) <= pipeline.ROWS_PER_BATCH + 1  # one batch read, not the whole (endless) input


def test_values_a_file_reader_refuses_are_refused_in_memory_in_the_same_words(tmp_path, base_record):
    import json

    def from_file(record, suffix):
        path = tmp_path / f"in{suffix}"
        if suffix == ".jsonl":
            path.write_text(json.dumps(record, default=str) + "\n", encoding="utf-8")
        else:
            _write(path, [record])
        out = []
        api.evaluate_file(path, on_decision=out.append, workers=1)
        return out[0]

    # A raw NUL is what a CSV export holds (JSON Lines can only write it as an escape, which is text).
    cases = {"nul": ("SY\x00", ".csv"), "line break": ("SY\nIQ", ".jsonl"), "oversize": ("S" * ((1 << 20) + 1), ".jsonl")}
    for label, (value, suffix) in cases.items():
        record = {**base_record, "record_id": "R1", "nationality": value}
        decided = from_file(record, suffix)
        (in_memory,) = api.evaluate_records([record])
        assert in_memory["outcome"] == decided["outcome"] == "invalid", label
        line = "line 2" if suffix == ".csv" else "line 1"
        assert in_memory["errors"] == [e.replace(line, "record 1") for e in decided["errors"]], label
    (half,) = api.evaluate_records([{**base_record, "record_id": "R2", "nationality": "S\ud800"}])
    assert half["outcome"] == "invalid" and "lone surrogate" in half["errors"][0]
