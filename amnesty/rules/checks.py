"""The checks a rulebook must pass, shared by loading and by lint.

Loading refuses the first problem found; lint lists them all. Both take
their problems from here and place them with the same path into the file,
so a mistake gets the same line, and the same sentence, from
``amnesty rulebooks lint`` as from any command that loads the rulebook.
A problem that lies in a parameter's value (a commuted term of -5 years, a
text compared with an age) is placed at the parameter's value, where the
fix goes, and names the rule that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from amnesty.errors import did_you_mean
from amnesty.models.fields import FIELDS
from amnesty.models.condition import AllOf, AnyOf, Comparison, NotOf, ParamRef
from amnesty.models.provenance import Article
from amnesty.models.rulebook import Effect, EffectType, Kind, Parameter, Rule
from amnesty.rules.conditions import ConditionError, Leaf, Node, Tree, resolve
from amnesty.rules.params import coerce_value, complement_problem
from amnesty.rules.satisfy import condition_problem, truth_values

KIND_EFFECTS = {
    Kind.scope: {EffectType.not_covered},
    Kind.exclusion: {EffectType.exclude},
    Kind.relief: {
        EffectType.release, EffectType.remit, EffectType.commute, EffectType.reduce, EffectType.review,
        EffectType.defer,
    },
}

# ConditionError messages that are about the field or the operator, not about the compared value
_NOT_ABOUT_VALUE = ("unknown field", "unknown parameter", "has no order", "works on list fields", "is a list; use",
                    "takes no value", "needs a value")
# how compile_effect's messages about a bad value begin, by the effect attribute holding it
_EFFECT_VALUE_ERRORS = (("years", "commute needs years"), ("remit_fraction", "reduce needs remit_fraction"),
                        ("parole_fraction", "parole_fraction must be"))


@dataclass(frozen=True)
class Finding:
    """A problem and where it lies: ``at`` is a path into the rulebook file, a rule given by its index or id."""

    at: tuple[Any, ...]
    message: str
    rule: str | None = None


def parameter_findings(
    name: str, param: Parameter, source_ids: Iterable[str], params: Mapping[str, Parameter] | None = None,
) -> list[Finding]:
    """A value that is not of the parameter's type, a complement that is not one (given every
    parameter, ``params``), and sources the rulebook does not list."""
    found: list[Finding] = []
    try:
        coerce_value(param.type, param.value)
    except ValueError as exc:
        found.append(Finding(("parameters", name, "value"), f"parameter {name!r}: {exc}"))
    problem = complement_problem(name, param, dict(params or {}))
    if problem:
        found.append(Finding(("parameters", name, "complement"), problem))
    found += [
        Finding(("parameters", name, "sources", i), f"parameter {name!r} cites unknown source {cited!r}"
                + did_you_mean(cited, source_ids))
        for i, cited in _unknown(param.sources, source_ids)
    ]
    return found


def article_findings(label: str, article: Article, source_ids: Iterable[str]) -> list[Finding]:
    """Sources (or numbering sources) of an article that the rulebook does not list."""
    return [
        Finding(("articles", label, key, i), f"article {label!r} cites unknown source {cited!r}"
                + did_you_mean(cited, source_ids))
        for key in ("sources", "numbered_by")
        for i, cited in _unknown(getattr(article, key), source_ids)
    ]


def reference_findings(
    rule: Rule, at: tuple[Any, ...], rule_ids: Iterable[str], source_ids: Iterable[str], articles: Mapping[str, Any],
) -> list[Finding]:
    """What a rule names that the rulebook lacks: a source, an article of the articles block, a rule it overrides;
    and an effect its kind cannot have."""
    found = [
        Finding((*at, "sources", i), f"cites unknown source {cited!r}" + did_you_mean(cited, source_ids), rule.id)
        for i, cited in _unknown(rule.sources, source_ids)
    ]
    if articles and rule.article not in articles:
        found.append(Finding((*at, "article"), f"cites article {rule.article!r}, which the rulebook's articles "
                             "block does not have" + did_you_mean(rule.article, articles), rule.id))
    if rule.effect.type not in KIND_EFFECTS[rule.kind]:
        allowed = ", ".join(sorted(e.value for e in KIND_EFFECTS[rule.kind]))
        found.append(Finding((*at, "effect"),
                             f"a {rule.kind.value} rule cannot have effect {rule.effect.type.value}; use {allowed}", rule.id))
    ids = list(rule_ids)
    for target in rule.prevails_over:
        if target == rule.id:
            found.append(Finding((*at, "overrides"), "overrides itself; a rule can only override another rule", rule.id))
        elif target not in ids:
            found.append(Finding((*at, "overrides"),
                                 f"overrides unknown rule {target!r}" + did_you_mean(target, set(ids) - {rule.id}), rule.id))
    return found


def rule_findings(
    rule: Rule, at: tuple[Any, ...], values: dict[str, Any], params: Mapping[str, Parameter],
    bad_params: Mapping[str, int | None] | None = None,
) -> tuple[Tree | None, list[Finding]]:
    """The rule's condition resolved, and every problem of its comparisons, its condition as a whole and its effect.

    ``bad_params`` (name -> line) are parameters with problems of their own: a rule using one
    says so rather than repeating their error.
    """
    bad = bad_params or {}
    found: list[Finding] = []
    tree = None
    if _leaves(rule, (*at, "when"), rule.when, values, params, bad, found):
        tree = resolve(rule.when, values)
        problem = condition_problem(tree)
        if problem:
            found.append(Finding((*at, "when"), problem, rule.id))
    found += effect_findings(rule, at, values, params, bad)
    return tree, found


# The sentences an effect's arithmetic can act on: a remitted fraction needs a fixed term's months, a
# commuted term replaces a life (or death) sentence. Applied to any other, or to an unknown type, the
# engine can only send the record to review, and cannot say which fact to collect.
_ACTS_ON = {EffectType.reduce: ("fixed",), EffectType.commute: ("life", "death")}


def sentence_findings(rule: Rule, tree: Tree, at: tuple[Any, ...]) -> list[Finding]:
    """A warning when a reducing or commuting relief can apply to a sentence its arithmetic cannot
    act on, or to a record whose sentence type is unknown: the condition should say which sentence
    it reduces, so that an unknown type is asked for and a life sentence is not halved."""
    acts_on = _ACTS_ON.get(rule.effect.type)
    if acts_on is None:
        return []
    others = tuple(v for v in FIELDS["sentence_type"].choices if v not in acts_on)
    open_case = Node("any", (
        Node("all", (tree, Leaf("sentence_type", "in", others))),
        Node("all", (tree, Leaf("sentence_type", "is_unknown"))),
    ))
    seen = truth_values(open_case)
    if seen is None or True not in seen:
        return []
    wanted = " or ".join(acts_on)
    return [Finding((*at, "when"), f"the rule's effect ({rule.effect.type.value}) acts on a {wanted} "
                    f"sentence, but its condition can hold when sentence_type is unknown or another type; add "
                    f"sentence_type {'==' if len(acts_on) == 1 else 'in'} {wanted.replace(' or ', ', ')} to it, so "
                    "that an unknown sentence type is asked for", rule.id)]


def effect_findings(
    rule: Rule, at: tuple[Any, ...], values: dict[str, Any], params: Mapping[str, Parameter],
    bad: Mapping[str, int | None],
) -> list[Finding]:
    from amnesty.rules.compiler import compile_effect  # the effect's own checks live with its compilation

    used_bad = sorted(name for name in param_refs(rule.effect) if name in bad)
    if used_bad:
        return [Finding((*at, "effect"), f"the effect uses parameter {', '.join(map(repr, used_bad))}, "
                        "which has problems of its own", rule.id)]
    try:
        compile_effect(rule, values)
    except (ConditionError, ValueError) as exc:
        message = str(exc)
        for attr, opening in _EFFECT_VALUE_ERRORS:
            ref = getattr(rule.effect, attr)
            if isinstance(ref, ParamRef) and ref.param in params and message.startswith(opening):
                return [in_parameter(ref.param, rule.id, f"as the effect's {attr}: {message}")]
        return [Finding((*at, "effect"), message, rule.id)]
    return []


def _leaves(
    rule: Rule, at: tuple[Any, ...], node: Any, values: dict[str, Any], params: Mapping[str, Parameter],
    bad: Mapping[str, int | None], found: list[Finding],
) -> bool:
    """Check each comparison at its own place; True if all of them resolve."""
    if isinstance(node, AllOf | AnyOf):
        key, parts = ("all", node.all) if isinstance(node, AllOf) else ("any", node.any)
        return all([_leaves(rule, (*at, key, i), part, values, params, bad, found) for i, part in enumerate(parts)])
    if isinstance(node, NotOf):
        return _leaves(rule, (*at, "not"), node.not_, values, params, bad, found)
    used_bad = sorted(name for name in param_refs(node) if name in bad)
    if used_bad:
        where = ", ".join(f"{n!r}" + (f" (line {bad[n]})" if bad[n] else "") for n in used_bad)
        found.append(Finding((*at, "value"), f"{node.field} is compared with parameter {where}, "
                             "which has problems of its own", rule.id))
        return False
    try:
        resolve(node, values)
    except ConditionError as exc:
        message = str(exc)
        ref = node.value
        if (isinstance(ref, ParamRef) and ref.param in params and node.field in FIELDS
                and not any(words in message for words in _NOT_ABOUT_VALUE)):
            found.append(in_parameter(ref.param, rule.id, f"compared with {node.field}: {message}"))
        else:
            key = "field" if message.startswith("unknown field") else "value" if node.value is not None else "op"
            found.append(Finding((*at, key), message, rule.id))
        return False
    return True


def in_parameter(name: str, rule_id: str, message: str) -> Finding:
    """A rule's problem whose cause is a parameter's value: placed at the value, naming the rule."""
    return Finding(("parameters", name, "value"), f"the value of parameter {name!r}, {message}", rule_id)


def param_refs(value: Any) -> set[str]:
    """Names of the parameters a condition or effect reads, however deeply."""
    if isinstance(value, ParamRef):
        return {value.param} | param_refs(value.plus_days) | param_refs(value.minus_years)
    if isinstance(value, AllOf):
        return set().union(*(param_refs(c) for c in value.all))
    if isinstance(value, AnyOf):
        return set().union(*(param_refs(c) for c in value.any))
    if isinstance(value, NotOf):
        return param_refs(value.not_)
    if isinstance(value, Comparison):
        return param_refs(value.value)
    if isinstance(value, Effect):
        return set().union(*(param_refs(getattr(value, name)) for name in type(value).model_fields))
    return set()


def raw_param_refs(raw: Any) -> set[str]:
    """Parameters named anywhere in a rule as written, even a rule that fails validation."""
    if isinstance(raw, dict):
        found = {raw["param"]} if isinstance(raw.get("param"), str) else set()
        return found.union(*(raw_param_refs(v) for v in raw.values()))
    if isinstance(raw, list):
        return set().union(*(raw_param_refs(v) for v in raw))
    return set()


def _unknown(cited: Iterable[str], known: Iterable[str]) -> list[tuple[int, str]]:
    known = set(known)
    return [(i, name) for i, name in enumerate(cited) if name not in known]
