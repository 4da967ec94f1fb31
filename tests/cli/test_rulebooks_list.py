"""``amnesty rulebooks list``: the built-in rulebooks and the bundled scenarios, in the reader's language."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.i18n.rulebook import RulebookTexts
from amnesty.rules.loader import builtin_ids, load_rulebook
from amnesty.rules.scenario import bundled_scenarios, load_scenario

ARABIC = range(0x0600, 0x0700)


def _listed(*args: str, columns: int) -> str:
    result = CliRunner().invoke(app, ["rulebooks", "list", *args], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.output


def test_api_lists_every_bundled_scenario_as_plain_data():
    english, arabic = api.list_scenarios(), api.list_scenarios("ar")
    assert [s["id"] for s in english] == [s["id"] for s in arabic] == list(bundled_scenarios())
    for en, ar in zip(english, arabic):
        found = load_scenario(en["id"]).scenario
        assert (en["base"], en["title"], en["question"], en["notes"]) == (found.base, found.title, found.question, found.notes)
        assert ar["base"] == en["base"] and ar["title"] != en["title"] and ar["question"] != en["question"]
        assert any(ord(ch) in ARABIC for ch in ar["title"] + ar["question"])


def test_list_shows_every_scenario_with_its_base_title_and_question():
    text = _listed(columns=1000)  # every cell on one line
    for scenario in api.list_scenarios():
        assert f"│ {scenario['id']} " in text and scenario["title"] in text and scenario["question"] in text
        line = next(line for line in text.splitlines() if f"│ {scenario['id']} " in line)
        assert f"│ {scenario['base']} " in line


def test_list_in_kurmanji_translates_headers_and_titles():
    text = _listed("--lang", "ku", columns=1000)
    for rulebook_id in builtin_ids():
        book = load_rulebook(rulebook_id)
        title = RulebookTexts(rulebook_id, "ku").lookup("title", book.title)
        assert title is not None and title in text and book.title not in text
    for scenario in api.list_scenarios("ku"):
        assert scenario["title"] in text and scenario["question"] in text
    assert "Pirtûkên rêgezan ên amade" in text and "Built-in rulebooks" not in text
    assert "Bundled scenarios" not in text and "│ question" not in text


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_narrow_terminal_keeps_ids_whole_and_says_where_the_question_is(lang):
    text = _listed("--lang", lang, columns=80)
    assert "…" not in text and max(map(cell_len, text.splitlines())) <= 80  # Arabic marks take no cell
    for scenario_id in bundled_scenarios():
        assert f"│ {scenario_id} " in text
    assert "amnesty rulebooks show ID" in text
