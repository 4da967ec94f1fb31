"""What the command line said in English, or in wrong Arabic grammar, under --lang ar|ku: counts before
a noun in one fixed form, a chain's and auto's title, the changes of a variant, ``rulebooks diff``,
cut table headings, a compare column and a list's commas."""

from __future__ import annotations

import json
import re

import pytest
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.i18n import LOCALE_DIR

runner = CliRunner()
CHAIN = ("--baseline", "aanes-2020-resolution-5", "--scenario", "aanes-2022-law-5", "--then", "aanes-2024-law-10")


def run(*args: str, lines: bool = False) -> str:
    """The output at 120 columns; as one line (``lines`` false), so a sentence the terminal wrapped is whole."""
    result = runner.invoke(app, list(args), env={"COLUMNS": "120"})
    assert result.exit_code in (0, 1), result.output
    return result.output if lines else " ".join(result.output.split())


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    from amnesty.synth import write_sample_csv

    path = tmp_path_factory.mktemp("words") / "records.csv"
    write_sample_csv(path, count=60, seed=3)
    return str(path)


# A placeholder that holds a count; an Arabic noun right after it has one form for every number.
COUNTS = {"count", "records", "points", "n", "review", "made", "read", "bytes", "months", "years", "width", "total",
          "invalid", "changed", "rows"}
PARTICLES = {"من", "في", "إلى", "أو", "على"}  # "{count} من {total}" needs no agreement


def test_no_arabic_count_is_followed_by_a_noun_of_one_form():
    """"{records} سجلاً", "{points} نقطة", "{count} صفاً": wrong for most numbers (سجلان، 5 سجلات، سجل واحد).
    A count is a plural message (six forms) or stands where it needs no agreement ("عدد السجلات: {records}")."""
    with (LOCALE_DIR / "ar.po").open("rb") as handle:
        catalogue = read_po(handle)
    wrong = [(m.id, m.string) for m in catalogue if m.id and isinstance(m.id, str) and m.string
             for name, word in re.findall(r"\{(\w+)\} ?([\u0621-\u064a]+)", m.string)
             if name in COUNTS and word not in PARTICLES]
    assert wrong == []


def test_a_chain_and_auto_are_titled_in_the_language(records):
    arabic = run("compare", records, *CHAIN, "-w", "1", "--lang", "ar")
    assert "قرار المجلس العام رقم 5 لعام 2020 (عفو عام)، ثم قانون العفو العام رقم 10 لعام 2024" in arabic
    assert ", then " not in arabic and "General Amnesty Law" not in arabic
    kurmanji = run("timeline", records, "--rulebook", "auto", "--by", "year", "-w", "1", "--lang", "ku")
    assert "auto: Qanûna wê desthilatê ya ku her kesî digire" in kurmanji
    assert "The instrument of the authority" not in kurmanji
    english = run("compare", records, *CHAIN, "-w", "1")
    assert "General Council Resolution No. 5 of 2020 (general amnesty), then General Amnesty Law No. 10" in english


def test_a_variants_changes_are_said_in_the_language(records):
    args = ("--set", "life_commuted_years=20", "--disable", "humanitarian-release")
    compare = run("compare", records, "--scenario", "aanes-2024-law-10", *args, "-w", "1", "--lang", "ar")
    evaluate = run("evaluate", records, *args, "-w", "1", "--lang", "ku")
    sweep = run("sweep", records, "--rulebook", "law-10-life-20", "-p", "release_age=70,75", "-w", "1", "--lang", "ar")
    assert "المعامل life_commuted_years صار 20؛ عُطّلت القاعدة humanitarian-release" in compare
    assert "parametreya life_commuted_years bû 20; rêgeza humanitarian-release hat vemirandin" in evaluate
    assert "المعامل life_commuted_years صار 20" in sweep
    for out in (compare, evaluate, sweep):
        assert "set life_commuted_years" not in out and "disable humanitarian" not in out
    assert "; set life_commuted_years=20; disable humanitarian-release)" in run("evaluate", records, *args, "-w", "1")


def test_rulebooks_diff_speaks_the_language_and_its_json_stays_data():
    first, second = "aanes-2020-resolution-5", "aanes-2024-law-10"
    english = run("rulebooks", "diff", first, second)
    arabic = run("rulebooks", "diff", first, second, "--lang", "ar")
    kurmanji = run("rulebooks", "diff", "aanes-2024-law-10", "law-10-life-20", "--lang", "ku")
    assert "Parameters:" in english and ": when " in english and "wording of summary" in english
    assert "المعاملات:" in arabic and "القواعد:" in arabic and "عندما offence_categories تتضمن" in arabic
    assert "~ العنوان: قرار المجلس العام رقم 5 لعام 2020 (عفو عام) -> قانون العفو العام رقم 10 لعام 2024" in arabic
    for words in ("Parameters:", "Rules:", "Articles:", ": when ", "wording of", " differs", "not covered"):
        assert words not in arabic
    assert "senaryo law-10-life-20" in kurmanji and "bandor: guhertina cezayê (ceza dibe 15 sal)" in kurmanji
    assert "Parameters:" not in kurmanji and "scenario law-10-life-20" not in kurmanji
    assert json.loads(run("rulebooks", "diff", first, second, "--json", "--lang", "ar")) == json.loads(
        run("rulebooks", "diff", first, second, "--json"))


@pytest.mark.parametrize("lang", ["ar", "ku"])
def test_a_grid_table_cuts_no_heading_at_120_columns(records, lang):
    out = run("sweep", records, "--grid", "life_commuted_years=10:20:5", "--grid", "release_age=65,70", "-w", "1",
              "--lang", lang, lines=True)
    head = out[out.index("┏"):out.index("┡")]
    assert "…" not in head  # a heading too wide for its column goes on over the next line
    assert ("مراجع" if lang == "ar" else "vekol") in head


def test_compare_names_the_deciding_rules_column_and_timeline_uses_arabic_commas(records):
    compare = run("compare", records, *CHAIN, "-w", "1", "--lang", "ar")
    assert "القواعد الحاسمة" in compare.split("السجلات التي تغيّرت")[1] and "deciding rules" not in compare
    timeline = run("timeline", records, "--by", "year", "-w", "1", "--lang", "ar", lines=True)
    line = next(line for line in timeline.splitlines() if "لا إفراج" in line)
    assert ", " not in line and "، " in line
