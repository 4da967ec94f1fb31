"""A record file in the version-1 format (the 18 original columns, none of the
version-2 facts) still evaluates under every built-in law, run the way an
outside reviewer runs it: ``amnesty evaluate IN.csv --rulebook ID --as-of DATE
--output OUT.jsonl``. Where a law needs a version-2 fact, the record goes to
review naming it in ``missing``; where it does not, the decision stands."""

from __future__ import annotations

import json

import pytest

V1_COLUMNS = (
    "record_id,facility_id,nationality,birth_date,legal_status,offence_categories,offence_class,offence_date,"
    "org_role,fought_sdf,caused_death,explosives,chronic_illness,sentence_type,sentence_months,custody_start,"
    "surrender_date,victim_waiver"
)


def row(record_id, categories, offence_class="felony", offence_date="2019-05-01", legal_status="convicted",
        org_role="none", chronic_illness="false", sentence_months="180", surrender_date="", victim_waiver=""):
    return (f"{record_id},RQA-01,SY,1990-01-01,{legal_status},{categories},{offence_class},{offence_date},"
            f"{org_role},false,false,false,{chronic_illness},fixed,{sentence_months},2019-06-01,"
            f"{surrender_date},{victim_waiver}")


CASES = {
    # law: (as-of date, [(row, outcome, missing)])
    "aanes-2024-law-10": ("2024-07-17", [
        (row("MEMBER", "terrorism", org_role="member"), "review", ["good_conduct_certified"]),
        (row("SECURITY", "state_security"), "reduced", []),
        (row("ILL", "state_security", chronic_illness="true"), "review", ["illness_requires_assistance"]),
        (row("FUGITIVE", "state_security", legal_status="fugitive", surrender_date="2024-10-01"),
         "review", ["at_large_location"]),
        (row("LATE", "state_security", legal_status="fugitive", surrender_date="2024-10-16"), "excluded", []),
    ]),
    "aanes-2020-resolution-5": ("2020-10-10", [
        (row("THEFT", "theft", sentence_months="60"), "review", ["victim_waiver", "compensation_paid"]),
        (row("WAIVED", "theft", sentence_months="60", victim_waiver="true"), "reduced", []),
        (row("MEMBER", "terrorism", org_role="member"), "review", ["good_conduct_certified"]),
        (row("FUGITIVE", "other", legal_status="fugitive", surrender_date="2020-12-20"), "review", ["at_large_location"]),
    ]),
    "aanes-2022-law-5": ("2022-03-16", [
        (row("THEFT", "theft", offence_date="2021-05-01", sentence_months="48"), "reduced", []),
        (row("FUGITIVE", "theft", offence_date="2021-05-01", legal_status="fugitive", surrender_date="2022-05-20"),
         "review", ["at_large_location"]),
    ]),
    "aanes-2024-law-3": ("2024-04-06", [
        (row("PETTY", "theft", offence_class="misdemeanour", offence_date="2023-05-01", sentence_months="12"),
         "release", []),
    ]),
    "aanes-2020-eid": ("2020-05-17", [
        (row("PETTY", "theft", offence_class="misdemeanour", sentence_months="36", victim_waiver="false"),
         "review", ["compensation_paid"]),
        (row("WAIVED", "theft", sentence_months="60", victim_waiver="true"), "reduced", []),
    ]),
}


@pytest.mark.parametrize("rulebook", sorted(CASES))
def test_a_version_1_file_evaluates_and_names_the_new_facts_it_lacks(run, tmp_path, rulebook):
    as_of, cases = CASES[rulebook]
    source = tmp_path / "v1.csv"
    source.write_text("\n".join([V1_COLUMNS, *(r for r, _, _ in cases)]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("evaluate", source, "--rulebook", rulebook, "--as-of", as_of, "--output", out)
    assert result.exit_code == 0, result.output
    decisions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(d["record_id"], d["outcome"], d["missing"]) for d in decisions] == [
        (r.split(",", 1)[0], outcome, missing) for r, outcome, missing in cases
    ]
    assert {d["as_of"] for d in decisions} == {as_of}
    assert {d["rulebook"]["id"] for d in decisions} == {rulebook}
