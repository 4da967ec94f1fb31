"""The engine's limits are checked from above the rulebook layer, and a user sees them as before.

The rulebook layer compiles what a law says and knows nothing of
durable_rules; ``engine.durable.fit`` refuses what durable_rules cannot hold,
wherever a rulebook is loaded to be evaluated (the API, a --set, a sweep, a
scenario), linted, or handed to an evaluator, in one sentence with the
file, line and rule.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from amnesty import api
from amnesty.analysis.audit import audit_rulebook
from amnesty.analysis.sweep_run import variant
from amnesty.engine.durable.fit import compile_checked, ruleset_for
from amnesty.engine.durable.matcher import dumps
from amnesty.engine.evaluator import Evaluator
from amnesty.errors import RulebookError, ScenarioError
from amnesty.models.fields import FIELDS
from amnesty.rules.compiler import compile_rulebook
from amnesty.rules.loader import parse_source

from limit_books import HEADER as RULES_HEADER, rule

HEADER = RULES_HEADER + rule("adult", '{field: age, op: ">=", value: 18}')
LONG = rule("long", '{field: facility_id, op: "==", value: ' + "x" * 70_000 + "}")
EXPONENT = rule("tiny", '{field: age, op: ">=", value: 1.0e-5}')
BY_PARAMETER = rule("months", '{field: sentence_months, op: ">=", value: {param: limit}}') + (
    "parameters:\n  limit: {description: m, type: integer, value: 5, source: s}\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_rulebook_layer_imports_and_checks_nothing_of_durable_rules():
    code = ("import sys, amnesty.rules.compiler, amnesty.rules.lint, amnesty.rules.scenario, amnesty.rules.diff; "
            "print([m for m in sys.modules if 'durable' in m])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    rules_dir = Path(__file__).resolve().parents[2] / "amnesty" / "rules"
    assert not [p.name for p in rules_dir.glob("*.py") if "durable" in p.read_text(encoding="utf-8").lower()]
    source = parse_source(HEADER + LONG, "limits.yaml")
    assert compile_rulebook(source).rule("long")  # the law is fine; only the engine cannot hold it
    with pytest.raises(RulebookError, match="65,535 bytes"):
        compile_checked(source)


def test_an_evaluator_refuses_a_rulebook_that_got_past_loading(tmp_path):
    book = compile_rulebook(parse_source(HEADER + EXPONENT, "limits.yaml"))
    with pytest.raises(RulebookError) as info:
        Evaluator(book)
    assert info.value.rule_id == "tiny" and "exponent" in str(info.value)
    assert str(info.value).startswith("limits.yaml: rule 'tiny': age: 1e-05")


def test_lint_and_loading_agree_on_a_limit_of_the_engine(tmp_path):
    text = HEADER + BY_PARAMETER.replace("value: 5,", "value: 99999999999999999999,")
    path = write(tmp_path, "limits.yaml", text)
    with pytest.raises(RulebookError) as info:
        api.load_rulebook(path)
    (first,) = api.lint_rulebook(path).errors
    line = text[: text.index("value: 9999")].count("\n") + 1  # the parameter's value, where the fix goes
    assert first.line == info.value.line == line and first.rule == info.value.rule_id == "months"
    assert str(first).replace(": error: ", ": ", 1) == str(info.value)
    assert "the value of parameter 'limit', compared with sentence_months" in str(info.value) and "2^53" in str(info.value)


def test_lint_lists_every_problem_of_the_engine_and_the_audit_runs_no_case(tmp_path):
    path = write(tmp_path, "limits.yaml", HEADER + LONG + EXPONENT)
    report = api.lint_rulebook(path)
    assert [(p.rule, p.line) for p in report.errors] == [("long", 9), ("tiny", 10)]
    assert report.source is None  # it does not load
    audited = audit_rulebook(path)
    assert not audited.ok and audited.cases_run == 0 and len(audited.lint.errors) == 2


def test_a_ruleset_larger_than_one_engine_ruleset_loads_lints_clean_and_decides(tmp_path):
    """64 rules that could all hold at once: one more than an engine ruleset can track. It used to
    be refused (Decree 39 sits at 64); it is matched as two rulesets, and every record's findings
    are checked against the plain evaluation as always."""
    text = HEADER + "".join(rule(f"t{k}", f'{{field: age, op: ">=", value: {k + 1}}}') for k in range(64))
    path = write(tmp_path, "limits.yaml", text)
    book = api.load_rulebook(path)
    assert not api.lint_rulebook(path).errors
    with Evaluator(book) as evaluator:
        for age in (None, 0, 17, 18, 40, 63, 64, 65, 90):
            fact = {**dict.fromkeys(FIELDS), "age": age}
            durable = evaluator.durable_findings(fact, "r")
            assert durable == evaluator.plain_findings(evaluator.key(fact))
            assert sum(value is True for value in durable.values()) == (0 if age is None else min(age, 64) + (age >= 18))


def test_a_scenario_past_the_limits_is_refused_by_lint_as_by_loading(tmp_path):
    write(tmp_path, "base.yaml", HEADER + BY_PARAMETER)
    scenario = write(tmp_path, "scenario.yaml",
                     "id: big\ntitle: t\nbase: base.yaml\nquestion: q?\nset:\n  limit: 99999999999999999999\n")
    with pytest.raises(RulebookError) as info:
        api.load_rulebook(scenario)
    (first,) = api.lint_rulebook(scenario).errors
    assert "2^53" in first.message and first.message in str(info.value)


def test_a_change_past_the_limits_is_blamed_on_the_option(tmp_path):
    path = write(tmp_path, "limits.yaml", HEADER + BY_PARAMETER)
    with pytest.raises(ScenarioError, match=r"^--set limit=100000000000000000000: rule 'months': .*2\^53"):
        api.load_rulebook(path, set={"limit": 10**20})
    book = api.load_rulebook(path)
    with pytest.raises(ScenarioError, match=r"--param limit=100000000000000000000: .*2\^53"):
        variant(book.rulebook, book.path, {}, {"limit": 10**20}, "--param")


def test_the_ruleset_is_built_once_per_set_of_conditions_as_written():
    def book(value):
        return compile_checked(parse_source(HEADER + rule("r", f'{{field: age, op: ">=", value: {value}}}'), "x.yaml"))

    assert ruleset_for(book(3)) is ruleset_for(book(3))
    whole, point = ruleset_for(book(3)), ruleset_for(book("3.0"))  # equal in Python, not as the engine reads them
    assert whole is not point and dumps(whole) != dumps(point)
    assert json.loads(dumps(point))["r|T"] == {"all": [{"m": {"$gte": {"age": 3.0}}}]}
