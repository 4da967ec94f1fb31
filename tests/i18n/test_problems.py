"""A record's problem, as the table of invalid records shows it, in every language."""

from __future__ import annotations

import csv
import re

import pytest

from amnesty import api
from amnesty.i18n import translator
from amnesty.i18n.problems import problem_words
from amnesty.io.invalid import split_message
from amnesty.synth import write_sample_csv

# Every way a cell can be refused, one field at a time, and two ways a row can (a repeated id, dates
# that cannot all be true).
BAD = {
    "birth_date": ["2024-02-30", "5/5/1990", "2031-01-01"], "offence_date": ["yesterday"], "custody_start": ["1990-13-01"],
    "legal_status": ["paroled"], "offence_class": ["crime"], "sentence_type": ["forever"], "org_role": ["boss"],
    "offence_categories": ["terrorism,rape", "arson"], "sentence_months": ["-3", "ten", "2.5"],
    "nationality": ["Syria"], "fought_sdf": ["maybe"], "record_id": [""],
}


def _problems(tmp_path) -> list[str]:
    write_sample_csv(tmp_path / "good.csv", 40, seed=5)
    with (tmp_path / "good.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    bad, at = [], 0
    for field, values in BAD.items():
        for value in values:
            bad.append(dict(rows[at % len(rows)], **{"record_id": f"BAD-{at}", field: value}))
            at += 1
    bad.append(dict(rows[0]))  # the id of the first row again
    bad.append(dict(rows[1], record_id="BAD-fixed", sentence_type="fixed", sentence_months=""))
    bad.append(dict(rows[2], record_id="BAD-born", birth_date="2000-01-01", offence_date="1999-01-01"))
    bad.append(dict(rows[3], record_id="BAD-unborn", birth_date="2030-12-01", offence_date="2030-12-02",
                    custody_start="2030-12-03", surrender_date=""))  # born after the as-of date below
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows + bad)
    found: list[str] = []
    api.evaluate_file(path, output=tmp_path / "out.jsonl", workers=1, as_of="2030-06-01",
                      on_decision=lambda d: found.extend(split_message(e).problem for e in d["errors"]))
    return found


def test_every_way_the_record_model_refuses_a_cell_is_said_in_arabic_and_kurmanji(tmp_path):
    problems = set(_problems(tmp_path))
    kinds = {re.sub(r"'[^']*'|\d[\d-]*", "_", p).split(" (a list")[0] for p in problems}
    assert len(kinds) >= 15, sorted(kinds)  # the hostile rows above reach every kind
    for lang in ("ar", "ku"):
        tr = translator(lang)
        left = sorted(p for p in problems if problem_words(p, tr) == p)
        assert left == [], (lang, left)
    assert all(problem_words(p, translator("en")) == p for p in problems)


@pytest.mark.parametrize("problem, words", [
    ("input should be 'convicted', 'awaiting_trial' or 'fugitive'", "يجب أن تكون القيمة إحدى: 'convicted'، 'awaiting_trial'، 'fugitive'"),
    ("input should be 'a' or 'b' (a list separates its items with ';', not ',': write 'a;b')",
     "يجب أن تكون القيمة إحدى: 'a'، 'b' (تُفصل عناصر القائمة بـ ';' لا بـ ',': اكتب 'a;b')"),
    ("something no one has worded before", "something no one has worded before"),
])
def test_a_problem_keeps_its_values_and_an_unknown_one_stays_as_it_is(problem, words):
    assert problem_words(problem, translator("ar")) == words


def test_each_wording_of_the_record_contract_is_read_back_from_the_text_that_words_it():
    """The model and the engine word a problem from amnesty.models.problems, and the table reads it
    back against the same text: no second copy of a wording to drift."""
    from amnesty.engine.stream import duplicate_message
    from amnesty.models import problems

    assert problems.DUPLICATE.format(first="line {line}") == problems.DUPLICATE_OF_LINE
    assert duplicate_message("A-1", "line 7") == "field record_id: 'A-1' " + problems.DUPLICATE_OF_LINE.format(line=7)
    tr = translator("ar")
    for template in problems.AROUND:
        values = {"as_of": "2024-07-17", "line": "12", "field": "offence_date", "day": "1999-01-01", "born": "2000-01-01"}
        said = problem_words(template.format(**values), tr)
        assert said == tr.gettext(template).format(**values) != template.format(**values), template
    for text in problems.WHOLE:
        assert problem_words(text, tr) == tr.gettext(text) != text
    hinted = problems.NOT_A_FLAG + " " + problems.LIST_HINT.format(items="'a;b c'")
    assert problem_words(hinted, tr) == tr.gettext(problems.NOT_A_FLAG) + " " + tr.gettext(problems.LIST_HINT).format(items="'a;b c'")
