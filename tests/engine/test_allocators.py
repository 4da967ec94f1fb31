"""The engine's workers, and a command that starts them, keep the memory they free; a notebook's process is
left alone, and so is a command deciding in its own process (--workers 1)."""

import ast
import os
import subprocess
import sys

import pytest

from amnesty.engine import allocators

SCRIPT = """
import os, sys
from amnesty.synth import write_sample_csv
write_sample_csv("records.csv", 2000, seed=1)
import amnesty.api
after_import = os.environ.get("{var}")
from amnesty.cli import app
sys.argv = ["amnesty", "evaluate", "records.csv", "--output", "out.jsonl", "--workers", sys.argv[1]]
try:
    app.main()
except SystemExit:
    pass
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


def _alone(script: str, tmp_path, env: dict | None = None, args: tuple = ()) -> str:
    """What ``script`` prints as RESULT, run in a process of its own without the variable set, in
    batches small enough to start workers."""
    path = tmp_path / "script.py"
    path.write_text(script.format(var=allocators.JEMALLOC_VARIABLE))
    clean = {k: v for k, v in os.environ.items() if k != allocators.JEMALLOC_VARIABLE}
    clean |= {"AMNESTY_BATCH_BYTES": "16K"} | (env or {})
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=120,
                          env=clean, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return done.stdout[done.stdout.index("RESULT"):].split(maxsplit=1)[1].strip()


def _last_word(setting: str) -> bool:
    """Ours, after polars' own defaults if polars was loaded (jemalloc takes the last value of each option)."""
    return setting == allocators.JEMALLOC_KEEP or setting.endswith("," + allocators.JEMALLOC_KEEP)


def test_a_command_that_starts_workers_sets_polars_allocator_before_they_start(tmp_path):
    after_import, after_run = _alone(SCRIPT, tmp_path, args=("2",)).split()
    assert after_import == "None"  # importing the API changed nothing
    assert _last_word(after_run)


def test_a_command_deciding_in_its_own_process_keeps_the_defaults(tmp_path):
    """--workers 1 is the small machine's setting: its memory is the one docs/cli.md gives."""
    after_import, after_run = _alone(SCRIPT, tmp_path, args=("1",)).split()
    assert after_import == "None"
    assert allocators.JEMALLOC_KEEP not in after_run  # polars' defaults alone


def test_workers_start_with_the_setting_even_when_their_parent_has_not(tmp_path):
    (setting,) = ast.literal_eval(_alone(WORKER, tmp_path))  # a set: every batch saw the same
    assert _last_word(setting)


def test_an_owners_own_setting_is_kept(tmp_path):
    owners = {allocators.JEMALLOC_VARIABLE: "narenas:1"}
    after_import, after_run = _alone(SCRIPT, tmp_path, owners, args=("2",)).split()
    assert after_import == "narenas:1"
    assert after_run.endswith("narenas:1") and allocators.JEMALLOC_KEEP not in after_run


GLIBC = """
import ctypes, sys
from amnesty.engine import allocators

class Info(ctypes.Structure):  # glibc's struct mallinfo2
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
libc.malloc.restype = ctypes.c_void_p
if sys.argv[1] == "tuned":
    assert allocators._tune_glibc()
before = libc.mallinfo2().hblks
block = libc.malloc(16 << 20)  # a batch's decisions are a block of this order
print("RESULT", libc.mallinfo2().hblks - before)
libc.free(ctypes.c_void_p(block))
"""


@pytest.mark.skipif(not allocators.is_glibc(), reason="mallopt and mallinfo2 are glibc's")
def test_a_tuned_process_takes_large_blocks_from_its_heap_not_from_new_mappings(tmp_path):
    """glibc's default maps a block this large afresh (and unmaps it when freed); tuned, the heap
    holds it, so the next batch reuses the same pages instead of faulting in new ones."""
    assert _alone(GLIBC, tmp_path, args=("default",)) == "1"  # one new mapped block
    assert _alone(GLIBC, tmp_path, args=("tuned",)) == "0"
