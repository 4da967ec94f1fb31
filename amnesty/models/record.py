"""The detainee record: the input contract of data-dictionary.md.

Values arrive as CSV text or JSON; the validators accept both, because a
register exported twice should give the same record either way. An empty
cell or a JSON null means *unknown*, which the engine treats with
three-valued logic, so it must survive validation as ``None``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from amnesty.models import problems
from amnesty.models.cells import (
    enum_text, parse_country, parse_date, parse_enum_list, parse_flag, parse_months, verbatim_text,
)


class LegalStatus(StrEnum):
    convicted = "convicted"
    awaiting_trial = "awaiting_trial"
    fugitive = "fugitive"


class OffenceCategory(StrEnum):
    terrorism = "terrorism"
    state_security = "state_security"
    homicide = "homicide"
    honor_crime = "honor_crime"
    rape = "rape"
    sexual_assault = "sexual_assault"
    drug_trafficking = "drug_trafficking"
    human_trafficking = "human_trafficking"
    treason_espionage = "treason_espionage"
    public_funds = "public_funds"
    theft = "theft"
    assault = "assault"
    indecent_act = "indecent_act"
    drug_possession = "drug_possession"
    kidnapping = "kidnapping"
    torture = "torture"
    grave_violation = "grave_violation"  # grave violations against the Syrian people
    weapons = "weapons"
    smuggling = "smuggling"
    currency = "currency"
    forgery = "forgery"
    cybercrime = "cybercrime"
    military = "military"
    prostitution = "prostitution"
    other = "other"


class OffenceClass(StrEnum):
    infraction = "infraction"
    misdemeanour = "misdemeanour"
    felony = "felony"


class OrgRole(StrEnum):
    none = "none"
    member = "member"
    fighter = "fighter"
    trainer = "trainer"
    emir = "emir"
    leader = "leader"


class SentenceType(StrEnum):
    death = "death"
    life = "life"
    fixed = "fixed"
    none = "none"


class AtLargeLocation(StrEnum):
    """Where a fugitive was when the law was issued: the surrender windows differ."""

    inside = "inside"
    outside = "outside"


class Authority(StrEnum):
    """Who holds a person, or whose court sentenced them."""

    daanes = "daanes"
    syria = "syria"
    iraq = "iraq"
    other = "other"


Flag = Annotated[bool | None, BeforeValidator(parse_flag)]
IsoDate = Annotated[date | None, BeforeValidator(parse_date)]
Text = Annotated[str, BeforeValidator(verbatim_text), Field(min_length=1)]


def _optional_enum(enum: type[StrEnum]) -> Any:
    return Annotated[enum | None, BeforeValidator(enum_text)]


class Record(BaseModel):
    """One detainee record, exactly the fields of the data dictionary."""

    model_config = ConfigDict(extra="ignore", frozen=True, use_enum_values=False)

    record_id: Text = Field(description="Unique within one input; kept verbatim in the output.")
    facility_id: Text = Field(description="Code of the detention facility holding the person.")
    nationality: Annotated[str | None, BeforeValidator(parse_country)] = Field(
        default=None, description="ISO 3166-1 alpha-2, upper case, e.g. SY or IQ."
    )
    birth_date: IsoDate = Field(default=None, description="Gives the age at the as-of date.")
    legal_status: _optional_enum(LegalStatus) = None
    offence_categories: Annotated[
        tuple[OffenceCategory, ...] | None, BeforeValidator(parse_enum_list)
    ] = Field(default=None, description="Every category of offence in the case.")
    offence_class: _optional_enum(OffenceClass) = Field(
        default=None, description="Legal class of the most serious offence."
    )
    offence_date: IsoDate = Field(default=None, description="Date of the most recent offence.")
    org_role: _optional_enum(OrgRole) = Field(
        default=None, description="Highest role held in an armed or terrorist organisation."
    )
    fought_sdf: Flag = Field(default=None, description="Took part in hostile activity against the SDF.")
    caused_death: Flag = Field(default=None, description="The offence led to someone's death.")
    explosives: Flag = Field(default=None, description="Took part in bombings or explosions.")
    chronic_illness: Flag = Field(
        default=None, description="Medically certified chronic, terminal or incurable illness."
    )
    sentence_type: _optional_enum(SentenceType) = None
    sentence_months: Annotated[Annotated[int, Field(ge=0)] | None, BeforeValidator(parse_months)] = Field(
        default=None, description="Length of a fixed-term sentence; required when sentence_type is fixed."
    )
    custody_start: IsoDate = Field(default=None, description="First day in custody.")
    surrender_date: IsoDate = Field(default=None, description="For fugitives: the day they surrendered.")
    victim_waiver: Flag = Field(
        default=None, description="The victim's personal claim was waived or reconciled."
    )
    compensation_paid: Flag = Field(
        default=None, description="Compensation a court awarded to the victim has been paid."
    )
    illness_requires_assistance: Flag = Field(
        default=None, description="The illness makes the person depend on others for their personal needs."
    )
    good_conduct_certified: Flag = Field(
        default=None,
        description="A letter from the reform and rehabilitation centre (or another competent body) certifies good conduct.",
    )
    at_large_location: _optional_enum(AtLargeLocation) = Field(
        default=None, description="For fugitives: inside or outside the issuing authority's areas when the law was issued."
    )
    custodial_authority: _optional_enum(Authority) = Field(
        default=None, description="Who holds the person on the as-of date."
    )
    sentencing_authority: _optional_enum(Authority) = Field(
        default=None, description="Whose court passed the sentence."
    )
    judgment_final: Flag = Field(
        default=None,
        description="The conviction is final (no appeal left, a 'final judgment'); false while an appeal is open.",
    )
    weapons_surrender_date: IsoDate = Field(
        default=None, description="The day the person surrendered their weapons to the authorities, if they did."
    )
    kidnap_release_date: IsoDate = Field(
        default=None, description="For kidnapping: the day the victim was released or handed to the authorities."
    )
    kidnap_victim_unharmed: Flag = Field(
        default=None, description="For kidnapping: the victim was released unharmed."
    )
    kidnap_ransom_paid: Flag = Field(
        default=None, description="For kidnapping: a ransom or other consideration was obtained for the release."
    )

    @model_validator(mode="after")
    def _fixed_needs_months(self) -> Record:
        if self.sentence_type == SentenceType.fixed and self.sentence_months is None:
            raise ValueError(f"field sentence_months: {problems.MONTHS_MISSING}")
        return self

    @model_validator(mode="after")
    def _dates_can_all_be_true(self) -> Record:
        """A person cannot offend, be taken into custody or surrender before being born."""
        born = self.birth_date
        if born is None:
            return self
        for name in ("offence_date", "custody_start", "surrender_date"):
            other = getattr(self, name)
            if other is not None and other < born:
                raise ValueError(problems.BEFORE_BIRTH.format(field=name, day=other.isoformat(), born=born.isoformat()))
        return self


RECORD_FIELDS: tuple[str, ...] = tuple(Record.model_fields)
