"""``amnesty explain``: one record's decision, rule by rule."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from amnesty import api
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, LangOpt, RulebookOpt, SetOpt, ThenOpt, parse_date, stdout_console
from amnesty.cli.notes import as_of_and_why, print_notes, rulebook_words
from amnesty.cli.text import visible
from amnesty.i18n import isolate, translator
from amnesty.i18n.rulebook import RulebookTexts, location_of


def explain(
    record_id: Annotated[str, typer.Argument(help="The record_id to explain.")],
    input: InputArg = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
    lang: LangOpt = "en",
) -> None:
    """Show why a record got its decision: every rule, its article, the facts it read, what would change it.

    Example: amnesty explain SYN-000042 --set life_commuted_years=20
    """
    tr = translator(lang)
    book = api.load_rulebook(rulebook, set=api.parse_assignments(set_ or []), disable=disable or [], then=then or [])
    book = api.localise(book, tr.lang)
    result = api.explain_record(record_id, input, rulebook=book, as_of=parse_date(as_of), lang=tr.lang)
    console = stdout_console()
    if as_json:
        typer.echo(visible(json.dumps(result.to_dict(), indent=2, ensure_ascii=False, default=str)))
        return
    if hasattr(result, "steps"):
        _chain(console, result, tr)
        return
    own = RulebookTexts(location_of(book), tr.lang)
    d = result.decision
    console.print(tr("{record} (line {line}, facility {facility}): {outcome} under {rulebook}, as of {as_of}").format(
        record=_iso(d["record_id"], tr), line=result.line, facility=_iso(d["facility_id"], tr),
        outcome=tr.outcome(d["outcome"]), rulebook=rulebook_words(d["rulebook"], tr),
        as_of=as_of_and_why(result, tr, d["as_of"])))
    print_notes(console, result, tr)
    _sentence_and_dates(console, d, tr)
    for error in d["errors"]:
        console.print(tr("error: {error}").format(error=error))
    for reason in d["reasons"]:
        console.print(f"- {reason['rule']} ({reason['article']}, {tr.finding(reason['finding'])}): {reason['text']}")
    if d["missing"]:
        console.print(tr("missing facts: {fields}").format(fields=", ".join(d["missing"])))
    if result.rules:
        console.print("\n" + tr("Every rule"), style="bold")
    for rule in result.rules:
        mark = {"holds": "[x]", "does not hold": "[ ]", "unknown": "[?]"}[rule.finding]
        console.print(tr("{mark} {rule} ({article}, {kind}, effect {effect}): {finding}").format(
            mark=mark, rule=rule.rule, article=rule.article, kind=tr.pgettext("kind", rule.kind),
            effect=tr.effect(rule.effect), finding=tr.finding(rule.finding)))
        console.print("      " + tr("when: {condition}").format(condition=rule.condition))
        console.print("      " + tr("facts: {facts}").format(facts=", ".join(f"{k}={_fact(v)}" for k, v in rule.facts.items())))
        if tr.lang != "en":
            console.print("      " + tr("says: {text}").format(text=rule.summary))
            for note in rule.notes:
                console.print("      " + tr("note: {note}").format(note=own.note(note)))
    if result.not_in_force:
        console.print(tr("not in force as of {as_of} (a deadline of the law): {rules}").format(
            as_of=d["as_of"], rules=", ".join(result.not_in_force)))
    if result.what_would_change:
        console.print("\n" + tr("What would change the outcome"), style="bold")
    for line in result.what_would_change:
        console.print(f"- {line}")
    if tr.lang != "en":
        console.print("\n" + tr("Reasons in this language are the project's own translation, not an official text of the law."))


def _sentence_and_dates(console, d, tr) -> None:
    """The new sentence and every date the decision gives: release, parole, and for a review the
    earliest release its unknown facts allow (what a case officer plans with)."""
    if d["sentence_after"] or d["release_date"]:
        console.print(tr("sentence {before} -> {after}; release date {release}").format(
            before=_sentence(d["sentence_before"], tr), after=_sentence(d["sentence_after"], tr),
            release=d["release_date"] or tr("not known")))
    if d.get("parole_date"):
        console.print(tr("parole possible from {date}").format(date=d["parole_date"]))
    if d.get("earliest_release_date"):
        console.print(tr("earliest release once the missing facts are known: {date}").format(
            date=d["earliest_release_date"]))


def _iso(text, tr) -> str:
    """Record text isolated from its neighbours' direction when the line is not English; a value the
    record does not give (an unreadable row has no facility) is said to be not known."""
    if text is None:
        return tr("not known")
    return str(text) if tr.lang == "en" else isolate(text)


def _chain(console, result, tr) -> None:
    """A chain: the path in one line, then each instrument's step with its reasons."""
    d = result.decision
    as_of = as_of_and_why(result, tr, d["as_of"])
    console.print(tr("{record} (line {line}, facility {facility}): {outcome} under the chain {rulebook}, as of {as_of}")
                  .format(record=_iso(d["record_id"], tr), line=result.line, facility=_iso(d["facility_id"], tr),
                          outcome=_outcome(d["outcome"], tr), rulebook=rulebook_words(d["rulebook"], tr), as_of=as_of),
                  style="bold")
    print_notes(console, result, tr)
    for error in d["errors"]:
        console.print(tr("error: {error}").format(error=error))
    if result.path:
        console.print(result.path)
    _sentence_and_dates(console, d, tr)
    for number, step in enumerate(result.steps, start=1):
        ref = step.rulebook
        console.print("\n" + tr("Step {number}: {rulebook}, as of {as_of}: {outcome}").format(
            number=number, rulebook=f"{ref['id']} v{ref['version']} (sha256 {ref['sha256'][:12]})", as_of=step.as_of,
            outcome=_outcome(step.outcome, tr)), style="bold")
        reasons = step.step["reasons"] if step.explanation is None else step.explanation.decision["reasons"]
        for reason in reasons:
            console.print(f"- {reason['rule']} ({reason.get('article', '')}): {reason['text']}")
        if step.explanation is not None and step.explanation.decision.get("missing"):
            console.print("  " + tr("missing facts: {fields}").format(fields=", ".join(step.explanation.decision["missing"])))
        if step.explanation is not None and step.explanation.not_in_force:  # deadlines judged as of the decision's day
            console.print("  " + tr("not in force as of {as_of} (a deadline of the law): {rules}").format(
                as_of=d["as_of"], rules=", ".join(step.explanation.not_in_force)))
    for line in result.what_would_change:
        console.print(f"- {line}")
    if tr.lang != "en":
        console.print("\n" + tr("Reasons in this language are the project's own translation, not an official text of the law."))


def _outcome(value: str, tr) -> str:
    """An outcome for people: the value itself in English (as the JSON has it), else the catalogue's name."""
    return value if tr.lang == "en" else tr.outcome(value)


def _sentence(sentence, tr=None) -> str:
    tr = tr or translator("en")
    if not sentence:
        return tr("none")
    kind = tr.pgettext("sentence", str(sentence.get("type")))
    if sentence.get("months") is not None:
        months = sentence["months"]
        return tr.ngettext("{type} {months} month", "{type} {months} months", tr.plural_of(months)).format(
            type=kind, months=tr.number(months))
    return kind


def _fact(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ";".join(value) or "(none)"
    return str(value)
