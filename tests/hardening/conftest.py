"""Fixtures of the hostile-input tests: run the command in-process."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None, env=None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return invoke
