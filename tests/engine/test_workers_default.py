"""The default number of workers: one per CPU this process may use (a container's CPU quota
included), and no more than its memory limit holds. A job limited to two CPUs, or to 4 GiB, on a
host of many cores started a worker per host core, each of about 300 MB."""

from __future__ import annotations

import os

import pytest
from loky.backend import context

from amnesty.engine import capacity
from amnesty.engine.capacity import memory_limit
from amnesty.engine.pipeline import workers_wanted

GIB = 1 << 30


@pytest.fixture
def no_memory_limit(monkeypatch):
    monkeypatch.setattr(capacity, "memory_limit", lambda: None)


def test_a_cpu_quota_below_the_cores_sets_the_default(monkeypatch, no_memory_limit):
    monkeypatch.setattr(context, "_cpu_count_cgroup", lambda os_cpu_count: 1)  # as cpu.max "100000 100000" reads
    assert workers_wanted(None) == 1


def test_without_limits_the_default_is_the_cores_this_process_may_use(monkeypatch, no_memory_limit):
    monkeypatch.setattr(context, "_cpu_count_cgroup", lambda os_cpu_count: os_cpu_count)
    monkeypatch.delenv("LOKY_MAX_CPU_COUNT", raising=False)
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert workers_wanted(None) == expected


@pytest.mark.parametrize(("limit", "cpus", "workers"), [
    (4 * GIB, 64, 10),  # a memory limit and no CPU limit: (4,096 - 250) // 350 MB = 10, not 64
    (4 * GIB, 2, 2),  # room for more than the CPUs: the CPUs
    (300 << 20, 8, 1),  # not even one worker's worth: one, never none
])
def test_a_memory_limit_caps_the_default(monkeypatch, limit, cpus, workers):
    monkeypatch.setattr(capacity, "memory_limit", lambda: limit)
    monkeypatch.setattr(context, "cpu_count", lambda *a, **k: cpus)
    assert workers_wanted(None) == workers


def test_a_number_given_is_kept_whatever_the_limits(monkeypatch):
    monkeypatch.setattr(capacity, "memory_limit", lambda: 300 << 20)
    assert workers_wanted(3) == 3
    with pytest.raises(ValueError):
        workers_wanted(0)


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def test_cgroup_v2_the_lowest_limit_on_the_path(tmp_path):
    root = tmp_path / "cgroup"
    _tree(root, {"cgroup.controllers": "cpu memory", "memory.max": "max\n",
                 "kubepods/memory.max": str(8 * GIB), "kubepods/pod1/memory.max": str(4 * GIB),
                 "kubepods/pod1/job/memory.max": "max\n"})
    membership = tmp_path / "self-cgroup"
    membership.write_text("0::/kubepods/pod1/job\n")
    assert memory_limit(root, membership) == 4 * GIB
    membership.write_text("0::/\n")  # inside the container's own namespace: its root is its limit
    assert memory_limit(root, membership) is None


def test_cgroup_v1_and_no_limit(tmp_path):
    root = tmp_path / "cgroup"
    _tree(root, {"memory/memory.limit_in_bytes": "9223372036854771712\n",
                 "memory/docker/abc/memory.limit_in_bytes": str(2 * GIB)})
    membership = tmp_path / "self-cgroup"
    membership.write_text("12:pids:/docker/abc\n4:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n")
    assert memory_limit(root, membership) == 2 * GIB
    membership.write_text("4:memory:/\n")
    assert memory_limit(root, membership) is None  # v1's "no limit" is a huge number
    assert memory_limit(root, tmp_path / "missing") is None  # not Linux, or no cgroups
