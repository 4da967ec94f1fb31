"""The facility register: the bundled synthetic one and the errors a bad one gives."""

from __future__ import annotations

import csv
import io
from importlib import resources

import pytest

from amnesty.errors import InputFileError
from amnesty.facilities import Facility, load_facilities, region_of

REGIONS = {"Raqqa", "Jazira", "Euphrates", "Manbij", "Tabqa", "Deir ez-Zor"}
HEADER = "facility_id,name,region,capacity\n"


def test_bundled_register_has_24_facilities_in_every_region():
    facilities = load_facilities()
    assert len(facilities) == 24
    assert {f.region for f in facilities.values()} == REGIONS
    assert all(code == f.facility_id for code, f in facilities.items())
    assert 10_000 <= sum(f.capacity for f in facilities.values()) <= 12_000


def test_every_sample_facility_is_registered():
    facilities = load_facilities()
    text = (resources.files("amnesty") / "data" / "sample.csv").read_text(encoding="utf-8")
    used = {row["facility_id"] for row in csv.DictReader(io.StringIO(text))}
    assert used, "the sample has no rows"
    assert used <= set(facilities)
    assert all(region_of(facilities, code) in REGIONS for code in used)


def test_region_of_unregistered_facility_is_unknown():
    facilities = load_facilities()
    assert region_of(facilities, "RQA-01") == "Raqqa"
    assert region_of(facilities, "NOPE-99") == "unknown"
    assert region_of(facilities, "") == "unknown"


def test_an_analysts_register_is_read_with_bom_and_spaces(tmp_path):
    path = tmp_path / "real.csv"
    path.write_text("\ufeff" + HEADER + "A-1, Alpha ,North,10\nB-2,Beta,South,0\n", encoding="utf-8")
    facilities = load_facilities(path)
    assert facilities == {
        "A-1": Facility(facility_id="A-1", name="Alpha", region="North", capacity=10),
        "B-2": Facility(facility_id="B-2", name="Beta", region="South", capacity=0),
    }


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (HEADER + "A-1,Alpha,North,10\nA-1,Again,South,5\n", 3, ["A-1", "twice", "line 2"]),
        (HEADER + "A-1,Alpha,North,-4\n", 2, ["capacity", "-4"]),
        (HEADER + "A-1,Alpha,North,many\n", 2, ["capacity", "many"]),
        (HEADER + "A-1,Alpha,North,10\n,Nameless,North,3\n", 3, ["facility_id"]),
        (HEADER + "A-1,Alpha,North\n", 2, ["capacity"]),
        (HEADER + "A-1,Alpha,North,10,extra\n", 2, ["5 cells"]),
        ("facility_id,name,capacity\nA-1,Alpha,10\n", 1, ["region"]),
        ("", 1, ["facility_id", "region"]),
    ],
)
def test_bad_register_names_file_line_and_field(tmp_path, content, line, words):
    path = tmp_path / "register.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_facilities(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: ")
    assert caught.value.line == line
    for word in words:
        assert word in message


def test_missing_or_empty_register_is_an_input_error(tmp_path):
    with pytest.raises(InputFileError, match="not found"):
        load_facilities(tmp_path / "absent.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text(HEADER, encoding="utf-8")
    with pytest.raises(InputFileError, match="no rows"):
        load_facilities(empty)
