"""A notebook may give ``as_of`` as text: every API function takes an ISO day as it takes a date, and
refuses anything else in one sentence (a string was a TypeError deep inside a run, or a wrong page)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from amnesty import api
from amnesty.errors import AmnestyError
from amnesty.synth import write_sample_csv

DAY = date(2024, 9, 1)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    path = tmp_path_factory.mktemp("as_of") / "records.csv"
    write_sample_csv(path, 300, seed=2)
    return path


CALLS = {
    "evaluate_file": lambda src, a: api.evaluate_file(src, as_of=a).to_dict(),
    "explain_record": lambda src, a: api.explain_record("SYN-000004", src, as_of=a).to_dict(),
    "compare": lambda src, a: api.compare(src, scenario="law-10-life-20", as_of=a).to_dict(),
    "sweep": lambda src, a: api.sweep(src, param="life_commuted_years", values=[15, 20], as_of=a).to_dict(),
    "timeline": lambda src, a: api.timeline(src, as_of=a).to_dict(),
    "triage": lambda src, a: api.triage(src, as_of=a).to_dict(),
}


@pytest.mark.parametrize("name", CALLS)
def test_an_iso_day_as_text_gives_what_the_date_gives(records, name):
    call = CALLS[name]
    by_date = call(records, DAY)
    assert call(records, "2024-09-01") == by_date
    assert call(records, datetime(2024, 9, 1, 13, 30)) == by_date


def test_the_report_reads_the_day_as_text_too(records, tmp_path):
    page = tmp_path / "report.html"  # one path: the page prints the command that made it
    api.report(records, output=page, as_of=DAY)
    by_date = page.read_bytes()
    api.report(records, output=page, as_of="2024-09-01", force=True)
    assert page.read_bytes() == by_date


@pytest.mark.parametrize("value, words", [
    ("2024-02-30", "is not a day of the calendar"),
    ("1 Sept 2024", "expects a date, a 'YYYY-MM-DD' string or 'today'"),
    (20240901, "expects a date, a 'YYYY-MM-DD' string or 'today'"),
])
def test_anything_else_is_one_sentence(records, value, words):
    for call in (lambda: api.evaluate_file(records, as_of=value), lambda: api.triage(records, as_of=value)):
        with pytest.raises(AmnestyError, match=words):
            call()


def test_until_as_text_and_one_later_instrument_as_one_name(records):
    """``until`` reads as ``as_of`` does; ``then`` or ``disable`` given one name (not a list) is that name,
    not its characters; ``rulebook=None`` is the default rulebook, as when left out."""
    assert api.timeline(records, until="2030-01-01").to_dict() == api.timeline(records, until=date(2030, 1, 1)).to_dict()
    with pytest.raises(AmnestyError, match="until expects a date"):
        api.timeline(records, until="soon")
    one = api.evaluate_file(records, rulebook="aanes-2022-law-5", then="aanes-2024-law-10").to_dict()
    assert one == api.evaluate_file(records, rulebook="aanes-2022-law-5", then=["aanes-2024-law-10"]).to_dict()
    assert one["rulebook"]["id"] == "aanes-2022-law-5 > aanes-2024-law-10"
    assert (api.load_rulebook("aanes-2024-law-10", disable="life-commuted").sha256
            == api.load_rulebook("aanes-2024-law-10", disable=["life-commuted"]).sha256)
    assert api.compare(records, baseline=None, scenario="law-10-life-20").to_dict()["baseline"]["id"] == "aanes-2024-law-10"
