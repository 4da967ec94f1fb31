"""Text from records and files reaches the terminal literally (issue item 6).

Rich markup (``[/bold]``, ``[link=...]``), emoji codes and terminal escape
sequences in a facility, a column name, a file name, a record id or a
rulebook are printed as the characters they are, with control characters
shown as escapes; none stops a command with "internal error".
"""

from __future__ import annotations

import json
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnesty.cli.text import visible

HOSTILE = ["[/bold]", "[link=https://evil.example]F[/link]", "\x1b]0;title\x07", "\x1b[2J", "\x1b[1A",
           ":warning:", "\u202eRQA", "\x9b31m", "[bold red]x"]
RAW = ["\x1b", "\x07", "\x9b", "\u202e", "\r"]


def _clean(result):
    text = result.stdout + (result.stderr or "")
    assert "internal error" not in text and "Traceback" not in text, text
    assert not [c for c in RAW if c in text], text
    assert "\u26a0" not in text  # :warning: stayed text
    return text


def _records(tmp_path, facilities, name="in.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps({"record_id": f"R{i}", "facility_id": f, "note[/x]": f}) + "\n"
                            for i, f in enumerate(facilities)), encoding="utf-8")
    return path


def test_evaluate_prints_hostile_facilities_and_columns_literally(run, tmp_path):
    result = run("evaluate", _records(tmp_path, HOSTILE))
    text = _clean(result)
    assert result.exit_code == 0
    for facility in HOSTILE:
        assert visible(facility) in text
    assert "note[/x]" in text


def test_a_hostile_csv_header_and_file_name(run, tmp_path):
    folder = tmp_path / "["
    folder.mkdir()
    path = folder / "x].csv"
    path.write_text("record_id,facility_id,[/note]\nA1,[/bold]\n".replace("[/bold]\n", "[/bold],x\n"))
    result = run("evaluate", path)
    text = _clean(result)
    assert "[/note]" in text and "[/x].csv" in text and "[/bold]" in text


def test_explain_and_timeline_by_facility(run, tmp_path):
    path = _records(tmp_path, HOSTILE)
    text = _clean(run("explain", "R3", path))
    assert visible(HOSTILE[3]) in text
    ids = tmp_path / "ids.csv"
    ids.write_text("record_id,facility_id\n[/bold],[link=x]F\n")
    assert "[/bold]" in _clean(run("explain", "[/bold]", ids))
    few = _records(tmp_path, HOSTILE[:4], "few.jsonl")  # few enough groups to be columns
    text = _clean(run("timeline", few, "--group", "facility"))
    assert visible(HOSTILE[2]) in text


def test_rulebooks_show_of_a_rulebook_with_markup_and_escapes(run, tmp_path):
    base = resources.files("amnesty") / "rules" / "builtin" / "aanes-2024-law-10" / "rulebook.yaml"
    text = base.read_text(encoding="utf-8").replace(
        "title: General Amnesty Law No. 10 of 2024", 'title: "Law [/bold] \\e[2J [link=https://evil.example]x"'
    )
    path = tmp_path / "law.yaml"
    path.write_text(text, encoding="utf-8")
    assert run("rulebooks", "lint", path).exit_code == 0
    result = run("rulebooks", "show", path)
    assert result.exit_code == 0
    shown = _clean(result)
    assert "Law [/bold] \\u001b[2J [link=https://evil.example]x" in shown


def test_an_error_sentence_shows_control_characters(run, tmp_path):
    result = run("evaluate", tmp_path / "missing\x1b[2J.csv")
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "missing\\u001b[2J.csv" in result.output


_PIECES = st.sampled_from(list("[]/=:#@ab!") + ["\x1b", "\x07", "\x9b", "\u202e", "\x08", "[/", "link=", "bold"])
_HOSTILE_TEXT = st.lists(_PIECES, min_size=1, max_size=6).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HOSTILE_TEXT, min_size=1, max_size=5, unique=True))
def test_any_markup_or_escape_in_a_field_prints_literally(run, default_law_loaded_once, tmp_path, facilities):
    result = run("evaluate", _records(tmp_path, facilities, "gen.jsonl"))
    assert result.exit_code in (0, 1)
    text = _clean(result)
    for facility in facilities:
        assert visible(facility) in text
