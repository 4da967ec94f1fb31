"""Arabic pages in a real browser: the report right to left, notices one A4 page per person.

Uses Debian's chromium and the Arabic fonts of fonts-noto-core (both installed
by .ci/run); skipped, visibly, when chromium is not there. Screenshots and the
PDF are copied to a fixed folder whose path the test prints.
"""

from __future__ import annotations

import base64
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from amnesty import api

from .cdp import CHROMIUM, Browser

KEPT = Path(tempfile.gettempdir()) / "amnesty-i18n-browser-test"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-core), so no Arabic page was rendered",
)]

# Every Arabic letter on the page drawn in the page's own fonts, compared with characters no font
# has (U+0378 is unassigned, U+10FFFD private): a letter drawn exactly like one is a missing-glyph box.
MISSING_GLYPHS = r"""
(() => {
  const canvas = document.createElement('canvas'); canvas.width = 48; canvas.height = 48;
  const ctx = canvas.getContext('2d');
  const family = getComputedStyle(document.body).fontFamily;
  const draw = ch => { ctx.clearRect(0, 0, 48, 48); ctx.font = '28px ' + family; ctx.fillText(ch, 6, 36);
                       return ctx.getImageData(0, 0, 48, 48).data.join(','); };
  const boxes = ['\u0378', String.fromCodePoint(0x10FFFD)].map(draw);
  const letters = [...new Set([...document.body.innerText].filter(ch => /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/.test(ch)))];
  return {letters: letters.length, missing: letters.filter(ch => boxes.includes(draw(ch)))};
})()
"""

# Where the first line of a heading's text sits inside the heading's box.
TEXT_EDGES = r"""
((selector) => {
  const el = document.querySelector(selector);
  const range = document.createRange(); range.selectNodeContents(el);
  const text = range.getClientRects()[0], box = el.getBoundingClientRect();
  return {dir: getComputedStyle(el).direction, left: text.left - box.left, right: box.right - text.right, width: box.width};
})
"""


def _open(browser: Browser, path: Path, width: int = 1280) -> None:
    for domain in ("Runtime", "Page", "Network"):
        browser.page(f"{domain}.enable")
    browser.page("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    browser.page("Emulation.setDeviceMetricsOverride", width=width, height=1000, deviceScaleFactor=1, mobile=False)
    browser.page("Page.navigate", url=path.as_uri())
    browser.wait_for("Page.loadEventFired")
    browser.evaluate("document.fonts.ready.then(() => true)")


def _keep(*paths: Path) -> list[Path]:
    KEPT.mkdir(exist_ok=True)
    return [Path(shutil.copy(path, KEPT / path.name)) for path in paths]


def _assert_right_to_left(browser: Browser, selector: str) -> None:
    edges = browser.evaluate(f"{TEXT_EDGES}({selector!r})")
    assert edges["dir"] == "rtl"
    # the text starts at the right edge of its box (less any padding) and leaves the left side empty
    assert edges["right"] < edges["width"] * 0.03 and edges["left"] > edges["width"] * 0.2, edges


def test_arabic_report_is_right_to_left_with_every_glyph(tmp_path, capsys):
    report = tmp_path / "report-ar.html"
    api.report(output=report, lang="ar")
    with Browser(tmp_path / "profile") as browser:
        _open(browser, report)
        assert browser.evaluate("document.documentElement.dir") == "rtl"
        assert browser.evaluate("document.documentElement.lang") == "ar"
        assert browser.evaluate("document.querySelector('h1').textContent") == "تقرير الاستحقاق للعفو"
        _assert_right_to_left(browser, "h1")
        _assert_right_to_left(browser, "#totals h2")
        glyphs = browser.evaluate(MISSING_GLYPHS)
        assert glyphs["letters"] > 20 and glyphs["missing"] == [], glyphs
        assert browser.other_requests(report.as_uri()) == []
        shot = browser.screenshot(tmp_path / "report-ar.png")
    with capsys.disabled():
        print(f"\nArabic report screenshot: {_keep(shot)[0]}")


def test_notices_print_one_a4_page_per_person(tmp_path, capsys):
    notices = tmp_path / "notices-ar.html"
    people = ["SYN-000005", "SYN-000042", "SYN-000100"]
    api.write_notices(api.notices(people, lang="ar"), notices)
    with Browser(tmp_path / "profile") as browser:
        _open(browser, notices, width=794)  # A4 at 96 dpi
        assert browser.evaluate("document.querySelectorAll('article.notice').length") == 3
        _assert_right_to_left(browser, "article.notice h1")
        glyphs = browser.evaluate(MISSING_GLYPHS)
        assert glyphs["letters"] > 20 and glyphs["missing"] == [], glyphs
        shot = browser.screenshot(tmp_path / "notices-ar.png")
        pdf = base64.b64decode(browser.page("Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert pages == len(people), f"{pages} printed pages for {len(people)} people"
    (tmp_path / "notices-ar.pdf").write_bytes(pdf)
    with capsys.disabled():
        print(f"\nnotice screenshot and PDF: {', '.join(map(str, _keep(shot, tmp_path / 'notices-ar.pdf')))}")


def test_the_glyph_check_catches_a_planted_missing_glyph(tmp_path):
    """U+0870 (Arabic Extended-B, Unicode 14) is in no Debian 12 font: the check must report it."""
    page = tmp_path / "planted.html"
    page.write_text('<!DOCTYPE html><html lang="ar" dir="rtl"><meta charset="utf-8">'
                    '<body style="font-family: \'Noto Naskh Arabic\'"><h1>مرحبا \u0870</h1></body></html>', encoding="utf-8")
    with Browser(tmp_path / "profile") as browser:
        _open(browser, page)
        glyphs = browser.evaluate(MISSING_GLYPHS)
    assert glyphs["missing"] == ["\u0870"], glyphs


def test_the_tables_script_speaks_arabic_in_a_comparison(tmp_path):
    """The script wrote its status line and a record's details in English on an Arabic page
    ("All 300 decisions.", "Under the baseline: ...", "Missing facts: ...")."""
    from amnesty.i18n import translator
    from amnesty.synth import write_sample_csv

    records = tmp_path / "records.csv"
    write_sample_csv(records, 300, seed=4)
    report = tmp_path / "compare-ar.html"
    api.report(records, output=report, compare="aanes-2020-resolution-5", lang="ar")
    tr = translator("ar")
    with Browser(tmp_path / "profile") as browser:
        _open(browser, report)
        status = browser.evaluate("document.getElementById('table-status').textContent")
        assert status == tr("All {total} decisions.").format(total="300") and "decisions" not in status
        assert "page" not in browser.evaluate("document.getElementById('page-label').textContent")
        browser.evaluate("document.getElementById('f-changed').click()")
        browser.evaluate("document.querySelector('#decisions-table tbody button').click()")
        details = browser.evaluate("document.querySelector('#decisions-table tr.detail').innerText")
        assert tr("Under the baseline: {outcome}").split(":")[0] in details, details
        assert not re.search(r"Under the baseline|rules that made the difference|released |Missing facts", details)
        assert browser.console_errors() == []
