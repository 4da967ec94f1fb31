"""A rule's effective finding (it holds, and nothing that prevails over it does) in three-valued logic."""

import itertools
from types import SimpleNamespace

import pytest

from amnesty.engine.plan import _effective
from amnesty.rules.kleene import kleene_all, kleene_any, kleene_not

TRUTHS = (True, False, None)


@pytest.mark.parametrize("overriders", range(4))
def test_the_written_out_rule_is_the_kleene_formula(overriders):
    names = tuple(f"o{i}" for i in range(overriders))
    book = SimpleNamespace(overridden_by={"r": names})
    for own in TRUTHS:
        for values in itertools.product(TRUTHS, repeat=overriders):
            findings = {"r": own, **dict(zip(names, values))}
            assert _effective(book, findings, "r") == kleene_all([own, kleene_not(kleene_any(list(values)))])
