"""Why a record got its decision under successive instruments: one explanation per step.

Each step is explained exactly as ``amnesty explain`` explains a single
rulebook, on the record as that instrument saw it (the sentence the
previous one left); ``path`` tells the chain in one line, e.g.
"life -> fixed 240 months by aanes-2020-resolution-5 (2020-10-10) -> ...".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from amnesty.analysis.explain import Explanation, explain_decided
from amnesty.engine.chain import CompiledChain
from amnesty.i18n import Translator, translator


@dataclass
class StepExplanation:
    rulebook: dict[str, Any]
    as_of: str
    outcome: str
    explanation: Explanation | None  # None when the engine did not decide the step (already released, born later)
    step: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rulebook": self.rulebook, "as_of": self.as_of, "outcome": self.outcome, "step": self.step,
            "explanation": self.explanation.to_dict() if self.explanation else None,
        }


@dataclass
class ChainExplanation:
    line: int
    decision: dict[str, Any]
    steps: list[StepExplanation]
    path: str
    what_would_change: list[str] = field(default_factory=list)
    as_of_chosen: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def rules(self) -> list:
        return []

    def notes(self) -> list[str]:
        return list(self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line, "decision": self.decision, "path": self.path,
            "steps": [s.to_dict() for s in self.steps], "what_would_change": self.what_would_change,
            "as_of_chosen": self.as_of_chosen, "warnings": self.warnings,
        }


def explain_chain(chain: CompiledChain, values: dict[str, Any], line: int, as_of: date | None = None,
                  tr: Translator | None = None) -> ChainExplanation:
    """``tr``: the language of the path and of what would change it (the reasons are the chain's own:
    localise it first)."""
    from amnesty.engine.run import decision_of
    from amnesty.models.record import Record

    tr = tr or translator("en")
    where = f"line {line}: "
    with chain.evaluator(as_of) as evaluator:
        decision = decision_of(values, chain, evaluator.as_of, line=line)  # as evaluate decides it
        if decision["outcome"] == "invalid":
            return ChainExplanation(line, decision, [], "", [
                tr("Correct the record: {errors}").format(errors="; ".join(decision["errors"]))])
        traced = evaluator.trace(Record.model_validate(values), where)
        steps = []
        for step, entry, record, by_engine in zip(
            evaluator.steps, decision["steps"], traced["records"], traced["by_engine"]
        ):
            explanation = (explain_decided(step.evaluator, record, {**entry, "errors": []}, line, tr)
                           if by_engine else None)
            steps.append(StepExplanation(entry["rulebook"], entry["as_of"], entry["outcome"], explanation, entry))
    return ChainExplanation(line, decision, steps, chain_path(decision, tr))


def sentence_text(sentence: dict[str, Any] | None, tr: Translator | None = None) -> str:
    tr = tr or translator("en")
    if not sentence or sentence.get("type") is None:
        return tr("unknown sentence")
    if sentence["type"] == "fixed":
        months = sentence.get("months")
        if months is None:  # a fixed term of unknown length (a valid record never has one; a step might)
            return tr("unknown sentence")
        text = tr.ngettext("{n} month", "{n} months", tr.plural_of(months)).format(n=months)
        if months and months % 12 == 0:
            text += " " + tr("({years} years)").format(years=f"{months / 12:g}")
        return text
    words = {"none": tr("no sentence left"), "life": tr.pgettext("sentence", "life"),
             "death": tr.pgettext("sentence", "death")}
    return words.get(sentence["type"], sentence["type"])


def chain_path(decision: dict[str, Any], tr: Translator | None = None) -> str:
    """The chain in one line: the sentence, then what each instrument made of it (in ``tr``'s language;
    ids, dates and field names as the data has them)."""
    tr = tr or translator("en")
    steps = decision.get("steps") or []
    if not steps:
        return ""
    parts = [sentence_text(decision["sentence_before"], tr)]
    for step in steps:
        label = f"{step['rulebook']['id']} ({step['as_of']})"
        outcome = step["outcome"]
        if outcome in ("release", "reduced") and step["sentence_after"] and step["sentence_after"] != step["sentence_before"]:
            text = tr("{sentence} by {instrument}").format(sentence=sentence_text(step["sentence_after"], tr),
                                                          instrument=label)
        else:
            text = tr("{outcome} under {instrument}").format(outcome=_outcome(outcome, tr), instrument=label)
        if outcome == "release":
            text += tr(", out on {date}").format(date=step["release_date"])
        elif outcome == "reduced":
            text += tr(", due out {date}").format(date=step["release_date"])
        elif outcome == "review" and step["missing"]:
            text += tr(" (needs {facts})").format(facts=", ".join(step["missing"]))
        parts.append(text)
    final = decision["outcome"] if tr.lang == "en" else tr.outcome(decision["outcome"])  # English: the value itself
    return " -> ".join(parts) + tr("; final: {outcome}").format(outcome=final)


def _outcome(value: str, tr: Translator) -> str:
    """A step's outcome: its value with spaces in English, else the catalogue's name for it."""
    return value.replace("_", " ") if tr.lang == "en" else tr.outcome(value)
