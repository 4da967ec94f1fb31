"""The fast batch path writes exactly the bytes the plain per-record path writes.

The fast path (engine/fastpath.py) validates each distinct cell once and
fills decisions from templates; it checks itself only on a sample of records
at run time. This test checks every record: files full of corner cases and
bad values, under every built-in rulebook, decided both ways.
"""

from __future__ import annotations

import csv
import random

import pytest

from amnesty import api
from amnesty.engine.evaluator import Evaluator
from amnesty.engine import decisions
from amnesty.engine.stream import duplicate_message, row_id_of
from amnesty.io.readers import open_records
from amnesty.io.writers import open_writer
from amnesty.models.record import RECORD_FIELDS
from amnesty.rules.loader import builtin_ids
from amnesty.synth import generate_records

ODD_CELLS = {
    "nationality": ["SY", "IQ", "", "sy", "SYR", "FR"],
    "birth_date": ["1949-07-17", "1949-07-18", "1948-02-29", "2023-02-30", "", "2030-01-01", " 1980-01-01 "],
    "legal_status": ["convicted", "awaiting_trial", "fugitive", "", "Convicted", "paroled"],
    "offence_categories": ["terrorism", "theft;terrorism", "theft", "", "rape;drug_trafficking", "terrorism;bogus", ";"],
    "offence_class": ["felony", "misdemeanour", "infraction", "", "crime"],
    "offence_date": ["2024-07-16", "2024-07-17", "2020-05-16", "2020-10-10", "", "2024-04-05", "17/07/2024"],
    "org_role": ["member", "emir", "none", "fighter", "", "boss"],
    "fought_sdf": ["true", "false", "", "yes", "NO", "1", "maybe"],
    "caused_death": ["false", "true", "", "0"],
    "explosives": ["false", "true", ""],
    "chronic_illness": ["false", "true", "", "Yes"],
    "sentence_type": ["fixed", "life", "death", "none", "", "suspended"],
    "sentence_months": ["0", "7", "180", "241", "", "-3", "12.5"],
    "custody_start": ["2014-07-17", "2024-02-29", "2024-01-31", "", "2019-13-01"],
    "surrender_date": ["2024-09-15", "2024-09-16", "", "2020-06-30"],
    "victim_waiver": ["true", "false", ""],
}


def odd_rows(count: int, seed: int):
    rng = random.Random(seed)
    for i in range(count):
        row = {name: rng.choice(cells) for name, cells in ODD_CELLS.items()}
        row["record_id"] = f"R{rng.randrange(count)}" if rng.random() < 0.02 else f"R-{i}"
        row["facility_id"] = rng.choice(["RQA-01", "HSK-02", "", "X"])
        yield row


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def plain_decisions(rows, evaluator):
    """The reference: every row as read, one at a time, through ``Evaluator.decide_values``, with the
    row contract written out plainly (an unreadable row, then a repeated id, is invalid)."""
    first_line = {}
    for row in rows:
        where = f"line {row.line}: "
        record_id = row_id_of(row.values.get("record_id") if row.values else row.record_id)
        repeated = first_line.get(record_id) if record_id else None
        if record_id and repeated is None:
            first_line[record_id] = row.line
        if row.problem or row.values is None or repeated is not None:
            facility = row.values.get("facility_id") if row.values else None
            facility = facility if isinstance(facility, str) and facility.strip() else None
            message = where + (row.problem or "unreadable row") if row.problem or row.values is None else (
                where + duplicate_message(record_id, f"line {repeated}"))
            yield decisions.invalid(record_id, facility, [message], evaluator.as_of, evaluator.ref)
        else:
            yield evaluator.decide_values(row.values, where)


def plain_bytes(source, rulebook, out):
    book = api.load_rulebook(rulebook)
    with open_records(source) as rows, Evaluator(book) as evaluator, open_writer(out) as writer:
        for decision in plain_decisions(rows, evaluator):
            writer.write(decision)
    return out.read_bytes()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fast")
    return {
        "odd": write(folder / "odd.csv", odd_rows(3500, 11)),
        "synthetic": write(folder / "synthetic.csv", generate_records(2500, 5)),
    }


@pytest.mark.parametrize("rulebook", [*builtin_ids(), "law-10-life-20"])
@pytest.mark.parametrize("kind", ["odd", "synthetic"])
def test_fast_path_bytes_equal_plain_path_bytes(inputs, tmp_path, rulebook, kind):
    fast = tmp_path / "fast.jsonl"
    api.evaluate_file(inputs[kind], rulebook=rulebook, output=fast, workers=1)
    assert fast.read_bytes() == plain_bytes(inputs[kind], rulebook, tmp_path / "plain.jsonl")


@pytest.mark.parametrize("rulebook", [*builtin_ids(), "law-10-life-20"])
def test_csv_from_the_json_decisions_equals_csv_from_plain_decisions(inputs, tmp_path, rulebook):
    """CSV is written from the JSON decisions the strategies make, decoded and re-encoded in the worker;
    the reference encodes the plain evaluator's decision dicts. Hostile cells, invalid rows, repeats."""
    fast = tmp_path / "fast.csv"
    api.evaluate_file(inputs["odd"], rulebook=rulebook, output=fast, workers=1)
    assert fast.read_bytes() == plain_bytes(inputs["odd"], rulebook, tmp_path / "plain.csv")


@pytest.mark.parametrize("batch_bytes", [1 << 14, 1 << 21])  # about two dozen batch boundaries; the default size
def test_the_batch_size_does_not_change_a_byte(inputs, tmp_path, monkeypatch, batch_bytes):
    from amnesty.engine import pipeline

    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", batch_bytes)
    fast = tmp_path / "fast.jsonl"
    api.evaluate_file(inputs["synthetic"], output=fast, workers=1)
    assert fast.read_bytes() == plain_bytes(inputs["synthetic"], "aanes-2024-law-10", tmp_path / "plain.jsonl")


def test_the_column_strategy_decides_most_rows(inputs, tmp_path, monkeypatch):
    """Not a speed test: a check that the exact result above comes from columns, not row by row."""
    from amnesty.engine import columnar

    by_row = []
    original = columnar._Batch._rows
    monkeypatch.setattr(columnar._Batch, "_rows", lambda self, at, check: (by_row.extend(at), original(self, at, check)))
    summary = api.evaluate_file(inputs["synthetic"], output=tmp_path / "out.jsonl", workers=1)
    assert summary.records_in == 2500
    assert 0 < len(by_row) < summary.records_in / 2


DATES = ["2024-07-18", " 2024-07-18 ", "٢٠٢٤-٠٧-١٨", "۲۰۲۴-۰۷-۱۸", "2024-07-17", "2019-01-01", "", "2024-13-01",
         "18/07/2024", "2024-7-18"]


@pytest.mark.parametrize("as_of", ["2024-07-17", "2020-10-10"])
def test_records_dated_after_the_as_of_date_are_counted_as_the_plain_reader_counts_them(tmp_path, as_of):
    """The column strategy counts a plain row's dates from their validated values, the row strategy
    from the text (``engine.dated.count_after``): Arabic digits, spaces, bad and blank dates alike."""
    from datetime import date

    from amnesty.engine.dated import as_dict, count_after

    rng = random.Random(3)
    rows = list(generate_records(3000, 9))
    for row in rows:
        for name in ("offence_date", "custody_start"):
            if rng.random() < 0.4:
                row[name] = rng.choice(DATES)
    path = write(tmp_path / "dates.csv", rows)
    day = date.fromisoformat(as_of)
    with open_records(path) as read:
        expected = as_dict(count_after([(r.line, r.values) for r in read if r.values is not None], None, day))
    assert expected["records"] and expected["offence_date"] and expected["custody_start"]
    summary = api.evaluate_file(path, output=tmp_path / "out.jsonl", as_of=day, workers=1)
    assert summary.to_dict()["dated_after_as_of"] == expected


def test_a_cell_refused_on_its_own_leaves_no_trace_on_the_next():
    """Each distinct cell is checked against the evaluator's record-level rules on a shared blank
    record, given the cell and then its blank back: a birth date after the as-of date refuses
    itself, and neither the next birth date nor another field's cell after it."""
    from amnesty.engine.fastpath import FastEvaluator

    book = api.load_rulebook("aanes-2024-law-10")
    with Evaluator(book) as evaluator:
        fast = FastEvaluator(evaluator)
        as_of = evaluator.as_of
        later = as_of.replace(year=as_of.year + 1)
        assert fast.single_field_problem("birth_date", later)
        assert not fast.single_field_problem("sentence_months", 120)
        assert not fast.single_field_problem("birth_date", as_of.replace(year=as_of.year - 40))
        assert fast.single_field_problem("sentence_months", 12 * 10_000)  # more than 9,999 years
        assert not fast.single_field_problem("birth_date", None)
        assert fast.single_field_problem("birth_date", later)
