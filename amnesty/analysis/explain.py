"""Why a record got its decision, rule by rule, and what would change it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amnesty.analysis.change_words import in_words
from amnesty.analysis.explain_changes import Checked, check
from amnesty.engine.evaluator import Evaluator
from amnesty.models.rulebook import Kind
from amnesty.rules.conditions import leaves
from amnesty.rules.describe import words


@dataclass
class RuleExplanation:
    rule: str
    article: str
    kind: str
    effect: str
    finding: str  # "holds", "does not hold", "unknown"
    condition: str
    facts: dict[str, Any]
    summary: str
    notes: list[str] = field(default_factory=list)


@dataclass
class Explanation:
    line: int
    decision: dict[str, Any]
    rules: list[RuleExplanation]
    what_would_change: list[str]
    as_of_chosen: str = ""  # how the as-of date was chosen: given, or the law's enactment date
    warnings: list[str] = field(default_factory=list)  # an as-of date before the law, a record dated after it
    not_in_force: list[str] = field(default_factory=list)  # rules whose as_of window leaves the as-of date out

    def notes(self) -> list[str]:
        return list(self.warnings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "decision": self.decision,
            "rules": [vars(r) for r in self.rules],
            "what_would_change": self.what_would_change,
            "as_of_chosen": self.as_of_chosen,
            "warnings": self.warnings,
            "not_in_force": self.not_in_force,
        }


def explain(evaluator: Evaluator, values: dict[str, Any], line: int, tr=None) -> Explanation:
    """``tr`` (an ``amnesty.i18n.Translator``) words "what would change" in the reader's language."""
    from amnesty.engine.run import decision_of
    from amnesty.i18n import translator

    tr = tr or translator("en")
    decision = decision_of(values, evaluator.book, evaluator.as_of, line=line)  # as evaluate decides it
    if decision["outcome"] == "invalid":
        return Explanation(line, decision, [], [tr("Correct the record: {errors}").format(errors="; ".join(decision["errors"]))])
    from amnesty.models.record import Record

    return explain_decided(evaluator, Record.model_validate(values), decision, line, tr)


def explain_decided(evaluator: Evaluator, record: Any, decision: dict[str, Any], line: int, tr=None) -> Explanation:
    """The rule-by-rule explanation of a decision ``evaluator`` made for ``record`` (one step of a chain, too)."""
    from amnesty.i18n import translator

    tr = tr or translator("en")
    evaluation = evaluator.evaluate(record)
    book = evaluator.book
    rules = []
    for compiled in book.rules:
        truth = evaluation.findings[compiled.id]
        read = {leaf.field for leaf in leaves(compiled.tree)}
        rules.append(RuleExplanation(
            rule=compiled.id,
            article=compiled.rule.article,
            kind=compiled.kind.value,
            effect=compiled.rule.effect.type.value,
            finding={True: "holds", False: "does not hold", None: "unknown"}[truth],
            condition=words(compiled.tree, tr=tr),
            facts={name: _shown(evaluation.fact.get(name)) for name in sorted(read)},
            summary=compiled.text,
            notes=list(compiled.rule.notes),
        ))
    trees = {compiled.id: compiled.tree for compiled in book.rules}

    def checked(rule: RuleExplanation) -> Checked:  # the rule's condition made true, and decided again
        return check(evaluator, record, evaluation.fact, trees[rule.rule], rule.rule)

    in_force = {compiled.id for compiled in book.rules}
    resting = [rule.id for rule in book.rulebook.rules
               if rule.enabled and rule.as_of is not None and rule.id not in in_force]
    return Explanation(line, decision, rules, _changes(decision, rules, tr, checked), not_in_force=resting)


def _shown(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _changes(decision: dict[str, Any], rules: list[RuleExplanation], tr, checked) -> list[str]:
    """Plain sentences: which facts would have to differ for another outcome.

    A line saying what a change would give states what the engine gives the record so changed
    (``checked``, see ``explain_changes``): the outcome and the rule that decides it, which need not
    be the rule whose condition the change meets (another may override it); a change that leaves the
    outcome as it is gives no line."""
    outcome = decision["outcome"]
    decisive = {reason["rule"] for reason in decision["reasons"]}
    lines = []
    if decision["missing"]:
        possible = ", ".join(decision.get("possible_outcomes") or ())
        facts = decision["missing"]
        which = facts[0] if len(facts) == 1 else ", ".join(facts[:-1]) + " and " + facts[-1]
        lines.append(tr("Knowing {fields}, whatever they turn out to be, would let the law decide this record"
                        " (it could then be: {possible}).").format(fields=which, possible=possible))
    for rule in rules:
        if rule.rule in decisive and rule.finding == "holds":
            lines.append(tr("{rule} ({article}) would have to stop holding: it requires {condition}.").format(
                rule=rule.rule, article=rule.article, condition=rule.condition))
        elif rule.finding == "does not hold" and outcome in ("release", "reduced", "review"):
            if rule.kind in (Kind.scope.value, Kind.exclusion.value):
                lines += _would_be(rule, outcome, checked(rule), tr)
    return lines


def _would_be(rule: RuleExplanation, outcome: str, found: Checked, tr) -> list[str]:
    """What meeting ``rule``'s condition would make of the record, as the engine decides it: one line
    with the rule's condition when every change that meets it gives the same result, else one line
    per result, naming the changes that give it; none for a result that is ``outcome`` (nor for one
    no rule gives, which the sentence could not name)."""
    others = [result for result in found.groups if result.outcome != outcome and result.rule]
    if found.complete and len(found.groups) == 1:
        conditions = {result: rule.condition for result in others}
    else:
        conditions = {result: words(in_words(found, result), tr=tr) for result in others}
    return [tr("The outcome would be {effect} (by {rule}, {article}) if {condition}.").format(
                effect=tr.outcome(result.outcome), rule=result.rule, article=result.article, condition=condition)
            for result, condition in conditions.items()]
