"""A small records file shared by the analysis tests: part of the bundled
sample, plus rows that are invalid in each of the ways the engine knows."""

from __future__ import annotations

from collections import Counter

import pytest

from amnesty import api

INVALID_ROWS = [
    # a duplicate record_id, an unknown enum value, a birth after the as-of date, a missing facility
    "SYN-000001,HSK-01,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,fixed,60,2019-02-01,,",
    "BAD-ENUM,RQA-01,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,boss,false,false,false,false,fixed,60,2019-02-01,,",
    "BAD-BIRTH,RQA-02,SY,2030-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,fixed,60,2019-02-01,,",
    "NO-FACILITY,,SY,1980-01-01,convicted,terrorism,felony,2019-01-01,member,false,false,false,false,fixed,60,2019-02-01,,",
    "ELSEWHERE,XYZ-99,SY,1950-01-01,convicted,state_security,felony,2019-01-01,member,false,false,false,false,life,,2010-02-01,,",
]


@pytest.fixture(scope="session")
def records(tmp_path_factory):
    """1,200 sample records and the invalid rows above, as CSV."""
    lines = api.SAMPLE.read_text(encoding="utf-8").splitlines()
    path = tmp_path_factory.mktemp("analysis") / "records.csv"
    width = lines[0].count(",")  # the rows above predate the v2 columns, which stay unknown
    rows = [row + "," * (width - row.count(",")) for row in INVALID_ROWS]
    path.write_text("\n".join(lines[:1201] + rows) + "\n", encoding="utf-8")
    return path


def _decisions_of(path, **kwargs):
    out = []
    api.evaluate_file(path, on_decision=out.append, **kwargs)
    return out


@pytest.fixture(scope="session")
def decisions_of():
    """Every decision ``evaluate`` makes, computed independently of the analysis code."""
    return _decisions_of


@pytest.fixture(scope="session")
def counts_of():
    return lambda decisions: Counter(d["outcome"] for d in decisions)
