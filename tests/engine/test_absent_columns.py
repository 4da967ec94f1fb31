"""A file without a column the rules read: decided as if the column were blank in every row, and
said so (a warning, ``absent_columns`` in the summary), with a likely misspelt column named."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from amnesty import api
from amnesty.engine.absent import absent_fields, fields_read
from amnesty.models.record import RECORD_FIELDS

ROWS = 400


def _sample_rows(tmp_path: Path) -> list[dict[str, str]]:
    sample = tmp_path / "sample.csv"
    api.write_sample(sample, ROWS, seed=11)
    with sample.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]], names: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _decisions(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_file_without_a_column_is_decided_as_if_it_were_blank_and_says_so(tmp_path, workers):
    rows = _sample_rows(tmp_path)
    without = [name for name in RECORD_FIELDS if name != "org_role"]
    lacking = _write(tmp_path / "lacking.csv", rows, without)
    blank = _write(tmp_path / "blank.csv", [{**row, "org_role": ""} for row in rows], list(RECORD_FIELDS))
    whole = _write(tmp_path / "whole.csv", rows, list(RECORD_FIELDS))

    summaries = {}
    for name in ("lacking", "blank", "whole"):
        summaries[name] = api.evaluate_file(tmp_path / f"{name}.csv", output=tmp_path / f"{name}.jsonl", workers=workers)

    assert _decisions(tmp_path / "lacking.jsonl") == _decisions(tmp_path / "blank.jsonl")
    assert _decisions(tmp_path / "lacking.jsonl") != _decisions(tmp_path / "whole.jsonl")  # the column mattered
    assert summaries["lacking"].absent_columns == ["org_role"]
    said = [w for w in summaries["lacking"].warnings if "has no column" in w]
    assert said == ["the input has no column (or key) org_role, which the rules read: it is unknown for every "
                    "record, and decisions that depend on it are review"]
    for name in ("blank", "whole"):  # a column present but blank is the register's own answer
        assert summaries[name].absent_columns == []
        assert not any("has no column" in w for w in summaries[name].warnings)
    assert lacking.exists() and blank.exists() and whole.exists()


def test_a_misspelt_column_is_named_beside_the_field_it_may_be(tmp_path):
    rows = _sample_rows(tmp_path)
    names = ["legal_stauts" if name == "legal_status" else name for name in RECORD_FIELDS]
    renamed = [{("legal_stauts" if k == "legal_status" else k): v for k, v in row.items()} for row in rows]
    path = _write(tmp_path / "typo.csv", renamed, names)
    summary = api.evaluate_file(path, summary_file=tmp_path / "summary.json")
    assert summary.absent_columns == ["legal_status"]
    assert summary.extra_columns == ["legal_stauts"]
    assert "the input's column legal_stauts is ignored: is it legal_status, misspelt?" in summary.warnings
    document = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert document["absent_columns"] == ["legal_status"]
    assert any("legal_stauts" in w and "misspelt" in w for w in document["warnings"])


def test_several_absent_fields_are_one_warning_in_data_dictionary_order(tmp_path):
    rows = _sample_rows(tmp_path)
    gone = {"custody_start", "birth_date", "fought_sdf"}
    path = _write(tmp_path / "three.csv", rows, [n for n in RECORD_FIELDS if n not in gone])
    summary = api.evaluate_file(path)
    assert summary.absent_columns == [n for n in RECORD_FIELDS if n in gone]
    said = [w for w in summary.warnings if "has no column" in w]
    assert said == ["the input has no columns (or keys) birth_date, fought_sdf, custody_start, which the rules "
                    "read: they are unknown for every record, and decisions that depend on them are review"]


def test_only_fields_the_rules_read_are_named():
    law10, decree39 = api.load_rulebook("aanes-2024-law-10"), api.load_rulebook("syria-2026-decree-39")
    assert "kidnap_ransom_paid" not in fields_read([law10]) and "kidnap_ransom_paid" in fields_read([decree39])
    present = [n for n in RECORD_FIELDS if n != "kidnap_ransom_paid"]
    assert absent_fields(present, [law10]) == []
    assert absent_fields(present, [decree39]) == ["kidnap_ransom_paid"]
    chain = api.load_rulebook("aanes-2024-law-10", then=["syria-2026-decree-39"])
    assert absent_fields(present, [chain]) == ["kidnap_ransom_paid"]  # every instrument of a chain counts
    for field in ("sentence_type", "sentence_months", "custody_start"):  # the arithmetic of relief reads them
        assert field in fields_read([law10]) and field in fields_read([decree39])
    assert absent_fields(None, [law10]) == []  # fields not known (records in memory): nothing to say


def test_json_lines_count_a_key_any_record_has(tmp_path):
    rows = _sample_rows(tmp_path)[:50]
    lines = []
    for at, row in enumerate(rows):
        record = {k: v for k, v in row.items() if v != "" and k != "org_role"}
        if at == 30:
            record["fought_sdf"] = None  # one record names the key, even as null: the file has it
        else:
            record.pop("fought_sdf", None)
        lines.append(json.dumps(record))
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = api.evaluate_file(path)
    assert summary.absent_columns == ["org_role"]


def test_compare_timeline_sweep_and_triage_say_it_too(tmp_path):
    rows = _sample_rows(tmp_path)
    path = _write(tmp_path / "lacking.csv", rows, [n for n in RECORD_FIELDS if n != "org_role"])
    comparison = api.compare(path, scenario="law-10-life-20")
    timeline = api.timeline(path)
    swept = api.sweep(path, param="life_commuted_years", values="15,20", workers=1)
    chained = api.sweep(path, param="life_commuted_years", values="15,20", then=["syria-2026-decree-39"])
    grid = api.sweep_grid(path, grid=["life_commuted_years=15:20:5"], workers=2)
    ranked = api.triage(path)
    assert ranked.ranking[0].fact == "org_role"  # the fact to collect first: the column the export lost
    for result in (comparison, timeline, swept, chained, grid, ranked):
        assert any("has no column (or key) org_role" in w for w in result.warnings)
    full = _write(tmp_path / "whole.csv", rows, list(RECORD_FIELDS))
    assert not any("has no column" in w for w in api.timeline(full).warnings)


def test_the_warning_is_printed_in_the_readers_language(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    rows = _sample_rows(tmp_path)
    path = _write(tmp_path / "lacking.csv", rows, [n for n in RECORD_FIELDS if n != "org_role"])
    printed = CliRunner().invoke(app, ["evaluate", str(path), "--lang", "ar"])
    assert printed.exit_code == 0, printed.output
    text = " ".join(printed.output.split())
    assert "لا يحوي الملف المُدخل عموداً (أو مفتاحاً) باسم org_role" in text


def test_a_field_the_register_never_holds_can_be_declared_and_is_then_not_warned_about(tmp_path):
    from amnesty.errors import SettingError

    rows = _sample_rows(tmp_path)
    gone = {"org_role", "kidnap_ransom_paid"}
    path = _write(tmp_path / "lacking.csv", rows, [n for n in RECORD_FIELDS if n not in gone])
    decree = "syria-2026-decree-39"  # reads kidnap_ransom_paid; Law 10 reads org_role
    both = api.evaluate_file(path, rulebook=decree)
    assert both.absent_columns == ["kidnap_ransom_paid"]  # Decree 39 does not read org_role
    quiet = api.evaluate_file(path, rulebook=decree, absent_ok=["kidnap_ransom_paid"])
    assert quiet.absent_columns == ["kidnap_ransom_paid"]  # the data still says so
    assert not any("has no column" in w for w in quiet.warnings)
    law10 = api.evaluate_file(path, absent_ok=["kidnap_ransom_paid,victim_waiver"])
    assert [w for w in law10.warnings if "has no column" in w] == [
        "the input has no column (or key) org_role, which the rules read: it is unknown for every record, and "
        "decisions that depend on it are review"]  # another field lost is still said
    with pytest.raises(SettingError, match="--absent-ok 'org_rol' is not a field of the data dictionary; did you "
                                           "mean 'org_role'"):
        api.evaluate_file(path, absent_ok=["org_rol"])
