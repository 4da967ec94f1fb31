"""Every conflict between sources in a built-in rulebook has its other reading as a bundled scenario.

The project's rule for the law as data: a reading that is a choice is an
interpretation note, and the other reading a scenario an analyst can run.
Lint checks a scenario a conflict names; this holds the built-ins to naming one.
"""

from __future__ import annotations

import pytest

from amnesty.rules.loader import builtin_ids, load_rulebook
from amnesty.rules.scenario import bundled_scenarios, load_scenario


def _conflicts(rulebook):
    for rule in rulebook.rules:
        for conflict in rule.conflicts:
            yield rule.id, conflict
    for name, param in rulebook.parameters.items():
        for conflict in param.conflicts:
            yield name, conflict


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_conflict_names_a_bundled_scenario_of_this_rulebook_that_changes_it(rulebook_id):
    rulebook = load_rulebook(rulebook_id)
    scenarios = bundled_scenarios()
    for owner, conflict in _conflicts(rulebook):
        where = f"{rulebook_id}, {owner}: conflict {conflict.topic!r}"
        assert conflict.scenario is not None, f"{where} names no scenario taking its other reading"
        assert conflict.scenario in scenarios, where
        scenario = load_scenario(conflict.scenario).scenario
        assert scenario.base == rulebook_id, where
        assert scenario.set or scenario.disable or scenario.enable, f"{where}: {conflict.scenario} changes nothing"
