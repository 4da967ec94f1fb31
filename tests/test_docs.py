"""The docs cannot silently drift: every command has help text and a section in docs/cli.md."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from amnesty.cli.app import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def commands():
    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        yield name, command


def test_every_command_has_help_and_an_example():
    for name, command in commands():
        assert command.help, f"amnesty {name} has no help text"
        if not hasattr(command, "commands"):
            assert "Example: amnesty" in command.help, f"amnesty {name}'s help has no example"


def test_every_command_has_a_docs_section():
    headings = set(re.findall(r"^## `amnesty ([a-z-]+)`", DOCS.read_text(encoding="utf-8"), re.M))
    for name, _ in commands():
        assert name in headings, f"docs/cli.md has no section for amnesty {name}"


def test_readme_opens_with_the_two_setup_commands():
    readme = (DOCS.parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    assert blocks[0].endswith("amnesty evaluate") and "pip install" in blocks[0]
    assert "pytest" in blocks[1] and "[test]" in blocks[1]
    ci = (DOCS.parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().splitlines()[-1] == blocks[1]
