"""Every worked case of every built-in rulebook, one test each, named by the case's sentence."""

from __future__ import annotations

import pytest

from amnesty.analysis.cases import run_case
from amnesty.rules.loader import builtin_ids, load_source

# Each rulebook is read once (it names the tests too); every case runs against the loaded source.
SOURCES = {rulebook_id: load_source(rulebook_id) for rulebook_id in builtin_ids()}

CASES = [
    pytest.param(rulebook_id, index, id=f"{rulebook_id}: {case.name}")
    for rulebook_id, source in SOURCES.items()
    for index, case in enumerate(source.rulebook.cases)
]


@pytest.mark.parametrize(("rulebook_id", "index"), CASES)
def test_case(rulebook_id, index):
    source = SOURCES[rulebook_id]
    result = run_case(source, source.rulebook.cases[index])
    assert result.passed, f"{source.path}:{result.line}: {result.case.name}: " + "; ".join(result.failures)


def test_every_builtin_has_cases():
    for rulebook_id in builtin_ids():
        assert load_source(rulebook_id).rulebook.cases, rulebook_id
