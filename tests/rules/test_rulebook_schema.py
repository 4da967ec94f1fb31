"""``amnesty schema rulebook`` describes the files as they are written, format v2 included."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from amnesty.models.rulebook import Rulebook
from amnesty.rules.loader import builtin_ids, load_source

DECREE = Path(__file__).parent / "data" / "decree-v2.yaml"
VALIDATOR = jsonschema.Draft202012Validator(Rulebook.model_json_schema(by_alias=True))


def as_json(text):
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


@pytest.mark.parametrize("path", [DECREE, *(load_source(i).path for i in builtin_ids())], ids=str)
def test_every_rulebook_file_is_valid_under_the_schema(path):
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(as_json(Path(path).read_text("utf-8")))]
    assert errors == []


@pytest.mark.parametrize(("old", "new", "where"), [
    ("    source: gazette-2025\n    summary: Offences", "    source: gazette-2025\n    sources: [gazette-2025]\n    summary: Offences",
     ["rules", 0]),  # source and sources together
    ("    basis: official_text\n", "    basis: quoted\n", ["articles", "Art. 1", "basis"]),
    ("    sources: [gazette-2025]\n  \"Art. 2\"", "    sources: []\n  \"Art. 2\"", ["articles", "Art. 1", "sources"]),
    ("    kind: press\n", "    kind: blog\n", ["sources", 1, "kind"]),
    ("        why: the decree names no nationality\n", "", ["rules", 1, "conflicts", 0]),
    ("    enabled: false\n", "    enabled: maybe\n", ["rules", 2, "enabled"]),
])
def test_the_schema_refuses_what_loading_refuses(old, new, where):
    text = DECREE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    errors = list(VALIDATOR.iter_errors(as_json(text.replace(old, new))))
    assert [list(e.path) for e in errors] == [where], [e.message for e in errors]


def test_minus_years_and_defer_are_in_the_schema():
    schema = Rulebook.model_json_schema(by_alias=True)
    assert "minus_years" in schema["$defs"]["ParamRef"]["properties"]
    assert "defer" in schema["$defs"]["EffectType"]["enum"]


def test_a_rules_overrides_key_is_prevails_over_in_python_and_overrides_everywhere_else():
    """``overrides`` in Python is a rulebook's record of changes only; a rule's exceptions keep their YAML key."""
    from amnesty import api

    book = api.load_rulebook("aanes-2024-law-10", disable=["fought-sdf"])
    rule = next(r for r in book.rulebook.rules if r.prevails_over)
    raw = next(r for r in yaml.safe_load(Path(book.path).read_text("utf-8"))["rules"] if r["id"] == rule.id)
    assert rule.prevails_over == raw["overrides"]
    assert rule.model_dump()["overrides"] == raw["overrides"] and "prevails_over" not in rule.model_dump()
    assert not hasattr(rule, "overrides")
    assert book.overrides == {"disable": ["fought-sdf"]}  # the changes, as every decision's rulebook.overrides
    shown = [r for a in api.describe_rulebook("aanes-2024-law-10").to_dict()["articles"] for r in a["rules"]]
    assert next(r for r in shown if r["id"] == rule.id)["overrides"] == raw["overrides"]
