"""The HTML report: one self-contained file an analyst can open offline, mail and print.

Rendering needs Jinja2 and matplotlib, which ``pip install amnesty``
installs; an environment that lost one of them is told so here, in one
sentence, before any work is done.
"""

from __future__ import annotations

from importlib.util import find_spec

from amnesty.errors import AmnestyError

EXTRA_PACKAGES = ("jinja2", "matplotlib")


def require_extra() -> None:
    """Refuse early, in one sentence, when the report's libraries are missing."""
    missing = [name for name in EXTRA_PACKAGES if find_spec(name) is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise AmnestyError(
            f"the report needs {' and '.join(missing)}, which {verb} not installed; "
            "reinstall amnesty: pip install ."
        )
