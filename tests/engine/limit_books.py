"""Rulebook texts for the tests of the engine's limits: a minimal header, rules appended to it."""

HEADER = """\
id: limits
title: Limits
authority: tests
enacted: 2024-07-17
version: "1"
sources: [{id: s, title: none}]
rules:
"""


def rule(rule_id: str, when: str) -> str:
    """One scope rule of ``HEADER``'s rulebook, as a line of its ``rules``."""
    return f"  - {{id: {rule_id}, article: '1', kind: scope, source: s, summary: x, effect: not_covered, when: {when}}}\n"
