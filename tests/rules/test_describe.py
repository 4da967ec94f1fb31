"""``rulebooks show`` reads the law article by article; ``show`` and ``diff`` take scenarios like every command."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app

DECREE_PATH = Path(__file__).parent / "data" / "decree-v2.yaml"
DECREE = DECREE_PATH.read_text(encoding="utf-8")


def block(lines, start, end=None):
    """The lines from the one equal to ``start`` up to (not including) the one equal to ``end``."""
    first = lines.index(start)
    return lines[first: lines.index(end, first) if end else None]


def test_each_article_with_its_basis_summary_terms_and_sources_then_its_rules():
    lines = api.show_rulebook(DECREE_PATH)
    art1 = block(lines, "Art. 1 (basis: official text)", "Art. 2 (basis: reported)")
    assert art1[1:4] == [
        "  Offences committed before the decree's date are covered.",
        "  terms: الجرائم المرتكبة قبل تاريخ صدور هذا المرسوم",
        "  source: [gazette-2025] Official gazette: text of the decree (official text, Arabic, 1 March 2025)",
    ]
    assert "  - rule offence-after-cutoff (scope, enabled)" in art1
    assert ("      what the rule says: Offences committed on or after 1 March 2025 are outside the decree."
            in art1)  # the parameter filled in
    art2 = block(lines, "Art. 2 (basis: reported)", "release of the elderly (reported) (basis: reported)")
    assert "  numbered by: press-2025" in art2
    rule = art2[art2.index("  - rule life-commuted (relief, enabled)"):]
    assert rule[1:] == [
        "      what the rule says: A life sentence becomes 20 years.",
        "      when: sentence_type is life",
        "      effect: sentence becomes 20 years",
        "      sources: press-2025, gazette-2025",
        "      interpretation notes:",
        "        - The gazette's wording of the term is not public.",
        "      conflict: whether life sentences of foreigners are commuted too",
        "        - according to press-2025: everyone",
        "        - according to gazette-2025: Syrians only",
        "        default: everyone",
        "        why: the decree names no nationality",
        "",
    ]
    elderly = block(lines, "release of the elderly (reported) (basis: reported)")
    assert "  - rule elderly-released (relief, off by default)" in elderly
    assert "      what the rule says: Detainees aged 75 or more are released." in elderly


def test_sources_show_kind_language_and_date():
    lines = api.show_rulebook(DECREE_PATH)
    assert "  [press-2025] A press report on the decree (press, English, 2 March 2025) <https://example.org/decree>" in lines


def test_a_rulebook_without_articles_block_is_grouped_by_the_rules_article_labels(tmp_path):
    import yaml

    data = yaml.safe_load(DECREE)
    del data["articles"]  # a rulebook written before the articles block
    path = tmp_path / "no-articles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    book = api.describe_rulebook(path)
    rules = {rule.id: article.label for article in book.articles for rule in article.rules}
    law = api.load_rulebook(path).rulebook
    assert rules == {rule.id: rule.article for rule in law.rules}
    assert all(article.basis is None for article in book.articles)
    assert any(line.endswith("(not in an articles block: basis not given)") for line in api.show_rulebook(path))


def test_a_scenario_is_shown_with_its_values_and_named_with_its_changes(tmp_path):
    scenario = tmp_path / "longer.yaml"
    scenario.write_text(
        f"id: decree-life-25\ntitle: Decree with life commuted to 25 years\nbase: {DECREE_PATH}\n"
        "question: What if life became 25 years and the elderly were released?\n"
        "set: {life_commuted_years: 25}\nenable: [elderly-released]\n", encoding="utf-8")
    lines = api.show_rulebook(scenario)
    assert lines[1] == (f"Scenario decree-life-25 of {DECREE_PATH}: parameter life_commuted_years set to 25; "
                        "rule elderly-released switched on")
    assert "      what the rule says: A life sentence becomes 25 years." in lines
    assert "  - rule elderly-released (relief, off by default, switched on by the scenario)" in lines
    assert any(line.startswith("  life_commuted_years = 25 years (changed)") for line in lines)
    output = CliRunner().invoke(app, ["rulebooks", "show", str(scenario)]).output
    assert "A life sentence becomes 25 years." in output and "A life sentence becomes 20 years." not in output


def test_show_and_diff_take_bundled_scenario_ids():
    runner = CliRunner()
    shown = runner.invoke(app, ["rulebooks", "show", "law-10-iraqis-covered"])
    assert shown.exit_code == 0 and "Scenario law-10-iraqis-covered of aanes-2024-law-10" in shown.output
    diffed = runner.invoke(app, ["rulebooks", "diff", "aanes-2024-law-10", "law-10-iraqis-covered"])
    assert diffed.exit_code == 0, diffed.output
    lines = diffed.output.splitlines()
    version = api.load_rulebook("aanes-2024-law-10").version
    assert lines[1].startswith(f"+++ aanes-2024-law-10 v{version} + scenario law-10-iraqis-covered + covered_nationalities=SY,IQ")
    assert "      value: SY -> SY, IQ" in lines


def test_diff_compares_sources_and_articles(tmp_path):
    changed = (DECREE.replace("    kind: press\n", "    kind: ngo\n")
               .replace("  \"Art. 2\":\n    basis: reported\n", "  \"Art. 2\":\n    basis: official_text\n")
               .replace("    sources: [press-2025]\n    numbered_by:", "    sources: [press-2025, gazette-2025]\n    numbered_by:"))
    path = tmp_path / "changed.yaml"
    path.write_text(changed, encoding="utf-8")
    result = api.diff_rulebooks(DECREE_PATH, path)
    assert [(e.name, [(c.what, c.before, c.after) for c in e.changes]) for e in result.sources] == [
        ("press-2025", [("kind", "press", "ngo")])
    ]
    assert [(e.name, [(c.what, c.before, c.after) for c in e.changes]) for e in result.articles] == [
        ("Art. 2", [("basis", "reported", "official_text"), ("sources", "press-2025", "press-2025 | gazette-2025")])
    ]
    text = result.lines()
    assert text[text.index("Sources:") + 1] == "  ~ press-2025"
    assert text[text.index("Articles:") + 1] == "  ~ Art. 2"
    assert result.to_dict()["articles"][0]["name"] == "Art. 2"


def test_a_scenario_adding_a_rule_describes_its_article_or_cites_one_of_the_base(tmp_path):
    rule = ("add_rules:\n  - id: foreigners-released\n    article: reading of the press\n    kind: relief\n"
            "    source: press-2025\n    summary: Foreigners are released.\n"
            "    when: {field: nationality, op: '!=', value: SY}\n    effect: release\n")
    head = f"id: decree-foreigners\ntitle: t\nbase: {DECREE_PATH}\nquestion: q\n"
    scenario = tmp_path / "foreigners.yaml"
    scenario.write_text(head + rule, encoding="utf-8")
    problems = api.lint_rulebook(scenario).problems
    assert [p.message for p in problems] == [
        "cites article 'reading of the press', which the rulebook's articles block does not have; "
        "valid names: Art. 1, Art. 2, release of the elderly (reported)"
    ]
    scenario.write_text(head + rule + "add_articles:\n  reading of the press:\n    basis: reported\n"
                        "    summary: The press reads the decree as releasing foreigners.\n    sources: [press-2025]\n",
                        encoding="utf-8")
    lines = api.show_rulebook(scenario)
    article = lines.index("reading of the press (basis: reported)")
    assert lines[article + 4] == "  - rule foreigners-released (relief, enabled)"
