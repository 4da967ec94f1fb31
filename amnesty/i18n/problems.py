"""A record's problem, as the table of invalid records shows it, in the reader's language.

An invalid decision's ``errors`` are data: English sentences naming line, field and value, the
same in every language, kept in the JSON, the ``--errors`` file and the report. What a person
reads on screen is the problem part alone (``amnesty.io.invalid.split_message``), and the record
model says it in a few fixed ways: its own messages, and pydantic's for a value outside a list of
choices or below a bound. Each is listed here with its catalogue message; a problem worded in
another way is shown as it is rather than guessed (tests/i18n/test_problems.py finds every way
the hostile test rows are refused and fails when one is new).
"""

from __future__ import annotations

import re

from amnesty.i18n import Translator


def N_(message: str) -> str:
    return message


# Worded whole by the record model (amnesty.models.cells, .record) and the row contract.
WHOLE = {
    N_("not a real calendar date"), N_("expected a date as YYYY-MM-DD"), N_("expected true/false, yes/no or 1/0"),
    N_("expected a whole number of months"), N_("expected an ISO 3166-1 alpha-2 code, e.g. SY"),
    N_("required but missing"), N_("required when sentence_type is fixed, but missing"),
    N_("input should be greater than or equal to 0"),
}
# Worded around values: the pattern, and its message with the values as parameters.
AROUND = [
    (re.compile(r"input should be (?P<choices>'.*')"), N_("input should be one of {choices}")),
    (re.compile(r"is after the as-of date (?P<as_of>\S+)"), N_("is after the as-of date {as_of}")),
    (re.compile(r"is a duplicate of the record on line (?P<line>\d+)"), N_("is a duplicate of the record on line {line}")),
    (re.compile(r"fields birth_date and (?P<field>\w+): (?P=field) (?P<day>\S+) is before birth_date (?P<born>\S+), "
                r"so they cannot both be true"),
     N_("fields birth_date and {field}: {field} {day} is before birth_date {born}, so they cannot both be true")),
]
_LIST_HINT = re.compile(r"^(?P<problem>.*) \(a list separates its items with ';', not ',': write (?P<items>.*)\)$", re.S)


def problem_words(problem: str, tr: Translator) -> str:
    """``problem`` in ``tr``'s language when it is worded in one of the known ways, else as it is."""
    if tr.lang == "en":
        return problem
    hint = _LIST_HINT.fullmatch(problem)
    if hint:
        return problem_words(hint["problem"], tr) + " " + tr(
            "(a list separates its items with ';', not ',': write {items})").format(items=hint["items"])
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
