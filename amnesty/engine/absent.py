"""Fields the rules read that the input file does not have at all.

A blank cell is an unknown fact, and the data dictionary lets a file leave
out any optional column. But a register export that lost a column (renamed
upstream, dropped by a new query) makes that fact unknown for every record at
once: the bundled sample without ``org_role`` has 4,121 reviews instead of 933 and
no release instead of 794, and not one record is invalid. Nothing in the decisions says why.
So a run names each field its rules read that the file lacks, and a column the
file has that no field is named like (``legal_stauts``) is offered as the
likely cause. Only a file's columns (or, in JSON Lines, keys of any record)
count: a column present but blank in every row is a register's own answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import Any

from amnesty.models.fields import FIELDS
from amnesty.models.note import Note, note, note_n
from amnesty.engine.outcome import SENTENCE_FIELDS

_CLOSE = 0.8  # difflib's ratio: one letter swapped or missing in a name of ten letters or more


def fields_read(books: Iterable[Any]) -> frozenset[str]:
    """The record fields the decisions of ``books`` (rulebooks or chains) depend on: every rule's
    condition in force, and the sentence arithmetic of relief."""
    read = set(SENTENCE_FIELDS)
    for book in books:
        for member in getattr(book, "members", (book,)):
            for rule in member.rules:
                read.update(rule.fields)
    return frozenset(read)


def absent_fields(present: Iterable[str] | None, books: Iterable[Any]) -> list[str]:
    """The fields the rules read that the file lacks, in data-dictionary order ([] when the file's
    fields are not known)."""
    if present is None:
        return []
    missing = fields_read(books).difference(present)
    return [name for name in FIELDS if name in missing]


def expected_absent(names: Iterable[str]) -> frozenset[str]:
    """``--absent-ok``: fields a register is known not to hold (``a,b`` or one at a time), each a field
    of the data dictionary, or one sentence. A register that never records a fact would otherwise be
    warned about it every night, and a warning that cannot be acknowledged teaches people to skip
    the mail that one night holds a real one."""
    from amnesty.errors import SettingError, did_you_mean

    fields = [name for name in FIELDS if not FIELDS[name].reads]  # a derived fact is no column
    wanted = frozenset(part.strip() for name in names for part in str(name).split(",") if part.strip())
    for name in sorted(wanted):
        if name not in fields:
            raise SettingError(f"--absent-ok {name!r} is not a field of the data dictionary"
                               + did_you_mean(name, fields, too_many="amnesty schema record lists them"))
    return wanted


def absent_notes(present: Iterable[str] | None, extra_columns: Sequence[str], books: Sequence[Any],
                 expected: Iterable[str] = ()) -> list[Note]:
    """The warnings for a run of ``books`` over a file with the data-dictionary fields ``present``
    (``RecordSource.present_fields``, once read to its end) and the other columns ``extra_columns``:
    the fields it lacks (but those ``expected`` absent), and for each, a column of the file that
    may be it misspelt."""
    expected = set(expected)
    absent = [name for name in absent_fields(present, books) if name not in expected]
    if not absent:
        return []
    notes = [note_n("the input has no column (or key) {fields}, which the rules read: it is unknown for every "
                    "record, and decisions that depend on it are review",
                    "the input has no columns (or keys) {fields}, which the rules read: they are unknown for "
                    "every record, and decisions that depend on them are review",
                    len(absent), fields=absent)]
    extra = [name for name in extra_columns if name not in FIELDS]
    for name in absent:
        for like in get_close_matches(name, extra, n=1, cutoff=_CLOSE):
            notes.append(note("the input's column {column} is ignored: is it {field}, misspelt?", column=like,
                              field=name))
    return notes
