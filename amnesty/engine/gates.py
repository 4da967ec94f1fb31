"""A nightly job's gates: how many invalid records a run accepts (``--max-invalid``), and how few
records it accepts at all (``--min-records``).

A national register has a few broken rows every night; an export that went
wrong upstream (a date format changed, a column shifted) has thousands, and
one cut short or left with its header only has too few rows and none broken.
Exit 1 on any invalid record cannot tell these apart, and without a gate the
broken night's decisions replace the good ones of the night before. With a
limit, a run within it is a good run (exit 0, its invalid records decided
``invalid`` and listed as always), and a run past it stops as ``--strict``
does: one sentence (for invalid records, the field most of them fail on and
the first of them), and nothing written, so the last good output stays in
place. The whole file is read first: a share needs the count of every record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from amnesty.errors import InputFileError, SettingError
from amnesty.io.invalid import WHOLE_ROW

_SHOWN = 60  # characters of a value in the sentence
_FORM = re.compile(r"\s*(\d{1,12})\s*|\s*(\d{1,3}(?:\.\d{1,6})?)\s*%\s*")


@dataclass(frozen=True)
class InvalidLimit:
    """A limit as given (``25``, ``0.5%``): a number of records, or a share of those read."""

    given: str
    records: int | None = None
    percent: Fraction | None = None

    def allows(self, invalid: int, read: int) -> bool:
        if self.records is not None:
            return invalid <= self.records
        return invalid * 100 <= self.percent * read  # exact: 30 of 3,000 is within 1%, 31 is not

    def check(self, invalid: int, read: int, log: Any, path: str) -> None:
        """Refuse, in one sentence, a run with more invalid records than this allows (``log``: the
        run's ``InvalidLog``, for the field most records fail on and the first of them)."""
        if self.allows(invalid, read):
            return
        share = f"{invalid * 100 / read:.2f}%" if read else "all"
        said = [f"{invalid:,} of {read:,} records are invalid ({share}), more than --max-invalid {self.given} allows; "
                "nothing was written"]
        if log.by_field:
            field, count = log.by_field.most_common(1)[0]
            said.append(f"most often field {field} ({count:,} record{'' if count == 1 else 's'})")
        if log.first:
            said.append(f"the first: {_first(log.first[0])}")
        raise InputFileError("; ".join(said), path=path)


def _first(entry: Any) -> str:
    """An invalid record's first error as the screen says it (``line 157: field legal_status: 'paroled':
    input should be ...``), its value cut to a readable length."""
    where = f"line {entry.line}: " if entry.line else ""
    field = f"field {entry.field}: " if entry.field != WHOLE_ROW else ""
    value = entry.value if len(entry.value) <= _SHOWN else entry.value[:_SHOWN] + "..."
    return f"{where}{field}{value!r}: {entry.problem}" if value else f"{where}{field}{entry.problem}"


def invalid_limit(value: Any) -> InvalidLimit | None:
    """``--max-invalid`` read: a whole number of records (``25``) or a percentage (``0.5%``);
    None stays None. Anything else is one sentence."""
    if value is None or isinstance(value, InvalidLimit):
        return value
    text = str(value)
    found = _FORM.fullmatch(text) if not isinstance(value, bool) else None
    if found and found.group(1) is not None:
        return InvalidLimit(text.strip(), records=int(found.group(1)))
    if found and Fraction(found.group(2)) <= 100:
        return InvalidLimit(text.strip(), percent=Fraction(found.group(2)))
    raise SettingError(f"--max-invalid {text!r} is not a limit: give a whole number of records (25) or a "
                       "percentage of the records read, from 0% to 100% (0.5%)")


@dataclass(frozen=True)
class Gates:
    """A run's two gates, as given (either may be None)."""

    invalid: InvalidLimit | None = None
    min_records: int | None = None

    @property
    def active(self) -> bool:
        return self.invalid is not None or self.min_records is not None

    def check(self, summary: Any, path: str) -> None:
        """Once every record is read and decided, inside the writers: refuse a run past either gate."""
        check_min_records(self.min_records, summary.records_in, path)
        if self.invalid is not None:
            self.invalid.check(summary.invalid, summary.records_in, summary.invalid_log, path)


def gates(*, strict: bool = False, max_invalid: Any = None, min_records: Any = None) -> Gates:
    """The gates ``--max-invalid`` and ``--min-records`` ask for, each checked, or one sentence."""
    limit = invalid_limit(max_invalid)
    if strict and limit is not None:
        raise SettingError("--strict stops at the first invalid record, --max-invalid past a number of them: "
                           "give one of the two")
    if min_records is not None and (isinstance(min_records, bool) or not isinstance(min_records, int)
                                    or min_records < 0):
        raise SettingError(f"--min-records must be a whole number of records, 0 or more, not {min_records!r}")
    return Gates(limit, min_records)


def check_min_records(least: int | None, read: int, path: str) -> None:
    """Refuse, in one sentence, a run of fewer records than ``--min-records`` asks: an export cut short, or
    left with its header only, has no broken row to count."""
    if least is not None and read < least:
        raise InputFileError(f"{read:,} records were read, fewer than --min-records {least:,}; nothing was written "
                             "(an export cut short, or with its header only?)", path=path)

