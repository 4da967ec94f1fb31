"""``amnesty changes``: two runs' decisions files paired by record id, checked against a plain reading
of the same files, in every format evaluate writes, and refusing what is not a decisions file."""

from __future__ import annotations

import gzip
import json

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.errors import InputFileError
from amnesty.synth import write_sample_csv

EARLY, LATE = "2024-09-01", "2026-01-01"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The same 800 records decided as of two dates, as JSON Lines."""
    folder = tmp_path_factory.mktemp("runs")
    records = folder / "records.csv"
    write_sample_csv(records, 800, seed=12, invalid_rate=0.02)
    early, late = folder / "early.jsonl", folder / "late.jsonl"
    api.evaluate_file(records, output=early, as_of=EARLY, workers=1)
    api.evaluate_file(records, output=late, as_of=LATE, workers=1)
    return records, early, late


def _plain(path):
    """Decisions by id, read with json alone, for ids met once."""
    decisions = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ids = [d["record_id"] for d in decisions]
    return {d["record_id"]: d for d in decisions if d["record_id"] and ids.count(d["record_id"]) == 1}


def _release(d):
    day = d["release_date"]
    return "now" if day is not None and day <= d["as_of"] else day


def test_the_changes_are_those_a_plain_reading_of_both_files_finds(runs):
    _, early, late = runs
    before, after = _plain(early), _plain(late)
    expected = {}
    for record_id in before.keys() & after.keys():
        b, a = before[record_id], after[record_id]
        what = [name for name, x, y in (
            ("outcome", b["outcome"], a["outcome"]), ("sentence", b["sentence_after"], a["sentence_after"]),
            ("release_date", _release(b), _release(a)), ("facility", b["facility_id"], a["facility_id"])) if x != y]
        if what:
            expected[record_id] = what
    result = api.changes(early, late)
    found = {row["record_id"]: row["what_changed"] for row in result.rows() if row["change"] == "changed"}
    assert found == expected and len(found) > 5  # time moves people to release, and deadlines pass
    assert result.counts["compared"] == len(before.keys() & after.keys())
    assert sum(map(sum, (row.values() for row in result.transitions.values()))) == result.counts["compared"]
    moved = sum(1 for r in expected if before[r]["outcome"] == "reduced" and after[r]["outcome"] == "release")
    assert result.transitions["reduced"]["release"] == moved > 0
    due_both = [r for r in before.keys() & after.keys()
                if before[r]["outcome"] == after[r]["outcome"] == "release"]
    assert due_both and not set(due_both) & set(found)  # due by each run's as-of date: "now" both times
    unpaired = sum(len(path.read_text().splitlines()) - len(mine) for path, mine in ((early, before), (late, after)))
    assert unpaired > 0 and result.warnings == [f"{unpaired} decisions have no record id, or one their file holds "
                                                "more than once: they are counted, not compared"]


@pytest.mark.parametrize("suffix", ["csv", "json", "parquet", "jsonl.gz", "csv.bz2", "json.xz"])
def test_every_format_evaluate_writes_gives_the_same_changes(runs, tmp_path, suffix):
    records, early, late = runs
    late_other = tmp_path / f"late.{suffix}"
    api.evaluate_file(records, output=late_other, as_of=LATE, workers=1)
    want, got = api.changes(early, late), api.changes(early, late_other)

    def same(result):
        return [{k: v for k, v in row.items() if k != "line_after"} for row in result.rows()]

    assert same(got) == same(want) and got.counts == want.counts and got.transitions == want.transitions
    assert got.by_facility == want.by_facility


def test_new_gone_repeated_and_unnamed_records(tmp_path):
    header = "record_id,facility_id,nationality,legal_status,sentence_type,sentence_months,custody_start\n"
    row = "{},{},SY,convicted,fixed,60,2020-01-01\n"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(header + "".join(row.format(i, f) for i, f in (
        ("R1", "HSK-01"), ("R2", "HSK-01"), ("R3", "HSK-02"), ("R3", "HSK-02"), ("", "HSK-03"))))
    second.write_text(header + "".join(row.format(i, f) for i, f in (
        ("R2", "HSK-02"), ("R3", "HSK-02"), ("R4", "RQA-01"))))
    early, late = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    api.evaluate_file(first, output=early, workers=1)
    api.evaluate_file(second, output=late, workers=1)
    result = api.changes(early, late)
    kinds = {(row["change"], row["record_id"]) for row in result.rows()}
    assert kinds == {("changed", "R2"), ("added", "R4"), ("removed", "R1")}  # R3 is twice in the first: not paired
    assert result.rows()[0]["what_changed"] == ["facility"]
    assert result.counts == {"compared": 1, "changed": 1, "unchanged": 0, "added": 1, "removed": 1,
                             "unpaired_before": 3, "unpaired_after": 0}
    assert result.by_facility["RQA-01"] == {"changed": 0, "added": 1, "removed": 0, "now_release": 0}


def test_runs_under_different_rulebooks_are_said_to_be(runs, tmp_path):
    records, early, _ = runs
    other = tmp_path / "life20.jsonl"
    api.evaluate_file(records, output=other, as_of=EARLY, workers=1,
                      rulebook=api.load_rulebook(api.DEFAULT_RULEBOOK, set={"life_commuted_years": 20}))
    said = api.changes(early, other).warnings
    assert any("the two runs were made under different rulebooks" in w and "life_commuted_years" in w for w in said)
    assert not any("different rulebooks" in w for w in api.changes(early, early).warnings)


@pytest.mark.parametrize(("name", "text", "said"), [
    ("bad.jsonl", '{"record_id": "R1"}\n', "line 1: field outcome: None is not an outcome"),
    ("bad2.jsonl", None, "line 3: not a line of JSON"),
    ("bad3.jsonl", '{"outcome": "freed", "as_of": "2024-01-01"}\n', "line 1: field outcome: 'freed' is not an outcome"),
    ("records.csv", "record_id,facility_id\nR1,HSK-01\n", "line 1: its header lacks outcome, reasons"),
    ("notes.txt", "hello\n", "cannot tell the format of the decisions from the name"),
    ("cut.csv", "cut", "is not a sha256 (64 hexadecimal digits); a line cut short?"),  # line 3, cut short
])
def test_what_is_not_a_decisions_file_is_refused_in_one_sentence(runs, tmp_path, name, text, said):
    _, early, _ = runs
    path = tmp_path / name
    if text is None:  # two good decisions, then a broken line
        lines = early.read_text(encoding="utf-8").splitlines()[:2]
        text = "\n".join(lines) + "\n{broken\n"
    elif text == "cut":  # a CSV of decisions whose last line ends inside its rulebook's sha256
        whole = tmp_path / "whole.csv"
        api.evaluate_file(runs[0], output=whole, as_of=LATE, workers=1)
        text = "\n".join(whole.read_text(encoding="utf-8").splitlines()[:3])[:-30] + "\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        api.changes(early, path)
    assert str(caught.value).startswith(f"{path}: ") and said in str(caught.value)


def test_the_command_line_writes_the_records_and_tables(runs, tmp_path):
    _, early, late = runs
    packed = tmp_path / "late.jsonl.gz"
    packed.write_bytes(gzip.compress(late.read_bytes()))
    out, tables = tmp_path / "changes.csv", tmp_path / "changes.json"
    result = CliRunner().invoke(app, ["changes", str(early), str(packed), "-o", str(out), "--tables", str(tables)],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    counts = json.loads(tables.read_text())
    lines = out.read_text().splitlines()
    assert lines[0].startswith("change,record_id,what_changed,")
    assert len(lines) - 1 == counts["changed"] + counts["added"] + counts["removed"] > 0
    assert f"{counts['compared']:,} records in both runs: {counts['changed']:,} changed" in result.output
    arabic = CliRunner().invoke(app, ["changes", str(early), str(packed), "--lang", "ar"], env={"COLUMNS": "200"})
    assert arabic.exit_code == 0 and "السجلات الموجودة في التشغيلين" in arabic.output


def test_a_decisions_file_saved_again_by_a_spreadsheet_with_a_bom_reads_the_same(runs, tmp_path):
    records, early, late = runs
    plain, marked = tmp_path / "late.csv", tmp_path / "marked.csv"
    api.evaluate_file(records, output=plain, as_of=LATE, workers=1)
    marked.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    assert api.changes(early, marked).rows() == api.changes(early, plain).rows()


def test_a_notebook_gets_the_records_as_a_frame(runs):
    _, early, late = runs
    result = api.changes(early, late)
    assert result.to_frame("pandas").shape == result.to_frame("polars").shape == (len(result.rows()), 15)


def test_a_json_array_names_the_decision_and_broken_overrides_are_one_sentence(runs, tmp_path):
    _, early, _ = runs
    array = tmp_path / "late.json"
    array.write_text('[{"outcome": "release", "as_of": "someday"}]', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"late.json: decision 1: field as_of: 'someday' is not a date"):
        api.changes(early, array)
    first = json.loads(early.read_text(encoding="utf-8").splitlines()[0])
    first["rulebook"]["overrides"] = "{not json"
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(first) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        api.changes(early, broken)
    assert "field rulebook.overrides is not the JSON of a rulebook's changes" in str(caught.value)
