"""Who holds whom: the dated authority of each facility, the record's own value first, and --rulebook auto."""

from __future__ import annotations

import json
from datetime import date

import pytest
from chain_books import record

from amnesty import api
from amnesty.engine.custody import register_authority
from amnesty.engine.evaluator import Evaluator
from amnesty.errors import InputFileError
from amnesty.facilities import load_facilities

HEADER = "facility_id,name,region,capacity,authority,handed_over_to,handed_over_on\n"


def test_a_hand_over_changes_the_authority_from_its_date(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + "A-1,Alpha,North,10,DAANES,syria,2026-01-23\nB-2,Beta,South,5,,,\n", encoding="utf-8")
    register = load_facilities(path)
    assert register_authority(register, "A-1", date(2026, 1, 22)) == "daanes"
    assert register_authority(register, "A-1", date(2026, 1, 23)) == "syria"
    assert register_authority(register, "B-2", date(2026, 1, 23)) is None
    assert register_authority(register, "ZZ-9", date(2026, 1, 23)) is None


def test_the_old_four_column_register_still_loads(tmp_path):
    path = tmp_path / "register.csv"
    path.write_text("facility_id,name,region,capacity\nA-1,Alpha,North,10\n", encoding="utf-8")
    assert load_facilities(path)["A-1"].authority is None


@pytest.mark.parametrize("row, words", [
    ("A-1,Alpha,North,10,daanes,syria,\n", [":2: ", "handed_over_to", "handed_over_on"]),
    ("A-1,Alpha,North,10,kurds,,\n", [":2: ", "field authority", "kurds"]),
    ("A-1,Alpha,North,10,daanes,syria,2026-13-01\n", [":2: ", "handed_over_on", "2026-13-01"]),
])
def test_a_bad_hand_over_is_refused_naming_line_and_field(tmp_path, row, words):
    path = tmp_path / "register.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_facilities(path)
    assert all(word in str(caught.value) for word in words), str(caught.value)


def test_the_bundled_register_records_the_2026_hand_overs():
    register = load_facilities()
    moved = {code: f for code, f in register.items() if f.handed_over_on is not None}
    assert moved and all(f.handed_over_to.value == "syria" for f in moved.values())
    assert all(date(2026, 1, 1) <= f.handed_over_on <= date(2026, 1, 31) for f in moved.values())
    assert all("synthetic code" in f.handover_source for f in moved.values())
    assert all(f.authority is not None and f.authority.value == "daanes" for f in register.values())


def test_the_register_fills_a_blank_custodial_authority_and_the_record_wins(held):
    as_of = date(2026, 3, 1)
    handed = next(code for code, f in load_facilities().items() if f.handed_over_on is not None)
    kept = next(code for code, f in load_facilities().items() if f.handed_over_on is None)
    fixed = {"sentence_type": "fixed", "sentence_months": 120, "custody_start": "2024-01-01"}
    with Evaluator(held, as_of) as evaluator:
        assert evaluator.decide_values(record(facility_id=handed, **fixed))["outcome"] == "reduced"
        blank = evaluator.decide_values(record(facility_id=kept, **fixed))
        assert blank["outcome"] == "not_covered" and blank["facility_id"] == kept
        own = evaluator.decide_values(record(facility_id=kept, custodial_authority="syria", **fixed))
        assert own["outcome"] == "reduced"
        wins = evaluator.decide_values(record(facility_id=handed, custodial_authority="iraq", **fixed))
        assert wins["outcome"] == "not_covered"
        unknown = evaluator.decide_values(record(facility_id="NOT-REGISTERED", **fixed))
        assert unknown["outcome"] == "review" and unknown["missing"] == ["custodial_authority"]
    with Evaluator(held, date(2026, 1, 1)) as before:  # before the hand-over the facility was not Syria's
        assert before.decide_values(record(facility_id=handed, **fixed))["outcome"] == "not_covered"


def test_a_scenario_can_widen_the_authorities(book_files, tmp_path):
    kept = next(code for code, f in load_facilities().items() if f.handed_over_on is None)
    rows = [record(facility_id=kept, sentence_type="fixed", sentence_months=120, custody_start="2024-01-01")]
    (narrow,) = api.evaluate_records(rows, book_files["held"], as_of=date(2026, 3, 1))
    wide = api.load_rulebook(book_files["held"], set={"covered_authorities": ["syria", "daanes"]})
    (widened,) = api.evaluate_records(rows, wide, as_of=date(2026, 3, 1))
    assert (narrow["outcome"], widened["outcome"]) == ("not_covered", "reduced")


def test_files_give_the_same_decisions_as_records(book_files, tmp_path):
    """The pipeline (plain path for a rulebook that reads custodial_authority) fills it too."""
    import csv

    from amnesty.models.record import RECORD_FIELDS

    register = load_facilities()
    codes = sorted(register)
    rows = [record(record_id=f"R{i}", facility_id=codes[i % len(codes)], sentence_type="fixed",
                   sentence_months=12 + i, custody_start="2024-01-01") for i in range(60)]
    path = tmp_path / "records.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    out = tmp_path / "out.jsonl"
    api.evaluate_file(path, rulebook=book_files["held"], as_of=date(2026, 3, 1), output=out, workers=1)
    seen = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    direct = list(api.evaluate_records(rows, book_files["held"], as_of=date(2026, 3, 1)))
    assert seen == direct
    outcomes = {d["outcome"] for d in seen}
    assert "not_covered" in outcomes and outcomes & {"reduced", "release"}


def test_auto_picks_the_instrument_of_the_authority_holding_the_person():
    register = load_facilities()
    handed = next(code for code, f in register.items() if f.handed_over_on is not None)
    kept = next(code for code, f in register.items() if f.handed_over_on is None)
    rows = [
        record(record_id="A", facility_id=kept, offence_categories="terrorism", sentence_type="fixed",
               sentence_months=120, custody_start="2019-01-01"),
        record(record_id="B", facility_id=handed, sentence_type="fixed", sentence_months=120,
               custody_start="2019-01-01"),
        record(record_id="C", facility_id="NOT-REGISTERED", sentence_type="fixed", sentence_months=120,
               custody_start="2019-01-01"),
        record(record_id="D", facility_id=kept, custodial_authority="iraq"),
    ]
    a, b, c, d = api.evaluate_records(rows, "auto", as_of=date(2026, 3, 1))
    assert a["rulebook"]["id"] == "aanes-2024-law-10"
    assert a["reasons"][-1]["rule"] == "instrument-chosen" and "daanes" in a["reasons"][-1]["text"]
    assert "aanes-2024-law-10" in a["reasons"][-1]["text"]
    syria = _latest("syria", date(2026, 3, 1))  # the map decides: Decree No. 39 once it is encoded
    if syria is None:
        assert b["outcome"] == "review" and "no encoded instrument of syria" in b["reasons"][-1]["text"]
    else:
        assert b["rulebook"]["id"] == syria and "Held by syria" in b["reasons"][-1]["text"]
    assert c["outcome"] == "review" and "custodial_authority" in c["missing"]  # with what its instrument would ask
    assert d["outcome"] == "review" and "iraq" in d["reasons"][-1]["text"]
    # in 2021 the latest DAANES instrument in force was Resolution No. 5 of 2020
    (early,) = api.evaluate_records(rows[:1], "auto", as_of=date(2021, 6, 1))
    assert early["rulebook"]["id"] == "aanes-2020-resolution-5"


def _latest(authority: str, day: date) -> str | None:
    from amnesty.analysis.auto import load_map
    from amnesty.models.record import Authority
    from amnesty.rules.loader import load_rulebook

    mapping, _ = load_map()
    books = [load_rulebook(i) for i in mapping.authorities[Authority(authority)]]
    books = [b for b in books if b.enacted <= day]
    return max(books, key=lambda b: b.enacted).id if books else None
