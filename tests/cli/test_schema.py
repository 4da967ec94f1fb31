import json

import pytest


@pytest.mark.parametrize(("kind", "field"), [("record", "offence_categories"), ("decision", "release_date"), ("rulebook", "rules"), ("summary", "output_sha256")])
def test_schema_prints_json_schema(run, kind, field):
    result = run("schema", kind)
    assert result.exit_code == 0
    assert field in json.loads(result.output)["properties"]


def test_schema_unknown_kind(run):
    assert run("schema", "nope").exit_code == 2
