"""The chart files a report writes beside its page, named and checked before any work.

Kept apart from ``amnesty.report.export`` because that module imports
matplotlib, and matplotlib imports numpy, whose maths library starts a
thread: a report must check its outputs before the run, and a process that
runs a thread when the run starts its worker processes cannot fork them
(``amnesty.engine.parallel.start_method``), so each worker would import and
compile everything afresh.
"""

from __future__ import annotations

from pathlib import Path

from amnesty.errors import OutputFileError

CHART_NAMES = ("outcomes-by-region", "outcomes-by-facility", "releases-over-time", "exclusion-reasons")
COMPARISON_CHART_NAMES = ("comparison-outcomes",)


def check_charts_dir(directory: str | Path, names: tuple[str, ...], *, force: bool = False) -> None:
    """Refuse before any work if the charts cannot be written where asked."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise OutputFileError("--charts expects a folder, and this is a file", path=directory)
    if not directory.exists() and not directory.parent.exists():
        raise OutputFileError(f"folder {directory.parent} does not exist", path=directory)
    existing = [directory / f"{name}.{ext}" for name in names for ext in ("png", "svg")]
    existing = [path for path in existing if path.exists()]
    if existing and not force:
        raise OutputFileError("already exists; pass --force to replace the charts", path=existing[0])
