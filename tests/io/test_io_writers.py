"""Decision writers: formats, determinism, and all-or-nothing files."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import sys
from datetime import date

import pytest
from pathlib import Path

from amnesty.errors import OutputFileError
from amnesty.io.writers import CSV_COLUMNS, flatten_decision, open_writer
from amnesty.models.decision import Decision, Outcome, Reason, RulebookRef, Sentence

RULEBOOK = RulebookRef(id="aanes-2024-law-10", version="1.0", sha256="ab" * 32)


def reduced() -> dict:
    return Decision(
        record_id="\u0633\u062c\u0644-\u0661",
        facility_id="HSK-01",
        outcome=Outcome.reduced,
        possible_outcomes=[Outcome.reduced],
        reasons=[
            Reason(rule="scope", article="Art. 1", effect="reduce", text="In scope."),
            Reason(rule="half", article="Art. 4(2)", effect="reduce", text="Half the sentence is remitted."),
        ],
        sentence_before=Sentence(type="fixed", months=7),
        sentence_after=Sentence(type="fixed", months=3.5),
        release_date=date(2025, 3, 16),
        as_of=date(2024, 9, 1),
        rulebook=RULEBOOK,
    ).model_dump(mode="json")


def invalid(errors: list[str]) -> dict:
    return Decision(
        record_id=None, facility_id=None, outcome=Outcome.invalid, as_of=date(2024, 9, 1),
        rulebook=RULEBOOK, errors=errors,
    ).model_dump(mode="json")


def write_all(path, decisions, **options):
    with open_writer(path, **options) as writer:
        for decision in decisions:
            writer.write(decision)
    return writer


def leftovers(folder):
    return sorted(name for name in os.listdir(folder) if name.endswith(".partial"))


# -- formats ----------------------------------------------------------------------


def test_json_lines_are_compact_ordered_utf8_and_deterministic(tmp_path):
    decisions = [reduced(), invalid(["line 3: field 'birth_date': not a date"])]
    writer = write_all(tmp_path / "a.jsonl", decisions)
    write_all(tmp_path / "b.ndjson", decisions)
    data = (tmp_path / "a.jsonl").read_bytes()
    assert data == (tmp_path / "b.ndjson").read_bytes()
    assert writer.count == 2 and writer.format == "jsonl"
    lines = data.decode("utf-8").split("\n")
    assert lines[-1] == "" and len(lines) == 3
    assert lines[0].startswith('{"record_id":"\u0633\u062c\u0644-\u0661","facility_id":"HSK-01","outcome":"reduced",')
    assert [json.loads(line) for line in lines[:2]] == decisions
    assert list(json.loads(lines[0])) == list(Decision.model_fields)


def test_csv_has_fixed_columns_and_flattened_cells(tmp_path):
    path = tmp_path / "out.csv"
    write_all(path, [reduced(), invalid(["a", "b"])])
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert "\r" not in text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0] == {
        "record_id": "\u0633\u062c\u0644-\u0661", "facility_id": "HSK-01", "outcome": "reduced",
        "possible_outcomes": "reduced", "reasons": "scope;half", "reason_articles": "Art. 1;Art. 4(2)", "missing": "",
        "sentence_before_type": "fixed", "sentence_before_months": "7",
        "sentence_after_type": "fixed", "sentence_after_months": "3.5",
        "release_date": "2025-03-16", "parole_date": "", "earliest_release_date": "", "as_of": "2024-09-01", "rulebook_id": "aanes-2024-law-10",
        "rulebook_version": "1.0", "rulebook_sha256": "ab" * 32, "errors": "",
    }
    assert rows[1]["record_id"] == "" and rows[1]["sentence_after_type"] == ""
    assert rows[1]["errors"] == "a; b"


def test_errors_holding_a_semicolon_are_joined_with_a_bar():
    assert flatten_decision(invalid(["x; y", "z"]))["errors"] == "x; y | z"
    assert flatten_decision(invalid(["x", "z"]))["errors"] == "x; z"
    assert flatten_decision({})["outcome"] == ""
    assert list(flatten_decision(reduced())) == list(CSV_COLUMNS)


def test_csv_cells_with_line_breaks_read_back_exactly(tmp_path):
    path = tmp_path / "out.csv"
    errors = ["a\rb", 'quote " and, comma', "two\nlines"]
    write_all(path, [invalid(errors), reduced()])
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["errors"] == "; ".join(errors)
    assert rows[1]["reasons"] == "scope;half"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_json_array_is_valid_and_streamed_item_by_item(tmp_path, count):
    path = tmp_path / "out.json"
    decisions = [reduced() for _ in range(count)]
    writer = write_all(path, decisions)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == decisions
    assert writer.count == count
    if count == 0:
        assert text == "[]\n"
    else:
        assert text.startswith("[\n{") and text.endswith("}\n]\n")
        assert text.count("\n") == count + 2


def test_standard_output_gets_utf8_json_lines_whatever_the_locale(monkeypatch):
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="ascii"))
    writer = write_all("-", [reduced()])
    assert writer.path == "<stdout>" and writer.format == "jsonl"
    assert buffer.getvalue() == (json.dumps(reduced(), ensure_ascii=False, separators=(",", ":")) + "\n").encode()
    assert not buffer.closed


@pytest.mark.parametrize(("name", "shown"), [("out.txt", "extension '.txt'"), ("out", "no extension")])
def test_unknown_extension_names_the_valid_ones(tmp_path, name, shown):
    with pytest.raises(OutputFileError) as caught:
        open_writer(tmp_path / name)
    assert str(caught.value) == (f"{tmp_path / name}: has {shown}; name the output .jsonl (or .ndjson), .csv, .json "
                                 "or .parquet, or .jsonl.gz, .csv.gz or .json.gz (also .bz2 or .xz) to have it compressed")


def test_format_argument_overrides_the_extension(tmp_path):
    write_all(tmp_path / "out.txt", [reduced()], fmt="csv")
    assert (tmp_path / "out.txt").read_text().startswith("record_id,facility_id,outcome,")
    with pytest.raises(OutputFileError, match="unknown output format 'xml'"):
        open_writer(tmp_path / "x.csv", fmt="xml")


# -- all or nothing -----------------------------------------------------------------


class Boom(Exception):
    pass


@pytest.mark.parametrize("name", ["out.jsonl", "out.csv", "out.json"])
@pytest.mark.parametrize("error", [Boom, KeyboardInterrupt])
def test_failure_mid_write_leaves_no_file_and_no_temporary(tmp_path, name, error):
    path = tmp_path / name
    with pytest.raises(error), open_writer(path) as writer:
        writer.write(reduced())
        assert leftovers(tmp_path)  # the temporary exists while writing...
        raise error()
    assert not path.exists()
    assert leftovers(tmp_path) == []  # ...and is gone afterwards


def test_failure_mid_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")
    with pytest.raises(ValueError), open_writer(path, force=True) as writer:
        writer.write(reduced())
        writer.write({"months": float("nan")})  # allow_nan=False refuses it
    assert path.read_text() == "old\n"
    assert leftovers(tmp_path) == []


def test_nothing_is_visible_until_the_block_ends(tmp_path):
    path = tmp_path / "out.jsonl"
    with open_writer(path) as writer:
        writer.write(reduced())
        assert not path.exists()
    assert path.exists()


def test_existing_file_needs_force_and_is_refused_before_any_work(tmp_path):
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    with pytest.raises(OutputFileError) as caught:
        open_writer(path)
    assert str(caught.value) == f"{path}: already exists; pass --force to replace it"
    write_all(path, [reduced()], force=True)
    assert path.read_text().startswith("record_id,")


def test_the_input_file_is_never_the_output_even_with_force(tmp_path):
    source = tmp_path / "records.jsonl"
    source.write_text('{"record_id":"R1"}\n')
    link = tmp_path / "alias.jsonl"
    os.link(source, link)
    for target in (source, link, tmp_path / "." / "records.jsonl"):
        with pytest.raises(OutputFileError, match="the output is the input file"):
            open_writer(target, force=True, inputs=(source,))
    assert source.read_text() == '{"record_id":"R1"}\n'


def test_missing_folder_and_directory_target(tmp_path):
    with pytest.raises(OutputFileError, match="does not exist"):
        open_writer(tmp_path / "nope" / "out.jsonl")
    (tmp_path / "dir.jsonl").mkdir()
    with pytest.raises(OutputFileError, match="is a directory"):
        open_writer(tmp_path / "dir.jsonl", force=True)


def test_output_file_is_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "out.jsonl"
    write_all(path, [reduced()])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_write_outside_the_with_block_is_refused(tmp_path):
    writer = open_writer(tmp_path / "out.jsonl")
    with pytest.raises(RuntimeError):
        writer.write(reduced())
    assert leftovers(tmp_path) == [] and not (tmp_path / "out.jsonl").exists()


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_is_the_owners_only(tmp_path):
    path = tmp_path / "out.jsonl"
    write_all(path, [reduced()])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    os.chmod(path, 0o640 | stat.S_ISGID)  # made readable to a loader's group (and a set-id bit, never kept)
    with open_writer(path, force=True) as writer:
        writer.write(reduced())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    gone = tmp_path / "new.jsonl"
    write_all(gone, [reduced()])
    assert stat.S_IMODE(gone.stat().st_mode) == 0o600


def test_every_output_of_a_run_keeps_the_permissions_of_the_file_it_replaces(tmp_path):
    from amnesty import api

    outputs = {name: tmp_path / name for name in ("d.csv.gz", "e.csv", "s.json")}
    for path in outputs.values():
        path.write_text("last night\n", encoding="utf-8")
        os.chmod(path, 0o644)
    api.evaluate_file(None, output=outputs["d.csv.gz"], errors=outputs["e.csv"], summary_file=outputs["s.json"],
                      force=True)
    for path in outputs.values():
        assert path.read_text(errors="replace") != "last night\n"
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_a_replaced_file_keeps_its_group_where_this_user_may_give_it():
    import tempfile

    others = [gid for gid in os.getgroups() if gid != os.getegid()]
    if os.geteuid() == 0:
        others.append(4242)  # root may give any group
    if not others:
        pytest.skip("this user is in one group only: no other group to keep")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.jsonl"
        write_all(path, [reduced()])
        os.chown(path, -1, others[0])
        os.chmod(path, 0o640)
        with open_writer(path, force=True) as writer:
            writer.write(reduced())
        assert (path.stat().st_gid, stat.S_IMODE(path.stat().st_mode)) == (others[0], 0o640)


def test_a_file_system_with_no_locks_is_written_all_the_same(tmp_path, monkeypatch):
    """Some NFS and SMB mounts keep no locks: every run there failed with 'No locks available'. Now it
    writes; it only cannot tell a live writer's temporary file from an abandoned one, so it neither
    waits for nor removes one."""
    import errno

    from amnesty.io import atomic

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(atomic.fcntl, "flock", no_locks)
    path = tmp_path / "out.jsonl"
    leftover = tmp_path / (atomic._temp_prefix(path) + "abandoned.partial")
    leftover.write_text("half a file")
    write_all(path, [reduced()])
    assert path.read_text().startswith('{"record_id"')
    assert leftover.exists()  # not known to be abandoned: left alone
    with open_writer(path, force=True) as writer:  # and not taken for a run writing now
        writer.write(reduced())
