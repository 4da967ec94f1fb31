"""--then on every command that decides records, and the same bytes with any number of workers."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.engine import pipeline
from amnesty.synth import write_sample_csv

CHAIN = ["--rulebook", "aanes-2020-resolution-5", "--then", "aanes-2024-law-10"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


COUNT = 1_200


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """Generated records as JSON Lines (batches of rows, made small below so that two workers share them)."""
    folder = tmp_path_factory.mktemp("chain")
    write_sample_csv(folder / "records.csv", COUNT, seed=14, invalid_rate=0.02)
    import csv

    path = folder / "records.jsonl"
    with (folder / "records.csv").open(encoding="utf-8") as handle, path.open("w", encoding="utf-8") as out:
        for row in csv.DictReader(handle):
            out.write(json.dumps({k: v for k, v in row.items() if v != ""}) + "\n")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    path = tmp_path_factory.mktemp("chain-small") / "records.csv"
    write_sample_csv(path, 800, seed=3, invalid_rate=0.0)
    return path


def test_evaluate_with_then_gives_the_same_bytes_with_one_or_two_workers(records, tmp_path, monkeypatch, pools):
    monkeypatch.setattr(pipeline, "ROWS_PER_BATCH", 100)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = run("evaluate", records, *CHAIN, "--as-of", "2026-03-01", "-o", one, "--workers", "1")
    second = run("evaluate", records, *CHAIN, "--as-of", "2026-03-01", "-o", two, "--workers", "2")
    assert first.exit_code == second.exit_code == 1, first.output  # the generated file has invalid records
    assert pools == [2]
    assert one.read_bytes() == two.read_bytes()
    decisions = [json.loads(line) for line in one.read_text(encoding="utf-8").splitlines()]
    assert len(decisions) == COUNT
    valid = [d for d in decisions if d["outcome"] != "invalid"]
    assert all([s["rulebook"]["id"] for s in d["steps"]] == ["aanes-2020-resolution-5", "aanes-2024-law-10"]
               for d in valid)
    assert "aanes-2020-resolution-5 > aanes-2024-law-10" in first.output


def test_a_chain_out_of_order_is_refused_in_one_sentence():
    result = run("evaluate", "--rulebook", "aanes-2024-law-10", "--then", "aanes-2020-resolution-5")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "not in enactment order" in result.output


def test_explain_shows_the_chain_step_by_step(small, tmp_path):
    out = tmp_path / "d.jsonl"
    assert run("evaluate", small, *CHAIN, "--as-of", "2026-03-01", "-o", out).exit_code == 0
    life = next(json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()
                if '"sentence_before":{"type":"life"' in line and '"outcome":"reduced"' in line)
    result = run("explain", life["record_id"], small, *CHAIN, "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Step 1: aanes-2020-resolution-5" in text and "Step 2: aanes-2024-law-10" in text
    assert "life -> 240 months (20 years) by aanes-2020-resolution-5 (2020-10-10)" in " ".join(text.split())
    as_json = json.loads(run("explain", life["record_id"], small, *CHAIN, "--as-of", "2026-03-01", "--json").output)
    assert [s["rulebook"]["id"] for s in as_json["steps"]] == ["aanes-2020-resolution-5", "aanes-2024-law-10"]
    assert as_json["steps"][0]["explanation"]["rules"]


def test_compare_sweep_and_timeline_take_then(small, tmp_path):
    tables = tmp_path / "t.json"
    result = run("compare", small, "--baseline", "aanes-2024-law-10", "--scenario", "law-10-life-20",
                 "--then", "aanes-2024-law-10", "--tables", tables)
    assert result.exit_code == 2 and "twice" in result.output  # law 10 then law 10 again: refused
    result = run("compare", small, "--baseline", "aanes-2020-resolution-5", "--scenario", "aanes-2020-eid",
                 "--then", "aanes-2024-law-10", "--as-of", "2026-03-01", "--tables", tables)
    assert result.exit_code == 0, result.output
    data = json.loads(tables.read_text(encoding="utf-8"))
    assert data["baseline"]["id"] == "aanes-2020-resolution-5 > aanes-2024-law-10"
    assert data["scenario"]["id"] == "aanes-2020-eid > aanes-2024-law-10"
    assert data["changed"] > 0
    sweep = tmp_path / "s.json"
    result = run("sweep", small, *CHAIN, "--param", "life_commuted_years=10,20", "--as-of", "2026-03-01", "-o", sweep)
    assert result.exit_code == 0, result.output
    rows = json.loads(sweep.read_text(encoding="utf-8"))["rows"]
    assert rows[0]["outcomes"] != rows[1]["outcomes"] and rows[0]["sha256"] != rows[1]["sha256"]
    line = tmp_path / "l.json"
    result = run("timeline", small, *CHAIN, "--as-of", "2026-03-01", "--by", "year", "-o", line)
    assert result.exit_code == 0, result.output
    assert json.loads(line.read_text(encoding="utf-8"))["rulebook"]["id"] == "aanes-2020-resolution-5 > aanes-2024-law-10"


def test_report_takes_then(small, tmp_path):
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    out = tmp_path / "r.html"
    result = run("report", small, *CHAIN, "--as-of", "2026-03-01", "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "aanes-2020-resolution-5 &gt; aanes-2024-law-10" in html or "aanes-2020-resolution-5 > aanes-2024-law-10" in html
    assert "--then aanes-2024-law-10" in html


def test_auto_on_the_command_line(small, tmp_path):
    out = tmp_path / "auto.jsonl"
    result = run("evaluate", small, "--rulebook", "auto", "--as-of", "2026-03-01", "-o", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    decisions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(d["reasons"][-1]["rule"] == "instrument-chosen" for d in decisions)
    from amnesty.analysis.auto import load_map
    from amnesty.models.record import Authority

    mapping, _ = load_map()
    used = {d["rulebook"]["id"] for d in decisions}
    assert "aanes-2024-law-10" in used  # the latest DAANES instrument, for the facilities it still holds
    if not mapping.authorities[Authority.syria]:
        assert "auto" in used  # the facilities handed over to Syria: no instrument, review
    assert run("evaluate", "--rulebook", "auto", "--then", "aanes-2024-law-10").exit_code == 2


def test_auto_is_refused_where_one_instrument_is_needed():
    for args in (["explain", "SYN-000001", "--rulebook", "auto"],
                 ["sweep", "--rulebook", "auto", "--param", "life_commuted_years=10,20"]):
        result = run(*args)
        assert result.exit_code == 2 and result.output.startswith("error: "), result.output


def test_a_chain_of_a_scenario_is_named_by_the_scenario_and_its_changes(small):
    """Both sides of a compare with --then were named by the chain's ids alone, the same words for
    two different chains: each instrument's own label now, and the changes instrument by instrument."""
    from amnesty import api

    side = api.rulebook_info("law-10-life-20")
    chained = api.load_rulebook("law-10-life-20", then=["syria-2026-decree-39"])
    from amnesty.analysis.compare import side_info

    info = side_info(chained)
    assert info["label"] == f"{side['label']} > syria-2026-decree-39" == "law-10-life-20 > syria-2026-decree-39"
    assert info["changes"] == "aanes-2024-law-10: set life_commuted_years=20"
    result = CliRunner().invoke(app, ["compare", str(small), "--scenario", "law-10-life-20", "--then",
                                      "syria-2026-decree-39"])
    text = " ".join(result.output.split())
    assert "scenario law-10-life-20 > syria-2026-decree-39:" in text
    assert "; aanes-2024-law-10: set life_commuted_years=20" in text
