"""``amnesty notice``: printable notices per person, in the person's language."""

from __future__ import annotations

import csv
import re

from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app

runner = CliRunner()


def _notices(page: str) -> list[str]:
    return re.findall(r"<article class=\"notice.*?</article>", page, re.S)


def test_arabic_notice_has_everything_a_family_needs(tmp_path):
    out = tmp_path / "n.html"
    result = runner.invoke(app, ["notice", "SYN-000005", "SYN-000042", "--lang", "ar", "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in page
    notices = _notices(page)
    assert len(notices) == 2
    book = api.load_rulebook("aanes-2024-law-10")
    for notice in notices:
        assert "رأي استشاري، وليس أمراً بالإفراج." in notice  # advice, not a release order
        assert book.sha256 in notice and "aanes-2024-law-10" in notice
        assert "17 تموز 2024" in notice  # the law's date, the Syrian way
        assert "ترجمة خاصة بالمشروع" in notice  # the translation is the project's own
    first = notices[0]
    assert 'data-outcome="not_covered"' in first and "غير مشمول" in first
    assert "لا يوجد بين جرائم القضية" in first  # the reason, in Arabic, with its article
    assert "Art. 1" in first
    assert "@page { size: A4" in page


def test_missing_facts_say_who_to_ask(tmp_path):
    records = tmp_path / "r.csv"
    with records.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "facility_id", "nationality", "birth_date", "legal_status", "offence_categories",
                         "offence_class", "offence_date", "org_role", "fought_sdf", "caused_death", "explosives",
                         "chronic_illness", "sentence_type", "sentence_months", "custody_start"])
        writer.writerow(["P-1", "HSK-01", "SY", "1980-01-01", "convicted", "terrorism", "felony", "2020-01-01",
                         "member", "", "false", "false", "false", "fixed", "120", "2020-02-01"])
    out = tmp_path / "n.html"
    result = runner.invoke(app, ["notice", "P-1", str(records), "--lang", "ar", "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'data-outcome="review"' in page
    assert "المعلومات الناقصة، ومن يمكن سؤاله عنها" in page
    assert "fought_sdf" in page and "ملف جهة التحقيق، عن طريق المحكمة" in page


def test_every_record_of_a_facility_with_arabic_text_isolated(tmp_path):
    records = tmp_path / "r.csv"
    rows = [["سجل-1", "الحسكة-01"], ["R-2", "الحسكة-01"], ["R-3", "HSK-02"]]
    with records.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "facility_id", "nationality", "legal_status", "offence_categories", "offence_date",
                         "sentence_type", "sentence_months", "custody_start"])
        for rid, fac in rows:
            writer.writerow([rid, fac, "SY", "convicted", "theft", "2020-01-01", "fixed", "12", "2020-01-05"])
    out = tmp_path / "n.html"
    result = runner.invoke(app, ["notice", str(records), "--all", "--facility", "الحسكة-01", "--lang", "ku",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    notices = _notices(page)
    assert len(notices) == 2 and "R-3" not in page
    assert '<bdi dir="auto" data-field="record-id">سجل-1</bdi>' in page
    assert '<bdi dir="auto" data-field="facility">الحسكة-01</bdi>' in page
    assert '<html lang="ku" dir="ltr">' in page and "Şîret e, ne fermana berdanê ye." in page


def test_unknown_record_is_one_sentence(tmp_path):
    result = runner.invoke(app, ["notice", "NO-SUCH", "--output", str(tmp_path / "n.html")])
    assert result.exit_code == 2
    assert "no record with record_id NO-SUCH" in result.output
    assert not (tmp_path / "n.html").exists()


def test_facility_names_from_the_register_in_arabic(tmp_path):
    register = tmp_path / "facilities.csv"
    register.write_text("facility_id,name,region,capacity\nالحسكة-01,سجن غويران,Hasakah,100\n", encoding="utf-8")
    records = tmp_path / "r.csv"
    records.write_text("record_id,facility_id,nationality,legal_status,offence_categories,offence_date,sentence_type,"
                       "sentence_months,custody_start\nR-1,الحسكة-01,SY,convicted,terrorism,2020-01-01,fixed,12,2020-01-05\n",
                       encoding="utf-8")
    out = tmp_path / "n.html"
    result = runner.invoke(app, ["notice", "R-1", str(records), "--facilities", str(register), "--lang", "ar",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert '<bdi dir="auto">سجن غويران</bdi>' in out.read_text(encoding="utf-8")


def test_every_notice_says_what_evaluate_decides_a_repeated_id_included(tmp_path):
    """Notices decide their records through the run: a repeated id is invalid there as in evaluate."""
    with open(api.SAMPLE, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[:41]
    rows.append(list(rows[5]))  # record on line 6, again on line 42
    path = tmp_path / "in.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    evaluated = []
    api.evaluate_file(path, on_decision=evaluated.append, workers=1)
    notices = api.notices(input=path, every=True).notices
    assert [n.decision for n in notices] == evaluated
    assert notices[-1].decision["outcome"] == "invalid" and notices[-1].line == 42
    assert "is a duplicate of the record on line 6" in notices[-1].errors[0]


def test_a_record_that_cannot_be_read_still_gets_its_notice(tmp_path):
    with open(api.SAMPLE, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))[:11]
    path = tmp_path / "in.csv"
    lines = [",".join(row) for row in rows]
    lines[3] += ",one cell too many"  # line 4 cannot be read
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    evaluated = []
    api.evaluate_file(path, on_decision=evaluated.append, workers=1)
    every = api.notices(input=path, every=True).notices
    assert [n.decision for n in every] == evaluated and len(every) == 10
    assert every[2].line == 4 and every[2].decision["outcome"] == "invalid"
    (one,) = api.notices([rows[3][0]], input=path).notices  # asked for by its id, it is found
    assert one.decision == evaluated[2]


def test_a_chain_or_auto_is_refused_in_one_sentence_not_a_crash(tmp_path):
    """A notice cites one law's articles, title and authority: a chain or the automatic choice has none of its own."""
    for rulebook in ("north-east-2020-2022-2024", "auto"):
        result = runner.invoke(app, ["notice", "SYN-000004", "--rulebook", rulebook, "--output", str(tmp_path / "n.html")])
        assert result.exit_code == 2, result.output
        assert "a notice cites one law" in result.output and "Traceback" not in result.output
        assert not (tmp_path / "n.html").exists()


def test_a_review_that_waits_for_no_fact_does_not_point_to_missing_facts(tmp_path):
    """A review the law leaves open (nothing missing) said "once the missing facts below are known",
    over a page with no missing facts; one that waits for facts still says so."""
    decisions = {d["record_id"]: d for d in api.evaluate_records(
        [row for row in csv.DictReader(open(api.SAMPLE, encoding="utf-8"))
         if row["record_id"] in ("SYN-000078", "SYN-000029")])}
    assert decisions["SYN-000078"]["outcome"] == "review" and decisions["SYN-000078"]["missing"] == []
    assert decisions["SYN-000029"]["outcome"] == "review" and decisions["SYN-000029"]["missing"]
    for lang, waits, open_question in (
        ("en", "once the missing facts below are known", "a person must decide, for the reasons below"),
        ("ar", "بعد معرفة المعلومات الناقصة", "للأسباب المبيّنة أدناه"),
    ):
        out = tmp_path / f"{lang}.html"
        result = runner.invoke(app, ["notice", "SYN-000078", "SYN-000029", "--lang", lang, "--output", str(out)])
        assert result.exit_code == 0, result.output
        pages = {re.search(r'data-record="([^"]+)"', n).group(1): n for n in _notices(out.read_text(encoding="utf-8"))}
        unsettled, waiting = pages["SYN-000078"], pages["SYN-000029"]
        assert open_question in unsettled and waits not in unsettled
        assert waits in waiting


def test_the_records_file_may_be_compressed_parquet_or_a_pipe(tmp_path):
    """Only .csv and .jsonl names, or a regular file, were taken for the records file: a pipe
    (<(zcat register.csv.gz)) was read as a record id and looked for in the bundled sample."""
    import gzip
    import os
    import threading

    import polars as pl

    plain = tmp_path / "records.csv"
    api.write_sample(plain, count=50, seed=4)
    packed, parquet, fifo = tmp_path / "r.csv.gz", tmp_path / "r.parquet", tmp_path / "pipe"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    pl.read_csv(plain, infer_schema_length=0).write_parquet(parquet)
    os.mkfifo(fifo)
    record_id = next(csv.DictReader(plain.open(encoding="utf-8")))["record_id"]
    pages = []
    for source in (plain, packed, parquet, fifo):
        writer = None
        if source == fifo:  # a daemon: a failing read must not hold up the exit
            writer = threading.Thread(target=lambda: fifo.write_bytes(plain.read_bytes()), daemon=True)
            writer.start()
        out = tmp_path / f"{source.name}.html"
        result = runner.invoke(app, ["notice", record_id, str(source), "--output", str(out)])
        if writer:
            writer.join(timeout=10)
        assert result.exit_code == 0, result.output
        pages.append(_notices(out.read_text(encoding="utf-8")))
    assert len(pages[0]) == 1 and all(page == pages[0] for page in pages)
