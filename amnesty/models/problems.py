"""The record contract's own wordings of a problem, each written once.

A refused record's ``errors`` are data: English sentences, the same in every language, in the
JSON, the ``--errors`` file and the report. The table of invalid records shows a person the
problem part of each in their language (``amnesty.i18n.problems``), which reads a problem back
against these texts. The model and the engine word problems with them, so a wording cannot
change without its translation's lookup changing with it. ``N_`` marks each for the catalogue;
a ``{name}`` stands for a value.
"""

from __future__ import annotations

from amnesty.models.note import N_

# Worded whole.
NOT_A_REAL_DATE = N_("not a real calendar date")
NOT_A_DATE = N_("expected a date as YYYY-MM-DD")
NOT_A_FLAG = N_("expected true/false, yes/no or 1/0")
NOT_MONTHS = N_("expected a whole number of months")
NOT_A_COUNTRY = N_("expected an ISO 3166-1 alpha-2 code, e.g. SY")
MISSING = N_("required but missing")
MONTHS_MISSING = N_("required when sentence_type is fixed, but missing")
WHOLE = (NOT_A_REAL_DATE, NOT_A_DATE, NOT_A_FLAG, NOT_MONTHS, NOT_A_COUNTRY, MISSING, MONTHS_MISSING)

# Worded around values.
AFTER_AS_OF = N_("is after the as-of date {as_of}")
DUPLICATE = "is a duplicate of the record on {first}"  # "line 7" in a file, "record 7" in memory
DUPLICATE_OF_LINE = N_("is a duplicate of the record on line {line}")  # DUPLICATE in a file
BEFORE_BIRTH = N_("fields birth_date and {field}: {field} {day} is before birth_date {born}, so they cannot both be true")
AROUND = (AFTER_AS_OF, DUPLICATE_OF_LINE, BEFORE_BIRTH)
LIST_HINT = N_("(a list separates its items with ';', not ',': write {items})")
