"""The command line tunes Python's garbage collector for itself; a notebook's process is left alone."""

import subprocess
import sys

SCRIPT = """
import gc, sys
before = gc.get_threshold()
import amnesty.api
after_import = gc.get_threshold()
from amnesty.cli import app
sys.argv = ["amnesty", "rulebooks", "list"]
try:
    app.main()
except SystemExit:
    pass
print("RESULT", before == after_import, gc.get_threshold(), gc.get_freeze_count() > 0)
"""


def test_only_the_command_line_tunes_the_collector():
    from amnesty.engine.collector import THRESHOLDS

    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = done.stdout[done.stdout.index("RESULT"):].split(maxsplit=1)[1].strip()
    assert result == f"True {THRESHOLDS} True"  # importing the API changed nothing; the command did
