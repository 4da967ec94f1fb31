"""The synthetic sample: reproducible, in the contract's format, and varied enough to exercise every law."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from importlib import resources

import pytest
import typer
from pydantic import ValidationError
from typer.testing import CliRunner

from amnesty.cli.sample import sample
from amnesty.errors import OutputFileError
from amnesty.facilities import Facility, load_facilities
from amnesty.models.record import (
    RECORD_FIELDS,
    LegalStatus,
    OffenceCategory,
    OffenceClass,
    OrgRole,
    Record,
    SentenceType,
)
from amnesty.synth import generate_records, write_sample_csv

ENUM_FIELDS = {
    "legal_status": LegalStatus,
    "offence_class": OffenceClass,
    "org_role": OrgRole,
    "sentence_type": SentenceType,
}
FLAG_FIELDS = ("fought_sdf", "caused_death", "explosives", "chronic_illness", "victim_waiver")
DATE_FIELDS = ("birth_date", "offence_date", "custody_start", "surrender_date")
# The version-1 facts; the version-2 ones (good conduct, compensation, ...) are unknown more often by design.
OPTIONAL_FIELDS = RECORD_FIELDS[2 : RECORD_FIELDS.index("victim_waiver") + 1]
SECURITY = {"terrorism", "state_security"}
CUT_OFFS = (date(2020, 5, 17), date(2020, 10, 10), date(2024, 4, 6), date(2024, 7, 17))
LAW_10 = date(2024, 7, 17)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return list(generate_records(10_000, seed=2024))


@pytest.fixture(scope="module")
def valid_rows(rows) -> list[dict[str, str]]:
    return [row for row in rows if not contract_breaches(row)]


def as_record_input(row: dict[str, str]) -> dict[str, str | None]:
    """An empty CSV cell means unknown, which the model receives as None."""
    return {field: (value if value != "" else None) for field, value in row.items()}


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def contract_breaches(row: dict[str, str]) -> set[str]:
    """Which rules of data-dictionary.md a row breaks, judged without the Record model."""
    breaches = set()
    for field, enum in ENUM_FIELDS.items():
        if row[field] and row[field] not in {member.value for member in enum}:
            breaches.add("bad_enum")
    categories = row["offence_categories"].split(";") if row["offence_categories"] else []
    if any(category not in {member.value for member in OffenceCategory} for category in categories):
        breaches.add("bad_enum")
    if any(row[field] and parse_date(row[field]) is None for field in DATE_FIELDS):
        breaches.add("impossible_date")
    if row["sentence_months"].startswith("-"):
        breaches.add("negative_months")
    if row["sentence_type"] == "fixed" and not row["sentence_months"]:
        breaches.add("fixed_without_months")
    return breaches


def test_same_seed_same_rows_and_another_seed_differs():
    first = list(generate_records(300, seed=7))
    assert first == list(generate_records(300, seed=7))
    assert first != list(generate_records(300, seed=8))
    assert list(generate_records(100, seed=7)) == first[:100]


def test_rows_have_exactly_the_dictionary_fields_as_strings(rows):
    assert len(rows) == 10_000
    for row in rows:
        assert tuple(row) == RECORD_FIELDS
        assert all(isinstance(value, str) for value in row.values())
    assert all(re.fullmatch(r"SYN-\d{6}", row["record_id"]) for row in rows)
    for field in FLAG_FIELDS:
        assert {row[field] for row in rows} == {"true", "false", ""}


def test_committed_sample_is_a_fresh_regeneration(tmp_path):
    target = tmp_path / "sample.csv"
    assert write_sample_csv(target, 10_000, 2024, invalid_rate=0.0) == 10_000
    fresh = target.read_bytes()
    committed = (resources.files("amnesty") / "data" / "sample.csv").read_bytes()
    assert fresh == committed
    assert not fresh.startswith(b"\xef\xbb\xbf") and b"\r" not in fresh
    assert fresh.count(b"\n") == 10_001
    assert fresh.split(b"\n", 1)[0].decode() == ",".join(RECORD_FIELDS)


def test_write_refuses_to_replace_without_force(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputFileError):
        write_sample_csv(target, 5, 1)
    assert target.read_text(encoding="utf-8") == "keep me"
    assert write_sample_csv(target, 5, 1, force=True) == 5


def test_every_enum_value_appears(rows):
    for field, enum in ENUM_FIELDS.items():
        seen = Counter(row[field] for row in rows)
        for member in enum:
            assert seen[member.value] > 0, f"{field}={member.value} never generated"
    categories = Counter(c for row in rows for c in row["offence_categories"].split(";"))
    for member in OffenceCategory:
        assert categories[member.value] > 0, f"offence category {member.value} never generated"


def test_population_is_mostly_syrian_security_detainees(valid_rows):
    nationalities = Counter(row["nationality"] for row in valid_rows)
    assert nationalities.most_common(2)[0][0] == "SY" and nationalities.most_common(2)[1][0] == "IQ"
    assert nationalities["SY"] > 0.6 * len(valid_rows)
    assert len(set(nationalities) - {"SY", "IQ", ""}) >= 3
    security = [row for row in valid_rows if SECURITY & set(row["offence_categories"].split(";"))]
    assert 0.5 * len(valid_rows) < len(security) < 0.9 * len(valid_rows)


def test_ordinary_crimes_cover_every_category_and_class(valid_rows):
    ordinary = [
        row
        for row in valid_rows
        if row["offence_categories"] and not SECURITY & set(row["offence_categories"].split(";"))
    ]
    categories = {c for row in ordinary for c in row["offence_categories"].split(";")}
    assert categories == {member.value for member in OffenceCategory} - SECURITY
    assert {row["offence_class"] for row in ordinary} >= {member.value for member in OffenceClass}


def test_offence_dates_straddle_every_cut_off(valid_rows):
    dates = Counter(row["offence_date"] for row in valid_rows)
    for cut_off in CUT_OFFS:
        for offset in (-1, 0, 1):
            assert dates[(cut_off + timedelta(days=offset)).isoformat()] > 0, f"{cut_off}{offset:+d}"
    years = [int(d[:4]) for d in dates.elements() if d]
    before_2020 = sum(year < 2020 for year in years)
    assert before_2020 > 0.5 * len(years) and before_2020 < len(years)
    assert {2020, 2021, 2022, 2023, 2024} <= set(years)


def test_fugitives_surrender_inside_outside_and_never(valid_rows):
    window_end = LAW_10 + timedelta(days=60)
    fugitives = [row for row in valid_rows if row["legal_status"] == "fugitive"]
    surrenders = [parse_date(row["surrender_date"]) for row in fugitives if row["surrender_date"]]
    assert len(surrenders) < len(fugitives), "no fugitive without a surrender date"
    assert any(LAW_10 <= day <= window_end for day in surrenders)
    assert any(day > window_end for day in surrenders)
    assert window_end in surrenders and window_end + timedelta(days=1) in surrenders


def test_sentences_cover_the_range_and_halving(valid_rows):
    months = [int(row["sentence_months"]) for row in valid_rows if row["sentence_type"] == "fixed"]
    assert min(months) == 1 and max(months) == 300
    assert any(m % 2 for m in months) and any(m % 2 == 0 for m in months)
    types = Counter(row["sentence_type"] for row in valid_rows)
    assert 0 < types["death"] < 0.02 * len(valid_rows) < types["life"]
    served = Counter()
    for row in valid_rows:
        start = parse_date(row["custody_start"]) if row["custody_start"] else None
        if row["sentence_type"] == "fixed" and start:
            half = timedelta(days=int(row["sentence_months"]) * 30.44 / 2)
            served[start + half <= LAW_10] += 1
    assert served[True] > 100 and served[False] > 100


def test_custody_mostly_follows_the_offence(valid_rows):
    pairs = [
        (row["offence_date"], row["custody_start"])
        for row in valid_rows
        if row["offence_date"] and row["custody_start"]
    ]
    after = sum(custody >= offence for offence, custody in pairs)
    assert 0.85 * len(pairs) < after < len(pairs)


def test_ages_include_the_75th_birthday_boundary(valid_rows):
    births = Counter(row["birth_date"] for row in valid_rows)
    assert births["1949-07-17"] > 0 and births["1949-07-18"] > 0
    assert sum(n for day, n in births.items() if day and day < "1949-07-17") > 0
    ill = sum(row["chronic_illness"] == "true" for row in valid_rows)
    assert 0.01 * len(valid_rows) < ill < 0.06 * len(valid_rows)


def test_about_a_tenth_of_optional_facts_are_unknown(valid_rows):
    cells = [row[field] for row in valid_rows for field in OPTIONAL_FIELDS]
    assert 0.10 <= cells.count("") / len(cells) <= 0.15
    for field in OPTIONAL_FIELDS:
        assert any(row[field] == "" for row in valid_rows), f"{field} is never unknown"


def test_invalid_rows_fail_validation_and_valid_rows_pass(rows):
    breaking = {}
    for line, row in enumerate(rows):
        breaches = contract_breaches(row)
        try:
            Record.model_validate(as_record_input(row))
            assert not breaches, f"row {row['record_id']} breaks {breaches} but validates"
        except ValidationError:
            assert breaches, f"row {row['record_id']} is meant to be valid but fails"
            breaking[line] = breaches
    kinds = set().union(*breaking.values())
    assert kinds == {"bad_enum", "impossible_date", "negative_months", "fixed_without_months"}

    ids = Counter(row["record_id"] for row in rows)
    duplicates = sum(n - 1 for n in ids.values())
    assert duplicates > 0
    assert 0.005 <= (len(breaking) + duplicates) / len(rows) <= 0.01


def test_facilities_are_weighted_by_capacity(rows):
    register = load_facilities()
    total = sum(f.capacity for f in register.values())
    counts = Counter(row["facility_id"] for row in rows)
    assert set(counts) == set(register)
    for code, facility in register.items():
        assert abs(counts[code] / len(rows) - facility.capacity / total) < 0.02, code


def test_a_custom_register_is_used():
    only = {"ZZ-1": Facility(facility_id="ZZ-1", name="Test", region="Test", capacity=5)}
    assert {row["facility_id"] for row in generate_records(50, 3, only)} == {"ZZ-1"}


def test_sample_command_writes_and_reports(tmp_path):
    app = typer.Typer()
    app.command()(sample)
    app.callback()(lambda: None)
    target = tmp_path / "records.csv"
    result = CliRunner().invoke(app, ["sample", "--count", "1000", "--seed", "7", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote 1,000 synthetic records to {target}"
    assert target.read_text(encoding="utf-8").count("\n") == 1001
    again = CliRunner().invoke(app, ["sample", "--count", "5", "--output", str(target)])
    assert isinstance(again.exception, OutputFileError)
    forced = CliRunner().invoke(app, ["sample", "--count", "5", "--output", str(target), "--force"])
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8").count("\n") == 6
