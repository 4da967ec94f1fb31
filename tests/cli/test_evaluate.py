"""``amnesty evaluate`` as a case officer runs it: files in, decisions out, exit codes."""

from __future__ import annotations

import json
import os
import stat

from amnesty.models.decision import Decision
from amnesty.rules.loader import load_rulebook

BASE = {
    "record_id": "A1", "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1990-01-01",
    "legal_status": "convicted", "offence_categories": "terrorism", "offence_class": "felony",
    "offence_date": "2019-05-01", "org_role": "member", "fought_sdf": "no", "caused_death": "false",
    "explosives": "0", "chronic_illness": "FALSE", "sentence_type": "fixed", "sentence_months": "180",
    "custody_start": "2019-06-01", "good_conduct_certified": "true",
}


def rows_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_bundled_sample_summary(run):
    result = run("evaluate")
    assert result.exit_code == 0, result.output
    assert f"aanes-2024-law-10 v{load_rulebook('aanes-2024-law-10').version}" in result.output
    assert "records in: 10,000; decisions out: 10,000; invalid: 0" in result.output
    assert "RQA-01" in result.output and "not_covered" in result.output


def test_csv_to_jsonl_one_decision_per_record_in_order(run, write_csv, tmp_path):
    rows = [dict(BASE, record_id=f"R{i}") for i in range(5)]
    rows[2]["org_role"] = "emir"
    rows[3]["sentence_months"] = "-4"
    rows.append(dict(BASE, record_id="R1"))  # duplicate of line 3
    out = tmp_path / "out.jsonl"
    result = run("evaluate", write_csv(rows), "--as-of", "2024-08-01", "--output", out)
    assert result.exit_code == 1, result.output  # some invalid
    decisions = rows_of(out)
    assert [d["record_id"] for d in decisions] == ["R0", "R1", "R2", "R3", "R4", "R1"]
    assert [d["outcome"] for d in decisions] == ["reduced", "reduced", "excluded", "invalid", "reduced", "invalid"]
    assert decisions[3]["errors"] == ["line 5: field sentence_months: -4 is invalid: input should be greater than or equal to 0"]
    assert decisions[5]["errors"] == ["line 7: field record_id: 'R1' is a duplicate of the record on line 3"]
    assert all(d["as_of"] == "2024-08-01" for d in decisions)
    for d in decisions:
        Decision.model_validate(d)
    assert "records in: 6; decisions out: 6; invalid: 2" in result.output
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_same_input_gives_byte_identical_output(run, write_csv, tmp_path):
    source = write_csv([dict(BASE, record_id=f"R{i}", nationality=n) for i, n in enumerate(["SY", "IQ", ""])])
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("evaluate", source, "-o", first).exit_code == 0
    assert run("evaluate", source, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_set_changes_parameters_and_the_digest(run, write_csv, tmp_path):
    source = write_csv([dict(BASE, sentence_type="life", sentence_months="")])
    plain, changed = tmp_path / "p.jsonl", tmp_path / "c.jsonl"
    run("evaluate", source, "-o", plain)
    result = run("evaluate", source, "-o", changed, "--set", "life_commuted_years=20")
    assert result.exit_code == 0, result.output
    before, after = rows_of(plain)[0], rows_of(changed)[0]
    assert before["sentence_after"] == {"type": "fixed", "months": 180}
    assert after["sentence_after"] == {"type": "fixed", "months": 240}
    assert after["rulebook"]["overrides"] == {"set": {"life_commuted_years": 20}}
    assert after["rulebook"]["sha256"] != before["rulebook"]["sha256"]


def test_unknown_parameter_is_one_sentence_and_exit_2(run):
    result = run("evaluate", "--set", "life_years=20")
    assert result.exit_code == 2
    assert result.output.startswith("error: aanes-2024-law-10 has no parameter 'life_years'")
    assert "Traceback" not in result.output


def test_existing_output_needs_force(run, write_csv, tmp_path):
    source = write_csv([BASE])
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    result = run("evaluate", source, "-o", out)
    assert result.exit_code == 2
    assert "already exists; pass --force to replace it" in result.output
    assert out.read_text() == "old\n"
    assert run("evaluate", source, "-o", out, "--force").exit_code == 0
    assert rows_of(out)[0]["record_id"] == "A1"


def test_output_formats_from_extension(run, write_csv, tmp_path):
    source = write_csv([BASE, dict(BASE, record_id="B2", org_role="emir")])
    assert run("evaluate", source, "-o", tmp_path / "d.csv").exit_code == 0
    lines = (tmp_path / "d.csv").read_text().splitlines()
    assert lines[0].startswith("record_id,facility_id,outcome,possible_outcomes,reasons") and len(lines) == 3
    assert run("evaluate", source, "-o", tmp_path / "d.json").exit_code == 0
    assert [d["outcome"] for d in json.loads((tmp_path / "d.json").read_text())] == ["reduced", "excluded"]
    result = run("evaluate", source, "-o", tmp_path / "d.txt")
    assert result.exit_code == 2 and "d.txt" in result.output


def test_jsonl_input_and_stdout_output(run, tmp_path):
    source = tmp_path / "r.jsonl"
    source.write_text(json.dumps(dict(BASE, fought_sdf=True, sentence_months=180)) + "\n", encoding="utf-8")
    result = run("evaluate", source, "--output", "-")
    assert result.exit_code == 0, result.output
    first = json.loads(result.stdout.splitlines()[0])
    assert first["outcome"] == "excluded" and first["reasons"][0]["rule"] == "fought-sdf"


def test_strict_stops_and_writes_nothing(run, write_csv, tmp_path):
    source = write_csv([BASE, dict(BASE, record_id="B", birth_date="2023-02-30")])
    out = tmp_path / "o.jsonl"
    result = run("evaluate", source, "-o", out, "--strict")
    assert result.exit_code == 2
    assert "line 3: field birth_date: '2023-02-30'" in result.output and "stopped by --strict" in result.output
    assert not out.exists() and not list(tmp_path.glob(".o.jsonl*"))


def test_redact_replaces_record_ids(run, write_csv, tmp_path, monkeypatch):
    monkeypatch.setenv("AMNESTY_REDACT_KEY", "a-long-enough-secret-key")
    source = write_csv([BASE])
    out = tmp_path / "o.jsonl"
    assert run("evaluate", source, "-o", out, "--redact").exit_code == 0
    text = out.read_text()
    assert "A1" not in text and rows_of(out)[0]["record_id"].startswith("rid-")
    monkeypatch.delenv("AMNESTY_REDACT_KEY")
    result = run("evaluate", source, "-o", tmp_path / "p.jsonl", "--redact")
    assert result.exit_code == 2 and "AMNESTY_REDACT_KEY" in result.output


def test_bad_as_of(run):
    result = run("evaluate", "--as-of", "17/07/2024")
    assert result.exit_code == 2
    assert result.output.strip() == "error: --as-of expects a date as YYYY-MM-DD or the word today, got '17/07/2024'"


def test_missing_input_file(run, tmp_path):
    result = run("evaluate", tmp_path / "nope.csv")
    assert result.exit_code == 2 and "nope.csv" in result.output and "Traceback" not in result.output
