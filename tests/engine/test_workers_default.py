"""The default number of workers: the CPUs this process may use, a container's CPU quota included.
A job limited to two CPUs on a host of many started a worker per host CPU, each of about 300 MB."""

from __future__ import annotations

import os

import pytest
from loky.backend import context

from amnesty.engine.pipeline import workers_wanted


def test_a_cpu_quota_below_the_cores_sets_the_default(monkeypatch):
    monkeypatch.setattr(context, "_cpu_count_cgroup", lambda os_cpu_count: 1)  # as cpu.max "100000 100000" reads
    assert workers_wanted(None) == 1


def test_without_a_quota_the_default_is_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.setattr(context, "_cpu_count_cgroup", lambda os_cpu_count: os_cpu_count)
    monkeypatch.delenv("LOKY_MAX_CPU_COUNT", raising=False)
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert workers_wanted(None) == expected


def test_a_number_given_is_kept_and_a_bad_one_refused():
    assert workers_wanted(3) == 3
    with pytest.raises(ValueError):
        workers_wanted(0)
