"""Compiled rule trees give the plain tree walk's truth table: the engine groups keys into
patterns with them, and only a sample of keys is checked against durable_rules at run time."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amnesty.rules.conditions import Leaf, Node
from amnesty.rules.kleene import compile_tree, evaluate

LEAVES = [Leaf("age", ">=", n) for n in range(6)]
INDEX = {leaf: i for i, leaf in enumerate(LEAVES)}

trees = st.recursive(
    st.sampled_from(LEAVES),
    lambda children: st.one_of(
        st.builds(lambda c: Node("not", (c,)), children),
        st.builds(lambda kind, cs: Node(kind, tuple(cs)), st.sampled_from(["all", "any"]),
                  st.lists(children, min_size=1, max_size=4)),
    ),
    max_leaves=12,
)
keys = st.tuples(*[st.sampled_from([True, False, None]) for _ in LEAVES])


@settings(max_examples=400, deadline=None)
@given(trees, keys)
def test_a_compiled_tree_agrees_with_the_tree_walk(tree, key):
    assert compile_tree(tree, INDEX)(key) is evaluate(tree, key, INDEX)


def test_the_check_can_fail():
    tree = Node("any", (LEAVES[0], LEAVES[1]))
    assert compile_tree(tree, INDEX)((None, True, None, None, None, None)) is True
    assert compile_tree(tree, INDEX)((None, False, None, None, None, None)) is None
    assert compile_tree(Node("not", (LEAVES[2],)), INDEX)((None, None, False, None, None, None)) is True
