"""Help pages: no Python type tags, no lines broken mid-sentence, one style, the exit codes, completion."""

from __future__ import annotations

import re

import pytest
import typer.main

from amnesty.cli.app import app


def _commands():
    group = typer.main.get_command(app)
    yield (), group
    for name, command in group.commands.items():
        yield (name,), command
        for sub, inner in getattr(command, "commands", {}).items():
            yield (name, sub), inner


COMMANDS = [path for path, _ in _commands()]


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "amnesty" for p in COMMANDS])
def test_help_has_no_type_tags(run, path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert not re.search(r"<(str|bool|int|float|path|list\[[a-z]+\]|int range|float range)>", result.output), result.output


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) or "amnesty" for p in COMMANDS])
def test_help_paragraphs_are_not_broken_mid_sentence(path):
    command = dict(_commands())[path]
    for paragraph in (command.help or "").split("\n\n"):
        assert "\n" not in paragraph.strip(), f"amnesty {' '.join(path)}: {paragraph!r}"


def test_option_help_is_one_style():
    for path, command in _commands():
        for param in command.params:
            text = getattr(param, "help", None)
            if text:
                assert text[0].isupper() or text[0] in "-.", (path, param.name, text)
                assert text.rstrip().endswith((".", ")")), (path, param.name, text)


def test_rulebook_options_say_they_take_scenarios():
    for path, command in _commands():
        for param in command.params:
            if param.name in ("rulebook", "first", "second"):
                assert "scenario" in param.help, (path, param.name)


def test_evaluate_help_lists_every_exit_code(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    text = " ".join(run("evaluate", "--help").output.split())
    for code in ("0 every record decided", "1 decided, but some records are invalid", "2 a usage, input or rulebook error",
                 "3 the rules engine failed", "130 interrupted"):
        assert code in text


def test_shell_completion_can_be_installed(run):
    assert "--install-completion" in run("--help").output
