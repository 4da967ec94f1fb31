"""Under --redact no raw record id reaches any byte the tool writes (issue item 5).

Outputs in every format, standard output, standard error (the --strict
sentence included) and any file left in the folder are searched for every
raw id, whatever its type (text, number, list) and however it went wrong
(duplicate, unreadable, not text).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.io.redact import Redactor

KEY = "k" * 32
ENV = {"AMNESTY_REDACT_KEY": KEY}
# Letters that are not hex digits and appear in no message of the tool: an id can only show up as itself.
_ID = st.text(st.sampled_from("GHJKLMNPQVWXYZ"), min_size=7, max_size=10)


def _everything_written(tmp_path, result):
    blobs = [result.stdout_bytes, result.stderr_bytes if result.stderr_bytes is not None else b""]
    blobs += [p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith("in.")]
    return b"\n".join(blobs).decode("utf-8", "replace")


def _leaks(text, raw_ids):
    return [r for r in raw_ids if r in text]


def test_strict_message_names_the_pseudonym_not_the_id(run, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("record_id,facility_id\nALICE-001,RQA-01\nALICE-001,RQA-01\n")
    result = run("evaluate", path, "-o", tmp_path / "out.jsonl", "--strict", "--redact", env=ENV)
    assert result.exit_code == 2
    pseudonym = Redactor(KEY.encode()).pseudonym("ALICE-001")
    assert f"field record_id: {pseudonym} is a duplicate of the record on line 2" in result.stderr
    assert "ALICE" not in _everything_written(tmp_path, result)


def test_numeric_and_list_ids_are_redacted_in_errors(run, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"record_id": 12345.5, "facility_id": "RQA-01"}\n'
        '{"record_id": ["BOB-777"], "facility_id": "RQA-01"}\n'
        '{"record_id": 9988776655, "facility_id": "RQA-01"}\n'
        '{"record_id": 9988776655, "facility_id": "RQA-01"}\n'
    )
    out = tmp_path / "out.jsonl"
    result = run("evaluate", path, "-o", out, "--redact", env=ENV)
    assert result.exit_code == 1
    written = _everything_written(tmp_path, result)
    assert _leaks(written, ["12345.5", "BOB-777", "9988776655"]) == []
    errors = [json.loads(line)["errors"] for line in out.read_text().splitlines()]
    assert errors[0] == ["line 1: field record_id: (redacted) is invalid: input should be a valid string"]
    assert errors[3][0].startswith("line 4: field record_id: rid-")


def test_a_facility_equal_to_the_id_is_still_named(run, tmp_path):
    redactor = Redactor(KEY.encode())
    decision = {"record_id": "X1", "errors": ["line 2: field facility_id: 'X1' is invalid: too odd"]}
    assert redactor.decision(decision)["errors"] == decision["errors"]


_JSON_ID = st.one_of(_ID, st.integers(10**9, 10**12), st.floats(1e3, 1e6).map(lambda f: round(f, 2) + 0.25),
                     st.lists(_ID, min_size=1, max_size=2))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.tuples(_JSON_ID, st.sampled_from(["RQA-01", "", "HSK-02"]), st.sampled_from(["fixed", "life", "x", ""]),
                       st.sampled_from(["12", "", "-4", "zz"])), min_size=1, max_size=10),
    st.sampled_from(["jsonl", "csv"]),
    st.sampled_from(["out.jsonl", "out.csv", "out.json", "-"]),
    st.booleans(),
    st.data(),
)
def test_no_raw_id_in_any_byte_written(run, default_law_loaded_once, tmp_path, records, fmt, output, strict, data):
    for old in tmp_path.iterdir():
        old.unlink()
    if data.draw(st.booleans()) and records:  # a duplicate id
        records = [*records, records[0]]
    if fmt == "csv":
        records = [(r[0] if isinstance(r[0], str) else str(r[0]), *r[1:]) for r in records]
        path = tmp_path / "in.csv"
        lines = ["record_id,facility_id,sentence_type,sentence_months"]
        lines += [",".join(map(str, r)) for r in records]
        if data.draw(st.booleans()):
            lines.append(f'{records[0][0]},"RQA-01')  # a broken line whose id is recovered
        path.write_text("\n".join(lines) + "\n")
    else:
        path = tmp_path / "in.jsonl"
        keys = ("record_id", "facility_id", "sentence_type", "sentence_months")
        path.write_text("".join(json.dumps(dict(zip(keys, r))) + "\n" for r in records)
                        + (f'{{"record_id": {json.dumps(records[0][0])}, broken\n' if data.draw(st.booleans()) else ""))
    target = output if output == "-" else tmp_path / output
    result = run("evaluate", path, "-o", target, "--redact", "--errors", tmp_path / "errors.csv",
                 *(["--strict"] if strict else []), env=ENV)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    raw = set()
    for r in records:
        for value in r[0] if isinstance(r[0], list) else [r[0]]:
            raw.add(str(value))
    assert _leaks(_everything_written(tmp_path, result), raw) == []
