"""docs/scale-out.md's example, exactly as written, on a local Dask cluster (skipped without the dask extra)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("dask.bag", reason="the dask extra is not installed (pip install -e '.[dask]')")
distributed = pytest.importorskip("dask.distributed", reason="the dask extra is not installed (pip install -e '.[dask]')")

from amnesty import api  # noqa: E402
from amnesty.synth import write_sample_csv  # noqa: E402

DOC = Path(__file__).parent.parent / "docs" / "scale-out.md"


def example() -> dict:
    """The doc's first Python block, run as a module of its own (so the cluster ships it by value)."""
    code = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)[0]
    namespace = {"__name__": "scale_out_example"}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the project's own documentation
    return namespace


def test_the_documented_example_runs_on_a_local_cluster(tmp_path):
    registers, out = tmp_path / "registers", tmp_path / "decisions"
    registers.mkdir()
    out.mkdir()
    for seed in (1, 2, 3):
        write_sample_csv(registers / f"facility-{seed}.csv", 300, seed=seed)
    evaluate_registers = example()["evaluate_registers"]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        summaries, totals = evaluate_registers(registers.glob("*.csv"), out, client)
    assert len(summaries) == 3 and sum(totals.values()) == 900
    for seed in (1, 2, 3):
        alone = tmp_path / f"alone-{seed}.jsonl"
        api.evaluate_file(registers / f"facility-{seed}.csv", output=alone, workers=1)
        assert (out / f"facility-{seed}.decisions.jsonl").read_bytes() == alone.read_bytes()
