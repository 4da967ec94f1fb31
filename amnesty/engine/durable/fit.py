"""Whether a rulebook fits durable_rules, said in the rulebook's own terms, before any record is read.

The rulebook layer checks what a law means; what durable_rules cannot hold
(``limits``) is checked here, from above it: ``compile_checked`` is how the
program compiles a rulebook it is going to evaluate, ``findings`` is what
lint adds to the rulebook layer's own list, and ``ruleset_for`` is the
ruleset an evaluator runs, refused in the same words if a rulebook reached
it some other way. A problem is placed where loading and lint place every
other one: at the comparison, or at the parameter whose value crosses the
limit, naming the rule; a rule too large for any engine ruleset is placed at
that rule (a ruleset too large for one engine ruleset is matched as several,
``ruleset.shards``).
"""

from __future__ import annotations

from typing import Any

from amnesty.errors import RulebookError
from amnesty.models.condition import AllOf, AnyOf, NotOf, ParamRef
from amnesty.models.rulebook import Parameter, Rule, Rulebook
from amnesty.rules.checks import Finding, in_parameter
from amnesty.rules.compiler import CompiledRulebook, compile_rulebook
from amnesty.rules.conditions import ConditionError, resolve
from amnesty.rules.loader import RulebookSource
from amnesty.rules.params import coerce_value
from amnesty.engine.durable.ruleset import UnsafeConditionError, rule_patterns, ruleset

MAX_CACHED = 64  # rulesets kept, by their rules' conditions (a sweep builds one evaluator per value)
_rulesets: dict[str, dict[str, dict]] = {}


def compile_checked(source: RulebookSource, overrides: dict[str, Any] | None = None) -> CompiledRulebook:
    """``compile_rulebook``, refusing too what durable_rules would mishandle, with file, line and rule.

    A constant or condition beyond the engine is named before the rulebook layer's own checks run:
    it is the cause of what they would find (``sentence_months >= -2^54`` always holds).
    """
    found = rule_findings(source)
    if found:
        raise _refusal(source, found[0])
    book = compile_rulebook(source, overrides)
    problem = network_finding(book)
    if problem is not None:
        raise _refusal(source, problem)
    return book


def findings(source: RulebookSource) -> list[Finding]:
    """Every problem lint lists for durable_rules: each rule's, or else the whole ruleset's."""
    found = rule_findings(source)
    if found:
        return found
    try:
        book = compile_rulebook(source)
    except RulebookError:
        return []  # the rulebook layer's own lint names it
    problem = network_finding(book)
    return [problem] if problem is not None else []


def rule_findings(source: RulebookSource) -> list[Finding]:
    """Constants and conditions of every rule, switched off or not (a scenario may switch it on), that
    durable_rules cannot hold. A part that does not resolve is left to the rulebook layer, which names it."""
    book = source.rulebook
    values = _values(book)
    found: list[Finding] = []
    seen: set[str] = set()
    for index, rule in enumerate(book.rules):
        if rule.id in seen:
            continue  # a duplicate id is the rulebook layer's to name
        seen.add(rule.id)
        at = ("rules", index, "when")
        if not _leaves(rule, at, rule.when, values, book.parameters, found):
            continue
        try:
            rule_patterns(resolve(rule.when, values))
        except ConditionError:
            continue
        except UnsafeConditionError as exc:
            found.append(Finding(at, str(exc), rule.id))
    return found


def network_finding(book: CompiledRulebook) -> Finding | None:
    """A rule that no engine ruleset could hold even alone, if there is one (``ruleset.shards``)."""
    try:
        _ruleset(book)
    except UnsafeConditionError as exc:
        return Finding(("rules", exc.rule_id or "", "when"), str(exc), exc.rule_id)
    return None


def ruleset_for(book: CompiledRulebook) -> dict[str, dict]:
    """The durable_rules ruleset of ``book``'s rules (shared by books with the same conditions: do not
    change it); a RulebookError naming the rule if the engine cannot evaluate it correctly."""
    try:
        return _ruleset(book)
    except UnsafeConditionError as exc:
        raise RulebookError(str(exc), path=book.path, rule_id=exc.rule_id) from None


def _ruleset(book: CompiledRulebook) -> dict[str, dict]:
    trees = {rule.id: rule.tree for rule in book.rules}
    key = repr(trees)  # repr, not the trees: 1 == 1.0 == True, but the engine reads them differently
    found = _rulesets.get(key)
    if found is None:
        found = ruleset(trees)
        if len(_rulesets) >= MAX_CACHED:
            _rulesets.clear()
        _rulesets[key] = found
    return found


def _leaves(
    rule: Rule, at: tuple[Any, ...], node: Any, values: dict[str, Any], params: dict[str, Parameter],
    found: list[Finding],
) -> bool:
    """Check each comparison at its own place (as ``rules.checks`` does); True if all of them pass."""
    if isinstance(node, AllOf | AnyOf):
        key, parts = ("all", node.all) if isinstance(node, AllOf) else ("any", node.any)
        return all([_leaves(rule, (*at, key, i), part, values, params, found) for i, part in enumerate(parts)])
    if isinstance(node, NotOf):
        return _leaves(rule, (*at, "not"), node.not_, values, params, found)
    try:
        rule_patterns(resolve(node, values))
    except ConditionError:
        return False
    except UnsafeConditionError as exc:
        ref = node.value
        if isinstance(ref, ParamRef) and ref.param in params:  # the value is wrong in the parameter
            found.append(in_parameter(ref.param, rule.id, f"compared with {node.field}: {exc}"))
        else:
            found.append(Finding((*at, "value"), str(exc), rule.id))
        return False
    return True


def _values(book: Rulebook) -> dict[str, Any]:
    """The parameters' values, those of the right type (the rulebook layer names the others)."""
    values: dict[str, Any] = {}
    for name, param in book.parameters.items():
        try:
            values[name] = coerce_value(param.type, param.value)
        except ValueError:
            continue
    values["enacted"] = book.enacted
    return values


def _refusal(source: RulebookSource, found: Finding) -> RulebookError:
    """The problem as the error that refuses the rulebook, at the line lint gives it."""
    return RulebookError(found.message, path=source.path, line=source.line_at(found.at), rule_id=found.rule)
