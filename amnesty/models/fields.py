"""What a rule condition may read: the record's fields and the facts derived from them.

The compiler type-checks every constant against this table, because the
rules engine compares mismatched types as text without complaint
(``"2024-07-16" < 20240717`` is true there).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from amnesty.models.record import (
    AtLargeLocation,
    Authority,
    LegalStatus,
    OffenceCategory,
    OffenceClass,
    OrgRole,
    SentenceType,
)


class FieldType(StrEnum):
    text = "text"
    country = "country"
    date = "date"
    integer = "integer"
    boolean = "boolean"
    enum = "enum"
    enum_list = "enum_list"


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    choices: tuple[str, ...] = ()
    reads: tuple[str, ...] = ()  # record fields a derived fact is computed from
    description: str = ""

    @property
    def sources(self) -> tuple[str, ...]:
        return self.reads or (self.name,)


def _enum(name: str, enum: type[StrEnum], kind: FieldType = FieldType.enum) -> FieldSpec:
    return FieldSpec(name, kind, tuple(member.value for member in enum))


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("facility_id", FieldType.text),
        FieldSpec("nationality", FieldType.country),
        FieldSpec("birth_date", FieldType.date),
        _enum("legal_status", LegalStatus),
        _enum("offence_categories", OffenceCategory, FieldType.enum_list),
        _enum("offence_class", OffenceClass),
        FieldSpec("offence_date", FieldType.date),
        _enum("org_role", OrgRole),
        FieldSpec("fought_sdf", FieldType.boolean),
        FieldSpec("caused_death", FieldType.boolean),
        FieldSpec("explosives", FieldType.boolean),
        FieldSpec("chronic_illness", FieldType.boolean),
        _enum("sentence_type", SentenceType),
        FieldSpec("sentence_months", FieldType.integer),
        FieldSpec("custody_start", FieldType.date),
        FieldSpec("surrender_date", FieldType.date),
        FieldSpec("victim_waiver", FieldType.boolean),
        FieldSpec("compensation_paid", FieldType.boolean),
        FieldSpec("illness_requires_assistance", FieldType.boolean),
        FieldSpec("good_conduct_certified", FieldType.boolean),
        _enum("at_large_location", AtLargeLocation),
        _enum("custodial_authority", Authority),
        _enum("sentencing_authority", Authority),
        FieldSpec(
            "age",
            FieldType.integer,
            reads=("birth_date",),
            description="completed years at the as-of date, from birth_date",
        ),
        FieldSpec("judgment_final", FieldType.boolean),
        FieldSpec("weapons_surrender_date", FieldType.date),
        FieldSpec("kidnap_release_date", FieldType.date),
        FieldSpec("kidnap_victim_unharmed", FieldType.boolean),
        FieldSpec("kidnap_ransom_paid", FieldType.boolean),
    )
}

_ORDER = {name: i for i, name in enumerate(FIELDS)}


def in_field_order(names) -> tuple[str, ...]:
    """Field names in data-dictionary order, so lists of missing facts are stable."""
    return tuple(sorted(set(names), key=_ORDER.__getitem__))
