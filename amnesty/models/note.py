"""Warnings that can be said in every language: English text that keeps its message and values.

A run's warnings travel as plain strings (``RunSummary.warnings``, ``notes()``, the JSON
summaries), so every consumer that prints or stores them keeps working. Each is made here as a
``Note``: a ``str`` whose text is the English sentence, carrying the catalogue message it came
from and its values, so a command or a page can say it again in the reader's language with
``Note.words(tr)`` instead of reading the English back. A value that is a number is written the
reader's way, a list is joined with the reader's comma, a Note inside is said in the same language.

Messages are made with ``note`` and ``note_n`` (plural), which the catalogue extraction knows
(``amnesty/i18n/vocabulary.py``). The English text needs no catalogue, so any layer can warn.
"""

from __future__ import annotations

from typing import Any


def N_(message: str) -> str:
    """Marks a message for the catalogue (pybabel's ``-k N_``) where it is written; it is translated
    where it is shown, by whatever layer has a translator."""
    return message


class Note(str):
    """The English sentence, with what it takes to say it in another language."""

    message: str
    plural: str | None
    n: int | None
    values: dict[str, Any]

    def __new__(cls, message: str, plural: str | None, n: int | None, values: dict[str, Any]) -> Note:
        made = super().__new__(cls, _say(message, plural, n, values, None))
        made.message, made.plural, made.n, made.values = message, plural, n, values
        return made

    def __reduce__(self):  # a worker's notes reach the reading process whole
        return Note, (self.message, self.plural, self.n, self.values)

    def words(self, tr) -> str:
        """This note in ``tr``'s language (its English text when the catalogue has no translation)."""
        return _say(self.message, self.plural, self.n, self.values, tr)


def note(message: str, **values: Any) -> Note:
    return Note(message, None, None, values)


def note_n(singular: str, plural: str, n: int, **values: Any) -> Note:
    """A note whose words depend on a count, ``n`` (given to the message as ``{n}``)."""
    return Note(singular, plural, n, {"n": n, **values})


def _say(message: str, plural: str | None, n: int | None, values: dict[str, Any], tr) -> str:
    """In ``tr``'s language; in English (the message itself, Python's grouping of numbers) when None."""
    if tr is None:
        text = message if plural is None or n == 1 else plural
    else:
        text = tr.ngettext(message, plural, n) if plural is not None else tr.gettext(message)
    return text.format(**{name: _value(value, tr) for name, value in values.items()})


def _value(value: Any, tr) -> str:
    if isinstance(value, Note):
        return str(value) if tr is None else value.words(tr)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if tr is None else tr.number(value)
    if isinstance(value, list | tuple):
        return (", " if tr is None else tr.list_sep()).join(_value(item, tr) for item in value)
    return str(value)
