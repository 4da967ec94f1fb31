"""Translating a rendered page: static words change, data and code never do."""

from __future__ import annotations

from pathlib import Path

import pytest

from amnesty.i18n import translator
from amnesty.i18n.charts import visual
from amnesty.i18n.html import translate_page

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>x</title></head>
<body><h2>6. Facilities</h2><span class="badge">not_covered</span>
<input placeholder="record id, facility, rule, article…">
<code>release</code><pre>Facilities</pre><p>Something the catalogue does not know</p>
<script type="application/json">{"o":"release","t":"Facilities"}</script>
</body></html>"""


def test_static_words_are_translated_and_data_is_not():
    page = translate_page(PAGE, translator("ar"))
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h2>6. أماكن الاحتجاز</h2>" in page
    assert '<span class="badge">غير مشمول</span>' in page
    assert 'placeholder="معرّف السجل، مكان الاحتجاز، القاعدة، المادة…"' in page
    assert "<code>release</code>" in page and "<pre>Facilities</pre>" in page
    assert '{"o":"release","t":"Facilities"}' in page
    assert "<p>Something the catalogue does not know</p>" in page
    assert "Noto Naskh Arabic" in page  # an offline Arabic font stack
    assert translate_page(PAGE, translator("en")) == PAGE


def test_chart_labels_are_shaped_and_in_visual_order():
    shaped = visual("إفراج")
    assert shaped != "إفراج"
    assert all(0xFB50 <= ord(ch) <= 0xFEFF for ch in shaped)  # joined presentation forms
    assert shaped[0] == "\ufe9d" and shaped[-1] == "\ufe87"  # jeem, the last letter, is drawn leftmost


def test_bar_charts_get_arabic_labels_and_grow_from_the_right():
    from matplotlib.figure import Figure

    from amnesty.i18n.charts import localise_charts
    from amnesty.report.charts import Chart

    figure = Figure()
    figure.suptitle("Outcomes by region", x=0.01, ha="left")
    ax = figure.add_subplot()
    ax.barh([0, 1], [30, 5])
    ax.set_yticks([0, 1], ["Raqqa", "Jazira"])
    ax.set_xlabel("people released (cumulative)")
    label = ax.text(30, 0, "30 (first reason for 12)", ha="left")
    [chart] = localise_charts([Chart("c", "Outcomes by region", "", figure)], translator("ar"))
    assert chart.title == "النتائج حسب المنطقة"
    texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("المُفرج عنهم" in t or "ﺍﻟﻤ" in t for t in texts)  # the axis label, in Arabic (shaped or not)
    assert "30 (السبب الأول لـ 12)" in texts or any("12" in t and "ﺍﻷ" in t for t in texts)
    assert ax.xaxis_inverted() and label.get_horizontalalignment() == "right"
    assert figure.texts[0].get_horizontalalignment() == "right"


@pytest.fixture(scope="module")
def arabic_chain_report(tmp_path_factory) -> tuple[Path, str]:
    """200 generated records, and the Arabic report of the north-east chain on them (its page's text)."""
    from amnesty import api
    from amnesty.synth import write_sample_csv

    folder = tmp_path_factory.mktemp("arabic-report")
    records = folder / "records.csv"
    write_sample_csv(records, 200, seed=6)
    page = folder / "report.html"
    api.report(records, output=page, rulebook="north-east-2020-2022-2024", lang="ar")
    return records, page.read_text(encoding="utf-8")


def test_a_report_in_arabic_gives_its_provenance_in_arabic_and_a_chains_reasons_too(tmp_path, arabic_chain_report):
    """The provenance's sentences that carry figures or names (how the as-of date was chosen, the records
    read and decided) were English on an Arabic page; a chain's reasons were English too."""
    import json
    import re

    from amnesty import api

    records, text = arabic_chain_report
    provenance = text[text.index('id="provenance"'):text.index("</section>", text.index('id="provenance"'))]
    assert "إذ لم يُعطَ الخيار --as-of" in provenance and "as no --as-of was given" not in provenance
    assert "التاريخ المرجعي لحساب العمر والمدة المنفّذة" in provenance
    assert "السجلات المقروءة: 200؛ القرارات الصادرة: 200" in provenance and "decisions made" not in provenance
    assert "تنبيهات" in provenance and ">Warnings<" not in provenance
    title = re.search(r"<title>(.*?)</title>", text).group(1)  # a chain's: each instrument's translated title
    assert "، ثم " in title and "then" not in title and "General" not in title, title
    law = tmp_path / "law.html"
    api.report(records, output=law, lang="ar")  # one law: its translated title, in the page title too
    assert "<title>تقرير العفو: قانون العفو العام رقم 10 لعام 2024، بتاريخ 2024-07-17</title>" in law.read_text(encoding="utf-8")
    api.report(records, output=tmp_path / "english.html", rulebook="north-east-2020-2022-2024")
    english = (tmp_path / "english.html").read_text(encoding="utf-8")
    arabic_letters = re.compile("[\u0600-\u06ff]")

    def decisions(page_text: str) -> str:
        found = re.search(r'<script type="application/json" id="decisions-data">(.*?)</script>', page_text, re.S)
        return json.dumps(json.loads(found.group(1)), ensure_ascii=False)

    assert arabic_letters.search(decisions(text)) and not arabic_letters.search(decisions(english))


def test_every_sentence_of_a_report_that_carries_a_figure_or_a_mark_is_in_the_readers_language(tmp_path):
    """Sentences holding a date, a count, a file name or a <code> were left English on an Arabic or
    Kurmanji page (the page is translated one whole text at a time); so were the warnings and the
    decisions table's sentences. The English page stays as it was, and the Arabic one keeps no
    English phrase of the template outside data, code and charts."""
    import json
    import re

    from amnesty import api
    from amnesty.synth import write_sample_csv

    records = tmp_path / "records.csv"
    write_sample_csv(records, 300, seed=3)
    lines = records.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[15], "2099-01-01")  # custody_start after the as-of date
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    english, arabic, kurmanji = (tmp_path / f"{lang}.html" for lang in ("en", "ar", "ku"))
    api.report(records, output=english, as_of="2020-01-01")
    api.report(records, output=arabic, as_of="2020-01-01", lang="ar")
    api.report(records, output=kurmanji, as_of="2020-01-01", lang="ku")
    # the charts' own descriptions (inside their SVG) are not part of this change: left out
    en, ar, ku = (re.sub(r"<svg.*?</svg>", "", page.read_text(encoding="utf-8"), flags=re.S)
                  for page in (english, arabic, kurmanji))
    for phrase in ("records from records.csv", "enacted 2024-07-17", " bytes</td>", "ranks the facts worth",
                   "people per region", "A bar counts every", "in the month of its projected release date",
                   "are dated after the as-of date", "is before aanes-2024-law-10 was enacted", "input sha256"):
        assert phrase in en, phrase
        assert phrase not in ar and phrase not in ku, phrase
    assert "تنطبق عليه القاعدة يقيناً" in ar and "<code>amnesty timeline --phase</code>" in ar
    assert "سابق لصدور aanes-2024-law-10" in ar and "berî derketina aanes-2024-law-10" in ku

    def sentences(page_text: str) -> set[str]:
        found = re.search(r'<script type="application/json" id="decisions-data">(.*?)</script>', page_text, re.S)
        return {cell for row in json.loads(found.group(1))["rows"] for cell in row[4:6]}

    assert any(s.startswith("fixed ") and s.endswith(" mo") for s in sentences(en))
    assert not any("fixed" in s or s in ("life", "unknown") for s in sentences(ar))
    assert any(s.startswith("السجن المؤقت ") for s in sentences(ar))

    sources = {source.title for source in api.load_rulebook("aanes-2024-law-10").rulebook.sources}
    data = (*sources, str(records))  # the law's sources and the input's path are data, written as they are
    assert _template_english(ar, data) == [] and _template_english(ku, data) == []
    # every column heading is a word of the reader's language: "rule" left the catalogue once, when the
    # command that had also used it stopped doing so, and the page's heading fell back to English
    headings = {re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<th[^>]*>(.*?)</th>", ar, re.S)}
    assert headings and not [cell for cell in headings if not re.search("[\u0600-\u06ff]", cell)], headings
    # and so is every other text the template writes: what has no Arabic letter is data
    assert _not_arabic(ar, data) == []


def _template_english(page_text: str, data: tuple[str, ...]) -> list[str]:
    """Texts the template writes (outside data, code and charts) that read as English, less ``data``."""
    import re

    from amnesty.i18n.html import visible_texts

    left = []
    for text in visible_texts(page_text[page_text.index("<body"):]):
        words = re.sub(r"\S*(?:[-_/]|\w\.\w)\S*", "", text)  # options, ids, field and file names: not words
        if re.search(r"\b(the|of|and|to|with|by|version|changes?|records?|people|baseline|scenario)\b",
                     words) and not re.search("[\u0600-\u06ff]", text) and not text.startswith(data):
            left.append(text)
    return left


def _not_arabic(page_text: str, data: tuple[str, ...]) -> list[str]:
    """Texts of a page outside data, code and charts with a word of Latin letters and no Arabic one, less
    the data a report shows as it is: facility codes, names and regions, the sources' titles, article
    labels, the program's version, and ``data``."""
    import re

    from amnesty.facilities import load_facilities
    from amnesty.i18n.html import visible_texts

    register = {text for f in load_facilities().values() for text in (f.facility_id, f.name, f.region)}
    return [text for text in visible_texts(page_text[page_text.index("<body"):])
            if re.search(r"[A-Za-z]{3,}", text) and not re.search("[\u0600-\u06ff]", text)
            and text not in register and not text.startswith(data)
            and not re.fullmatch(r"Art\. \d+\S*|amnesty \d+\.\d+\.\d+\S*", text)]


def test_a_comparison_report_its_chart_descriptions_and_its_script_speak_the_readers_language(tmp_path, monkeypatch):
    """A report with --compare kept English on an Arabic or Kurmanji page: the paragraph that opens the
    comparison, the baseline's provenance row, two captions and two headings, the figures' tooltips,
    every chart's description (what a screen reader reads), the bundled sample's name, and the words
    the decisions table's script writes. The English page keeps every one of them."""
    import html
    import json
    import re

    from amnesty import api
    from amnesty.i18n import translator
    from amnesty.report.html import TEMPLATES

    from amnesty.synth import write_sample_csv

    write_sample_csv(tmp_path / "sample.csv", 400, seed=8)
    monkeypatch.setattr(api, "SAMPLE", tmp_path / "sample.csv")  # "the bundled sample", small enough to be quick
    pages = {lang: tmp_path / f"{lang}.html" for lang in ("en", "ar", "ku")}
    for lang, page in pages.items():
        api.report(output=page, compare="aanes-2020-resolution-5", set={"life_commuted_years": "20"}, lang=lang)
    text = {lang: page.read_text(encoding="utf-8") for lang, page in pages.items()}
    english_phrases = ("Every change below is scenario minus baseline", "Compared with (the baseline)",
                       "the bundled synthetic sample (amnesty/data/sample.csv)", "records change outcome",
                       "Scenario minus baseline, people per outcome", ">baseline release<", ">change<", " to ")
    for phrase in english_phrases:
        assert phrase in text["en"], phrase
    book = api.load_rulebook("aanes-2024-law-10").rulebook
    data = (*(s.title for s in book.sources), *(s.title for s in api.load_rulebook("aanes-2020-resolution-5").rulebook.sources))
    for lang in ("ar", "ku"):
        page = re.sub(r"<svg.*?</svg>", "", text[lang], flags=re.S)
        for phrase in english_phrases[:-1]:
            assert phrase not in page, (lang, phrase)
        assert _template_english(page, data) == [], lang
        assert not re.search(r'title="[\d,.]+ to [\d,.]+"', page), lang  # the deltas' tooltips
        tr = translator(lang)
        descriptions = [html.unescape(d) for d in re.findall(r"<desc>(.*?)</desc>", text[lang], re.S)]
        assert len(descriptions) == 5, lang
        for description in descriptions:
            assert not re.search(r"\b(in all|to|as of|records from|against the baseline)\b", description), description
            assert not re.search(r"\b(not_covered|excluded|release|reduced)\b \d", description), description
        assert tr.outcome("excluded") in descriptions[0] and tr("as of {as_of}").split("{")[0].strip() in descriptions[0]
        # a date inside right-to-left words is isolated, or the image draws it as 17-07-2024
        assert ("\u20682024-07-17\u2069" in descriptions[0]) == tr.rtl, lang
    assert "\u2068" not in text["en"]

    words = {lang: json.loads(re.search(r'id="decisions-data">(.*?)</script>', text[lang], re.S).group(1))["words"]
             for lang in text}
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    used = set(re.findall(r"\bW\.(\w+)", script)) | set(re.findall(r'say\("(\w+)"', script))
    assert used and used <= set(words["en"]), used - set(words["en"])
    assert not re.search(r'"[A-Z][a-z]+ [a-z]+[^"]*"\s*\+|\+\s*"[^"]*\b(of|the|decisions)\b', script)  # no English left in it
    assert (words["en"]["group"], words["ar"]["group"], words["ku"]["group"]) == (",", ",", ".")  # as tr.number
    for lang in ("ar", "ku"):
        assert set(words[lang]) == set(words["en"])
        for key in used - {"comma", "semicolon", "effects", "group"}:
            assert words[lang][key] != words["en"][key], (lang, key)
            placeholders = [sorted(re.findall(r"\{\w+\}", words[side][key])) for side in (lang, "en")]
            assert placeholders[0] == placeholders[1], (lang, key)  # the script fills the same names
        assert all(words[lang]["effects"][effect] != effect for effect in words["en"]["effects"]), lang


def test_the_changes_a_comparison_names_are_joined_as_the_readers_language_joins_them():
    """An Arabic comparison paragraph listed the scenario's and the baseline's changes with an
    ASCII "; " where the rest of the page writes the Arabic semicolon."""
    from amnesty.report.words import comparison_words

    prov = {"rulebook": {"label": "law-10"}, "changes": ["life 20", "age 70"], "as_of": "2024-07-17",
            "compare": {"label": "law-10", "changes": ["fraction 0.25", "age 65"], "version": "2.0.0", "sha256": "ab"}}
    for lang, mark in (("en", "; "), ("ar", "\u061b ")):
        words = comparison_words(prov, {"records": 3, "changed": 1}, translator(lang))
        assert f"life 20{mark}age 70" in words["compare_intro"], lang
        assert f"fraction 0.25{mark}age 65" in words["compare_intro"] + words["compare_version"], lang
        assert lang == "en" or "; " not in words["compare_intro"] + words["compare_version"]


def test_the_parts_the_report_joins_itself_are_joined_with_the_readers_marks(arabic_chain_report):
    """On an Arabic page the as-of row joined its note and how the date was chosen with an ASCII "; ",
    the input row its file name and size with a Latin comma, and a chart's context (what a slide and a
    screen reader carry) wrote "(label, v2.1.0)" with a Latin comma inside the label's isolate."""
    import html
    import re
    from types import SimpleNamespace

    from amnesty.report.export import chart_context

    _records, text = arabic_chain_report
    provenance = text[text.index('id="provenance"'):text.index("</section>", text.index('id="provenance"'))]
    as_of = html.unescape(re.search(r'<td data-field="as-of">(.*?)</td>', provenance).group(1))
    assert "</span>\u061b " in as_of and "; " not in as_of, as_of
    size = html.unescape(re.search(r'<td>[^<]*<code>records\.csv</code>([^<]*)</td>', provenance).group(1))
    assert size.startswith("\u060c ") and ", " not in size, size
    contexts = [html.unescape(d) for d in re.findall(r"<desc>(.*?)</desc>", text, re.S)]
    assert contexts and all("\u2069\u060c \u2068v" in d and ", v" not in d for d in contexts), contexts[0][-200:]

    prov = {"rulebook": {"title": "Law No. 10", "label": "aanes-2024-law-10", "version": "2.1.0"},
            "as_of": "2024-07-17", "input": {"records_in": 60, "name": "records.csv"}}
    said = {lang: chart_context(SimpleNamespace(provenance=prov), translator(lang)) for lang in ("en", "ar", "ku")}
    assert said["en"] == "Law No. 10 (aanes-2024-law-10, v2.1.0); as of 2024-07-17; 60 records from records.csv"
    assert "(\u2068aanes-2024-law-10\u2069\u060c \u2068v2.1.0\u2069)\u061b " in said["ar"], said["ar"]
    assert said["ku"].startswith("Law No. 10 (aanes-2024-law-10, v2.1.0); "), said["ku"]
