"""The benchmark's pandas evaluation of Law No. 10 (bench/pandas_law10.py) agrees with the engine.

``python -m bench`` compares the engine's speed with that hand-written pandas
evaluation and checks that both give every record the same outcome; this
checks the agreement on a small generated sample, so that a change to the
law, the record contract or either side is caught here rather than in a
benchmark run. The sample is the synthetic one with more invalid rows, and a
copy with facts blanked and cells written as registers write them (other
case, Arabic-Indic digits, padded ids), which puts most records through the
three-valued logic. Speed is measured in bench/, not here.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pandas")

from amnesty import api  # noqa: E402
from amnesty.synth import generate_records  # noqa: E402

BENCH = Path(__file__).resolve().parents[1] / "bench" / "pandas_law10.py"
AS_OF = [date(2024, 7, 17), date(2026, 1, 1)]
LAW_FACTS = [
    "nationality", "birth_date", "legal_status", "offence_categories", "offence_date", "org_role", "fought_sdf",
    "caused_death", "explosives", "chronic_illness", "illness_requires_assistance", "good_conduct_certified",
    "at_large_location", "sentence_type", "sentence_months", "custody_start", "surrender_date",
]  # fmt: skip
AS_WRITTEN = [  # one cell each, as exports write them, and the law's own edge days
    {"nationality": " sy "}, {"nationality": "iq"}, {"legal_status": "Fugitive"}, {"sentence_type": "LIFE"},
    {"fought_sdf": "YES"}, {"explosives": " 0 "}, {"good_conduct_certified": "No"},
    {"offence_categories": " Terrorism ; THEFT "}, {"offence_categories": ";"},
    {"offence_categories": "treason_espionage"}, {"offence_categories": "state_security"},
    {"sentence_months": "٢٤"}, {"sentence_months": "7"}, {"sentence_months": "-0"}, {"sentence_months": "119989"},
    {"birth_date": "1949-07-17"}, {"birth_date": "1949-07-18"}, {"birth_date": "0000-01-01"},
    {"offence_date": "2024-07-16"}, {"offence_date": "2024-07-17"}, {"custody_start": "2024-02-29"},
    {"custody_start": "2009-01-01"}, {"custody_start": "9990-01-01"}, {"custody_start": "٢٠١٩-٠٦-٠١"},
    {"surrender_date": "2024-09-15"}, {"surrender_date": "2024-09-16"}, {"surrender_date": "2024-10-15"},
    {"surrender_date": "2024-10-16"}, {"record_id": "  "}, {"facility_id": ""},
]  # fmt: skip


@pytest.fixture(scope="module")
def pandas_law10():
    spec = importlib.util.spec_from_file_location("bench_pandas_law10", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("bench")
    plain = list(generate_records(300, seed=1, invalid_rate=0.05))
    rng = random.Random(7)
    messy = []
    for row in generate_records(400, seed=2):
        row = dict(row)
        for name in LAW_FACTS:
            if rng.random() < 0.12:
                row[name] = ""
        if rng.random() < 0.3:
            row.update(rng.choice(AS_WRITTEN))
        if rng.random() < 0.05:
            row["record_id"] = f" {row['record_id']} "
        messy.append(row)
    messy[100]["record_id"] = messy[200]["record_id"] = "SYN-000101"  # a repeated id
    return [_write(folder / "plain.csv", plain), _write(folder / "messy.csv", messy)]


def _engine(path: Path, as_of: date, folder: Path) -> list[str]:
    decisions = folder / f"{path.stem}-{as_of}.jsonl"
    api.evaluate_file(path, as_of=as_of, output=decisions, force=True, workers=1)
    return [json.loads(line)["outcome"] for line in decisions.read_text(encoding="utf-8").splitlines()]


def _differ(engine: list[str], analyst: list[str]) -> list[tuple[int, str, str]]:
    assert len(engine) == len(analyst)
    return [(n, a, b) for n, (a, b) in enumerate(zip(engine, analyst), start=1) if a != b]


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
def test_pandas_gives_every_record_the_engines_outcome(pandas_law10, samples, as_of, tmp_path):
    seen = Counter()
    for path in samples:
        engine = _engine(path, as_of, tmp_path)
        analyst = pandas_law10.outcomes(str(path), as_of.isoformat()).tolist()
        assert _differ(engine, analyst) == [], path.name
        seen.update(engine)
    # The samples reach every outcome, so agreement says something about each.
    assert set(seen) == {"invalid", "not_covered", "excluded", "review", "deferred", "release", "reduced"}


def test_the_comparison_catches_a_wrong_reading(pandas_law10, samples, tmp_path, monkeypatch):
    """The same check fails when the pandas side reads the law wrongly (a cut-off a year later)."""
    engine = _engine(samples[0], AS_OF[0], tmp_path)
    monkeypatch.setattr(pandas_law10, "ISSUED", pandas_law10.ISSUED + pandas_law10.np.timedelta64(365, "D"))
    analyst = pandas_law10.outcomes(str(samples[0]), AS_OF[0].isoformat()).tolist()
    assert any(a == "not_covered" and b != "not_covered" for _, a, b in _differ(engine, analyst))


def test_the_command_writes_one_outcome_a_line(pandas_law10, samples, tmp_path):
    target = tmp_path / "outcomes.txt"
    pandas_law10.main([str(samples[0]), str(target)])
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines == pandas_law10.outcomes(str(samples[0])).tolist()
    assert len(lines) == 300
