"""Who holds the person: the one place a record's blank ``custodial_authority`` is filled in.

Rules may scope an instrument to the authorities whose detainees it
reaches (an ordinary scope rule on the record field ``custodial_authority``
with a list parameter). Registers of detainees rarely say who holds each
person, but the facility register does (``amnesty.facilities``: an
authority per facility and its dated hand-over). So before a rulebook that
reads ``custodial_authority`` decides a record, ``with_authority`` fills a
blank ``custodial_authority`` with the authority holding the record's
facility on the as-of date. A value the record gives always wins. Only the
facts the rules read change: the decision's ``record_id``, ``facility_id``
and sentence are the record's own.

Rulebooks that do not read the field are not touched (and keep the fast
path); those that do are decided the plain way, because the filled value
depends on two columns (facility and as-of date) where the fast path keys
each column alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from amnesty.models.fields import FIELDS

FIELD = "custodial_authority"


@lru_cache(maxsize=1)
def bundled_register() -> Mapping[str, Any]:
    from amnesty.facilities import load_facilities

    return load_facilities()


def reads_authority(book: Any) -> bool:
    """Whether some rule of ``book`` reads ``custodial_authority`` (directly or through a derived fact)."""
    return any(FIELD in FIELDS[leaf.field].sources for leaf in getattr(book, "leaves", ()))


def register_authority(register: Mapping[str, Any] | None, facility_id: str | None, day: date) -> str | None:
    """The authority holding ``facility_id`` on ``day`` by the register, or None when it does not say."""
    register = bundled_register() if register is None else register
    facility = register.get(facility_id) if facility_id else None
    authority = facility.authority_on(day) if facility is not None else None
    return authority.value if authority is not None else None


def with_authority(record: Any, day: date, register: Mapping[str, Any] | None = None) -> Any:
    """``record`` with a blank ``custodial_authority`` filled from the register (a copy), else itself."""
    if getattr(record, FIELD) is not None:
        return record
    authority = register_authority(register, record.facility_id, day)
    if authority is None:
        return record
    from amnesty.models.record import Authority

    if hasattr(record, "model_copy"):
        return record.model_copy(update={FIELD: Authority(authority)})
    copy = type(record)(**vars(record))
    setattr(copy, FIELD, Authority(authority))
    return copy
