"""For each fact a decision can be missing: what it is, in plain words, and who can supply it.

A family handed a ``review`` decision needs to know what to bring and from
whom, not a field name. The English here is the message id; the words a
reader sees come from the language catalogue (``amnesty/i18n/locale``).
"""

from __future__ import annotations


from amnesty.models.note import N_

COURT = N_("the court that holds the case file")
REGISTRY = N_("the civil registry, or the person's identity documents")
FACILITY = N_("the administration of the facility where the person is held")
DOCTOR = N_("a medical report from the facility's doctor or a public hospital")
INVESTIGATOR = N_("the investigating authority's file, through the court")
VICTIM = N_("the court, or the victim's family through a lawyer")

FACTS: dict[str, tuple[str, str]] = {
    "facility_id": (N_("the facility where the person is held"), FACILITY),
    "nationality": (N_("the person's nationality"), REGISTRY),
    "birth_date": (N_("the person's date of birth"), REGISTRY),
    "age": (N_("the person's date of birth"), REGISTRY),
    "legal_status": (N_("whether the person is sentenced, on trial or at large"), COURT),
    "offence_categories": (N_("the offences the case concerns"), COURT),
    "offence_class": (N_("whether the offence is a felony or a misdemeanour"), COURT),
    "offence_date": (N_("the date of the offence"), COURT),
    "org_role": (N_("the person's role in an organisation, if any"), INVESTIGATOR),
    "fought_sdf": (N_("whether the person took part in fighting against the SDF"), INVESTIGATOR),
    "caused_death": (N_("whether the offence caused a death"), COURT),
    "explosives": (N_("whether the offence involved explosives"), COURT),
    "chronic_illness": (N_("whether the person has a chronic or incurable illness"), DOCTOR),
    "illness_requires_assistance": (N_("whether the illness leaves the person needing the help of others"), DOCTOR),
    "sentence_type": (N_("the sentence imposed"), COURT),
    "sentence_months": (N_("the length of the sentence"), COURT),
    "custody_start": (N_("the date the person was taken into custody"), FACILITY),
    "surrender_date": (N_("the date the person surrendered"), N_("the security office that received the surrender")),
    "victim_waiver": (N_("whether the victim or their family waived their personal claim"), VICTIM),
    "compensation_paid": (N_("whether compensation was paid to the victim"), VICTIM),
    "good_conduct_certified": (N_("whether the facility certified the person's good conduct"), FACILITY),
    "at_large_location": (N_("whether the person is inside or outside the Administration's areas"), N_("the person's family or lawyer")),
    "custodial_authority": (N_("which authority holds the person"), FACILITY),
    "sentencing_authority": (N_("which authority sentenced the person"), COURT),
    "judgment_final": (N_("whether the judgment is final (no appeal is pending)"), COURT),
    "weapons_surrender_date": (N_("the date the person handed in their weapons"),
                               N_("the security office that received the surrender")),
    "kidnap_release_date": (N_("the date the kidnapping victim was released"), COURT),
    "kidnap_victim_unharmed": (N_("whether the kidnapping victim was released unharmed"), COURT),
    "kidnap_ransom_paid": (N_("whether a ransom was obtained for the victim's release"), COURT),
}


def fact_help(field: str) -> tuple[str, str]:
    """(what, who to ask) for ``field``, in English message ids."""
    return FACTS.get(field, (field, COURT))
