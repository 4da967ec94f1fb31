"""Parameter descriptions in the reader's language, and ``sweep`` said wholly in Arabic and Kurmanji."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amnesty.analysis.audit import lint
from amnesty.cli.app import app
from amnesty.i18n.lint import translation_problems
from amnesty.i18n.rulebook import RulebookTexts, placeholders, texts
from amnesty.rules.loader import builtin_ids, load_rulebook

from catalogue_copy import copy_without

ARABIC = range(0x0600, 0x0700)
runner = CliRunner()


def is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


def run(*args: str, width: int | None = None) -> str:
    result = runner.invoke(app, list(args), env={"COLUMNS": str(width)} if width else None)
    assert result.exit_code in (0, 1), result.output
    return result.output


def flat(text: str) -> str:
    """The output as one line: rich folds long lines wherever the terminal ends."""
    return " ".join(text.split())


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_parameter_description_is_a_text_arabic_must_translate(rulebook_id):
    book = load_rulebook(rulebook_id)
    found = {text.owner: text for text in texts(book) if text.context == "parameter"}
    assert set(found) == set(book.parameters)
    for name, parameter in book.parameters.items():
        assert found[name].english == parameter.description
        assert found[name].required == "full"


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_every_builtin_parameter_description_has_arabic_and_kurmanji(rulebook_id):
    book = load_rulebook(rulebook_id)
    ar, ku = RulebookTexts(rulebook_id, "ar"), RulebookTexts(rulebook_id, "ku")
    for name, parameter in book.parameters.items():
        arabic = ar.lookup("parameter", parameter.description)
        kurmanji = ku.lookup("parameter", parameter.description)
        assert arabic is not None and is_arabic(arabic), f"{rulebook_id}: no Arabic for the parameter {name}"
        assert kurmanji is not None and kurmanji != parameter.description, f"{rulebook_id}: no Kurmanji for {name}"
        assert placeholders(arabic) == placeholders(parameter.description) == placeholders(kurmanji)
        assert ar.parameter(parameter.description) == arabic and ku.parameter(parameter.description) == kurmanji
    assert RulebookTexts(rulebook_id, "en").parameter("any English") == "any English"


@pytest.mark.parametrize("rulebook_id", builtin_ids())
def test_lint_finds_every_builtin_language_complete(rulebook_id):
    book = load_rulebook(rulebook_id)
    assert translation_problems(book, rulebook_id) == []
    assert not [p for p in lint(rulebook_id).problems if "translation" in p.message]


def test_lint_names_an_untranslated_parameter_description(tmp_path):
    mine = copy_without(tmp_path, "aanes-2024-law-10", "ar", "#. parameter release_age\n")
    problems = [p for p in translation_problems(load_rulebook(mine), str(mine)) if p.message.startswith("no ar")]
    assert len(problems) == 1
    assert problems[0].message.startswith("no ar translation of the parameter text of 'release_age': A convict who")
    assert problems[0].severity == "warning"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from amnesty.synth import write_sample_csv

    path = tmp_path_factory.mktemp("sweep") / "records.csv"
    write_sample_csv(path, count=60, seed=7)
    return path


SINGLE = ("--param", "life_commuted_years=15:20:5")
GRID = ("--grid", "life_commuted_years=15:25:5", "--grid", "release_age=65:75:5")


@pytest.mark.parametrize("lang", ["ar", "ku"])
@pytest.mark.parametrize("form", [SINGLE, GRID], ids=["param", "grid"])
def test_sweep_says_the_parameter_and_the_release_columns_in_the_language(tiny, lang, form):
    book = load_rulebook("aanes-2024-law-10")
    own = RulebookTexts("aanes-2024-law-10", lang)
    english = flat(run("sweep", str(tiny), *form, "--workers", "1", width=300))
    out = flat(run("sweep", str(tiny), *form, "--workers", "1", "--lang", lang, width=300))  # headings unfolded
    names = ("life_commuted_years", "release_age") if form is GRID else ("life_commuted_years",)
    for name in names:
        description = book.parameters[name].description
        assert description in english
        assert description not in out and flat(own.parameter(description)) in out
    assert "out in" in english and not any(f"{n}y" in out for n in (1, 2, 5))
    if lang == "ar":
        assert "إفراج خلال سنة" in out and "إفراج خلال سنتين" in out and "إفراج خلال 5 سنوات" in out
        assert "15، 20، 25" in out if form is GRID else "؛ 20: حتى" in out
        assert "; " not in out.split("قد يصل العدد إلى:")[-1]  # the counts unknown facts could raise
    else:
        assert "berdan di nav 1 salê de" in out and "berdan di nav 5 salan de" in out


def test_sweep_json_keeps_the_english_description(tiny, tmp_path):
    out = tmp_path / "sweep.json"
    run("sweep", str(tiny), *SINGLE, "--workers", "1", "--lang", "ar", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert load_rulebook("aanes-2024-law-10").parameters["life_commuted_years"].description in json.dumps(data)


@pytest.mark.parametrize("lang", ["ar", "ku"])
def test_rulebooks_show_gives_each_parameter_its_translated_description(lang):
    book = load_rulebook("aanes-2024-law-10")
    out = flat(run("rulebooks", "show", "aanes-2024-law-10", "--lang", lang, width=400))  # cells unfolded
    own = RulebookTexts("aanes-2024-law-10", lang)
    for parameter in book.parameters.values():
        assert flat(own.parameter(parameter.description)) in out
        assert parameter.description not in out


def test_a_grids_parameter_columns_are_not_cut_in_another_language(tiny):
    """Outside English the outcome columns fold their words; the parameters' names stay whole."""
    for lang in ("ar", "ku"):
        out = run("sweep", str(tiny), *GRID, "--workers", "1", "--lang", lang, width=120)
        assert "release_age" in out and "relea…" not in out
