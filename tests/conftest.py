from __future__ import annotations

import os

# Small batches, before the engine is imported: tests' inputs are small, and they should still span
# many batches and start the worker pool (the output is the same bytes for any batch size:
# tests/engine/test_fastpath_exact.py checks it against the default).
os.environ.setdefault("AMNESTY_BATCH_BYTES", str(1 << 17))

import pytest  # noqa: E402

from amnesty.engine.evaluator import Evaluator  # noqa: E402
from amnesty.rules.compiler import compile_rulebook  # noqa: E402
from amnesty.rules.loader import load_source  # noqa: E402

LAW_10 = "aanes-2024-law-10"


@pytest.fixture
def pools(monkeypatch):
    """The worker pools a test starts, by their number of workers: a test that says it decided
    through a pool proves it did (every run starts its workers through ``parallel.shared_out``)."""
    from amnesty.engine import parallel

    started = []

    class Counted(parallel.Pool):
        def __init__(self, *args, **kwargs):
            started.append(args[1])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "Pool", Counted)
    return started


@pytest.fixture(scope="session")
def law10_source():
    return load_source(LAW_10)


@pytest.fixture(scope="session")
def law10(law10_source):
    return compile_rulebook(law10_source)


@pytest.fixture
def evaluator(law10):
    with Evaluator(law10) as ev:
        yield ev


@pytest.fixture
def base_record(law10_source):
    """The rulebook's case defaults: a Syrian member with a 180-month term for terrorism."""
    return dict(law10_source.rulebook.case_defaults)


@pytest.fixture(autouse=True)
def _no_inherited_terminal_width(monkeypatch):
    """Commands size their tables by COLUMNS when it is set; test workers (pytest-xdist) inherit one,
    so every test starts without it, as CI's plain run does; a test that wants a width sets it."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def state_when_called():
    """``probe(module, function, call)``: runs ``call`` (Python source) in a fresh interpreter with
    ``module.function`` wrapped to print, when first called, how many threads the process runs and
    which of numpy, pyarrow and matplotlib it has imported; gives that line. A fresh process,
    because a test runner's own threads and imports would hide what is being checked."""
    import subprocess
    import sys

    def probe(module: str, function: str, call: str) -> str:
        script = (
            "import os, sys\n"
            f"import {module} as target\n"
            f"real = target.{function}\n"
            "def checked(*args, **kwargs):\n"
            "    loaded = [name for name in ('numpy', 'pyarrow', 'matplotlib') if name in sys.modules]\n"
            "    print('STATE threads', len(os.listdir('/proc/self/task')), 'imported', loaded, flush=True)\n"
            "    return real(*args, **kwargs)\n"
            f"target.{function} = checked\n"
            "from amnesty import api\n"
            f"{call}\n"
        )
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return next(line for line in done.stdout.splitlines() if line.startswith("STATE"))

    return probe


def pytest_collection_modifyitems(config, items):
    """Modules holding a ``slow`` test run first; the others follow, those with the most tests first.

    pytest-xdist gives each worker whole modules (``--dist loadfile``) and, left to itself, hands
    them out by number of tests alone, so a module of one or two heavy tests (the fresh install,
    the notebook) started last and kept one core busy long after the other had finished.
    ``--no-loadscope-reorder`` in pyproject.toml makes it keep this order instead.
    """
    modules: dict[str, list[pytest.Item]] = {}
    for item in items:
        modules.setdefault(item.nodeid.split("::", 1)[0], []).append(item)

    def rank(module: str) -> tuple[bool, int]:
        tests = modules[module]
        return not any(test.get_closest_marker("slow") for test in tests), -len(tests)

    items[:] = [item for module in sorted(modules, key=rank) for item in modules[module]]
