"""``--max-invalid``: a nightly job's gate. Within it the run is good (exit 0, every output written);
past it the run stops once every record is read, in one sentence, and writes nothing, so the last
good output stays in place."""

from __future__ import annotations

import json

import pytest

from amnesty import api
from amnesty.engine.gates import invalid_limit
from amnesty.errors import InputFileError, SettingError

RECORDS, BROKEN = 2_000, 20  # 1% of the records


@pytest.fixture
def broken(tmp_path):
    """A sample file with exactly BROKEN invalid records (a birth date that is no calendar day)."""
    path = tmp_path / "records.csv"
    api.write_sample(path, RECORDS, seed=5)
    lines = path.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("birth_date")
    for at in range(1, 1 + 100 * BROKEN, 100):
        cells = lines[at].split(",")
        cells[column] = "1990-02-31"
        lines[at] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("limit", "within"), [
    ("20", True), ("19", False), ("1%", True), ("0.99%", False), ("100%", True), ("0", False), ("0%", False),
    (" 2 % ", True),
])
def test_the_limit_is_exact_in_records_and_in_shares(broken, tmp_path, limit, within):
    out, errors, summary_file = tmp_path / "d.jsonl", tmp_path / "e.csv", tmp_path / "s.json"
    if within:
        summary = api.evaluate_file(broken, output=out, errors=errors, summary_file=summary_file, max_invalid=limit)
        assert summary.invalid == BROKEN and summary.max_invalid == limit.strip()
        assert len(out.read_text(encoding="utf-8").splitlines()) == RECORDS
        document = json.loads(summary_file.read_text(encoding="utf-8"))
        assert document["invalid_records"]["max_invalid"] == limit.strip()
        return
    with pytest.raises(InputFileError) as raised:
        api.evaluate_file(broken, output=out, errors=errors, summary_file=summary_file, max_invalid=limit)
    said = str(raised.value)
    assert f"20 of 2,000 records are invalid (1.00%), more than --max-invalid {limit.strip()} allows" in said
    assert "nothing was written; most often field birth_date (20 records); the first: line 2: field " \
           "birth_date: '1990-02-31': not a real calendar date" in said
    assert not out.exists() and not errors.exists() and not summary_file.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["records.csv"]  # no temporary file left either


def test_a_run_past_the_limit_keeps_the_last_output_in_place(broken, tmp_path):
    out = tmp_path / "d.jsonl"
    out.write_text("last night's decisions\n", encoding="utf-8")
    with pytest.raises(InputFileError):
        api.evaluate_file(broken, output=out, force=True, max_invalid="10", workers=2)
    assert out.read_text(encoding="utf-8") == "last night's decisions\n"


@pytest.mark.parametrize("text", ["-1", "1.5", "abc", "101%", "", "%", "1e3", "0x10", "5 records"])
def test_a_limit_that_is_not_one_is_one_sentence(text):
    with pytest.raises(SettingError, match=r"is not a limit: give a whole number of records \(25\) or a percentage"):
        invalid_limit(text)


def test_strict_and_max_invalid_are_one_or_the_other(broken):
    with pytest.raises(SettingError, match="give one of the two"):
        api.evaluate_file(broken, strict=True, max_invalid="5")


def test_the_command_exits_0_within_and_2_past_and_holds_standard_output(run, broken, tmp_path):
    within = run("evaluate", broken, "--max-invalid", "1%", "-o", tmp_path / "d.jsonl")
    assert within.exit_code == 0, within.output
    assert "within --max-invalid 1%: the run is good" in within.output
    without = run("evaluate", broken, "-o", tmp_path / "d2.jsonl")
    assert without.exit_code == 1  # no limit: any invalid record is exit 1, as before
    past = run("evaluate", broken, "--max-invalid", "5", "-o", "-")
    assert past.exit_code == 2
    assert "more than --max-invalid 5 allows; nothing was written" in " ".join(past.output.split())
    assert '"record_id"' not in past.output  # not one decision reached standard output


def test_too_few_records_is_refused_and_nothing_written(broken, tmp_path):
    out, summary_file = tmp_path / "d.jsonl", tmp_path / "s.json"
    out.write_text("last night's decisions\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"^.*records\.csv: 2,000 records were read, fewer than --min-records "
                                             r"2,001; nothing was written \(an export cut short"):
        api.evaluate_file(broken, output=out, force=True, summary_file=summary_file, min_records=2_001, workers=2)
    assert out.read_text(encoding="utf-8") == "last night's decisions\n" and not summary_file.exists()
    summary = api.evaluate_file(broken, output=out, force=True, summary_file=summary_file, min_records=2_000)
    assert summary.records_in == 2_000
    assert json.loads(summary_file.read_text(encoding="utf-8"))["min_records"] == 2_000


@pytest.mark.parametrize("value", [-1, 1.5, "10", True])
def test_min_records_is_a_whole_number(broken, value):
    with pytest.raises(SettingError, match="--min-records must be a whole number of records"):
        api.evaluate_file(broken, min_records=value)


def test_a_header_only_export_is_a_warning_and_with_a_minimum_refused(run, tmp_path):
    path = tmp_path / "header.csv"
    api.write_sample(tmp_path / "full.csv", 5, seed=1)
    path.write_text((tmp_path / "full.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    summary = api.evaluate_file(path)
    assert "the input holds no records (a header only?): no decision was made" in summary.warnings
    done = run("evaluate", path, "-o", tmp_path / "d.jsonl", "--min-records", "1", "-q")
    assert done.exit_code == 2 and not (tmp_path / "d.jsonl").exists()
