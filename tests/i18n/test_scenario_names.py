"""A scenario or a variant named in the reader's language wherever a command names it.

A scenario's title comes from the scenarios' catalogue (not the base rulebook's, which has no entry
for it); a variant's label says "without"/"with" in the reader's words; the report's provenance
gives a scenario's title, question and notes in that language. English stays as it was.
"""

from __future__ import annotations

import re
import shutil

from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.i18n import translator
from amnesty.i18n.scenarios import scenario_words
from amnesty.i18n.sides import law_title, variant_words
from amnesty.rules.changes import variant_label
from amnesty.rules.scenario import bundled_scenarios

runner = CliRunner()
SCENARIO = "law-10-iraqis-covered"
ENGLISH_TITLE = "Law No. 10 widened to Iraqi nationals"


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return " ".join(result.output.split())  # one line: rich wraps at the terminal's width


def test_compare_names_a_bundled_scenario_by_its_translated_title(small_sample):
    for lang in ("ar", "ku"):
        out = run("compare", str(small_sample), "--scenario", SCENARIO, "--lang", lang)
        assert scenario_words(SCENARIO, lang)["title"] in out, lang
        assert ENGLISH_TITLE not in out, lang
    assert ENGLISH_TITLE in run("compare", str(small_sample), "--scenario", SCENARIO)


def test_timeline_and_a_chain_name_a_scenario_in_arabic(small_sample):
    arabic = scenario_words(SCENARIO, "ar")["title"]
    out = run("timeline", str(small_sample), "-r", SCENARIO, "--by", "year", "--lang", "ar")
    assert arabic in out and ENGLISH_TITLE not in out
    out = run("timeline", str(small_sample), "-r", "aanes-2020-resolution-5", "--then", SCENARIO, "--by", "year",
              "--lang", "ar")
    assert arabic in out and ENGLISH_TITLE not in out  # an instrument of a chain


def test_a_sweeps_variant_label_is_in_the_readers_words(small_sample):
    args = ("sweep", str(small_sample), "--param", "life_commuted_years=15,20", "--disable", "humanitarian-release")
    english = run(*args)
    assert "aanes-2024-law-10 + without humanitarian-release:" in english
    arabic = run(*args, "--lang", "ar")
    assert "aanes-2024-law-10 + بدون القاعدة humanitarian-release:" in arabic and "without" not in arabic
    assert "aanes-2024-law-10 + bê rêgeza humanitarian-release:" in run(*args, "--lang", "ku")


def test_a_variant_label_in_english_is_the_engines_byte_for_byte():
    for overrides in ({}, {"set": {"life_commuted_years": 20, "covered_nationalities": ["SY", "IQ"]}},
                      {"disable": ["a", "b"], "add_rules": ["c"]}, {"scenario": "law-10-life-20", "disable": ["a"]}):
        assert variant_words("aanes-2024-law-10", overrides, translator("en")) == variant_label("aanes-2024-law-10", overrides)
    arabic = variant_words("x", {"set": {"n": [1, 2]}, "disable": ["a"], "add_rules": ["c"]}, translator("ar"))
    assert arabic == "x + n=1,2 + بدون القاعدة a + مع القاعدة c"
    assert variant_words("x", {"scenario": "s", "disable": ["a"]}, translator("ar")) == "s"  # a scenario: its id


def test_explain_and_diff_name_a_scenario_in_arabic():
    out = run("explain", "SYN-000042", "-r", SCENARIO, "--lang", "ar")
    first = out.split(" - ")[0]
    assert "السيناريو law-10-iraqis-covered" in first and "scenario law-10" not in first
    assert not re.search(r"\bset covered_nationalities", first)
    out = run("rulebooks", "diff", "aanes-2024-law-10", SCENARIO, "--lang", "ar")
    assert scenario_words(SCENARIO, "ar")["title"] in out and ENGLISH_TITLE not in out


def test_a_scenario_file_of_ones_own_uses_its_catalogue_or_falls_back_to_english(small_sample, tmp_path):
    """Its own ``<name>.ar.po`` beside it gives its title; without one the title is the English, as
    compare shows any text it has no translation for (unmarked, like a rulebook file's own title)."""
    mine = tmp_path / "mine.yaml"
    text = bundled_scenarios()[SCENARIO].read_text(encoding="utf-8")
    mine.write_text(text.replace(f"id: {SCENARIO}", "id: mine").replace(ENGLISH_TITLE, "Iraqis too"), encoding="utf-8")
    out = run("compare", str(small_sample), "--scenario", str(mine), "--lang", "ar")
    assert "mine: Iraqis too (aanes-2024-law-10" in out
    (tmp_path / "mine.ar.po").write_text('msgctxt "title"\nmsgid "Iraqis too"\nmsgstr "العراقيون أيضاً"\n', encoding="utf-8")
    out = run("compare", str(small_sample), "--scenario", str(mine), "--lang", "ar")
    assert "mine: العراقيون أيضاً (aanes-2024-law-10" in out
    side = api.rulebook_info(str(mine))
    assert law_title(side, translator("ar")) == "Iraqis too"  # not named: no catalogue of a bundled "mine"
    assert law_title(side, translator("ar"), str(mine)) == "العراقيون أيضاً"
    copy = tmp_path / "copy"  # a bundled id in a file elsewhere: its bundled translation (same English)
    copy.mkdir()
    shutil.copy(bundled_scenarios()[SCENARIO], copy / "x.yaml")
    assert law_title(api.rulebook_info(str(copy / "x.yaml")), translator("ar")) == scenario_words(SCENARIO, "ar")["title"]


def test_the_report_gives_a_scenarios_title_question_and_notes_and_a_variants_label_in_arabic(tmp_path, monkeypatch):
    from amnesty.synth import write_sample_csv

    write_sample_csv(tmp_path / "sample.csv", 200, seed=5)
    monkeypatch.setattr(api, "SAMPLE", tmp_path / "sample.csv")
    said = scenario_words(SCENARIO, "ar")
    english = scenario_words(SCENARIO, "en")
    api.report(output=tmp_path / "ar.html", rulebook=SCENARIO, compare="aanes-2024-law-10", lang="ar")
    page = (tmp_path / "ar.html").read_text(encoding="utf-8")
    for key in ("title", "question"):
        assert said[key] in page and english[key] not in page, key
    for arabic, note in zip(said["notes"], english["notes"]):  # the provenance's scenario row and section 7
        assert page.count(arabic) == 2 and note not in page
    result = api.report(output=tmp_path / "variant.html", disable=["humanitarian-release"], compare=SCENARIO, lang="ar")
    page = (tmp_path / "variant.html").read_text(encoding="utf-8")
    assert "aanes-2024-law-10 + بدون القاعدة humanitarian-release" in page and "+ without" not in page
    assert said["title"] in page and ENGLISH_TITLE not in page  # the baseline, named by --compare
    assert said["question"] in page and english["question"] not in page  # ... and its question and notes too
    for arabic, note in zip(said["notes"], english["notes"]):
        assert arabic in page and note not in page
    assert result.scenario == "aanes-2024-law-10 + بدون القاعدة humanitarian-release"
    assert "الأساس: " + SCENARIO in _legends(page)


def _legends(page: str) -> str:
    """The comparison chart's text as drawn (matplotlib writes each text as a comment in the SVG)."""
    chart = re.search(r'<svg[^>]*>(?:(?!</svg>).)*comparison-outcomes(?:(?!</svg>).)*</svg>', page, re.S)
    return " ".join(re.findall(r"<!-- (.*?) -->", chart.group(0) if chart else ""))
