"""Lint for provenance: what each article and rule rests on, as a legal reviewer checks it.

These are warnings, not errors: they do not change what the law decides,
but a reviewer reading the law article by article cannot check a rule
whose article is undescribed, an article number no source gives, a source
of unknown kind or language, or a conflict that names as its other reading a
scenario that is not bundled or changes another rulebook. (That every conflict
of a built-in rulebook names one is held by tests/rules/test_conflict_scenarios.py:
a rulebook of one's own cannot have bundled scenarios.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from amnesty.errors import RulebookError, did_you_mean
from amnesty.models.provenance import Article, Basis, Conflict, Source
from amnesty.models.rulebook import Parameter, Rule
from amnesty.rules.checks import Finding
from amnesty.rules.scenario import bundled_scenarios
from amnesty.rules.yamlio import load_yaml

NUMBERED = re.compile(r"^\s*(art\.?|article|المادة)\s*[\d٠-٩]", re.IGNORECASE)  # "Art. 3", "Article 4(2)", "المادة 3"


def provenance_warnings(
    data: Mapping[str, Any],
    sources: list[tuple[int, Source]],
    articles: Mapping[str, Article],
    rules: list[tuple[int, Rule]],
    params: Mapping[str, Parameter],
) -> list[Finding]:
    found: list[Finding] = []
    if not data.get("articles"):
        found.append(Finding(("rules",), "the rulebook has no articles block, so no article a rule cites says what "
                             "it rests on; add one (articles: label -> basis, summary, terms, sources)"))
    for label, article in articles.items():
        if article.basis is Basis.reported and NUMBERED.match(label) and not article.numbered_by:
            found.append(Finding(("articles", label), f"article {label!r} is only reported, and no source is named "
                                 "as giving its number (numbered_by); name one, or give it a descriptive label"))
    cited = {rule.article for _, rule in rules}
    for label in articles:
        if label not in cited:
            found.append(Finding(("articles", label), f"article {label!r} is cited by no rule"))
    for index, source in sources:
        missing = [key for key in ("kind", "language") if getattr(source, key) is None]
        if missing:
            found.append(Finding(("sources", index), f"source {source.id!r} has no {' or '.join(missing)}"))
    source_ids = {source.id for _, source in sources}
    rulebook_id = data.get("id")
    for index, rule in rules:
        for j, conflict in enumerate(rule.conflicts):
            found += _conflict(conflict, ("rules", index, "conflicts", j), source_ids, rulebook_id, rule.id)
    for name, param in params.items():
        for j, conflict in enumerate(param.conflicts):
            found += [Finding(f.at, f"parameter {name!r}: {f.message}")
                      for f in _conflict(conflict, ("parameters", name, "conflicts", j), source_ids, rulebook_id, None)]
    return found


def _conflict(conflict: Conflict, at: tuple, source_ids: set[str], rulebook_id: Any, rule: str | None) -> list[Finding]:
    found = []
    for k, reading in enumerate(conflict.readings):
        for cited in reading.sources:
            if cited not in source_ids:
                found.append(Finding((*at, "readings", k, "sources"),
                                     f"conflict {conflict.topic!r}: a reading cites unknown source {cited!r}"
                                     + did_you_mean(cited, source_ids), rule))
    if conflict.scenario is not None:
        scenarios = bundled_scenarios()
        if conflict.scenario not in scenarios:
            found.append(Finding((*at, "scenario"), f"conflict {conflict.topic!r}: {conflict.scenario!r} is not a "
                                 "bundled scenario" + did_you_mean(conflict.scenario, scenarios), rule))
        else:
            base = _base_of(scenarios[conflict.scenario])
            if base is not None and base != rulebook_id:
                found.append(Finding((*at, "scenario"), f"conflict {conflict.topic!r}: scenario {conflict.scenario!r} "
                                     f"changes {base}, not this rulebook", rule))
    return found


def _base_of(path) -> str | None:
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, RulebookError):
        return None
    base = data.get("base") if isinstance(data, dict) else None
    return base if isinstance(base, str) else None
