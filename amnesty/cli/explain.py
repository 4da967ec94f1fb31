"""``amnesty explain``: one record's decision, rule by rule."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from amnesty import api
from amnesty.cli.common import AsOfOpt, DisableOpt, InputArg, RulebookOpt, SetOpt, ThenOpt, parse_date, stdout_console
from amnesty.cli.notes import print_notes, rulebook_words
from amnesty.rules.scenario import parse_assignments


def explain(
    record_id: Annotated[str, typer.Argument(help="The record_id to explain.")],
    input: InputArg = None,
    rulebook: RulebookOpt = api.DEFAULT_RULEBOOK,
    as_of: AsOfOpt = None,
    set_: SetOpt = None,
    disable: DisableOpt = None,
    then: ThenOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Show why a record got its decision: every rule, its article, the facts it read, what would change it.

    Example: amnesty explain SYN-000042 --set life_commuted_years=20
    """
    book = api.load_rulebook(rulebook, set=parse_assignments(set_ or []), disable=disable or [], then=then or [])
    result = api.explain_record(record_id, input, rulebook=book, as_of=parse_date(as_of))
    console = stdout_console()
    if as_json:
        console.print_json(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        return
    if hasattr(result, "steps"):
        _chain(console, result)
        return
    _single(console, result)


def _chain(console, result) -> None:
    """A chain: the path in one line, then each instrument explained as for one rulebook."""
    d = result.decision
    console.print(f"[bold]{d['record_id']}[/bold] (line {result.line}, facility {d['facility_id']}): "
                  f"[bold]{d['outcome']}[/bold] under the chain {rulebook_words(d['rulebook'])}, as of {d['as_of']}"
                  + (f" ({result.as_of_chosen})" if result.as_of_chosen else ""))
    print_notes(console, result)
    for error in d["errors"]:
        console.print(f"error: {error}")
    if result.path:
        console.print(result.path)
    if d["sentence_after"] or d["release_date"]:
        console.print(f"sentence {_sentence(d['sentence_before'])} -> {_sentence(d['sentence_after'])}; "
                      f"release date {d['release_date'] or 'not known'}")
    for number, step in enumerate(result.steps, start=1):
        ref = step.rulebook
        console.print(f"\n[bold]Step {number}: {ref['id']} v{ref['version']}[/bold] (sha256 {ref['sha256'][:12]}), "
                      f"as of {step.as_of}: {step.outcome}")
        if step.explanation is None:
            for reason in step.step["reasons"]:
                console.print(f"- {reason['rule']}: {reason['text']}")
            continue
        _single(console, step.explanation, header=False)
    for line in result.what_would_change:
        console.print(f"- {line}")


def _single(console, result, header: bool = True) -> None:
    d = result.decision
    if header:
        console.print(f"[bold]{d['record_id']}[/bold] (line {result.line}, facility {d['facility_id']}): "
                      f"[bold]{d['outcome']}[/bold] under {rulebook_words(d['rulebook'])}, as of {d['as_of']}"
                      + (f" ({result.as_of_chosen})" if result.as_of_chosen else ""))
        print_notes(console, result)
    if d["sentence_after"] or d["release_date"]:
        console.print(f"sentence {_sentence(d['sentence_before'])} -> {_sentence(d['sentence_after'])}; "
                      f"release date {d['release_date'] or 'not known'}")
    for error in d["errors"]:
        console.print(f"error: {error}")
    for reason in d["reasons"]:
        console.print(f"- {reason['rule']} ({reason['article']}, {reason['finding']}): {reason['text']}")
    if d["missing"]:
        console.print(f"missing facts: {', '.join(d['missing'])}")
    if result.rules:
        console.print("\n[bold]Every rule[/bold]")
    for rule in result.rules:
        mark = {"holds": "\\[x]", "does not hold": "\\[ ]", "unknown": "\\[?]"}[rule.finding]
        console.print(f"{mark} {rule.rule} ({rule.article}, {rule.kind}, effect {rule.effect}): {rule.finding}")
        console.print(f"      when: {rule.condition}")
        console.print("      facts: " + ", ".join(f"{k}={_fact(v)}" for k, v in rule.facts.items()))
    if result.what_would_change:
        console.print("\n[bold]What would change the outcome[/bold]")
    for line in result.what_would_change:
        console.print(f"- {line}")


def _sentence(sentence) -> str:
    if not sentence:
        return "none"
    if sentence.get("months") is not None:
        return f"{sentence['type']} {sentence['months']} months"
    return str(sentence.get("type"))


def _fact(value) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ";".join(value) or "(none)"
    return str(value)
