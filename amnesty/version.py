"""The installed version of the tool, for the pages and catalogues that name what made them.

A source tree put on PYTHONPATH without installing has no version: callers
say so in their own words ("unknown" on a page, nothing in a catalogue header).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def installed_version() -> str | None:
    try:
        return version("amnesty")
    except PackageNotFoundError:
        return None
