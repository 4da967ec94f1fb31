"""Fixtures of the hostile-input tests: run the command in-process."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from amnesty import api
from amnesty.cli.app import app


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None, env=None):
        return runner.invoke(app, [str(a) for a in args], input=input, env=env)

    return invoke


@pytest.fixture
def default_law_loaded_once(monkeypatch):
    """For a property test that runs a command once per example on the default law: the law is read and
    compiled at its first example and reused (compiling it is most of a small run's time); each example
    still runs the whole command. Any other rulebook, or a change to it, loads as the command would."""
    loaded = {}
    load = api.load_rulebook

    def load_once(rulebook=api.DEFAULT_RULEBOOK, *, set=None, disable=(), then=()):  # noqa: A002 - load_rulebook's
        disable, then = list(disable), list(then)
        if rulebook != api.DEFAULT_RULEBOOK or set or disable or then:
            return load(rulebook, set=set, disable=disable, then=then)
        if not loaded:
            loaded["law"] = load(rulebook)
        return loaded["law"]

    monkeypatch.setattr(api, "load_rulebook", load_once)
