"""A chain of instruments speaks the reader's language too: its members' reasons, the chain's own
reasons, the path and the labels of ``explain``; English stays as it was."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app
from amnesty.synth import write_sample_csv

CHAIN = "north-east-2020-2022-2024"
ARABIC = range(0x0600, 0x0700)


def is_arabic(text: str) -> bool:
    return sum(ord(ch) in ARABIC for ch in text) > len(text) // 3


@pytest.fixture
def started(pools) -> list[int]:
    """The worker count of every pool started: proof the workers, which build the book again, ran."""
    return pools


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return " ".join(result.output.split())  # as one line, unwrapped


def test_a_localised_chain_keeps_its_digest_and_localises_every_member():
    english = api.load_rulebook(CHAIN)
    arabic = api.localise(english, "ar")
    assert arabic.sha256 == english.sha256 and arabic.language == "ar"
    assert [m.language for m in arabic.members] == ["ar"] * len(english.members)
    assert arabic.recipe().language == "ar" and english.recipe().language == "en"


@pytest.mark.slow
def test_workers_decide_a_chain_in_the_language_the_reading_process_asked_for(tmp_path, started):
    """The workers build the chain again from its recipe: the language must travel with it."""
    source = tmp_path / "records.csv"
    write_sample_csv(source, 6_000, seed=3)
    book = api.localise(api.load_rulebook(CHAIN), "ar")
    api.evaluate_file(source, rulebook=book, output=tmp_path / "one.jsonl", workers=1)
    api.evaluate_file(source, rulebook=book, output=tmp_path / "two.jsonl", workers=2)
    assert started == [2]
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    texts = [reason["text"] for line in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()
             for step in json.loads(line).get("steps", []) for reason in step["reasons"]]
    assert texts and all(is_arabic(text) for text in texts)
    kinds = {reason["rule"] for line in (tmp_path / "two.jsonl").read_text(encoding="utf-8").splitlines()
             for step in json.loads(line).get("steps", []) for reason in step["reasons"]}
    assert "released-earlier" in kinds  # the chain's own reason is among them, in Arabic too


def test_explain_of_a_chain_in_arabic_has_no_english_words_of_its_own():
    out = run("explain", "SYN-000004", "--rulebook", CHAIN, "--lang", "ar")
    for english in ("under the chain", "as of", "Step 1", "final:", "out on", "no sentence left", "months",
                    "as no --as-of was given", "Already due out", "missing facts"):
        assert english not in out, english
    assert "بموجب سلسلة القوانين" in out and "المرحلة 1" in out and "النتيجة النهائية" in out
    assert "ترجمة خاصة بالمشروع" in out  # marked as the project's own translation


def test_explain_of_a_chain_in_english_reads_as_before():
    out = run("explain", "SYN-000004", "--rulebook", CHAIN)
    assert "release under the chain aanes-2020-resolution-5 > aanes-2022-law-5 > aanes-2024-law-10" in out
    assert ("5 months -> review under aanes-2020-resolution-5 (2020-10-10) (needs compensation_paid) -> no sentence "
            "left by aanes-2022-law-5 (2022-03-16), out on 2022-03-16") in out
    assert "; final: release" in out and "Step 3: aanes-2024-law-10" in out
    assert "Already due out on 2022-03-16 under aanes-2022-law-5; a later instrument does not undo a release." in out


@pytest.mark.slow
def test_the_automatic_choice_speaks_the_language_in_every_worker_and_in_each_of_its_own_reasons(tmp_path, started):
    """auto's instruments are localised, and so are the reasons it gives itself: which instrument and why,
    no authority known, no instrument in force."""
    import csv

    source = tmp_path / "records.csv"
    write_sample_csv(source, 6_000, seed=9)
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    for at, row in enumerate(rows[:300]):  # an authority with no instrument, and one nobody can name
        row["custodial_authority"] = "iraq" if at % 2 else ""
        row["facility_id"] = row["facility_id"] if at % 2 else "NOWHERE-1"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    english = api.load_rulebook("auto")
    book = api.localise(english, "ku")
    assert book.sha256 == english.sha256 and book.language == "ku" and book.recipe().language == "ku"
    api.evaluate_file(source, rulebook=book, output=tmp_path / "one.jsonl", workers=1)
    api.evaluate_file(source, rulebook=book, output=tmp_path / "two.jsonl", workers=2)
    api.evaluate_file(source, rulebook=english, output=tmp_path / "en.jsonl", workers=2)
    assert started == [2, 2]
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    chosen = {}
    for language in ("two", "en"):
        for line in (tmp_path / f"{language}.jsonl").read_text(encoding="utf-8").splitlines():
            for reason in json.loads(line)["reasons"]:
                if reason["rule"] == "instrument-chosen":
                    chosen.setdefault(language, []).append(reason["text"])
    assert len(chosen["two"]) == len(chosen["en"]) > 300
    english_words = ("Held by", "Who holds", "facility register", "so decided under", "a person must decide")
    assert not [text for text in chosen["two"] if any(words in text for words in english_words)]
    assert {words for words in english_words if any(words in text for text in chosen["en"])} == set(english_words)
