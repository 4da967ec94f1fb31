"""``amnesty evaluate --summary FILE``: the run as JSON for a scheduled job, agreeing with its decisions."""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter

import pytest

from amnesty import api
from amnesty.synth import write_sample_csv


def _decisions(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_summary_counts_what_the_decisions_say_and_names_what_made_them(run, tmp_path):
    records = tmp_path / "records.csv"
    write_sample_csv(records, 3_000, seed=4, invalid_rate=0.02)
    out, summary = tmp_path / "d.jsonl", tmp_path / "run.json"
    result = run("evaluate", records, "-o", out, "--summary", summary, "--set", "life_commuted_years=20",
                 "--as-of", "2024-09-01")
    assert result.exit_code == 1, result.output  # some records are invalid on purpose: the summary is still written
    decisions, document = _decisions(out), json.loads(summary.read_text(encoding="utf-8"))
    assert document["summary_format"] == api.SUMMARY_FORMAT and document["amnesty_version"]
    assert document["records_in"] == document["decisions_out"] == len(decisions) == 3_000
    counted = Counter(d["outcome"] for d in decisions)
    assert {k: v for k, v in document["outcomes"].items() if v} == dict(counted) and counted["invalid"] > 0
    by_facility = Counter((d["facility_id"] or "(none)", d["outcome"]) for d in decisions)
    assert {(f, o): n for f, row in document["by_facility"].items() for o, n in row.items() if n} == dict(by_facility)
    assert document["rulebook"] == decisions[0]["rulebook"]  # the law, its version, sha256 and what was changed
    assert document["rulebook"]["overrides"] == {"set": {"life_commuted_years": 20}}
    assert document["as_of"] == "2024-09-01" == decisions[0]["as_of"]
    assert document["output"] == str(out) and document["source"] == str(records)
    assert document["source_sha256"] == hashlib.sha256(records.read_bytes()).hexdigest()
    assert len(document["invalid_records"]["first"]) > 0


def test_the_summary_is_the_same_bytes_for_any_number_of_workers(run, tmp_path):
    records = tmp_path / "records.csv"
    write_sample_csv(records, 6_000, seed=2, invalid_rate=0.01)
    texts = []
    for workers in ("1", "2"):
        summary = tmp_path / f"run-{workers}.json"
        result = run("evaluate", records, "--summary", summary, "--workers", workers)
        assert result.exit_code == 1, result.output
        texts.append(summary.read_bytes())
    assert texts[0] == texts[1]


def test_a_summary_on_standard_output_leaves_the_tables_to_standard_error(run, tmp_path):
    result = run("evaluate", "--summary", "-")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["records_in"] == 10_000 and document["rulebook"]["id"] == api.DEFAULT_RULEBOOK
    assert "Outcomes by facility" in result.stderr


def test_a_summary_target_is_checked_before_any_record_is_read(run, tmp_path):
    out, summary = tmp_path / "d.jsonl", tmp_path / "run.json"
    summary.write_text("yesterday's run\n", encoding="utf-8")
    result = run("evaluate", "-o", out, "--summary", summary)
    assert result.exit_code == 2 and "already exists; pass --force to replace it" in result.output
    assert not out.exists() and summary.read_text(encoding="utf-8") == "yesterday's run\n"
    assert run("evaluate", "-o", out, "--summary", summary, "--force").exit_code == 0
    assert json.loads(summary.read_text(encoding="utf-8"))["records_in"] == 10_000
    wrong = run("evaluate", "--summary", tmp_path / "run.txt")
    assert wrong.exit_code == 2 and "cannot tell the format from the extension; use .json" in wrong.output
    both = run("evaluate", "-o", "-", "--summary", "-")
    assert both.exit_code == 2 and "standard output can take the decisions or the summary, not both" in both.output


def test_a_run_that_stops_writes_no_summary(run, write_csv, tmp_path):
    source = write_csv([{"record_id": "A", "facility_id": "HSK-01", "birth_date": "2023-02-30"}])
    summary = tmp_path / "run.json"
    result = run("evaluate", source, "--strict", "--summary", summary)
    assert result.exit_code == 2 and "stopped by --strict" in result.output
    assert not summary.exists()


def test_the_summary_names_the_exact_bytes_read_whatever_their_form(run, tmp_path):
    """The digest is of the file as stored (compressed, Parquet) or of standard input as it came."""
    import polars as pl

    plain, packed, parquet = tmp_path / "r.csv", tmp_path / "r.csv.gz", tmp_path / "r.parquet"
    write_sample_csv(plain, 500, seed=9, invalid_rate=0)
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    pl.read_csv(plain, infer_schema_length=0).write_parquet(parquet)
    for source in (packed, parquet):
        summary = tmp_path / f"{source.name}.json"
        assert run("evaluate", source, "--summary", summary).exit_code == 0
        document = json.loads(summary.read_text(encoding="utf-8"))
        assert document["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    piped = run("evaluate", "-", "--summary", "-", input=plain.read_bytes())
    document = json.loads(piped.stdout)
    assert document["source"] == "<stdin>" and document["records_in"] == 500
    assert document["source_sha256"] == hashlib.sha256(plain.read_bytes()).hexdigest()


def test_the_summary_names_the_bytes_of_every_file_the_run_wrote(run, tmp_path):
    """A copy of the decisions taken elsewhere (compressed as written) is checked against the summary."""
    records = tmp_path / "records.csv"
    write_sample_csv(records, 1_000, seed=6, invalid_rate=0.02)
    out, errors, summary = tmp_path / "d.jsonl.gz", tmp_path / "errors.csv", tmp_path / "run.json"
    result = run("evaluate", records, "-o", out, "--errors", errors, "--summary", summary)
    assert result.exit_code == 1, result.output
    document = json.loads(summary.read_text(encoding="utf-8"))
    assert document["output_sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert document["invalid_records"]["errors_file_sha256"] == hashlib.sha256(errors.read_bytes()).hexdigest()
    assert len(_decisions_gz(out)) == 1_000
    alone = run("evaluate", records, "--summary", tmp_path / "alone.json")
    assert json.loads((tmp_path / "alone.json").read_text())["output_sha256"] is None  # no decisions file
    assert "errors_file_sha256" not in json.loads((tmp_path / "alone.json").read_text())["invalid_records"]
    assert alone.exit_code == 1


def _decisions_gz(path):
    return gzip.decompress(path.read_bytes()).decode().splitlines()


def test_every_summary_a_run_writes_is_what_its_schema_says(run, tmp_path):
    """``amnesty schema summary`` is what a monitor checks a night's run against: each document written
    validates, and holds no key the model does not name (it forbids extra keys at every level)."""
    import jsonschema

    from amnesty.models.run_summary import RunSummaryDocument

    schema = json.loads(run("schema", "summary").stdout)
    records = tmp_path / "records.csv"
    write_sample_csv(records, 1_500, seed=9, invalid_rate=0.03)
    runs = {
        "plain": ["evaluate", records],
        "every output": ["evaluate", records, "-o", tmp_path / "d.csv.gz", "--errors", tmp_path / "e.csv"],
        "a chain": ["evaluate", records, "--then", "syria-2026-decree-39", "--as-of", "2026-06-01"],
        "a what-if": ["evaluate", records, "--set", "life_commuted_years=20"],
    }
    for name, args in runs.items():
        target = tmp_path / f"{name}.json"
        result = run(*args, "--summary", target)
        assert result.exit_code in (0, 1), (name, result.output)
        document = json.loads(target.read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)
        RunSummaryDocument.model_validate(document)
    document["outcomes"]["freed"] = 1  # a key no summary has: refused by both
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)
    with pytest.raises(ValueError):
        RunSummaryDocument.model_validate(document)
