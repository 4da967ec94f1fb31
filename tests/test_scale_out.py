"""Beyond one machine: docs/scale-out.md's example and a grid of scenarios, on a local Dask cluster.

Dask is in the test install (the ``test`` extra), so none of this is skipped.
One two-process cluster serves the whole module.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from dask import distributed

from amnesty import api
from amnesty.analysis import sweep_run
from amnesty.engine.sentence import add_months
from amnesty.errors import AmnestyError, EngineError, ScenarioError
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.synth import write_sample_csv

DOC = Path(__file__).parent.parent / "docs" / "scale-out.md"
GRID = {"life_commuted_years": "15,25", "release_age": "60,75"}
# Records each axis of GRID moves: a life sentence since 2008 is served at 15 years but not at 25,
# and two convicts of 68 are released at 60 but not at 75; so every point counts differently.
CRAFTED = {
    "facility_id": "RQA-01", "nationality": "SY", "birth_date": "1985-03-01", "legal_status": "convicted",
    "offence_categories": "terrorism", "offence_class": "felony", "offence_date": "2008-05-01",
    "org_role": "member", "fought_sdf": "false", "caused_death": "false", "explosives": "false",
    "chronic_illness": "false", "sentence_type": "life", "sentence_months": "", "custody_start": "2008-06-01",
    "good_conduct_certified": "true",
}
AGED = dict(CRAFTED, birth_date="1956-01-01", sentence_type="fixed", sentence_months="240", custody_start="2020-01-01")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "records.csv"
    write_sample_csv(path, 300, seed=7)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writerow(dict(CRAFTED, record_id="LIFE-2008"))
        writer.writerow(dict(AGED, record_id="AGED-68-A"))
        writer.writerow(dict(AGED, record_id="AGED-68-B"))
    return path


def example() -> dict:
    """The doc's first Python block, run as a module of its own (so the cluster ships it by value)."""
    code = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)[0]
    namespace = {"__name__": "scale_out_example"}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the project's own documentation
    return namespace


def test_the_documented_example_runs_on_a_local_cluster(tmp_path, cluster):
    registers, out = tmp_path / "registers", tmp_path / "decisions"
    registers.mkdir()
    out.mkdir()
    for seed in (1, 2, 3):
        write_sample_csv(registers / f"facility-{seed}.csv", 300, seed=seed)
    evaluate_registers = example()["evaluate_registers"]
    with distributed.Client(cluster) as client:
        summaries, totals = evaluate_registers(registers.glob("*.csv"), out, client)
    assert len(summaries) == 3 and sum(totals.values()) == 900
    for seed in (1, 2, 3):
        alone = tmp_path / f"alone-{seed}.jsonl"
        api.evaluate_file(registers / f"facility-{seed}.csv", output=alone, workers=1)
        assert (out / f"facility-{seed}.decisions.jsonl").read_bytes() == alone.read_bytes()


def evaluated(path, point: dict) -> dict:
    """What a plain evaluate of the records gives under the point's values, counted as a grid row counts."""
    decisions = []
    api.evaluate_file(path, rulebook=api.load_rulebook(set=point), on_decision=decisions.append, workers=1)
    as_of = decisions[0]["as_of"]
    outcomes = Counter(d["outcome"] for d in decisions)
    possible = Counter(o for d in decisions if d["outcome"] != "invalid"
                       for o in d.get("possible_outcomes") or (d["outcome"],))
    within = {}
    for years in (1, 2, 5):
        limit = add_months(date.fromisoformat(as_of), 12 * years).isoformat()
        within[f"{years}y"] = sum(1 for d in decisions
                                  if d["outcome"] in ("release", "reduced") and d["release_date"] and d["release_date"] <= limit)
    return {
        "outcomes": {o.value: outcomes.get(o.value, 0) for o in OUTCOME_ORDER},
        "possible": {o.value: max(outcomes.get(o.value, 0), possible.get(o.value, 0)) for o in OUTCOME_ORDER},
        "released_within": within,
        "sha256": {d["rulebook"]["sha256"] for d in decisions},
        "as_of": as_of,
    }


def test_a_grid_on_a_cluster_counts_what_evaluate_decides_at_each_point(records, cluster):
    on_dask = api.sweep_grid(records, grid=GRID, scheduler=cluster.scheduler_address)
    one = api.sweep_grid(records, grid=GRID, workers=1)
    two = api.sweep_grid(records, grid=GRID, workers=2)
    assert on_dask.to_dict() == one.to_dict() == two.to_dict()
    assert on_dask.table() == one.table()
    assert [row.point for row in one.rows] == [
        {"life_commuted_years": 15, "release_age": 60}, {"life_commuted_years": 15, "release_age": 75},
        {"life_commuted_years": 25, "release_age": 60}, {"life_commuted_years": 25, "release_age": 75},
    ]
    assert one.records == 303
    for row in on_dask.rows:
        expected = evaluated(records, row.point)
        assert row.outcomes == expected["outcomes"], row.point
        assert {o: b["possible"] for o, b in row.bounds.items()} == expected["possible"], row.point
        assert row.released_within == expected["released_within"], row.point
        assert expected["sha256"] == {row.sha256} and on_dask.as_of.isoformat() == expected["as_of"]
    # every point counts differently, so a point decided under another point's values cannot pass
    assert len({(tuple(r.outcomes.values()), tuple(r.released_within.values())) for r in one.rows}) == 4


def test_a_one_parameter_sweep_on_the_cluster_gives_the_local_counts(records, cluster):
    local = api.sweep(records, param="release_age", values="60:75:5")
    assert api.sweep(records, param="release_age", values="60:75:5", scheduler=cluster.scheduler_address).to_dict() \
        == local.to_dict()


def test_the_cli_gives_the_same_file_on_the_cluster(run_cli, records, cluster, tmp_path):
    args = ["sweep", records, "--grid", "life_commuted_years=15:25:10", "--grid", "release_age=60,75"]
    assert run_cli(*args, "--output", tmp_path / "local.json").exit_code == 1  # 4 invalid records, as evaluate says
    result = run_cli(*args, "--scheduler", cluster.scheduler_address, "--output", tmp_path / "dask.json")
    assert result.exit_code == 1 and "4 records are invalid" in result.output, result.output
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()


def test_a_worker_running_another_law_stops_the_run(records, cluster, monkeypatch):
    """Each task checks the sha256 it compiles against the caller's; here the caller is made to expect another."""
    real = sweep_run.Task.__init__

    def tampered(self, *args, **kwargs):
        real(self, *args, **kwargs)
        object.__setattr__(self, "sha256", tuple("0" * 64 for _ in self.sha256))

    monkeypatch.setattr(sweep_run.Task, "__init__", tampered)
    with pytest.raises(EngineError, match="every worker must run the same version of amnesty"):
        api.sweep_grid(records, grid=GRID, scheduler=cluster.scheduler_address)


def test_an_unreachable_scheduler_is_one_sentence(records, monkeypatch):
    monkeypatch.setattr(sweep_run, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(AmnestyError, match=r"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9 within 1s"):
        api.sweep_grid(records, grid=GRID, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(AmnestyError, match="--scheduler expects an address such as tcp://"):
        api.sweep_grid(records, grid=GRID, scheduler="nowhere")


def test_without_dask_the_scheduler_option_says_how_to_install_it(records, monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.distributed", None)  # as if the extra were not installed
    with pytest.raises(ScenarioError, match=r"--scheduler needs Dask, which is not installed: pip install 'amnesty\[dask\]'"):
        api.sweep_grid(records, grid=GRID, scheduler="tcp://127.0.0.1:8786")
    assert api.sweep_grid(records, grid={"release_age": "60"}).records == 303  # Dask is needed only for --scheduler


@pytest.fixture
def run_cli():
    from typer.testing import CliRunner

    from amnesty.cli.app import app

    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])
