"""How many workers a run starts when ``--workers`` is not given: one per CPU it may use, and no
more than its memory holds.

CPUs are counted by loky: the process's affinity and a container's CPU quota. Memory is the other
limit a scheduled job meets: Kubernetes is commonly given a memory limit and no CPU limit, and on a
node of 64 cores a job limited to 4 GiB started 64 workers of about 300 MB each, which the kernel
killed. So the lowest memory limit on the process's cgroup and its parents (v2 ``memory.max``, v1
``memory.limit_in_bytes``) caps the count, each worker counted at ``WORKER_BYTES`` and the reading
process at ``READER_BYTES`` (measured at the default batch size: a worker peaks at 287 to 312 MB,
the reading process at 155 to 169 MB; docs/benchmarks.md, fourteenth stop).
"""

from __future__ import annotations

from pathlib import Path

WORKER_BYTES = 350 << 20
READER_BYTES = 250 << 20
_NO_LIMIT = 1 << 60  # cgroup v1 writes 9223372036854771712 for "no limit"


def default_workers() -> int:
    from loky.backend.context import cpu_count

    cpus = max(1, cpu_count())
    limit = memory_limit()
    if limit is None:
        return cpus
    return max(1, min(cpus, (limit - READER_BYTES) // WORKER_BYTES))


def memory_limit(root: str | Path = "/sys/fs/cgroup", membership: str | Path = "/proc/self/cgroup") -> int | None:
    """The lowest memory limit, in bytes, on this process's cgroup and every cgroup above it, or None
    where there is none (or no cgroups: another system, or a file that cannot be read)."""
    try:
        lines = Path(membership).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    root = Path(root)
    found = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":  # the unified hierarchy (v2): at the root, or under unified/ beside v1
            base = root if (root / "cgroup.controllers").exists() else root / "unified"
            name = "memory.max"
        elif "memory" in controllers.split(","):
            base, name = root / "memory", "memory.limit_in_bytes"
        else:
            continue
        steps = [step for step in path.split("/") if step]
        for depth in range(len(steps) + 1):
            limit = _limit(base.joinpath(*steps[:depth]) / name)
            if limit is not None:
                found.append(limit)
    return min(found) if found else None


def _limit(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not text.isdigit():  # "max", or anything this reader does not know
        return None
    value = int(text)
    return value if value < _NO_LIMIT else None
