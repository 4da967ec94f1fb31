"""The scope and exclusion findings as polars expressions decide exactly what the compiled trees decide.

``engine.decided_columns`` is a third implementation of the rule trees (after
the plain walk and the compiled functions; durable_rules is the fourth), used
to take decided rows past their keys. Here it is held to ``plan.decided_plan``
over the compiled trees' findings, on every built-in rulebook, for thousands
of random keys in which every leaf is true, false or unknown.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import polars as pl
import pytest

from amnesty.api.rulebooks import load_rulebook
from amnesty.engine.decided_columns import DecidedColumns
from amnesty.engine.plan import decided_plan
from amnesty.rules.kleene import compile_tree
from amnesty.rules.loader import builtin_ids

TRUTHS = (True, False, None)


@dataclass
class _Column:
    """A column whose class i means truth TRUTHS[i] for its one leaf (what ColumnCells gives)."""

    name: str
    leaf_indexes: list[int]
    truths: list[tuple] = field(default_factory=lambda: [(t,) for t in TRUTHS])


def _expected(book, trees, key):
    findings = {rule_id: tree(key) for rule_id, tree in trees}
    plan = decided_plan(book, findings)
    return None if plan is None else ("decided", plan.outcome, plan.decisive, plan.possible)


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_same_decided_patterns_as_the_compiled_trees(rulebook_id):
    book = load_rulebook(rulebook_id)
    columns = [_Column(f"leaf{i}", [i]) for i in range(len(book.leaves))]
    deciding = DecidedColumns(book, columns, {})
    assert deciding.enabled
    trees = [(rule.id, compile_tree(rule.tree, book.leaf_index)) for rule in book.rules]
    rng = random.Random(rulebook_id)
    keys = []
    for _ in range(3_000):
        unknown = rng.random()  # some keys mostly unknown, some mostly known
        keys.append(tuple(None if rng.random() < unknown else rng.random() < 0.5 for _ in book.leaves))
    frame = pl.DataFrame({f"_c_{c.name}": [TRUTHS.index(key[i]) for key in keys] for i, c in enumerate(columns)},
                         schema={f"_c_{c.name}": pl.Int32 for c in columns})
    found = frame.select(deciding.columns()).rows()
    decided = 0
    for key, row in zip(keys, found):
        want = _expected(book, trees, key)
        assert deciding.signature(*row) == want, (rulebook_id, key)
        decided += want is not None
    assert 0 < decided < len(keys)  # both kinds of key were met


def test_a_leaf_on_a_field_the_file_lacks_is_its_constant():
    book = load_rulebook("aanes-2024-law-10")
    columns = [_Column(f"leaf{i}", [i]) for i in range(1, len(book.leaves))]
    trees = [(rule.id, compile_tree(rule.tree, book.leaf_index)) for rule in book.rules]
    for constant in TRUTHS:
        deciding = DecidedColumns(book, columns, {0: constant})
        rng = random.Random(str(constant))
        keys = [(constant, *(rng.choice(TRUTHS) for _ in columns)) for _ in range(500)]
        frame = pl.DataFrame({f"_c_{c.name}": [TRUTHS.index(key[i + 1]) for key in keys] for i, c in enumerate(columns)},
                             schema={f"_c_{c.name}": pl.Int32 for c in columns})
        for key, row in zip(keys, frame.select(deciding.columns()).rows()):
            assert deciding.signature(*row) == _expected(book, trees, key)


def test_more_rules_than_bits_leave_every_row_on_its_key():
    from types import SimpleNamespace

    from amnesty.engine.decided_columns import MAX_RULES
    from amnesty.models.rulebook import Kind

    def book(exclusions):
        rules = [SimpleNamespace(id=f"x{n}", kind=Kind.exclusion, tree=None) for n in range(exclusions)]
        return SimpleNamespace(rules=rules)

    assert DecidedColumns(book(MAX_RULES), [], {}).enabled
    assert not DecidedColumns(book(MAX_RULES + 1), [], {}).enabled
