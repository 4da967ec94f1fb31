"""The synthetic sample's rows: people from ``amnesty.synth.people`` as CSV text, with the gaps
and the broken rows a real register export has. THE DATA ARE SYNTHETIC AND DESCRIBE NO REAL PERSON.

The same count and seed always give the same rows: a ``random.Random`` per
call, no global random state, no clock.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.facilities import Facility, load_facilities
from amnesty.io.atomic import atomic_open
from amnesty.models.record import RECORD_FIELDS
from amnesty.synth.people import person

INVALID_RATE = 0.007
GAP_RATE = 0.12
INVALID_KINDS = ("bad_enum", "impossible_date", "negative_months", "fixed_without_months", "duplicate_id")

_GAPPABLE = (
    "nationality", "birth_date", "legal_status", "offence_categories", "offence_class",
    "offence_date", "org_role", "fought_sdf", "caused_death", "explosives",
    "chronic_illness", "sentence_type", "custody_start", "good_conduct_certified", "illness_requires_assistance",
)  # fmt: skip
_IMPOSSIBLE_DATES = ("2023-02-30", "2019-02-29", "2021-04-31", "2018-13-01")
_BAD_ENUMS = (
    ("legal_status", "paroled"), ("org_role", "commander"), ("sentence_type", "suspended"),
    ("offence_class", "crime"), ("offence_categories", "terrorism;piracy"),
)  # fmt: skip


def generate_records(
    count: int,
    seed: int,
    facilities: Mapping[str, Facility] | None = None,
    invalid_rate: float = INVALID_RATE,
) -> Iterator[dict[str, str]]:
    """Yield ``count`` CSV-ready rows (all strings, "" = unknown) in RECORD_FIELDS order.

    Facilities are drawn in proportion to capacity so per-facility counts
    look like a register; ``invalid_rate`` of the rows (0.7% by default) are
    broken on purpose so the sample also exercises the ``invalid`` outcome.
    The random stream does not depend on the rate, so the same seed gives
    the same people whatever the rate.
    """
    if count < 0:
        raise ValueError(f"count must be 0 or more, not {count}")
    rng = random.Random(seed)
    register = facilities if facilities is not None else load_facilities()
    codes = sorted(register)
    if not codes:
        raise ValueError("the facility register is empty; records need a facility")
    weights = [register[code].capacity for code in codes]
    if not any(weights):
        weights = [1] * len(codes)
    issued: list[str] = []
    broken = 0
    for index in range(1, count + 1):
        record = person(rng, rng.choices(codes, weights)[0])
        record["record_id"] = f"SYN-{index:06d}"
        if rng.random() < GAP_RATE:
            _leave_gaps(rng, record)
        row = {field: _cell(record.get(field)) for field in RECORD_FIELDS}  # fields a person lacks are unknown
        if rng.random() < invalid_rate and issued:
            _break(rng, row, INVALID_KINDS[broken % len(INVALID_KINDS)], issued)
            broken += 1
        issued.append(row["record_id"])
        yield row


def write_sample_csv(
    path: str | Path, count: int, seed: int, force: bool = False, invalid_rate: float = INVALID_RATE
) -> int:
    """Write ``generate_records(count, seed)`` as CSV and return the number of rows.

    Written through ``atomic_open`` so an interrupted run never leaves a
    truncated sample that would later be mistaken for a whole one.
    """
    rows = 0
    with atomic_open(path, force=force) as handle:
        writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in generate_records(count, seed, invalid_rate=invalid_rate):
            writer.writerow(row)
            rows += 1
    return rows


def _leave_gaps(rng: random.Random, record: dict[str, Any]) -> None:
    """Blank one to three facts, as real registers have gaps; the engine must answer ``review`` for them."""
    for field in rng.sample(_GAPPABLE, rng.randint(1, 3)):
        record[field] = None


def _break(rng: random.Random, row: dict[str, str], kind: str, issued: list[str]) -> None:
    """Corrupt one row the way exports go wrong, so the sample exercises the ``invalid`` outcome."""
    if kind == "bad_enum":
        field, value = rng.choice(_BAD_ENUMS)
        row[field] = value
    elif kind == "impossible_date":
        row[rng.choice(("birth_date", "offence_date", "custody_start"))] = rng.choice(_IMPOSSIBLE_DATES)
    elif kind == "negative_months":
        row["sentence_type"], row["sentence_months"] = "fixed", f"-{rng.randint(1, 120)}"
    elif kind == "fixed_without_months":
        row["sentence_type"], row["sentence_months"] = "fixed", ""
    elif kind == "duplicate_id":
        row["record_id"] = rng.choice(issued)


def _cell(value: Any) -> str:
    """Render one value as the data dictionary's CSV text: "" unknown, ``;`` lists, true/false, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(value)
    return str(value)
