"""Law No. 10's outcomes hand-coded in vectorised pandas: the analyst's baseline.

This is what an analyst with a notebook would write instead of using the
engine: one law, outcome only, no reasons, no audit. It is written from
the law as design/laws.md reads it and from the record contract of the
data dictionary, not from the rulebook or the engine, so that agreement
record by record means something. Parameters are Law No. 10's own numbers,
hard-coded as an analyst would; the as-of date is the enactment date.

Columns with few distinct values are cleaned once per distinct value
(as categories), which is how pandas code stays fast; dates are parsed
once per distinct text with the standard library, so any year is read
as the engine reads it.

    python -m bench.pandas_law10 records.csv outcomes.txt
"""

from __future__ import annotations

import re
import sys
from datetime import date

import numpy as np
import pandas as pd

AS_OF = np.datetime64("2024-07-17", "D")
CUTOFF = np.datetime64("2024-07-17", "D")
SURRENDER_DEADLINE = CUTOFF + np.timedelta64(60, "D")
RELEASE_AGE = 75
LIFE_MONTHS = 15 * 12

ENUMS = {
    "legal_status": {"convicted", "awaiting_trial", "fugitive"},
    "offence_class": {"infraction", "misdemeanour", "felony"},
    "org_role": {"none", "member", "fighter", "trainer", "emir", "leader"},
    "sentence_type": {"death", "life", "fixed", "none"},
}
CATEGORIES = {
    "terrorism", "state_security", "homicide", "honor_crime", "rape", "sexual_assault", "drug_trafficking",
    "human_trafficking", "treason_espionage", "public_funds", "theft", "assault", "other",
}
FLAGS = ("fought_sdf", "caused_death", "explosives", "chronic_illness", "victim_waiver")
DATES = ("birth_date", "offence_date", "custody_start", "surrender_date")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_MONTHS = re.compile(r"-?\d+")
NAT = np.datetime64("NaT", "D")


def _per_value(column: pd.Series, parse) -> tuple[pd.Series, pd.Series]:
    """(value, bad) for every row, computing ``parse`` once per distinct cell text."""
    codes = column.astype("category")
    parsed = [parse(text) for text in codes.cat.categories]
    values = np.array([p[0] for p in parsed] + [None], dtype=object)[codes.cat.codes.to_numpy()]
    bad = np.array([p[1] for p in parsed] + [False])[codes.cat.codes.to_numpy()]
    return values, bad


def _enum(choices):
    def parse(text):
        text = text.strip()
        return (None, False) if text == "" else (text, False) if text in choices else (None, True)
    return parse


def _flag(text):
    text = text.strip().lower()
    if text == "":
        return None, False
    return (True, False) if text in _TRUE else (False, False) if text in _FALSE else (None, True)


def _date(text):
    text = text.strip()
    if text == "":
        return NAT, False
    if not _ISO.fullmatch(text):
        return NAT, True
    try:
        return np.datetime64(date.fromisoformat(text), "D"), False
    except ValueError:
        return NAT, True


def _country(text):
    text = text.strip()
    return (None, False) if text == "" else (text, False) if _COUNTRY.fullmatch(text) else (None, True)


def _categories(text):
    if text.strip() == "":
        return None, False
    items = {item.strip() for item in text.split(";") if item.strip()}
    if not items <= CATEGORIES:
        return None, True
    return bool(items & {"terrorism", "state_security"}), False  # in the law's scope?


def _months(text):
    text = text.strip()
    if text == "":
        return -1, False
    if not _MONTHS.fullmatch(text) or int(text) < 0:
        return -1, True
    return int(text), False


def outcomes(path: str) -> pd.Series:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    bad = np.zeros(len(df), dtype=bool)
    v = {}
    for name, parse in [*((n, _enum(c)) for n, c in ENUMS.items()), *((n, _flag) for n in FLAGS),
                        *((n, _date) for n in DATES), ("nationality", _country),
                        ("offence_categories", _categories), ("sentence_months", _months)]:
        v[name], wrong = _per_value(df[name], parse)
        bad |= wrong
    rid = df["record_id"]
    bad |= rid.str.strip().eq("").to_numpy() | df["facility_id"].str.strip().eq("").to_numpy()
    dates = {n: v[n].astype("datetime64[D]") for n in DATES}
    months = v["sentence_months"].astype(np.int64)
    kind = v["sentence_type"]
    bad |= (kind == "fixed") & (months < 0)
    birth = dates["birth_date"]
    bad |= ~np.isnat(birth) & (birth > AS_OF)
    invalid = bad | (rid.duplicated() & rid.str.strip().ne("")).to_numpy()

    # Art. 1, scope: a definite failure takes the case out whatever else is unknown.
    offence = dates["offence_date"]
    in_scope_cat = v["offence_categories"]
    nationality = v["nationality"]
    not_covered = (
        (~np.isnat(offence) & (offence >= CUTOFF))
        | (in_scope_cat == False)  # noqa: E712 - object array of True/False/None
        | ((nationality != None) & (nationality != "SY"))  # noqa: E711
    )
    scope_unknown = np.isnat(offence) | (in_scope_cat == None) | (nationality == None)  # noqa: E711

    # Art. 3 and 4, exclusions.
    role, status, surrender = v["org_role"], v["legal_status"], dates["surrender_date"]
    late = np.isnat(surrender) | (surrender > SURRENDER_DEADLINE)
    excluded = (
        np.isin(role, ["leader", "emir", "trainer"]) | (v["fought_sdf"] == True) | (v["caused_death"] == True)  # noqa: E712
        | (v["explosives"] == True) | (status == "awaiting_trial") | ((status == "fugitive") & late)  # noqa: E712
    )
    exclusion_unknown = (
        (role == None) | (v["fought_sdf"] == None) | (v["caused_death"] == None)  # noqa: E711
        | (v["explosives"] == None) | (status == None)  # noqa: E711
    )

    # Art. 2, relief: humanitarian release first, then the sentence.
    age = _age(birth)
    ill = v["chronic_illness"]
    humane = ((age >= RELEASE_AGE) & ~np.isnat(birth)) | (ill == True)  # noqa: E712
    humane_unknown = ~humane & (np.isnat(birth) | (ill == None))  # noqa: E711
    new_term = np.where(kind == "life", LIFE_MONTHS, np.where(kind == "fixed", months, 0))
    half = (kind == "fixed") & (months % 2 == 1)
    whole = np.where(kind == "fixed", months // 2, new_term)
    custody = dates["custody_start"]
    due = _add_months(custody, whole) + np.where(half, 15, 0).astype("timedelta64[D]")
    has_term = (kind == "life") | (kind == "fixed")
    served = has_term & ~np.isnat(custody) & (due <= AS_OF)
    reduced = has_term & ~np.isnat(custody) & (due > AS_OF)

    result = np.select(
        [invalid, not_covered, excluded, scope_unknown | exclusion_unknown, humane, served,
         reduced & ~humane_unknown],
        ["invalid", "not_covered", "excluded", "review", "release", "release", "reduced"],
        default="review",
    )
    return pd.Series(result, index=df.index)


def _age(birth: np.ndarray) -> np.ndarray:
    """Completed years at the as-of date."""
    years = birth.astype("datetime64[Y]").astype(np.int64) + 1970
    month_start = birth.astype("datetime64[M]")
    month_day = (month_start.astype(np.int64) % 12 + 1) * 100 + (birth - month_start.astype("datetime64[D]")).astype(
        np.int64
    ) + 1
    as_of_md = 7 * 100 + 17
    return 2024 - years - (as_of_md < month_day)


def _add_months(start: np.ndarray, months: np.ndarray) -> np.ndarray:
    """Calendar months, the day clamped to the month's last day."""
    month_start = start.astype("datetime64[M]")
    day = (start - month_start.astype("datetime64[D]")).astype(np.int64)
    target = month_start + months.astype("timedelta64[M]")
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(day, length - 1).astype("timedelta64[D]")


def main(argv: list[str]) -> None:
    source, target = argv
    series = outcomes(source)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write("\n".join(series.tolist()))
        handle.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
