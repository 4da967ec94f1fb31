"""A --set or --disable that breaks the rulebook is named as the option the user typed.

Applying a change compiles the whole rulebook again, so a bad value used
to surface as an error in the bundled rulebook file ("rulebook.yaml:115:
rule 'nationality-not-covered': nationality is country; cannot compare it
with 'Iraq'"), which points at a file the user never touched. Here the
failing change is found (each one is compiled on its own) and the error is
reworded around it: ``--set covered_nationalities=SY,Iraq: 'Iraq' is not a
country code; did you mean IQ?``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from amnesty.errors import AmnestyError, RulebookError, ScenarioError

_KIND = re.compile(r"^(?P<field>\w+) is (?P<kind>[\w ]+); cannot compare it with (?P<value>'[^']*'|\S+)$")
_RULE_PREFIX = re.compile(r"^rule '[^']*': ")
# the compiler's words for a value that is wrong in a parameter; a --set names the parameter already
_IN_PARAMETER = re.compile(r"the value of parameter '[^']*', (compared with \w+|as the effect's \w+): ")


def blame_change(
    rulebook: str | Path,
    set_values: Mapping[str, Any] | None,
    disable: Iterable[str],
    error: RulebookError,
) -> AmnestyError:
    """The error reworded around the one change that causes it, or ``error`` itself if none does alone."""
    from amnesty.rules.scenario import load_variant
    from amnesty.engine.durable.fit import compile_checked

    def fails(values: Mapping[str, Any] | None, off: Iterable[str]) -> RulebookError | None:
        try:
            compile_checked(*load_variant(rulebook, values, off))
        except RulebookError as exc:
            return exc
        return None

    if fails(None, ()) is not None:
        return error  # the rulebook itself is broken: its own file and line are the right place
    for name, value in (set_values or {}).items():
        found = fails({name: value}, ())
        if found is not None:
            shown = ",".join(map(str, value)) if isinstance(value, list | tuple) else value
            return ScenarioError(f"--set {name}={shown}: {reword(found.message)}")
    for rule_id in disable:
        found = fails(None, [rule_id])
        if found is not None:
            return ScenarioError(f"--disable {rule_id}: {reword(found.message)}")
    return error


def reword(message: str) -> str:
    """A compiler sentence about a value, said about the value the user gave."""
    message = _IN_PARAMETER.sub("", message, count=1)
    bare = _RULE_PREFIX.sub("", message)
    found = _KIND.match(bare)
    if not found:
        return bare if "is not a value of" in bare else message  # keep the rule when the rule is the point
    value, kind, field = found["value"], found["kind"], found["field"]
    if kind == "country":
        return f"{value} is not a country code (ISO 3166-1 alpha-2, upper case, e.g. SY)" + _country_hint(value)
    return f"{value} is not a {kind} value for field {field}"


def _country_hint(quoted: str) -> str:
    """``; did you mean IQ?`` for a country written by name or in lower case."""
    text = quoted.strip("'\"")
    try:
        import pycountry

        country = pycountry.countries.lookup(text)
    except (ImportError, LookupError):
        try:
            import pycountry

            matches = pycountry.countries.search_fuzzy(text)
        except (ImportError, LookupError):
            return ""
        country = matches[0] if len(matches) == 1 else None
    return f"; did you mean {country.alpha_2}?" if country is not None else ""
