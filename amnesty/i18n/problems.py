"""A record's problem, as the table of invalid records shows it, in the reader's language.

An invalid decision's ``errors`` are data: English sentences naming line, field and value, the
same in every language, kept in the JSON, the ``--errors`` file and the report. What a person
reads on screen is the problem part alone (``amnesty.io.invalid.split_message``), and the record
model says it in a few fixed ways: its own messages, written once in ``amnesty.models.problems``
and read back here against the same texts, and pydantic's for a value outside a list of choices or
below a bound, listed here. A problem worded in another way is shown as it is rather than guessed
(tests/i18n/test_problems.py finds every way the hostile test rows are refused and fails when one
is new).
"""

from __future__ import annotations

import re
import string

from amnesty.i18n import Translator
from amnesty.models import problems
from amnesty.models.note import N_

# pydantic's own wordings, which the record model does not choose.
PYDANTIC_WHOLE = {N_("input should be greater than or equal to 0")}
PYDANTIC_AROUND = [(re.compile(r"input should be (?P<choices>'.*')"), N_("input should be one of {choices}"))]
WHOLE = set(problems.WHOLE) | PYDANTIC_WHOLE


def _pattern(template: str, value: str = r"\S+") -> re.Pattern:
    """A template as a regular expression: each ``{name}`` a value, a name met again the same value."""
    parts, seen = [], set()
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{value})")
            seen.add(name)
    return re.compile("".join(parts), re.S)


AROUND = PYDANTIC_AROUND + [(_pattern(template), template) for template in problems.AROUND]
_LIST_HINT = re.compile(r"(?P<problem>.*) " + _pattern(problems.LIST_HINT, ".*").pattern, re.S)


def problem_words(problem: str, tr: Translator) -> str:
    """``problem`` in ``tr``'s language when it is worded in one of the known ways, else as it is."""
    if tr.lang == "en":
        return problem
    hint = _LIST_HINT.fullmatch(problem)
    if hint:
        return problem_words(hint["problem"], tr) + " " + tr.gettext(problems.LIST_HINT).format(items=hint["items"])
    if problem in WHOLE:
        return tr.gettext(problem)
    for pattern, message in AROUND:
        found = pattern.fullmatch(problem)
        if found:
            values = found.groupdict()
            if "choices" in values:
                values["choices"] = tr.list_sep().join(re.findall(r"'[^']*'", values["choices"]))
            return tr.gettext(message).format(**values)
    return problem
