"""The command line and the engine's workers keep the memory they free; a notebook's process is left alone."""

import os
import subprocess
import sys

import pytest

from amnesty.engine import allocators

SCRIPT = """
import os, sys
import amnesty.api
after_import = os.environ.get("{var}")
from amnesty.cli import app
sys.argv = ["amnesty", "rulebooks", "list"]
try:
    app.main()
except SystemExit:
    pass
import polars
print("RESULT", after_import, os.environ.get("{var}"))
"""

WORKER = """
import os
from amnesty.engine import parallel

def factory():
    import polars  # noqa: F401 - as a decider does; polars adds its own defaults before the setting
    return lambda payload: os.environ.get("{var}")

if __name__ == "__main__":
    batches = [parallel.Batch(seq, seq, seq, 1, None) for seq in range(4)]
    print("RESULT", {{result for _, result in parallel.shared_out(batches, 2, factory, factory)}})
"""


def _alone(script: str, tmp_path, env: dict | None = None) -> str:
    """What ``script`` prints as RESULT, run in a process of its own without the variable set."""
    path = tmp_path / "script.py"
    path.write_text(script.format(var=allocators.JEMALLOC_VARIABLE))
    clean = {k: v for k, v in os.environ.items() if k != allocators.JEMALLOC_VARIABLE} | (env or {})
    done = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=120, env=clean)
    assert done.returncode == 0, done.stderr
    return done.stdout[done.stdout.index("RESULT"):].split(maxsplit=1)[1].strip()


def _last_word(setting: str) -> bool:
    """polars puts its own defaults first; jemalloc takes the last value of each option."""
    return setting.endswith("," + allocators.JEMALLOC_KEEP)


def test_only_the_command_line_sets_polars_allocator(tmp_path):
    after_import, when_polars_loaded = _alone(SCRIPT, tmp_path).split()
    assert after_import == "None"  # importing the API changed nothing
    assert _last_word(when_polars_loaded)


def test_workers_start_with_the_setting_even_when_their_parent_has_not(tmp_path):
    (setting,) = eval(_alone(WORKER, tmp_path))  # a set: every batch saw the same
    assert _last_word(setting)


def test_an_owners_own_setting_is_kept(tmp_path):
    after_import, when_polars_loaded = _alone(SCRIPT, tmp_path, {allocators.JEMALLOC_VARIABLE: "narenas:1"}).split()
    assert after_import == "narenas:1"
    assert when_polars_loaded.endswith(",narenas:1") and allocators.JEMALLOC_KEEP not in when_polars_loaded


@pytest.mark.skipif(not sys.platform.startswith("linux") or "glibc" not in os.confstr("CS_GNU_LIBC_VERSION"),
                    reason="mallopt is glibc's")
def test_glibc_takes_every_setting():
    """mallopt refuses a value past its limit (an mmap threshold over 32 MiB) by returning 0."""
    assert allocators._tune_glibc()
