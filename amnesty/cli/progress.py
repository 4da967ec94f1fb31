"""A progress bar for long runs: percentage, records, time taken and time left, on a terminal only.

The reader does not know how many records a file holds until the end, but
the file's size is known, and the first 64 KB give the bytes per record, so
the total is estimated up front (and corrected at the end). The bar is
drawn by its own thread several times a second, so the clock keeps moving
while a batch is being decided. Nothing is drawn when standard error is not
a terminal (a log file, a pipe, CI).
"""

from __future__ import annotations

from pathlib import Path

from rich.progress import (
    BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn,
)

from amnesty import api
from amnesty.cli.common import is_terminal, stderr_console

class RunProgress:
    """``with RunProgress(path) as advance: ...`` where ``advance(n)`` counts ``n`` records decided."""

    def __init__(self, path: str | Path | None, what: str = "records", *, quiet: bool = False):
        self.total = None if quiet else api.estimate_records(path)
        self.what = what
        columns = [SpinnerColumn()]
        if self.total:
            columns += [BarColumn(), TaskProgressColumn()]
        columns += [
            TextColumn("{task.completed:,} " + what), TimeElapsedColumn(),
            *([TextColumn("left"), TimeRemainingColumn()] if self.total else []),
        ]
        self.progress = Progress(
            *columns, console=stderr_console(), transient=True, disable=quiet or not is_terminal(),
            auto_refresh=True, refresh_per_second=5,
        )
        self.task = None

    def __enter__(self):
        self.progress.__enter__()
        self.task = self.progress.add_task("evaluating", total=self.total)
        return self.advance

    def advance(self, count: int) -> None:
        task = self.progress.tasks[0]
        if self.total and task.completed + count >= self.total:  # the estimate was low: keep the bar short of 100%
            self.progress.update(self.task, total=task.completed + count + max(1, self.total // 100))
        self.progress.advance(self.task, count)

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)
