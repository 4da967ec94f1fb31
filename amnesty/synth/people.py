"""Synthetic detainee records. THE DATA ARE SYNTHETIC AND DESCRIBE NO REAL PERSON.

Real detainee registers are not public and must never be shipped, yet the
engine needs a population to demonstrate, test and benchmark on. Every
record here is drawn from a seeded pseudo-random generator over invented
facilities (see ``amnesty.facilities``); any resemblance to a real person,
case or facility is accidental.

The mix is shaped to exercise every provision of the four encoded laws
(design/laws.md), not to estimate real proportions: mostly Syrian ISIS
detainees, some Iraqis and a few other nationalities, ordinary crimes of
every category and class, offence dates on and around each law's cut-off,
every organisational role, fugitives surrendering inside and outside the
60-day windows, every sentence type, people turning 75 on the day of Law
No. 10, gaps (unknown facts) and a few deliberately invalid rows.

``person`` draws one coherent person from the caller's seeded
``random.Random`` (no global random state, no clock); ``amnesty.synth.rows``
turns people into the sample's CSV rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

AS_OF = date(2024, 7, 17)  # Law No. 10: ages and time served are judged on this day
CUT_OFFS = (date(2020, 5, 17), date(2020, 10, 10), date(2024, 4, 6), date(2024, 7, 17))
SURRENDER_LAWS = (date(2020, 5, 17), date(2020, 10, 10), date(2024, 7, 17))  # laws with a 60-day window
SURRENDER_DAYS = 60

_SECURITY = ("terrorism", "state_security")
_ORDINARY_WEIGHTS = {
    "theft": 22, "assault": 18, "other": 14, "drug_trafficking": 10, "homicide": 8,
    "public_funds": 5, "sexual_assault": 4, "human_trafficking": 4, "rape": 3,
    "honor_crime": 3, "treason_espionage": 3, "kidnapping": 3, "weapons": 3, "drug_possession": 3,
    "smuggling": 2, "forgery": 2, "indecent_act": 1, "military": 1, "cybercrime": 1, "currency": 1,
    "torture": 1, "prostitution": 1, "grave_violation": 1,
}  # fmt: skip
_PETTY = {"theft", "assault", "other", "public_funds"}
_SECURITY_SETS = (["terrorism"], ["state_security"], ["terrorism", "state_security"])
_ROLES = ("member", "fighter", "trainer", "emir", "leader", "none")
Rates = tuple[float, float, float]  # chances of fought_sdf, explosives, caused_death
_ROLE_RATES: dict[str, Rates] = {
    "fighter": (0.55, 0.10, 0.15), "member": (0.12, 0.04, 0.05), "none": (0.02, 0.02, 0.03),
    "trainer": (0.40, 0.15, 0.20), "emir": (0.40, 0.15, 0.20), "leader": (0.40, 0.15, 0.20),
}  # fmt: skip
_OTHER_NATIONALITIES = ("TR", "RU", "TN", "EG", "SA", "MA", "FR", "DE", "GB", "UZ", "KZ", "NL")
def person(rng: random.Random, facility_id: str) -> dict[str, Any]:
    """One coherent record: the case decides the dates, the dates the custody, all of them the sentence."""
    case = _case(rng)
    offence_date = _offence_date(rng, security=bool(set(case["offence_categories"]) & set(_SECURITY)))
    status = rng.choices(("convicted", "awaiting_trial", "fugitive"), (83, 11, 6))[0]
    custody_start, surrender_date = _custody(rng, status, offence_date)
    birth_date = _birth_date(rng, offence_date)
    elderly = birth_date <= date(1949, 7, 17)
    sentence_type, sentence_months = _sentence(rng, status, case)
    return {
        "facility_id": facility_id,
        "nationality": _nationality(rng),
        "birth_date": birth_date,
        "legal_status": status,
        **case,
        "offence_date": offence_date,
        "chronic_illness": (ill := rng.random() < (0.10 if elderly else 0.03)),
        "sentence_type": sentence_type,
        "sentence_months": sentence_months,
        "custody_start": custody_start,
        "surrender_date": surrender_date,
        "victim_waiver": _victim_waiver(rng, case),
        **_contract_v2_facts(rng, status, case, ill),
    }


_VICTIM_CATEGORIES = {"homicide", "assault", "rape", "sexual_assault", "theft", "kidnapping"}


def _contract_v2_facts(rng: random.Random, status: str, case: dict[str, Any], ill: bool) -> dict[str, Any]:
    """The facts data dictionary v2 added, known about as often as a register would know them.

    About three in four terrorism convicts hold a good-conduct letter (Law No. 10's
    first phase released 1,120 of 1,520 beneficiaries, the rest after their conduct
    was confirmed); compensation is known for some cases with a victim; fugitives'
    whereabouts are mostly known; most sentences were passed by DAANES courts.
    """
    ill_needs_help = rng.random() < 0.5 if ill else False
    paid = (rng.random() < 0.5) if set(case["offence_categories"]) & _VICTIM_CATEGORIES and rng.random() < 0.5 else None
    roll = rng.random()
    conduct = (True if roll < 0.72 else False if roll < 0.9 else None) if "terrorism" in case["offence_categories"] else None
    where = rng.choices(("inside", "outside", None), (60, 30, 10))[0] if status == "fugitive" else None
    court = "daanes" if rng.random() < 0.95 else None
    return {
        "compensation_paid": paid,
        "illness_requires_assistance": ill_needs_help,
        "good_conduct_certified": conduct,
        "at_large_location": where,
        "custodial_authority": None,
        "sentencing_authority": court,
    }


def _nationality(rng: random.Random) -> str:
    """Mostly Syrian, some Iraqi, a few others: Law No. 10 covers Syrians only, so all three matter."""
    roll = rng.random()
    if roll < 0.78:
        return "SY"
    if roll < 0.93:
        return "IQ"
    return rng.choice(_OTHER_NATIONALITIES)


def _case(rng: random.Random) -> dict[str, Any]:
    """The offence and the person's part in it; most detainees are held for ISIS-related cases."""
    categories, offence_class, role, (fought, blast, death) = (
        _security_case(rng) if rng.random() < 0.72 else _ordinary_case(rng)
    )
    explosives = rng.random() < blast
    return {
        "offence_categories": categories,
        "offence_class": offence_class,
        "org_role": role,
        "fought_sdf": rng.random() < fought,
        "caused_death": rng.random() < (death + 0.3 if explosives else death),
        "explosives": explosives,
    }


def _security_case(rng: random.Random) -> tuple[list[str], str, str, Rates]:
    """A terrorism/state-security case: every role; fighting, bombing and killing likelier higher up."""
    categories = rng.choices(_SECURITY_SETS, (80, 10, 10))[0]
    if rng.random() < 0.12:  # an ordinary offence beside it must not take it out of Law No. 10's scope
        categories = categories + [_ordinary_category(rng)]
    offence_class = rng.choices(("felony", "misdemeanour", "infraction"), (90, 8, 2))[0]
    if not _PETTY.issuperset(set(categories) - set(_SECURITY)):
        offence_class = "felony"  # a killing or rape beside it is never a petty case
    role = rng.choices(_ROLES, (45, 35, 5, 5, 2, 8))[0]
    return categories, offence_class, role, _ROLE_RATES[role]


def _ordinary_case(rng: random.Random) -> tuple[list[str], str, str, Rates]:
    """An ordinary crime of any category and class: the 2020 laws and Law No. 3 turn on these."""
    categories = [_ordinary_category(rng)]
    if rng.random() < 0.10:
        extra = _ordinary_category(rng)
        categories += [extra] if extra not in categories else []
    petty = categories[0] in _PETTY
    weights = (25, 45, 30) if petty else (0, 10, 90)
    offence_class = rng.choices(("infraction", "misdemeanour", "felony"), weights)[0]
    role = rng.choices(("none", "member", "fighter"), (93, 5, 2))[0]
    if {"homicide", "honor_crime"} & set(categories):
        death = 0.85
    else:
        death = 0.05 if "assault" in categories else 0.01
    return categories, offence_class, role, (0.005, 0.005, death)


def _ordinary_category(rng: random.Random) -> str:
    """A non-security offence, weighted so common crimes are common but every exclusion occurs."""
    return rng.choices(list(_ORDINARY_WEIGHTS), list(_ORDINARY_WEIGHTS.values()))[0]


def _offence_date(rng: random.Random, security: bool) -> date:
    """Mostly the ISIS years before 2020; some later; some on the day before, of and after each cut-off."""
    if rng.random() < 0.04:
        return rng.choice(CUT_OFFS) + timedelta(days=rng.choice((-1, 0, 1)))
    if rng.random() < (0.85 if security else 0.55):
        start, end = (date(2014, 1, 1) if security else date(2015, 1, 1)), date(2019, 12, 31)
    else:
        start, end = date(2020, 1, 1), AS_OF - timedelta(days=1)
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _custody(rng: random.Random, status: str, offence_date: date) -> tuple[date | None, date | None]:
    """Custody usually starts after the offence, so some halved terms are served by 2024-07-17 and some not.

    Fugitives are not in custody unless they surrendered; their surrender
    falls inside or outside a 60-day window, with both edge days present.
    """
    if status == "fugitive":
        surrender = _surrender_date(rng, offence_date)
        return surrender, surrender
    if rng.random() < 0.04:  # the latest offence was committed in custody
        return offence_date - timedelta(days=rng.randint(30, 720)), None
    start = offence_date + timedelta(days=rng.randint(0, 540))
    return (min(start, AS_OF) if offence_date < AS_OF else start), None


def _surrender_date(rng: random.Random, offence_date: date) -> date | None:
    """None (never surrendered), or a day inside, at the edge of, or outside a law's window."""
    if rng.random() < 0.35:
        return None
    law = rng.choices(SURRENDER_LAWS, (1, 1, 3))[0]
    if law <= offence_date:
        law = SURRENDER_LAWS[-1]
    roll = rng.random()
    if roll < 0.15:
        days = rng.choice((SURRENDER_DAYS, SURRENDER_DAYS + 1))
    elif roll < 0.60:
        days = rng.randint(0, SURRENDER_DAYS)
    else:
        days = rng.randint(SURRENDER_DAYS + 1, 300)
    surrender = law + timedelta(days=days)
    return surrender if surrender > offence_date else None


def _birth_date(rng: random.Random, offence_date: date) -> date:
    """Mostly young adults; a few elderly, some turning 75 exactly on 2024-07-17 and some a day later."""
    roll = rng.random()
    if roll < 0.004:
        return date(1949, 7, 17)
    if roll < 0.008:
        return date(1949, 7, 18)
    if roll < 0.035:
        return date(1930, 1, 1) + timedelta(days=rng.randint(0, (date(1949, 7, 16) - date(1930, 1, 1)).days))
    age_days = round(rng.triangular(16, 65, 24) * 365.25)
    return offence_date - timedelta(days=age_days)


def _sentence(rng: random.Random, status: str, case: dict[str, Any]) -> tuple[str, int | None]:
    """Sentence type and months: death rare, life for grave cases, fixed terms of 1-300 months, some none."""
    if status == "awaiting_trial":
        return "none", None
    grave = case["caused_death"] or case["explosives"] or case["org_role"] in ("leader", "emir", "trainer")
    felony = case["offence_class"] == "felony"
    if felony and rng.random() < (0.03 if grave else 0.003):
        return "death", None
    if felony and rng.random() < (0.25 if grave else 0.06):
        return "life", None
    if rng.random() < (0.30 if case["offence_class"] == "infraction" else 0.03):
        return "none", None
    if case["offence_class"] == "infraction":
        return "fixed", rng.randint(1, 6)
    if case["offence_class"] == "misdemeanour":
        return "fixed", rng.randint(1, 36)
    if rng.random() < 0.2:  # courts often give whole years, up to 25
        return "fixed", rng.choice((12, 24, 36, 60, 84, 120, 180, 240, 300))
    return "fixed", rng.randint(12, 299)


def _victim_waiver(rng: random.Random, case: dict[str, Any]) -> bool | None:
    """Known mostly for ordinary crimes, where the May 2020 amnesty turns on it; else usually unknown."""
    ordinary = not set(case["offence_categories"]) & set(_SECURITY)
    if rng.random() < (0.55 if ordinary else 0.08):
        return rng.random() < 0.6
    return None


