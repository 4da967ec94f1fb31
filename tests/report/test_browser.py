"""The report in a real browser: it renders, raises no error and asks for nothing over the network.

Uses Debian's chromium (headless), which CI installs; skipped, visibly,
only when it is not there. The screenshots are kept in the test's tmp dir
and copied to a fixed folder whose path the test prints.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from amnesty import api

from .cdp import CHROMIUM, Browser

SECTIONS = ("provenance", "totals", "by-region", "releases", "reasons", "facilities", "comparison", "decisions", "glossary")
KEPT = Path(tempfile.gettempdir()) / "amnesty-report-browser-test"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason=f"{CHROMIUM} is not installed (CI installs Debian's chromium; apt-get install chromium), "
    "so the report was not opened in a browser",
)]


def _open(browser: Browser, path: Path) -> None:
    for domain in ("Runtime", "Log", "Network", "Page"):
        browser.page(f"{domain}.enable")
    browser.page("Network.emulateNetworkConditions", offline=True, latency=0, downloadThroughput=-1, uploadThroughput=-1)
    browser.page("Emulation.setDeviceMetricsOverride", width=1280, height=1000, deviceScaleFactor=1, mobile=False)
    browser.page("Page.navigate", url=path.as_uri())
    browser.wait_for("Page.loadEventFired")


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    """The sample's report, with a comparison, loaded from disk in headless chromium."""
    folder = tmp_path_factory.mktemp("browser")
    report = folder / "report.html"
    api.report(output=report, rulebook="law-10-iraqis-covered", compare="aanes-2024-law-10")
    with Browser(folder / "profile") as browser:
        started = time.monotonic()
        _open(browser, report)
        _wait_ready(browser)
        browser.load_seconds = time.monotonic() - started
        yield browser, folder


def _wait_ready(browser: Browser, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while browser.evaluate("document.documentElement.dataset.ready") != "true":
        assert time.monotonic() < deadline, "the decisions table never finished rendering"
        time.sleep(0.1)


def test_renders_without_console_errors_or_network_requests(opened):
    browser, folder = opened
    page = (folder / "report.html").as_uri()
    assert browser.console_errors() == []
    assert browser.requests() == [page]  # the file itself, and nothing else: no host, no other file
    assert browser.other_requests(page) == []


def test_the_checks_catch_a_planted_fetch_and_error(tmp_path):
    """Without this, an empty list of errors or requests could mean nothing was recorded."""
    page = tmp_path / "planted.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="https://example.invalid/pixel.png"><img src="beside.png">'
        '<script>console.error("planted error")</script></body></html>',
        encoding="utf-8",
    )
    with Browser(tmp_path / "profile", timeout=30) as browser:
        _open(browser, page)
        time.sleep(0.3)
        assert "planted error" in browser.console_errors()
        assert sorted(browser.other_requests(page.as_uri())) == sorted([
            "https://example.invalid/pixel.png", (tmp_path / "beside.png").as_uri(),
        ])


def test_every_section_and_chart_is_shown(opened):
    browser, _ = opened
    present = browser.evaluate(
        f"{list(SECTIONS)!r}.filter(id => {{ const s = document.getElementById(id); return s && s.offsetHeight > 0; }})"
    )
    assert present == list(SECTIONS)
    sizes = browser.evaluate(
        "Array.from(document.querySelectorAll('figure.chart svg')).map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height])"
    )
    assert len(sizes) == 5
    assert all(width > 600 and height > 200 for width, height in sizes), sizes


def test_decisions_table_pages_searches_and_drills_into_a_facility(opened):
    browser, _ = opened
    assert browser.evaluate("document.querySelectorAll('#decisions-table tbody tr').length") == 50
    assert browser.evaluate("document.getElementById('table-status').textContent") == "All 10,000 decisions."
    first_id = browser.evaluate("document.querySelector('#decisions-table tbody button').textContent")
    browser.evaluate(
        f"(() => {{ const q = document.getElementById('q'); q.value = {first_id!r}; q.dispatchEvent(new Event('input')); }})()"
    )
    time.sleep(0.4)
    assert browser.evaluate("document.getElementById('table-status').textContent").startswith("1 of 10,000")
    browser.evaluate("document.getElementById('reset').click()")
    browser.evaluate("document.querySelector('[data-filter-facility]').click()")
    facility = browser.evaluate("document.getElementById('f-facility').value")
    shown = browser.evaluate(
        "Array.from(document.querySelectorAll('#decisions-table tbody tr')).map(tr => tr.cells[1].textContent)"
    )
    assert facility and shown and set(shown) == {facility}
    browser.evaluate("document.querySelector('#decisions-table tbody button').click()")
    assert browser.evaluate("document.querySelectorAll('#decisions-table tr.detail').length") == 1
    browser.evaluate("document.getElementById('reset').click()")


def test_screenshot_shows_the_charts(opened, capsys):
    browser, folder = opened
    browser.evaluate("document.getElementById('by-region').scrollIntoView()")
    charts = browser.screenshot(folder / "report-charts.png")
    browser.evaluate("window.scrollTo(0, 0)")
    page = browser.screenshot(folder / "report-full-page.png", full_page=True)
    KEPT.mkdir(exist_ok=True)
    for shot in (charts, page):
        assert shot.stat().st_size > 20_000  # a blank page compresses to a few kilobytes
        shutil.copy(shot, KEPT / shot.name)
    with capsys.disabled():
        print(f"\nreport screenshots (loaded in {browser.load_seconds:.1f} s): "
              f"{KEPT / charts.name} and {KEPT / page.name}")


def test_hostile_record_text_stays_text(tmp_path):
    """Record ids and facility codes are data: markup in them must show as text and run nothing."""
    hostile = [
        '<img src=x onerror="console.error(1)">', '</script><script>console.error(2)</script>', "سجل-١",
        r"$\frac{1$ and $x^$",  # not a formula for the charts to typeset
    ]
    records = tmp_path / "hostile.csv"
    lines = ["record_id,facility_id,nationality"]
    lines += ['"{}","{}",SY'.format(text.replace('"', '""'), text.replace('"', '""')) for text in hostile]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "hostile.html"
    api.report(records, output=report)
    with Browser(tmp_path / "profile", timeout=30) as browser:
        _open(browser, report)
        _wait_ready(browser)
        assert browser.console_errors() == []
        assert browser.other_requests(report.as_uri()) == []
        shown = browser.evaluate(
            "Array.from(document.querySelectorAll('#decisions-table tbody tr')).map(tr => tr.cells[0].textContent)"
        )
        assert shown == hostile
