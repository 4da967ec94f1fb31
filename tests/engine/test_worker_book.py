"""A worker refuses to decide under any rulebook but the one the reading process compiled."""

import pytest

from amnesty import api
from amnesty.engine.chain import chain_of
from amnesty.engine.worker_book import worker_book
from amnesty.errors import EngineError


def _spec(book):
    return book.rulebook, book.path, dict(book.overrides), book.sha256


def test_the_same_rulebook_compiles_to_the_same_digest():
    book = api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20})
    assert worker_book(*_spec(book)).sha256 == book.sha256


def test_a_different_digest_is_refused_in_one_sentence():
    rulebook, path, overrides, _ = _spec(api.load_rulebook("aanes-2024-law-10"))
    with pytest.raises(EngineError, match="a different rulebook than the one asked for; nothing was counted"):
        worker_book(rulebook, path, overrides, "0" * 64, consequence="nothing was counted")


def test_a_chain_member_with_another_digest_is_refused():
    chain = chain_of([api.load_rulebook("aanes-2024-law-10"), api.load_rulebook("syria-2026-decree-39")])
    recipe = chain.recipe()
    recipe.evaluator().close()  # the recipe as made compiles
    first, *rest = recipe.members
    broken = type(recipe)((first[:3] + ("f" * 64,), *rest), recipe.sha256)
    with pytest.raises(EngineError, match="a different rulebook than the one asked for; nothing was written"):
        broken.evaluator()
