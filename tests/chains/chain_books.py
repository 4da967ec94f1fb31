"""Small rulebooks for successive instruments and custody, written for these tests only (fixtures in conftest.py)."""

from __future__ import annotations

import pytest

from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import parse_source

FIRST = """\
id: test-first
title: A first amnesty
authority: tests
enacted: 2020-01-01
version: "1"
sources: [{id: s, title: none}]
parameters:
  life_years: {description: Life becomes this many years., type: integer, value: 20, source: s}
rules:
  - {id: first-cutoff, article: "1", kind: scope, source: s, summary: Offence too late.,
     when: {field: offence_date, op: ">=", value: {param: enacted}}, effect: not_covered}
  - {id: first-terror, article: "2", kind: exclusion, source: s, summary: Terrorism excluded.,
     when: {field: offence_categories, op: contains, value: terrorism}, effect: exclude}
  - {id: first-waiver, article: "2", kind: exclusion, source: s, summary: No waiver.,
     when: {all: [{field: offence_categories, op: contains, value: homicide}, {field: victim_waiver, op: "==", value: false}]},
     effect: exclude}
  - {id: first-life, article: "3", kind: relief, source: s, summary: "Life to {life_years} years.",
     when: {field: sentence_type, op: "==", value: life}, effect: {type: commute, years: {param: life_years}}}
  - {id: first-half, article: "3", kind: relief, source: s, summary: Half remitted.,
     when: {field: sentence_type, op: "==", value: fixed}, effect: {type: reduce, remit_fraction: 0.5}}
"""

SECOND = """\
id: test-second
title: A second amnesty
authority: tests
enacted: 2022-01-01
version: "2"
sources: [{id: s, title: none}]
rules:
  - {id: second-cutoff, article: "1", kind: scope, source: s, summary: Offence too late.,
     when: {field: offence_date, op: ">=", value: {param: enacted}}, effect: not_covered}
  - {id: second-drugs, article: "2", kind: exclusion, source: s, summary: Drug trafficking excluded.,
     when: {field: offence_categories, op: contains, value: drug_trafficking}, effect: exclude}
  - {id: second-life, article: "3", kind: relief, source: s, summary: Life to 15 years.,
     when: {field: sentence_type, op: "==", value: life}, effect: {type: commute, years: 15}}
  - {id: second-quarter, article: "3", kind: relief, source: s, summary: A quarter remitted.,
     when: {field: sentence_type, op: "==", value: fixed}, effect: {type: reduce, remit_fraction: 0.25}}
"""

HELD = """\
id: test-held
title: An amnesty for the people one authority holds
authority: tests
enacted: 2026-02-18
version: "1"
sources: [{id: s, title: none}]
parameters:
  covered_authorities: {description: Authorities whose detainees the law reaches., type: list, value: [syria], source: s}
rules:
  - {id: held-elsewhere, article: "1", kind: scope, source: s, summary: Held by another authority.,
     when: {not: {field: custodial_authority, op: in, value: {param: covered_authorities}}}, effect: not_covered}
  - {id: held-half, article: "2", kind: relief, source: s, summary: Half remitted.,
     when: {field: sentence_type, op: "==", value: fixed}, effect: {type: reduce, remit_fraction: 0.5}}
  - {id: held-life, article: "2", kind: relief, source: s, summary: Life to 20 years.,
     when: {field: sentence_type, op: "==", value: life}, effect: {type: commute, years: 20}}
"""


def compiled(text: str, name: str):
    return compile_rulebook(parse_source(text, name))


@pytest.fixture(scope="session")
def first():
    return compiled(FIRST, "first.yaml")


@pytest.fixture(scope="session")
def second():
    return compiled(SECOND, "second.yaml")


@pytest.fixture(scope="session")
def held():
    return compiled(HELD, "held.yaml")


@pytest.fixture
def book_files(tmp_path):
    paths = {}
    for name, text in (("first", FIRST), ("second", SECOND), ("held", HELD)):
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def record(**values):
    base = {
        "record_id": "R1", "facility_id": "HSK-01", "nationality": "SY", "legal_status": "convicted",
        "offence_categories": "other", "offence_class": "felony", "offence_date": "2018-05-01",
        "sentence_type": "life", "custody_start": "2018-06-01", "victim_waiver": "true",
    }
    base.update(values)
    return {k: v for k, v in base.items() if v is not None}
