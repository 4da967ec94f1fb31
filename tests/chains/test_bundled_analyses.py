"""The bundled analyses of 2026 (chain files) and a chain worked by hand from data-dictionary.md."""

from __future__ import annotations

from datetime import date

import pytest

from amnesty import api
from amnesty.analysis.chains import bundled_chains, load_chain
from amnesty.engine.chain import CompiledChain

LIFE_2019 = {
    "record_id": "HAND-1", "facility_id": "HSK-01", "nationality": "SY", "birth_date": "1980-01-01",
    "legal_status": "convicted", "offence_categories": "terrorism", "offence_class": "felony",
    "offence_date": "2018-05-01", "org_role": "member", "fought_sdf": "false", "caused_death": "false",
    "explosives": "false", "chronic_illness": "false", "sentence_type": "life", "custody_start": "2019-03-01",
    "victim_waiver": "true", "compensation_paid": "true", "good_conduct_certified": "true",
    "sentencing_authority": "daanes",
}
NORTH_EAST = ["aanes-2020-resolution-5", "aanes-2022-law-5", "aanes-2024-law-10"]


def test_a_life_sentence_of_2019_through_the_three_north_east_laws():
    """Worked by hand from laws.md: Resolution No. 5 (10 Oct 2020) replaces life by 20 years (240
    months, the member's good conduct being certified); Law No. 5 (16 Mar 2022) excludes terrorism,
    so the 240 months stand; Law No. 10 (17 Jul 2024) halves a fixed term: 120 months from
    1 Mar 2019, due out on 1 Mar 2029."""
    (d,) = api.evaluate_records([LIFE_2019], NORTH_EAST[0], then=NORTH_EAST[1:], as_of=date(2026, 3, 1))
    assert [(s["rulebook"]["id"], s["as_of"], s["outcome"]) for s in d["steps"]] == [
        ("aanes-2020-resolution-5", "2020-10-10", "reduced"),
        ("aanes-2022-law-5", "2022-03-16", "excluded"),
        ("aanes-2024-law-10", "2026-03-01", "reduced"),
    ]
    assert [s["sentence_after"] for s in d["steps"]] == [
        {"type": "fixed", "months": 240}, None, {"type": "fixed", "months": 120},
    ]
    assert d["steps"][2]["sentence_before"] == {"type": "fixed", "months": 240}
    assert (d["outcome"], d["sentence_after"], d["release_date"]) == ("reduced", {"type": "fixed", "months": 120}, "2029-03-01")


def test_the_same_life_sentence_for_a_homicide_keeps_the_2022_relief():
    """Homicide (victim waived, compensation paid): 240 months in 2020, a quarter remitted in 2022
    (180 months, due 1 Mar 2034); Law No. 10 reaches only terrorism and state-security cases."""
    record = dict(LIFE_2019, offence_categories="homicide", org_role="none")
    (d,) = api.evaluate_records([record], NORTH_EAST[0], then=NORTH_EAST[1:], as_of=date(2026, 3, 1))
    assert [s["outcome"] for s in d["steps"]] == ["reduced", "reduced", "not_covered"]
    assert (d["outcome"], d["sentence_after"], d["release_date"]) == ("reduced", {"type": "fixed", "months": 180}, "2034-03-01")


def test_the_chain_out_of_order_is_refused():
    from amnesty.errors import RulebookError

    with pytest.raises(RulebookError, match="not in enactment order"):
        api.load_rulebook("syria-2026-decree-39", then=["aanes-2024-law-10"])


@pytest.mark.parametrize("chain_id", sorted(bundled_chains()))
def test_every_bundled_chain_loads_in_order_and_names_its_members(chain_id):
    chain, _ = load_chain(chain_id)
    book = api.load_rulebook(chain_id)
    assert isinstance(book, CompiledChain)
    assert [m.id for m in book.members] == [api.load_rulebook(name).id for name in chain.chain]
    assert chain.question and chain.as_of and date.fromisoformat(chain.as_of)


def test_the_bundled_analyses_are_documented():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "scenarios.md").read_text(encoding="utf-8")
    for chain_id in bundled_chains():
        assert f"`{chain_id}`" in text, chain_id
