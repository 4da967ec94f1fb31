"""Shared helpers of the hostile-input tests: run the command, read what it wrote."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app

HEADER = ("record_id", "facility_id", "legal_status", "offence_categories", "offence_date",
          "sentence_type", "sentence_months", "custody_start")


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None, env=None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return invoke


def jsonl_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
