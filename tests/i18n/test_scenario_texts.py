"""Every bundled scenario's title, question and notes in Arabic and Kurmanji, from catalogues the package installs."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from amnesty.i18n.rulebook import placeholders
from amnesty.i18n.scenarios import ScenarioTexts, required_in, catalogue_path, scenario_words, texts
from amnesty.rules.scenario import bundled_scenarios, load_scenario

ROOT = Path(__file__).resolve().parents[2]
ARABIC = range(0x0600, 0x0700)


def is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


@pytest.mark.parametrize("lang", ["ar", "ku"])
def test_every_bundled_scenario_has_a_title_question_and_notes(lang):
    scenarios = bundled_scenarios()
    assert len(scenarios) >= 28
    for scenario_id, path in scenarios.items():
        own = ScenarioTexts(path, lang)
        for text in texts(load_scenario(scenario_id).scenario):
            if text.context not in required_in(lang):
                continue
            said = own.lookup(text.context, text.english)
            assert said is not None, f"{scenario_id}: no {lang} {text.context}"
            assert is_arabic(said) == (lang == "ar"), f"{scenario_id} {lang}: {said!r}"
            assert said != text.english and placeholders(said) == placeholders(text.english)


def test_scenario_words_are_plain_data_in_the_language():
    english = scenario_words("law-10-life-20", "en")
    arabic = scenario_words("law-10-life-20", "ar")
    assert english["title"] == "Law No. 10 with life sentences commuted to 20 years"
    assert arabic["id"] == english["id"] and arabic["base"] == english["base"] == "aanes-2024-law-10"
    assert is_arabic(arabic["title"]) and is_arabic(arabic["question"])
    assert len(arabic["notes"]) == len(english["notes"]) and all(map(is_arabic, arabic["notes"]))
    kurmanji = scenario_words("law-10-life-20", "ku")
    assert len(kurmanji["notes"]) == len(english["notes"])
    assert not any(map(is_arabic, kurmanji["notes"])) and set(kurmanji["notes"]).isdisjoint(english["notes"])


def test_scenario_notes_are_required_in_arabic_and_kurmanji():
    assert "note" in required_in("ar") and "note" in required_in("ku")


ENGLISH_COMPOUNDS = {"over-counts", "good-conduct", "low-ranking", "as-of", "fixed-term"}  # words, not ids


@pytest.mark.parametrize("lang", ["ar", "ku"])
def test_a_translated_note_keeps_every_identifier_of_its_english(lang):
    """A note names rules, fields, parameters and scenarios by id; the Arabic and the Kurmanji name the same ones."""
    import re

    ident = re.compile(r"(?<![a-z0-9])[a-z0-9]+(?:[-_][a-z0-9]+)+(?![a-z0-9])")  # "وmurder-..." counts
    for scenario_id, path in bundled_scenarios().items():
        own = ScenarioTexts(path, lang)
        for note in load_scenario(scenario_id).scenario.notes:
            said = own.lookup("note", note)
            names = set(ident.findall(note)) - ENGLISH_COMPOUNDS
            assert said is not None and names <= set(ident.findall(said)), (scenario_id, note)


def test_a_scenario_file_of_ones_own_has_its_catalogue_beside_it(tmp_path):
    mine = tmp_path / "what-if.yaml"
    assert catalogue_path(mine, "ku") == tmp_path / "what-if.ku.po"
    assert catalogue_path(bundled_scenarios()["law-10-life-20"], "ku").name == "ku.po"
    assert ScenarioTexts(mine, "ku").lookup("title", "anything") is None  # no catalogue: English


def test_the_package_installs_every_catalogue():
    """Each .po file in the package matches a package-data pattern (a fresh install carries it)."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["amnesty"]
    package = ROOT / "amnesty"
    files = [path.relative_to(package).as_posix() for path in package.rglob("*.po")]
    assert "data/scenarios/ar.po" in files and "data/scenarios/ku.po" in files
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) and name.count("/") == pattern.count("/") for pattern in patterns), name
