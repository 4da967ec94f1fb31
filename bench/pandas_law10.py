"""Law No. 10 of 2024 hand-coded in vectorised pandas: the analyst's baseline.

This is what an analyst with a notebook would write instead of using the
engine: one law, outcome only, no reasons, no audit. It follows the law as
design/laws.md (version 2) reads it and the record contract of the data
dictionary (version 2), not the rulebook or the engine, so that agreement
record by record means something. Law No. 10's own numbers are hard-coded,
as an analyst would; the as-of date defaults to the enactment date.

Every step works on whole columns. The CSV is read with every column but
the record id as a category, so each distinct cell text is cleaned and
checked once (vectorised string methods over the categories) and the result
is spread to the rows by the category codes: that is how pandas code stays
fast on a register with few distinct values per column. Dates become numpy
``datetime64[D]`` from their year, month and day, so any year 0001-9999 is
read, as the record model reads it.

Unknown facts follow the data dictionary's three-valued logic: a blank
cell is unknown (-1 for an enum or a flag, NaT for a date). A scope
condition or an exclusion that holds whatever the unknown facts are decides
(``not_covered`` before ``excluded``); one that could hold for some value of
an unknown fact, or a relief that would differ, gives ``review``. For Law
No. 10 this has a closed form (see ``decide``): every exclusion can be
avoided by one value of its unknown facts (a role of none, a status of
awaiting trial, a good-conduct letter, a location outside), so a record
none of whose conditions definitely holds can always still benefit, and it
is ``review`` as soon as one of them could hold. A fugitive with no surrender
recorded, on an as-of date when the window to surrender is still open, is
``deferred``: the relief waits for a surrender that can still come in time.

A record that breaks the contract is ``invalid``: a value of the wrong
form in any column, a missing id, a repeated id (every record after the
first), a fixed sentence without its length, dates that cannot all be true,
a birth after the as-of date, and the engine's two arithmetic limits (a
term over 9,999 years, a release date after 9999-12-31). Not reproduced,
since a well-formed CSV export never has them: rows with the wrong number of
cells, cells over 1 MB, digits of scripts other than Arabic-Indic.

    python -m bench.pandas_law10 records.csv outcomes.txt [--as-of YYYY-MM-DD]
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

ISSUED = np.datetime64("2024-07-17", "D")  # Art. 1: crimes committed before the law's issue
BORN_BY = np.datetime64("1949-07-17", "D")  # Art. 2(d): 75 on the day of issue, whatever the as-of date
INSIDE_BY = ISSUED + np.timedelta64(60, "D")  # Art. 3(5): surrender within 60 days inside the areas
OUTSIDE_BY = ISSUED + np.timedelta64(90, "D")  # ... and 90 days outside
LIFE_MONTHS = 15 * 12  # Art. 2(b): life becomes 15 years
COVERED = ["terrorism", "state_security", "treason_espionage"]
SENIOR = ["leader", "emir", "trainer"]
MAX_MONTHS = 12 * 9_999  # a longer term ends after 9999-12-31, where no release date exists
LAST_DAY = np.datetime64("9999-12-31", "D")

# The record contract (data dictionary version 2): what each column may hold.
ENUMS = {
    "legal_status": ["convicted", "awaiting_trial", "fugitive"],
    "offence_class": ["infraction", "misdemeanour", "felony"],
    "org_role": ["none", "member", "fighter", "trainer", "emir", "leader"],
    "sentence_type": ["death", "life", "fixed", "none"],
    "at_large_location": ["inside", "outside"],
    "custodial_authority": ["daanes", "syria", "iraq", "other"],
    "sentencing_authority": ["daanes", "syria", "iraq", "other"],
}
CATEGORIES = [
    "terrorism", "state_security", "homicide", "honor_crime", "rape", "sexual_assault", "indecent_act",
    "drug_trafficking", "drug_possession", "human_trafficking", "treason_espionage", "public_funds", "theft",
    "assault", "kidnapping", "torture", "grave_violation", "weapons", "smuggling", "currency", "forgery",
    "cybercrime", "military", "prostitution", "other",
]  # fmt: skip
FLAGS = [
    "fought_sdf", "caused_death", "explosives", "chronic_illness", "victim_waiver", "compensation_paid",
    "illness_requires_assistance", "good_conduct_certified", "judgment_final", "kidnap_victim_unharmed",
    "kidnap_ransom_paid",
]  # fmt: skip
DATES = ["birth_date", "offence_date", "custody_start", "surrender_date", "weapons_surrender_date",
         "kidnap_release_date"]  # fmt: skip
TRUE, FALSE = ["true", "yes", "1"], ["false", "no", "0"]
# Registers typed in Arabic write Arabic-Indic or Eastern Arabic-Indic digits in dates and numbers.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
NAT = np.datetime64("NaT", "D")


# -- reading: each distinct cell once, spread to the rows by category code ---------------


def read(path: str) -> pd.DataFrame:
    """Every column as text, ``""`` for a blank cell; all but the record id as categories."""
    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    dtypes = {name: ("str" if name == "record_id" else "category") for name in header}
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_filter=False, encoding="utf-8-sig")


def _spread(column: pd.Series, per_category: np.ndarray) -> np.ndarray:
    """A value computed once per distinct cell, for every row."""
    if per_category.dtype == bool and not per_category.any():
        return np.zeros(len(column), dtype=bool)  # e.g. no bad value in this column: nothing to spread
    return per_category[column.cat.codes.to_numpy()]


def _text(column: pd.Series) -> pd.Series:
    """The distinct cells without surrounding whitespace (never part of a value)."""
    return pd.Series(column.cat.categories.astype(str)).str.strip()


def enum(column: pd.Series, choices: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(code, bad): the value's position in ``choices``, -1 when unknown; enum values match in any case."""
    text = _text(column).str.lower()
    code = pd.Index(choices).get_indexer(text)  # -1: blank or not a choice
    bad = ((text != "") & (code < 0)).to_numpy()
    return _spread(column, code.astype(np.int8)), _spread(column, bad)


def flag(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(value, bad): 1 true, 0 false, -1 unknown; true/false, yes/no or 1/0 in any case."""
    text = _text(column).str.lower()
    value = np.select([text.isin(TRUE), text.isin(FALSE)], [1, 0], -1).astype(np.int8)
    bad = (text != "").to_numpy() & (value < 0)
    return _spread(column, value), _spread(column, bad)


def calendar(column: pd.Series) -> tuple[np.ndarray, ...]:
    """Per distinct cell: (day, bad, month number since 1970-01, day of the month), NaT when unknown.

    A date is ISO YYYY-MM-DD and a real calendar day of year 1 to 9999.
    """
    text = _text(column).str.translate(DIGITS)
    shaped = text.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").to_numpy(dtype=bool)
    iso = text.where(shaped, "1970-01-01")
    year, month, day = (pd.to_numeric(iso.str.slice(a, b)).to_numpy(dtype=np.int64) for a, b in ((0, 4), (5, 7), (8, 10)))
    ok = shaped & (year >= 1) & (month >= 1) & (month <= 12)
    number = (np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1
    first = number.astype("datetime64[M]").astype("datetime64[D]")
    ok &= (day >= 1) & (day <= _month_length(number))
    value = np.where(ok, first + (day - 1).astype("timedelta64[D]"), NAT)
    return value, (text != "").to_numpy() & ~ok, number, day


def dates(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(date, bad) for every row."""
    value, bad, _, _ = calendar(column)
    return _spread(column, value), _spread(column, bad)


def _month_length(number: np.ndarray) -> np.ndarray:
    first = number.astype("datetime64[M]")
    return ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)


def add_months(column: pd.Series, count: np.ndarray) -> np.ndarray:
    """The column's dates plus ``count`` calendar months, the day clamped to the month's last day;
    NaT where the date is unknown. Months and days are read per distinct date; the length of every
    month reached comes from a table of the months between the earliest and the latest."""
    value, _, number, day = calendar(column)
    known = ~np.isnat(_spread(column, value))
    target = _spread(column, number) + count
    if not known.any():
        return np.full(len(count), NAT)
    low = target[known].min()
    months = np.arange(low, target[known].max() + 1)
    starts = months.astype("datetime64[M]").astype("datetime64[D]")
    at = np.where(known, target - low, 0)
    clamped = np.minimum(_spread(column, day), _month_length(months)[at]) - 1
    return np.where(known, starts[at] + clamped.astype("timedelta64[D]"), NAT)


def months(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(months, known, bad): a whole number from 0 to 9,999 years' worth."""
    text = _text(column).str.translate(DIGITS)
    whole = text.str.fullmatch(r"-?[0-9]+").to_numpy(dtype=bool)
    huge = text.str.lstrip("-").str.lstrip("0").str.len().to_numpy() > 7  # beyond any term, either sign
    value = pd.to_numeric(text.where(whole & ~huge, "0")).to_numpy(dtype=np.int64)
    bad = ((text != "").to_numpy() & ~whole) | (whole & (huge | (value < 0) | (value > MAX_MONTHS)))
    return _spread(column, np.where(bad, 0, value)), _spread(column, whole), _spread(column, bad)


def categories(column: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(known, any covered, terrorism among them, any not covered, bad) for a ``;``-separated list."""
    text = _text(column)
    items = text.str.split(";").explode().str.strip().str.lower()
    items = items[items != ""]
    by_cell = pd.DataFrame({
        "bad": ~items.isin(CATEGORIES), "covered": items.isin(COVERED),
        "terrorism": items.eq("terrorism"), "other": items.isin(CATEGORIES) & ~items.isin(COVERED),
    }).groupby(level=0).any().reindex(text.index, fill_value=False)  # fmt: skip
    known = (text != "").to_numpy()
    return (_spread(column, known), *(_spread(column, by_cell[name].to_numpy(dtype=bool)) for name in
                                      ("covered", "terrorism", "other", "bad")))


# -- the law --------------------------------------------------------------------------------

OUTCOMES = np.array(["invalid", "not_covered", "excluded", "review", "deferred", "release", "reduced"])
INVALID, NOT_COVERED, EXCLUDED, REVIEW, DEFERRED, RELEASE, REDUCED = range(len(OUTCOMES))


def code(field: str, *values: str) -> list[int]:
    """The codes ``enum`` gives these values of a field."""
    return [ENUMS[field].index(value) for value in values]


def decide(df: pd.DataFrame, as_of: np.datetime64 = ISSUED) -> np.ndarray:
    """One outcome per record, in input order."""
    n = len(df)
    bad = np.zeros(n, dtype=bool)
    blank = pd.Series(pd.Categorical([""] * n))
    col = {name: (df[name] if name in df else blank) for name in
           ["facility_id", "nationality", "offence_categories", "sentence_months", *ENUMS, *FLAGS, *DATES]}

    rid = df["record_id"].str.strip() if "record_id" in df else pd.Series([""] * n)
    bad |= (rid == "").to_numpy() | _spread(col["facility_id"], (_text(col["facility_id"]) == "").to_numpy())
    seen_before = (rid.duplicated() & (rid != "")).to_numpy()  # a later record with an id already used

    nat_text = _text(col["nationality"]).str.upper()
    nat_bad = (nat_text != "") & ~nat_text.str.fullmatch(r"[A-Z]{2}")
    nat_known = _spread(col["nationality"], ((nat_text != "") & ~nat_bad).to_numpy())
    syrian = _spread(col["nationality"], (nat_text == "SY").to_numpy())
    bad |= _spread(col["nationality"], nat_bad.to_numpy())

    e = {}
    for name, choices in ENUMS.items():
        e[name], wrong = enum(col[name], choices)
        bad |= wrong
    f = {}
    for name in FLAGS:
        f[name], wrong = flag(col[name])
        bad |= wrong
    d = {}
    for name in DATES:
        d[name], wrong = dates(col[name])
        bad |= wrong
    term_months, months_known, wrong = months(col["sentence_months"])
    bad |= wrong
    cats_known, covered, terrorism, uncovered, wrong = categories(col["offence_categories"])
    bad |= wrong

    status, role, kind, where = e["legal_status"], e["org_role"], e["sentence_type"], e["at_large_location"]
    birth, offence, custody, surrender = d["birth_date"], d["offence_date"], d["custody_start"], d["surrender_date"]
    yes = {name: value == 1 for name, value in f.items()}
    no = {name: value == 0 for name, value in f.items()}
    unknown = {name: value < 0 for name, value in f.items()}
    fixed, life = kind == code("sentence_type", "fixed")[0], kind == code("sentence_type", "life")[0]
    bad |= fixed & ~months_known  # a fixed sentence needs its length
    born = ~np.isnat(birth)
    for name in ("offence_date", "custody_start", "surrender_date"):  # dates that cannot all be true
        bad |= born & ~np.isnat(d[name]) & (d[name] < birth)
    bad |= born & (birth > as_of)  # nobody's age can be taken before they were born
    # (one invalid mask is finished below: a release date past 9999-12-31.)

    # Art. 1, scope: a condition that definitely fails takes the case out.
    not_covered = (~np.isnat(offence) & (offence >= ISSUED)) | (cats_known & ~covered) | (nat_known & ~syrian)
    scope_open = np.isnat(offence) | ~cats_known | ~nat_known

    # Art. 3, exclusions, each as "holds whatever the unknowns are" and "could hold".
    role_known, status_known = role >= 0, status >= 0
    no_role, senior = role == code("org_role", "none")[0], np.isin(role, code("org_role", *SENIOR))
    fugitive, on_trial = status == code("legal_status", "fugitive")[0], status == code("legal_status", "awaiting_trial")[0]
    convict = np.isin(status, code("legal_status", "convicted", "fugitive"))
    inside, outside = where == code("at_large_location", "inside")[0], where == code("at_large_location", "outside")[0]
    # No surrender recorded is no surrender (yet): while the window is open on the as-of date the
    # relief waits for it (deferred); once it has closed, the fugitive is excluded. Between the two
    # limits the window is open only for those outside the areas.
    nat = np.isnat(surrender)
    open_now = (as_of <= INSIDE_BY) | ((as_of <= OUTSIDE_BY) & outside)
    open_if_outside = (as_of > INSIDE_BY) & (as_of <= OUTSIDE_BY) & ~inside & ~outside  # location unknown
    waiting = fugitive & nat & open_now
    late = (nat & ~open_now & ~open_if_outside) | (surrender > OUTSIDE_BY)
    between = ~nat & (surrender > INSIDE_BY) & (surrender <= OUTSIDE_BY)
    excluded = (
        senior
        | (yes["fought_sdf"] & role_known & ~no_role)
        | yes["explosives"] | yes["caused_death"]
        | (cats_known & terrorism & convict & no["good_conduct_certified"])
        | (fugitive & (late | (between & inside)))
    )
    could_exclude = (
        ~role_known
        | (~no["fought_sdf"] & ~no_role)
        | unknown["explosives"] | unknown["caused_death"]
        | ((~cats_known | terrorism) & ~on_trial & ~yes["good_conduct_certified"])
        | (~status_known | fugitive) & (late | (between & ~outside) | (nat & open_if_outside))
    )

    # Art. 2, relief, for a case in scope and not excluded whatever the unknowns are.
    humane = (yes["chronic_illness"] & yes["illness_requires_assistance"]) | (born & (birth <= BORN_BY))
    not_humane = (no["chronic_illness"] | no["illness_requires_assistance"]) & born & (birth > BORN_BY)
    has_term = life | fixed
    life_due = add_months(col["custody_start"], np.full(n, LIFE_MONTHS))
    fixed_due = add_months(col["custody_start"], term_months // 2)
    fixed_due += np.where(term_months % 2 == 1, 15, 0).astype("timedelta64[D]")  # half a month is 15 days
    due = np.where(life, life_due, fixed_due)
    counted = has_term & ~np.isnat(custody) & ~humane
    served = counted & (due <= as_of)
    # A release date past 9999-12-31 cannot be written: invalid, when some reading of the unknown
    # facts gives a convict in scope, not excluded, with a term to count (of either type when unknown).
    some_convict = convict | (~status_known & ~(cats_known & terrorism & no["good_conduct_certified"]))
    kind_known = kind >= 0
    latest = np.where(kind_known, due, np.where(months_known, np.maximum(life_due, fixed_due), life_due))
    beyond = (
        ~not_covered & ~excluded & ~uncovered & some_convict & (~kind_known | has_term)
        & ~np.isnat(custody) & ~humane & (latest > LAST_DAY)
    )
    invalid = bad | seen_before | beyond

    return OUTCOMES[np.select(
        [
            invalid,
            not_covered,
            excluded,
            scope_open | could_exclude,
            uncovered,  # the sentence includes penalties the law does not cover: a person apportions it
            ~status_known,
            on_trial,
            ~has_term,  # unknown type, death or no custodial sentence: no provision
            waiting,  # a fugitive who may still surrender in time: the relief waits
            humane,
            served,
            counted & not_humane,
        ],
        [INVALID, NOT_COVERED, EXCLUDED, REVIEW, REVIEW, REVIEW, DEFERRED, REVIEW, DEFERRED, RELEASE, RELEASE, REDUCED],
        default=REVIEW,  # no first day in custody, or a humanitarian ground that is unknown and would matter
    )]


def outcomes(path: str, as_of: str | None = None) -> np.ndarray:
    return decide(read(path), np.datetime64(as_of, "D") if as_of else ISSUED)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pandas_law10", description=__doc__.split("\n\n")[0])
    parser.add_argument("records", help="records CSV (data dictionary version 2)")
    parser.add_argument("outcomes", help="file to write, one outcome a line in input order")
    parser.add_argument("--as-of", default=None, help="YYYY-MM-DD; default: the law's enactment, 2024-07-17")
    args = parser.parse_args(argv)
    result = outcomes(args.records, args.as_of)
    with open(args.outcomes, "w", encoding="utf-8") as handle:
        handle.write("\n".join(result.tolist()))
        handle.write("\n" if len(result) else "")


if __name__ == "__main__":
    main()
