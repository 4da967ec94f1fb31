"""Where a report came from, written so anyone can reproduce and challenge it.

A briefing built on a report is only as good as the reader's ability to
check it: which law, which version and changes, which date, which file
(by its sha256, not just its name), and the command that makes the same
report again.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from amnesty.i18n import Translator, translator
from amnesty.i18n.sides import CHANGE_KEYS, change_lines


@dataclass(frozen=True)
class Invocation:
    """The options a report was made with, as a user would type them."""

    input: str | None
    output: str
    rulebook: str
    set: dict[str, str] = field(default_factory=dict)
    disable: tuple[str, ...] = ()
    as_of: date | None = None
    compare: str | None = None
    facilities: str | None = None
    charts: str | None = None
    then: tuple[str, ...] = ()  # later instruments of a chain, oldest first

    def command(self) -> str:
        """The ``amnesty report`` command line that makes this report again."""
        words = ["amnesty", "report"]
        if self.input is not None:
            words.append(self.input)
        words += ["--rulebook", self.rulebook]
        for name, value in self.set.items():
            words += ["--set", f"{name}={value}"]
        for rule_id in self.disable:
            words += ["--disable", rule_id]
        for later in self.then:
            words += ["--then", later]
        if self.as_of is not None:
            words += ["--as-of", self.as_of.isoformat()]
        if self.compare is not None:
            words += ["--compare", self.compare]
        if self.facilities is not None:
            words += ["--facilities", self.facilities]
        if self.charts is not None:
            words += ["--charts", self.charts]
        words += ["--output", self.output]
        return shlex.join(words)

    def python(self) -> str:
        """The same report through the Python API, for a notebook."""
        args = [repr(self.input)]
        args.append(f"output={self.output!r}")
        args.append(f"rulebook={self.rulebook!r}")
        if self.set:
            args.append(f"set={dict(self.set)!r}")
        if self.disable:
            args.append(f"disable={list(self.disable)!r}")
        if self.then:
            args.append(f"then={list(self.then)!r}")
        if self.as_of is not None:
            args.append(f"as_of=date.fromisoformat({self.as_of.isoformat()!r})")
        for name in ("compare", "facilities", "charts"):
            value = getattr(self, name)
            if value is not None:
                args.append(f"{name}={value!r}")
        lines = []
        if self.as_of is not None:
            lines.append("from datetime import date")
        lines.append("from amnesty import api")
        lines.append("api.report(" + ", ".join(args) + ", force=True)")
        return "\n".join(lines)


def overrides_text(overrides: dict[str, Any], tr: Translator | None = None) -> list[str]:
    """Scenario changes as short lines a reader can check against the law, in ``tr``'s language."""
    tr = tr or translator("en")
    lines = change_lines(overrides, tr)
    for number, member in enumerate(overrides.get("chain") or [], start=1):
        changes = tr("; ").join(overrides_text(member.get("overrides") or {}, tr))
        lines.append(tr("instrument {number}: {id} v{version} (sha256 {digest})").format(
            number=number, id=member["id"], version=member["version"], digest=member["sha256"][:12])
            + (tr.list_sep() + changes if changes else ""))
    for key, value in overrides.items():
        if key not in (*CHANGE_KEYS, "chain"):
            lines.append(f"{key}: {value}")
    return lines


def scenario_of(book) -> dict[str, Any] | None:
    """The policy question a scenario file asks, for a rulebook built from one."""
    if not book.overrides.get("scenario"):
        return None
    from amnesty.rules.scenario import load_scenario

    scenario = load_scenario(book.path).scenario
    return {"id": scenario.id, "title": scenario.title, "question": scenario.question, "notes": list(scenario.notes)}
