"""``--lang`` on the commands that print words for people."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app

runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_explain_in_arabic_prints_arabic_labels_outcome_and_reasons():
    out = run("explain", "SYN-000005", "--lang", "ar")
    assert "غير مشمول" in out and "جميع القواعد" in out
    assert "لا يوجد بين جرائم القضية" in out  # the reason, from the rulebook's Arabic catalogue
    assert "ترجمة خاصة بالمشروع" in out  # marked as the project's own translation
    assert "not_covered" not in out.split("\n")[0]


@pytest.mark.parametrize("as_of", [[], ["--as-of", "2024-09-01"]])
def test_explain_in_arabic_says_in_arabic_how_the_as_of_date_was_chosen(as_of):
    out = " ".join(run("explain", "SYN-000005", "--lang", "ar", *as_of).split())  # as one line, unwrapped
    first = out.split(" - ")[0]  # the decision's line, before the reasons
    assert "as no --as-of was given" not in out and "given with --as-of" not in out
    assert ("إذ لم يُعطَ الخيار" in first) if not as_of else ("2024-09-01 (محدد بالخيار --as-of)" in first)


def test_explain_json_keeps_field_names_and_enum_values(small_sample):
    english = json.loads(run("explain", "SYN-000005", "--json"))
    arabic = json.loads(run("explain", "SYN-000005", "--json", "--lang", "ar"))
    assert arabic["decision"]["outcome"] == english["decision"]["outcome"] == "not_covered"
    assert arabic.keys() == english.keys()
    assert [r["rule"] for r in arabic["decision"]["reasons"]] == [r["rule"] for r in english["decision"]["reasons"]]
    assert [r["text"] for r in arabic["decision"]["reasons"]] != [r["text"] for r in english["decision"]["reasons"]]


def test_evaluate_in_kurmanji_has_the_same_numbers(small_sample):
    english = run("evaluate", str(small_sample))
    kurmanji = run("evaluate", str(small_sample), "--lang", "ku")
    assert "qeydên hatî: 400; biryarên derketî: 400" in kurmanji
    assert "records in: 400; decisions out: 400" in english
    for word in ("berdan", "derxistî", "ne tê de", "giştî"):
        assert word in kurmanji


@pytest.mark.parametrize("command", [
    ["compare", "--scenario", "law-10-life-20"],
    ["sweep", "--param", "life_commuted_years=10:20:10"],
    ["timeline", "--by", "year"],
])
def test_analysis_commands_speak_arabic(small_sample, command):
    out = run(command[0], str(small_sample), *command[1:], "--lang", "ar")
    assert "مستثنى" in out or "المجموع" in out
    assert "بتاريخ" in out
    english = " ".join(run(command[0], str(small_sample), *command[1:]).split())
    said = " ".join(out.split())
    for words in ("records move so now", "the rules that made the difference", "certainly out by then",
                  "depending on unknown facts"):  # the tables' captions and the lines of possible counts
        assert words not in said, words
    assert any(words in english for words in ("records move so now", "certainly out by then", "as many as")), english
    assert "General Amnesty Law No. 10 of 2024" in english and "General Amnesty Law No. 10 of 2024" not in said
    assert "قانون العفو العام رقم 10 لعام 2024" in said  # the law's title as its translation gives it


def test_rulebooks_show_in_arabic_prints_translated_rules_and_notes():
    out = run("rulebooks", "show", "aanes-2024-law-10", "--lang", "ar")
    assert "القواعد" in out and "نص القاعدة" in out
    assert "حاملي" in out and "التفسير" in out  # a rule summary, the notes column
    assert "الترجمات بهذه اللغة خاصة بالمشروع" in out
    assert "[لم يُترجم بعد]" not in out
    said = " ".join(out.split())
    assert "of a fixed term remitted" not in said and "يُعفى من 1/2" in said  # the effect's detail (cells wrap)


def test_unknown_language_is_refused():
    result = runner.invoke(app, ["evaluate", "--lang", "fr"])
    assert result.exit_code == 2 and "--lang expects one of en, ar, ku" in result.output


def test_triage_in_arabic_and_kurmanji_has_the_same_ranking(small_sample):
    import re

    def numbers(text):
        return re.findall(r"\d[\d,]*", text)

    english = run("triage", str(small_sample))
    arabic = run("triage", str(small_sample), "--lang", "ar")
    kurmanji = run("triage", str(small_sample), "--lang", "ku")
    assert "الوقائع التي ينبغي جمعها أولاً" in arabic and "Facts to collect first" not in arabic
    assert "Rastiyên ku divê pêşî bên berhevkirin" in kurmanji
    assert numbers(english) == numbers(arabic) == numbers(kurmanji)


def test_a_grid_and_what_unknown_facts_could_change_speak_arabic(small_sample):
    args = ("sweep", str(small_sample), "--grid", "life_commuted_years=15:16:1", "--grid", "release_age=70:75:5")
    out = run(*args, "--lang", "ar")
    english = run(*args)
    assert "grid points" in english and "as many as" in english and "up to" in english
    assert "عدد نقاط الشبكة: 4" in out and "النتائج عند كل نقطة من الشبكة" in out  # a count needing no agreement
    assert "بحسب الوقائع المجهولة" in out and "حتى" in out
    for words in ("grid points", "as many as", "up to", "Outcomes at each point"):
        assert words not in out


@pytest.mark.parametrize("command, reason", [
    (["evaluate"], "تاريخ صدور aanes-2024-law-10، إذ لم يُعطَ الخيار --as-of"),
    (["evaluate", "--as-of", "2025-01-01"], "محدد بالخيار --as-of"),
    (["compare", "--scenario", "law-10-life-20"], "تاريخ صدور الأساس aanes-2024-law-10"),
    (["sweep", "--param", "life_commuted_years=10:20:10"], "تاريخ صدور aanes-2024-law-10"),
    (["timeline", "--by", "year", "--as-of", "2025-01-01"], "محدد بالخيار --as-of"),
])
def test_how_the_as_of_date_was_chosen_is_said_in_arabic(small_sample, command, reason):
    """It was printed in English, or left out, by every command run with --lang ar."""
    out = " ".join(run(command[0], str(small_sample), *command[1:], "--lang", "ar").split())
    assert reason in out
    assert "no --as-of was given" not in out and "given with --as-of" not in out


def test_every_way_the_engine_words_the_as_of_choice_is_translated():
    """The engine's English words (the data keep them) are matched here: a new wording must be added."""
    from datetime import date
    from types import SimpleNamespace

    from amnesty import api
    from amnesty.cli.notes import as_of_and_why
    from amnesty.engine.dated import as_of_choice
    from amnesty.i18n import translator

    book = api.load_rulebook("aanes-2024-law-10")
    for given in (None, date(2025, 1, 1)):
        used, how, _ = as_of_choice(book, given)
        arabic = as_of_and_why(SimpleNamespace(as_of=used, as_of_chosen=how), translator("ar"))
        assert how not in arabic and str(used) in arabic and "--as-of" in arabic


def test_the_warnings_of_a_summary_are_in_the_readers_language(small_sample):
    """An as-of date before the law and records dated after it: each command's warning lines were
    English under --lang ar and ku."""
    english = run("evaluate", str(small_sample), "--as-of", "2020-01-01")
    arabic = run("evaluate", str(small_sample), "--as-of", "2020-01-01", "--lang", "ar")
    kurmanji = run("timeline", str(small_sample), "--as-of", "2020-01-01", "--lang", "ku")
    assert "warning: the as-of date 2020-01-01 is before aanes-2024-law-10 was enacted" in english
    assert "records are dated after the as-of date 2020-01-01" in english
    assert "تنبيه: تاريخ التقييم 2020-01-01 سابق لصدور aanes-2024-law-10" in arabic
    assert "مؤرخ" in arabic and "warning:" not in arabic and "dated after" not in arabic
    assert "hişyarî: dîroka nirxandinê 2020-01-01 berî derketina aanes-2024-law-10" in kurmanji
    assert "piştî dîroka nirxandinê 2020-01-01" in kurmanji and "warning:" not in kurmanji


def test_facility_codes_the_register_lacks_and_a_records_late_date_are_warned_in_the_readers_language(tmp_path):
    """These two warnings stayed English under --lang ar and ku: the register's missing codes
    (evaluate, compare, timeline, the report) and explain's record dated after the as-of date."""
    from amnesty.synth import write_sample_csv

    records = tmp_path / "records.csv"
    write_sample_csv(records, 60, seed=2)
    lines = records.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[1], "ZZZ-99", 1)  # a facility code no register lists
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    english = " ".join(run("evaluate", str(records)).split())
    assert "1 facility code is not in the bundled synthetic facility register: ZZZ-99 (1 record)" in english
    for lang, words in (("ar", "رمز مكان احتجاز واحد (1) غير موجود في سجل أماكن الاحتجاز"), ("ku", "koda cihê girtinê")):
        for command in (["evaluate"], ["timeline", "--by", "year"], ["compare", "--scenario", "law-10-life-20"]):
            out = " ".join(run(*command, str(records), "--lang", lang).split())
            assert words in out and "ZZZ-99" in out and "facility code" not in out, (lang, command)
    record_id = lines[1].split(",")[0]
    late = ["explain", record_id, str(records), "--as-of", "2010-01-01"]
    assert "the record is dated after the as-of date 2010-01-01" in " ".join(run(*late).split())
    arabic = " ".join(run(*late, "--lang", "ar").split())
    assert "السجل مؤرخ بعد تاريخ التقييم 2010-01-01" in arabic and "dated after" not in arabic


def test_a_warning_keeps_its_english_text_and_its_message_through_pickle_and_json():
    import pickle
    from datetime import date

    from amnesty.engine.dated import describe
    from amnesty.i18n import note_words, translator
    from amnesty.models.note import Note

    one = describe({"records": 1, "custody_start": 1}, date(2024, 7, 17))
    many = describe({"records": 1200, "offence_date": 3, "custody_start": 1199}, date(2024, 7, 17))
    assert one == ("1 record is dated after the as-of date 2024-07-17 (1 custody_start); its decision counts time "
                   "that had not yet passed")  # was "1 records are ..."
    assert many == ("1,200 records are dated after the as-of date 2024-07-17 (3 offence_date, 1,199 custody_start); "
                    "their decisions count time that had not yet passed")
    back = pickle.loads(pickle.dumps(many))  # as a worker hands it to the reading process
    assert isinstance(back, Note) and back == many
    assert note_words(back, translator("ku")).startswith("1.200 qeyd") and "1.199 custody_start" in note_words(back, translator("ku"))
    assert json.loads(json.dumps({"warnings": [many]})) == {"warnings": [str(many)]}
    assert note_words("a plain sentence", translator("ar")) == "a plain sentence"  # not guessed


def test_evaluates_invalid_records_and_certain_possible_counts_are_in_the_readers_language(tmp_path):
    """Under --lang ar the table of invalid records, its caption, the --errors hint and the line of
    certain and possible counts were English."""
    from amnesty.synth import write_sample_csv

    records = tmp_path / "records.csv"
    write_sample_csv(records, 300, seed=2)  # has invalid records and records whose outcome rests on unknown facts
    english = " ".join(run("evaluate", str(records), "--output", str(tmp_path / "en.jsonl")).split())
    arabic = " ".join(run("evaluate", str(records), "--lang", "ar", "--output", str(tmp_path / "ar.jsonl")).split())
    kept = run("evaluate", str(records), "--lang", "ku", "--output", str(tmp_path / "ku.jsonl"),
               "--errors", str(tmp_path / "errors.csv"))
    english_words = ("Invalid records", "invalid by field:", "--errors FILE writes every invalid record",
                     "the larger numbers depending on unknown facts", "(up to ")
    for words in english_words:
        assert words in english, words
        assert words not in arabic, words
    assert "السجلات غير الصالحة" in arabic and "الأعداد الأكبر تتوقف على معلومات مجهولة" in arabic
    assert "qeydên nederbasdar li" in " ".join(kept.split()) and "invalid records written" not in kept


def test_the_report_commands_own_lines_are_in_the_readers_language(small_sample, tmp_path):
    """`amnesty report --lang ar` wrote an Arabic page but told the terminal in English what it wrote."""
    english = " ".join(run("report", str(small_sample), "-o", str(tmp_path / "en.html"),
                           "--compare", "aanes-2020-resolution-5").split())
    arabic = " ".join(run("report", str(small_sample), "-o", str(tmp_path / "ar.html"), "--lang", "ar",
                          "--compare", "aanes-2020-resolution-5").split())
    for words in ("wrote ", " bytes): ", "rulebook ", "the scenario ", "against the baseline", " as of "):
        assert words in english and words not in arabic, words
    assert "كُتب" in arabic and "كتاب القواعد aanes-2024-law-10" in arabic and "مقارنةً بالأساس" in arabic


def test_what_compare_wrote_is_said_in_the_readers_language(small_sample, tmp_path):
    args = ["compare", str(small_sample), "--scenario", "law-10-life-20", "--tables", str(tmp_path / "t.json"),
            "--output", str(tmp_path / "changed.csv"), "--force"]
    english, kurmanji = (" ".join(run(*args, *lang).split()) for lang in ([], ["--lang", "ku"]))
    assert "changed records written to" in english and "tables written to" in english
    assert "written to" not in kurmanji and "hatin nivîsandin" in kurmanji


def test_explains_conditions_are_worded_in_the_readers_language():
    """"when: offence_date is on or after 2024-07-17" stayed English under --lang; field names and
    values stay as the data dictionary writes them."""
    from amnesty import api
    from amnesty.i18n import translator
    from amnesty.rules.describe import words
    from amnesty.rules.loader import builtin_ids

    english, arabic, kurmanji = (" ".join(run("explain", "SYN-000005", *lang).split())
                                 for lang in ([], ["--lang", "ar"], ["--lang", "ku"]))
    for phrase in ("is on or after", " is one of ", " include ", "not ("):
        assert phrase in english and phrase not in arabic and phrase not in kurmanji, phrase
    assert "offence_date في 2024-07-17 أو بعده" in arabic and "org_role أحد: leader، emir، trainer" in arabic
    for book in map(api.load_rulebook, builtin_ids()):
        for rule in book.rules:  # every condition of every law: the same fields and values, other words
            said = words(rule.tree, tr=translator("ar"))
            assert said != words(rule.tree) and set(re.findall(r"[a-z_]{4,}", said)) <= set(
                re.findall(r"[a-z_]{4,}", words(rule.tree))), said


def test_the_invalid_count_of_an_analysis_agrees_with_its_number():
    """compare, sweep and timeline said "1 records are invalid", and Arabic "1 سجلاً" for every count."""
    import io

    import typer
    from rich.console import Console

    from amnesty.cli.analysis_options import invalid_exit
    from amnesty.i18n import translator

    def said(count: int, lang: str) -> str:
        out = io.StringIO()
        with pytest.raises(typer.Exit):
            invalid_exit(Console(file=out, width=200), count, translator(lang))
        return out.getvalue()

    assert said(1, "en").startswith("1 record is invalid (run")
    assert said(1_200, "en").startswith("1,200 records are invalid (run")
    assert "سجل واحد" in said(1, "ar") and "سجلان" in said(2, "ar") and "5 سجلات" in said(5, "ar")
    assert said(1, "ku") != said(3, "ku").replace("3", "1")


@pytest.mark.parametrize(("lang", "said", "english"), [
    ("ar", "قُرئ بفواصل منقوطة بين الأعمدة", "read with semicolons"),
    ("ku", "bi xalbêhnokan di navbera stûnan de hat xwendin", "read with semicolons"),
])
def test_how_the_input_was_read_is_said_in_the_readers_language(tmp_path, lang, said, english):
    """A semicolon export, gzip-compressed: each input note in the reader's words, the JSON's in English."""
    import gzip

    path = tmp_path / "register.csv.gz"
    path.write_bytes(gzip.compress(b"record_id;facility_id;nationality\nR1;HSK-01;SY\n"))
    summary = tmp_path / "run.json"
    out = " ".join(run("evaluate", str(path), "--lang", lang, "--summary", str(summary)).split())
    assert said in out and english not in out and "gzip" in out and "compressed input" not in out
    notes = json.loads(summary.read_text(encoding="utf-8"))["input_notes"]
    assert notes == ["read with semicolons between columns (detected from the header)", "read gzip-compressed input"]
