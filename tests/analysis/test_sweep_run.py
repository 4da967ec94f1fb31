"""A sweep is one run with N variants: its counts are those of N separate evaluations, row contract included.

The file mixes what the row contract decides before any rule is read: a
repeated id (of a valid record, of an invalid one, within one batch and
across batches, with surrounding spaces), a blank line, a ragged row, a
row the record model refuses, a quoted line (read by the careful reader,
not as plain lines), records dated after the as-of date.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import pytest

from amnesty import api
from amnesty.engine import pipeline, variant_rows, variants
from amnesty.engine.sentence import add_months
from amnesty.errors import EngineError

VALUES = {"release_age": [60, 70], "fixed_term_remit_fraction": [0.25, 0.75], "life_commuted_years": [10, 25]}


def _rows(width: int) -> list[str]:
    def row(text: str) -> str:
        return text + "," * (width - text.count(","))

    return [
        row("DUP-1,HSK-01,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,fixed,60,2019-02-01,,"),
        row("SYN-000003,HSK-01,SY,1950-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,life,,2010-02-01,,"),
        "",
        row(" SYN-000004 ,RQA-01,SY,1980-01-01,convicted,theft,felony,2019-01-01,none,false,false,false,false,fixed,30,2019-02-01,,"),
        "RAGGED-1,RQA-01,SY,1980-01-01",
        row("BAD-ENUM,RQA-01,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,boss,false,false,false,false,fixed,60,2019-02-01,,"),
        row("BAD-ENUM,RQA-01,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,fixed,60,2019-02-01,,"),
        row('"QUOTED-1",RQA-02,SY,1949-01-01,convicted,theft,felony,2019-01-01,none,false,false,false,false,fixed,120,2019-02-01,,'),
        row("DUP-1,HSK-01,SY,1980-01-01,convicted,theft,felony,2019-01-01,none,false,false,false,false,fixed,12,2019-02-01,,"),
        row("LATE-1,HSK-01,SY,1980-01-01,convicted,theft,felony,2030-01-01,none,false,false,false,false,fixed,12,2031-02-01,,"),
        "RAGGED-1,RQA-01",
    ]


@pytest.fixture(scope="module")
def contract_file(tmp_path_factory):
    """Sample records with the rows above spread through them (so some repeats cross batches)."""
    lines = api.SAMPLE.read_text(encoding="utf-8").splitlines()
    extra = _rows(lines[0].count(","))
    body = lines[1:401]
    mixed = body[:50] + extra[:4] + body[50:250] + extra[4:] + body[250:] + ["", body[10]]  # a repeat at the end
    path = tmp_path_factory.mktemp("contract") / "records.csv"
    path.write_text("\n".join([lines[0], *mixed]) + "\n", encoding="utf-8")
    return path


def evaluated(path, book, as_of: date | None = None):
    """Outcomes, possible outcomes, releases within 1, 2, 5 years, records and those dated late, from evaluate."""
    out: list[dict] = []
    summary = api.evaluate_file(path, rulebook=book, on_decision=out.append, as_of=as_of, workers=1)
    day = date.fromisoformat(out[0]["as_of"])
    within = {f"{n}y": sum(1 for d in out if d["outcome"] in ("release", "reduced")
                           and d["release_date"] <= add_months(day, 12 * n).isoformat()) for n in (1, 2, 5)}
    possible = Counter(o for d in out for o in d["possible_outcomes"])
    return Counter(d["outcome"] for d in out), possible, within, len(out), summary


def check_row(row, outcomes, possible, within):
    assert {k: v for k, v in row.outcomes.items() if v} == dict(outcomes)
    assert row.released_within == within
    assert {o: b["possible"] for o, b in row.bounds.items()} == {
        o: max(outcomes.get(o, 0), possible.get(o, 0)) for o in row.bounds}


@pytest.mark.parametrize("batch_bytes", [1 << 21, 1 << 11])  # one batch; many, with repeats across them
@pytest.mark.parametrize("param", sorted(VALUES))
def test_sweep_counts_equal_separate_evaluations(contract_file, monkeypatch, batch_bytes, param):
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", batch_bytes)
    result = api.sweep(contract_file, param=param, values=VALUES[param])
    _check_sweep(contract_file, result, param)


def _check_sweep(contract_file, result, param):
    assert [row.value for row in result.rows] == VALUES[param]
    for row in result.rows:
        outcomes, possible, within, records, summary = evaluated(contract_file, api.load_rulebook(set={param: row.value}))
        assert outcomes["invalid"] >= 7  # the rows of the contract really are in the file
        check_row(row, outcomes, possible, within)
        assert result.records == records == summary.records_in
        assert +result.dated_after == +summary.dated_after and result.dated_after


def test_batches_shared_by_worker_processes_give_the_same_counts(contract_file, monkeypatch):
    """Many small batches (repeats across them), so two workers really share them."""
    monkeypatch.setattr(pipeline, "COLUMNAR_BYTES", 1 << 11)
    shared = api.sweep(contract_file, param="fixed_term_remit_fraction", values=VALUES["fixed_term_remit_fraction"],
                       workers=2)
    assert shared.to_dict() == api.sweep(contract_file, param="fixed_term_remit_fraction",
                                         values=VALUES["fixed_term_remit_fraction"]).to_dict()
    _check_sweep(contract_file, shared, "fixed_term_remit_fraction")


def test_grid_counts_equal_separate_evaluations(contract_file):
    grid = api.sweep_grid(contract_file, grid={"release_age": [60, 75], "life_commuted_years": [10, 20]})
    for row in grid.rows:
        outcomes, possible, within, records, _ = evaluated(contract_file, api.load_rulebook(set=row.point))
        check_row(row, outcomes, possible, within)
        assert grid.records == records


def test_json_lines_go_through_the_same_contract(contract_file, tmp_path):
    """Records as JSON objects (rows of dicts, not CSV lines): the same counts as evaluate of that file."""
    path = tmp_path / "records.jsonl"
    lines = contract_file.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    out = []
    for line in lines[1:]:
        cells = line.split(",")
        if not line or len(cells) != len(header):
            out.append(line if not line else json.dumps({"record_id": cells[0]}))  # blank, or missing fields
            continue
        out.append(json.dumps({k: v.strip('"') for k, v in zip(header, cells) if v != ""}))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    result = api.sweep(path, param="release_age", values=[60, 70])
    for row in result.rows:
        outcomes, possible, within, records, _ = evaluated(path, api.load_rulebook(set={"release_age": row.value}))
        check_row(row, outcomes, possible, within)
        assert result.records == records


def test_every_row_checked_gives_the_same_counts(contract_file, monkeypatch):
    """With every row's column facts and every shortcut result checked against the reference, nothing differs."""
    before = api.sweep(contract_file, param="fixed_term_remit_fraction", values=[0.25, 0.5]).to_dict()
    monkeypatch.setattr(variant_rows, "CHECK_EVERY", 1)
    monkeypatch.setattr(variants, "CHECK_EVERY", 1)
    assert api.sweep(contract_file, param="fixed_term_remit_fraction", values=[0.25, 0.5]).to_dict() == before


def test_column_facts_that_differ_from_the_record_model_stop_the_sweep(contract_file, monkeypatch):
    real = variant_rows.field_facts

    def off_by_one(name, value, as_of):
        facts = real(name, value, as_of)
        return {**facts, "age": facts["age"] + 1} if facts.get("age") is not None else facts

    monkeypatch.setattr(variant_rows, "field_facts", off_by_one)
    monkeypatch.setattr(variant_rows, "CHECK_EVERY", 1)
    with pytest.raises(EngineError, match="differ"):
        api.sweep(contract_file, param="release_age", values=[60, 70])


def test_a_shortcut_result_that_differs_from_outcome_decide_stops_the_sweep(contract_file, monkeypatch):
    real = variants.one_world

    def late(book, active, sentence, terms):
        result = real(book, active, sentence, terms)
        if result is not None and result.release_date is not None:
            from dataclasses import replace

            result = replace(result, release_date=add_months(result.release_date, 1))
        return result

    monkeypatch.setattr(variants, "one_world", late)
    monkeypatch.setattr(variants, "CHECK_EVERY", 1)
    with pytest.raises(EngineError, match="differs from outcome.decide"):
        api.sweep(contract_file, param="fixed_term_remit_fraction", values=[0.25, 0.5])
