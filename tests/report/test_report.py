"""The HTML report's contents: sections, provenance, self-containment, one row per record, charts."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from html.parser import HTMLParser

import pytest

from amnesty import api
from amnesty.errors import AmnestyError, InputFileError, OutputFileError
from amnesty.report.collect import OUTCOMES
from amnesty.report.html import json_block
from amnesty.synth import write_sample_csv

SECTIONS = ["provenance", "totals", "by-region", "releases", "reasons", "facilities", "decisions", "glossary"]
AS_OF = date(2024, 9, 1)
CHARTS = {"outcomes-by-region", "outcomes-by-facility", "releases-over-time", "exclusion-reasons"}


class Page(HTMLParser):
    """Sections, attributes that could fetch something, and the data-field values."""

    def __init__(self, text: str):
        super().__init__()
        self.sections: list[str] = []
        self.fetching: list[tuple[str, str, str]] = []
        self.fields: dict[str, str] = {}
        self._field: str | None = None
        self.scripts: dict[str, str] = {}
        self._script: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections.append(attrs.get("id"))
        for name in ("src", "href", "srcset", "poster", "data", "action", "xlink:href"):
            value = attrs.get(name)
            if value is not None and not value.startswith("#"):
                self.fetching.append((tag, name, value))
        if "data-field" in attrs:
            self._field = attrs["data-field"]
            self.fields[self._field] = ""
        if tag == "script" and attrs.get("type") == "application/json":
            self._script = attrs["id"]
            self.scripts[self._script] = ""

    def handle_endtag(self, tag):
        if tag in ("pre", "code", "td", "strong"):
            self._field = None
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._field:
            self.fields[self._field] += data
        if self._script:
            self.scripts[self._script] += data


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    """A small synthetic file with invalid rows on purpose, so every outcome occurs."""
    path = tmp_path_factory.mktemp("input") / "records.csv"
    write_sample_csv(path, count=600, seed=11, invalid_rate=0.02)
    return path


@pytest.fixture(scope="module")
def made(records, tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.html"
    result = api.report(records, output=out, as_of=AS_OF, set={"release_age": "70"}, charts=folder / "charts")
    text = out.read_text(encoding="utf-8")
    return result, out, text, Page(text), folder


def test_every_section_present_in_order(made):
    _, _, _, page, _ = made
    assert page.sections == SECTIONS


def test_provenance_names_the_exact_input_law_and_date(made, records):
    result, _, text, page, _ = made
    book = api.load_rulebook(api.DEFAULT_RULEBOOK, set={"release_age": "70"})
    assert page.fields["input-sha256"] == hashlib.sha256(records.read_bytes()).hexdigest()
    assert page.fields["rulebook-sha256"] == book.sha256
    assert page.fields["rulebook-sha256"] != api.load_rulebook().sha256  # the change is in the digest
    assert page.fields["as-of"].startswith("2024-09-01")
    assert page.fields["records"].startswith(f"{result.records:,} read, {result.records:,} decisions made")
    assert "parameter release_age set to 70" in text
    assert "--set release_age=70" in page.fields["command"]
    assert "api.report(" in page.fields["python"]


def test_nothing_is_fetched_from_another_host_or_file(made):
    _, _, text, page, _ = made
    assert page.fetching == []
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/", text, re.I)
    assert "@import" not in text
    assert not re.search(r"url\((?!#)", text)
    assert "default-src 'none'" in text  # the browser itself refuses any fetch


def test_ids_are_unique_and_every_in_page_reference_resolves(made):
    """Several inline SVGs share one document: a clash would draw one chart's hatching in another."""
    _, _, text, _, _ = made
    ids = Counter(re.findall(r'\sid="([^"]+)"', text))
    assert [name for name, count in ids.items() if count > 1] == []
    references = set(re.findall(r'href="#([^"]+)"', text)) | set(re.findall(r"url\(#([^)]+)\)", text))
    assert references and references <= set(ids)


def test_decisions_table_has_one_row_per_record_in_input_order(made, records):
    result, _, _, page, _ = made
    table = json.loads(page.scripts["decisions-data"])
    with records.open(encoding="utf-8") as handle:
        ids = [row["record_id"] for row in csv.DictReader(handle)]
    assert [row[0] for row in table["rows"]] == ids
    independent = Counter()
    api.evaluate_file(records, rulebook=api.load_rulebook(set={"release_age": "70"}),
                      as_of=AS_OF,
                      on_decision=lambda d: independent.update([d["outcome"]]))
    assert Counter(table["outcomes"][row[3]] for row in table["rows"]) == independent
    assert result.outcomes == {o: independent.get(o, 0) for o in OUTCOMES}
    assert independent["invalid"] > 0  # the invalid rows are in the table too


def test_charts_are_inline_svg_and_written_as_png_and_svg(made):
    result, _, text, _, folder = made
    assert text.count("<svg") == len(CHARTS)
    written = sorted(p.name for p in (folder / "charts").iterdir())
    assert written == sorted(f"{name}.{ext}" for name in CHARTS for ext in ("png", "svg"))
    assert sorted(result.charts) == sorted(str(folder / "charts" / name) for name in written)
    for name in CHARTS:
        assert (folder / "charts" / f"{name}.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
        root = ET.parse(folder / "charts" / f"{name}.svg").getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_same_inputs_give_the_same_bytes(records, tmp_path, monkeypatch):
    texts = []
    for name in ("first", "second"):
        (tmp_path / name).mkdir()
        monkeypatch.chdir(tmp_path / name)
        api.report(records, output="report.html", as_of=AS_OF, set={"release_age": "70"})
        texts.append((tmp_path / name / "report.html").read_bytes())
    assert texts[0] == texts[1]


def test_the_printed_python_call_reproduces_the_report(made):
    _, out, _, page, _ = made
    before = out.read_bytes()
    out.unlink()
    exec(compile(page.fields["python"], "<report>", "exec"), {})
    assert out.read_bytes() == before


def test_comparison_counts_agree_with_two_independent_runs(records, tmp_path):
    from amnesty.report.build import build_report_data
    from amnesty.report.provenance import Invocation

    baseline, scenario = api.load_rulebook(), api.load_rulebook(set={"covered_nationalities": "SY,IQ"})
    invocation = Invocation(input=str(records), output=str(tmp_path / "r.html"), rulebook=api.DEFAULT_RULEBOOK)
    data = build_report_data(invocation, runs=api, book=scenario, compare_book=baseline)
    sides = []
    for book in (baseline, scenario):
        decisions = []
        api.evaluate_file(records, rulebook=book, on_decision=decisions.append)
        sides.append(decisions)
    expected = Counter((a["outcome"], b["outcome"]) for a, b in zip(*sides))
    matrix = data.comparison["transitions"]
    assert {(a, b): n for a, row in matrix.items() for b, n in row.items() if n} == expected
    changed = sum(
        (a["outcome"], a["sentence_after"], a["release_date"]) != (b["outcome"], b["sentence_after"], b["release_date"])
        for a, b in zip(*sides)
    )
    assert data.comparison["changed"] == changed > 0
    per_facility = Counter(b["facility_id"] for b in sides[1] if b["outcome"] == "release")
    assert {f: g["scenario"]["release"] for f, g in data.comparison["by_facility"].items()
            if g["scenario"]["release"]} == dict(per_facility)
    changed_rows = [row for row in data.table["rows"] if len(row) > 10]
    assert len(changed_rows) == changed
    assert all(row[10][3] for row in changed_rows)  # each names the rules that made the difference


def test_comparison_section_and_chart_appear_with_compare(records, tmp_path):
    out = tmp_path / "compare.html"
    result = api.report(records, output=out, rulebook="law-10-iraqis-covered", compare="aanes-2024-law-10")
    page = Page(out.read_text(encoding="utf-8"))
    assert "comparison" in page.sections
    assert page.fields["changed"] == f"{result.changed:,}"
    assert "--compare aanes-2024-law-10" in page.fields["command"]


def test_the_what_if_is_the_scenario_and_every_label_names_its_changes(records, tmp_path):
    """--set on the report's rulebook makes it the scenario; --compare names the baseline."""
    from amnesty.report.build import build_report_data
    from amnesty.report.export import all_charts
    from amnesty.report.provenance import Invocation

    what_if = api.load_rulebook(set={"fixed_term_remit_fraction": "0.25"})
    data = build_report_data(
        Invocation(input=str(records), output="x.html", rulebook=api.DEFAULT_RULEBOOK, set={"fixed_term_remit_fraction": "0.25"},
                   compare=api.DEFAULT_RULEBOOK),
        runs=api, book=what_if, compare_book=api.load_rulebook(),
    )
    alone = {}
    for side, book in (("baseline", api.load_rulebook()), ("scenario", what_if)):
        summary = api.evaluate_file(records, rulebook=book)
        alone[side] = summary.outcomes
    for outcome, row in data.comparison["outcomes"].items():
        assert (row["baseline"], row["scenario"]) == (alone["baseline"][outcome], alone["scenario"][outcome])
    releases = data.comparison["releases"]
    # remitting less of each term frees no one sooner: never a "+" in the scenario's releases
    assert all(row["delta"] <= 0 for row in releases.values()), releases
    assert any(row["delta"] < 0 for row in releases.values()), releases
    assert data.provenance["rulebook"]["label"] == "aanes-2024-law-10 + fixed_term_remit_fraction=0.25"
    assert data.provenance["compare"]["label"] == "aanes-2024-law-10"
    chart = [c for c in all_charts(data) if c.name == "comparison-outcomes"][0]
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert legend == ["baseline: aanes-2024-law-10", "scenario: aanes-2024-law-10 + fixed_term_remit_fraction=0.25"]


def test_report_header_names_the_scenario(records, tmp_path):
    out = tmp_path / "what-if.html"
    result = api.report(records, output=out, set={"life_commuted_years": 20}, compare="aanes-2024-law-10")
    page = Page(out.read_text(encoding="utf-8"))
    assert page.fields["variant"] == "scenario aanes-2024-law-10 + life_commuted_years=20"
    assert page.fields["baseline-label"] == "aanes-2024-law-10"
    assert (result.scenario, result.baseline) == ("aanes-2024-law-10 + life_commuted_years=20", "aanes-2024-law-10")


def test_unknown_facility_is_counted_in_region_unknown(tmp_path):
    path = tmp_path / "one.csv"
    path.write_text("record_id,facility_id\nA,NOWHERE-9\nB,RQA-01\nC,\n", encoding="utf-8")
    from amnesty.report.build import build_report_data
    from amnesty.report.provenance import Invocation

    data = build_report_data(Invocation(input=str(path), output="x.html", rulebook="r"), runs=api, book=api.load_rulebook())
    assert set(data.by_region) == {"unknown", "Raqqa"}
    assert [row["name"] for row in data.facilities if row["facility_id"] == "NOWHERE-9"] == ["not in the facility register"]
    # A record without a facility is named as the facility table names it, so a click on it finds it.
    assert {row["facility_id"] for row in data.facilities} == {row[1] for row in data.table["rows"]}


def test_json_block_cannot_close_its_script_element():
    value = {"text": "</script><script>alert(1)</script><!-- & -->"}
    text = str(json_block(value))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == value


def test_existing_output_is_refused_before_any_work(records, tmp_path, monkeypatch):
    out = tmp_path / "exists.html"
    out.write_text("keep me", encoding="utf-8")
    monkeypatch.setattr(api, "evaluate_file", lambda *a, **k: pytest.fail("evaluated before checking the output"))
    with pytest.raises(OutputFileError, match="already exists; pass --force"):
        api.report(records, output=out)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_standard_input_is_refused_because_it_cannot_be_hashed(tmp_path):
    with pytest.raises(InputFileError, match="not standard input"):
        api.report("-", output=tmp_path / "r.html")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_is_refused_for_what_it_is(tmp_path):
    """The digest taken before the run read the pipe, and the run then said the file "is empty"."""
    fifo = tmp_path / "records.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match="not a pipe or a device"):
        api.report(fifo, output=tmp_path / "r.html")


def test_missing_extra_is_one_sentence(tmp_path, monkeypatch):
    import amnesty.report as report

    monkeypatch.setattr(report, "find_spec", lambda name: None if name == "matplotlib" else object())
    with pytest.raises(AmnestyError) as caught:
        api.report(output=tmp_path / "r.html")
    assert str(caught.value) == (
        "the report needs matplotlib, which is not installed; reinstall amnesty: pip install ."
    )
    assert not (tmp_path / "r.html").exists()


def test_release_horizons_agree_with_sweep_and_timeline(records):
    from amnesty.report.build import build_report_data
    from amnesty.report.provenance import Invocation

    book = api.load_rulebook()
    data = build_report_data(Invocation(input=str(records), output="x.html", rulebook="r"), runs=api, book=book)
    within = api.sweep(records, rulebook=book, param="release_age", values=[75]).rows[0].released_within
    totals = {key: sum(row[key] for row in data.horizons) for key in ("within_1y", "within_2y", "within_5y", "total")}
    assert (totals["within_1y"], totals["within_2y"], totals["within_5y"]) == (within["1y"], within["2y"], within["5y"])
    assert totals["total"] == data.outcomes["release"] + data.outcomes["reduced"]
    assert data.timeline["total_cumulative"][-1] == totals["total"]


def test_comparison_release_change_agrees_with_sweep(records):
    from amnesty.report.build import build_report_data
    from amnesty.report.provenance import Invocation

    data = build_report_data(
        Invocation(input=str(records), output="x.html", rulebook="r"),
        runs=api, book=api.load_rulebook(set={"fixed_term_remit_fraction": "0.75"}), compare_book=api.load_rulebook(),
    )
    rows = api.sweep(records, rulebook=api.load_rulebook(), param="fixed_term_remit_fraction", values=[0.5, 0.75]).rows
    releases = data.comparison["releases"]
    for side, row in zip(("baseline", "scenario"), rows):
        assert [releases[f"within_{n}y"][side] for n in (1, 2, 5)] == [row.released_within[f"{n}y"] for n in (1, 2, 5)]
    assert releases["within_1y"]["delta"] > 0  # remitting more of each term frees people sooner


def test_each_chart_names_the_law_scenario_and_as_of_date_inside_the_image(records):
    """A chart pasted alone on a slide still says which law, which variant and which date."""
    from amnesty.report.build import build_report_data
    from amnesty.report.export import all_charts
    from amnesty.report.provenance import Invocation

    data = build_report_data(
        Invocation(input=str(records), output="x.html", rulebook=api.DEFAULT_RULEBOOK, set={"release_age": "70"},
                   compare=api.DEFAULT_RULEBOOK),
        runs=api, book=api.load_rulebook(set={"release_age": 70}), compare_book=api.load_rulebook(), as_of=AS_OF,
    )
    charts = all_charts(data)
    assert len(charts) == 5
    for chart in charts:
        inside = " ".join(text.get_text() for text in chart.figure.findobj(lambda a: hasattr(a, "get_text")))
        inside = " ".join(inside.split())
        assert "General Amnesty Law No. 10" in inside, chart.name
        assert "aanes-2024-law-10 + release_age=70" in inside, chart.name
        assert f"as of {AS_OF.isoformat()}" in inside, chart.name
        assert "against the baseline aanes-2024-law-10" in inside, chart.name


def test_the_release_timeline_has_a_share_panel_and_ends_where_the_data_ends(records):
    from matplotlib import dates as mdates

    from amnesty.report.build import build_report_data
    from amnesty.report.export import all_charts
    from amnesty.report.provenance import Invocation

    data = build_report_data(Invocation(input=str(records), output="x.html", rulebook="r"), runs=api, book=api.load_rulebook())
    chart = next(c for c in all_charts(data) if c.name == "releases-over-time")
    counts, shares = chart.figure.axes[:2]
    assert shares.get_ylabel() == "share of the region's releases (%)"
    top = max(max(line.get_ydata()) for line in shares.get_lines() if len(line.get_ydata()) > 1)
    assert 99.9 <= top <= 100.1  # every region reaches all of its own releases
    periods, per_period = data.timeline["periods"], data.timeline["total"]
    last_month = max(i for i, n in enumerate(per_period) if n)
    right = mdates.num2date(counts.get_xlim()[1]).date()
    assert right.isoformat()[:7] == periods[last_month][:7]  # the axis ends at the last projected release


def test_a_chart_file_is_the_drawing_the_page_shows(records, tmp_path):
    """Each chart is drawn once for the page and the slide files: drawn a second time, matplotlib's
    constrained layout moved its bars by a fraction of a point, so the SVG file and the page differed."""
    page, folder = tmp_path / "report.html", tmp_path / "charts"
    api.report(records, output=page, charts=folder)
    html_text = page.read_text(encoding="utf-8")
    for chart in folder.glob("*.svg"):
        inline = re.search(rf'<figure class="chart" id="chart-{chart.stem}">\s*(<svg.*?</svg>)', html_text, re.S)
        assert inline, chart.stem
        drawn = re.findall(r'\bd="([^"]*)"', chart.read_text(encoding="utf-8"))
        assert drawn and drawn == re.findall(r'\bd="([^"]*)"', inline.group(1)), chart.stem


def test_a_file_named_like_the_bundled_sample_is_not_called_synthetic(tmp_path, monkeypatch):
    """Whether the records are the bundled synthetic ones was read from the English text shown for
    the input, so a register saved as "the bundled ….csv" was called synthetic, and the page named
    the sample instead of it."""
    monkeypatch.chdir(tmp_path)
    write_sample_csv(tmp_path / "the bundled register.csv", count=40, seed=3)
    api.report("the bundled register.csv", output="real.html")
    text = (tmp_path / "real.html").read_text(encoding="utf-8")
    assert "The records are synthetic" not in text
    assert "amnesty/data/sample.csv" not in text and "the bundled register.csv" in text


def test_every_kind_of_change_is_said_as_a_sentence_in_the_provenance():
    """A rule a scenario switched on was shown as "enable: ['x']": the report's own list of changes had
    drifted from the command line's, which says it as a sentence. Both now come from one function."""
    from amnesty.i18n import translator
    from amnesty.i18n.sides import changes_words
    from amnesty.report.provenance import overrides_text

    changes = {"scenario": "s", "set": {"a": [1, 2]}, "disable": ["r1"], "enable": ["r2"], "add_rules": ["r3"]}
    assert overrides_text(changes) == ["scenario s", "parameter a set to 1, 2", "rule r1 switched off",
                                       "rule r2 switched on", "rule r3 added"]
    arabic = translator("ar")
    assert changes_words(changes, arabic) == arabic("; ").join(overrides_text(changes, arabic))
