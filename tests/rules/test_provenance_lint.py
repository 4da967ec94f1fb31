"""Lint checks what each rule rests on: its article, the article's sources, and the conflicts it records."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty.errors import RulebookError
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.lint import lint_text
from amnesty.rules.loader import parse_source

DECREE = (Path(__file__).parent / "data" / "decree-v2.yaml").read_text(encoding="utf-8")


def planted(old, new, text=DECREE):
    assert text.count(old) == 1, old
    changed = text.replace(old, new)
    return lint_text(changed, "decree.yaml"), changed


def line_of(text, needle, after=None):
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


def test_the_v2_example_has_no_problem():
    report = lint_text(DECREE, "decree.yaml")
    assert report.problems == [], "\n".join(map(str, report.problems))


def test_a_rule_citing_an_article_the_block_lacks_is_an_error_and_loading_refuses_it_at_the_same_line():
    report, text = planted('    article: "Art. 2"\n', '    article: "Art. 3"\n')
    (error,) = report.errors
    assert (error.line, error.rule) == (line_of(text, 'article: "Art. 3"'), "life-commuted")
    assert error.message == "cites article 'Art. 3', which the rulebook's articles block does not have; did you mean 'Art. 2'?"
    with pytest.raises(RulebookError) as info:
        compile_rulebook(parse_source(text, "decree.yaml"))
    assert (info.value.line, info.value.rule_id, info.value.message) == (error.line, error.rule, f"rule 'life-commuted': {error.message}")


def test_a_rulebook_without_articles_is_warned_not_refused():
    start, end = DECREE.index("articles:\n"), DECREE.index("parameters:\n")
    text = DECREE[:start] + DECREE[end:]
    report = lint_text(text, "decree.yaml")
    assert report.ok
    assert [(p.line, p.message.split(",")[0]) for p in report.warnings] == [
        (line_of(text, "rules:"), "the rulebook has no articles block")
    ]
    compile_rulebook(parse_source(text, "decree.yaml"))


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    ("    sources: [gazette-2025]\n  \"Art. 2\"", "    sources: [gazette-2052]\n  \"Art. 2\"", "gazette-2052",
     "article 'Art. 1' cites unknown source 'gazette-2052'; did you mean 'gazette-2025'?"),
    ("    numbered_by: [press-2025]", "    numbered_by: [press-2052]", "press-2052",
     "article 'Art. 2' cites unknown source 'press-2052'; did you mean 'press-2025'?"),
    ("    sources: [press-2025, gazette-2025]", "    sources: [press-2025, gazete-2025]", "gazete-2025",
     "rule 'life-commuted': cites unknown source 'gazete-2025'; did you mean 'gazette-2025'?"),
    ("    value: 75\n    unit: years\n    source: press-2025", "    value: 75\n    unit: years\n    source: pres-2025",
     "pres-2025", "parameter 'release_age' cites unknown source 'pres-2025'; did you mean 'press-2025'?"),
])
def test_citing_an_unknown_source_is_an_error_at_the_citation(old, new, needle, message):
    report, text = planted(old, new)
    assert [(p.line, str(p).split(": error: ")[1]) for p in report.errors] == [(line_of(text, needle), message)]


def test_an_article_without_sources_is_an_error():
    report, text = planted("    sources: [gazette-2025]\n  \"Art. 2\"", "    sources: []\n  \"Art. 2\"")
    assert [(p.line, p.message) for p in report.errors] == [
        (line_of(text, "sources: []"), "article 'Art. 1', key sources: needs at least one entry")
    ]


def test_a_reported_article_number_no_source_gives_is_warned_but_a_descriptive_label_is_not():
    report, text = planted("    numbered_by: [press-2025]\n", "")
    assert report.ok
    assert [(p.line, p.message) for p in report.warnings] == [(
        line_of(text, '"Art. 2":'),
        "article 'Art. 2' is only reported, and no source is named as giving its number (numbered_by); "
        "name one, or give it a descriptive label",
    )]


def test_a_source_without_kind_or_language_is_warned():
    report, text = planted("    kind: press\n    language: en\n", "")
    assert [(p.line, p.message) for p in report.warnings] == [
        (line_of(text, "- id: press-2025"), "source 'press-2025' has no kind or language")
    ]


def test_an_article_no_rule_cites_is_warned():
    report, text = planted('    article: "release of the elderly (reported)"\n', '    article: "Art. 2"\n')
    assert [(p.line, p.message) for p in report.warnings] == [
        (line_of(text, '"release of the elderly (reported)":'),
         "article 'release of the elderly (reported)' is cited by no rule")
    ]


CONFLICT_END = "        why: the decree names no nationality\n"


@pytest.mark.parametrize(("added", "message"), [
    ("        scenario: law-10-life-2O\n",
     "conflict 'whether life sentences of foreigners are commuted too': 'law-10-life-2O' is not a bundled scenario; "
     "did you mean 'law-10-life-20'?"),
    ("        scenario: law-10-life-20\n",
     "conflict 'whether life sentences of foreigners are commuted too': scenario 'law-10-life-20' changes "
     "aanes-2024-law-10, not this rulebook"),
])
def test_a_conflict_naming_a_scenario_that_does_not_take_its_other_reading_is_warned(added, message):
    report, text = planted(CONFLICT_END, CONFLICT_END + added)
    assert report.ok
    assert [(p.line, p.rule, p.message) for p in report.warnings] == [
        (line_of(text, "scenario: law-10"), "life-commuted", message)
    ]


def test_a_conflict_reading_citing_an_unknown_source_is_warned_on_rules_and_parameters():
    report, text = planted("- {sources: [gazette-2025], reading: Syrians only}",
                           "- {sources: [gazette-2024], reading: Syrians only}")
    assert [(p.line, p.rule, p.message) for p in report.warnings] == [(
        line_of(text, "gazette-2024"), "life-commuted",
        "conflict 'whether life sentences of foreigners are commuted too': a reading cites unknown source "
        "'gazette-2024'; did you mean 'gazette-2025'?",
    )]
    report, text = planted("- {sources: [gazette-2025], reading: 15 years}", "- {sources: [gazette], reading: 15 years}")
    assert [(p.line, p.message) for p in report.warnings] == [(
        line_of(text, "[gazette]"),
        "parameter 'life_commuted_years': conflict 'length of the commuted term': a reading cites unknown source "
        "'gazette'; did you mean 'gazette-2025'?",
    )]
