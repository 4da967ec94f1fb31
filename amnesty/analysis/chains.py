"""Chain files: a named sequence of instruments, for an analysis asked again and again.

A chain file names instruments oldest first; anywhere a rulebook is named
(``--rulebook``, ``--baseline``, ``--scenario``, ``--then``,
``api.load_rulebook``) a bundled chain id or a chain file works too, and is
decided as ``--rulebook FIRST --then SECOND ...`` would be::

    id: north-east-2020-2022-2024
    title: The north-east's general amnesties in turn
    question: What is left of a 2019 sentence after the three laws?
    chain: [aanes-2020-resolution-5, aanes-2022-law-5, aanes-2024-law-10]
    notes: [...]

Members are built-in ids, bundled scenario ids, or files (relative to the
chain file). Bundled chains live in ``amnesty/data/chains/<id>.yaml``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from amnesty.errors import ScenarioError
from amnesty.rules.loader import builtin_ids, first_error
from amnesty.rules.yamlio import load_yaml

_CHAIN_KEY = re.compile(r"^chain\s*:", re.M)


class ChainFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1)
    question: str = Field(min_length=1, description="The question the chain answers.")
    chain: list[str] = Field(min_length=2, description="Instruments, oldest first.")
    as_of: str | None = Field(default=None, description="The as-of date the bundled analysis uses (YYYY-MM-DD).")
    notes: list[str] = Field(default_factory=list)


def bundled_chains() -> dict[str, Path]:
    root = resources.files("amnesty") / "data" / "chains"
    if not root.is_dir():
        return {}
    return {Path(p.name).stem: Path(str(p)) for p in sorted(root.iterdir(), key=lambda p: p.name) if p.name.endswith(".yaml")}


def load_chain(id_or_path: str | Path) -> tuple[ChainFile, Path]:
    text = str(id_or_path)
    path = bundled_chains().get(text) or Path(text)
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot read the chain file: {exc}", path=path) from None
    data = load_yaml(content, str(path))
    if not isinstance(data, dict):
        raise ScenarioError("a chain file must be a mapping with id, title, question and chain", path=path, line=1)
    try:
        return ChainFile.model_validate(data), path
    except ValidationError as exc:
        message, _, line = first_error(exc, data)
        raise ScenarioError(message, path=path, line=line) from None


def chain_names(rulebook: str | Path) -> list[str] | None:
    """The members a chain id or chain file names (files made absolute), or None when it is not a chain."""
    text = str(rulebook)
    if text in builtin_ids():
        return None
    if text not in bundled_chains():
        path = Path(text)
        if not path.is_file() or path.suffix not in (".yaml", ".yml"):
            return None
        try:
            if not _CHAIN_KEY.search(path.read_text(encoding="utf-8")):
                return None
        except (OSError, UnicodeDecodeError):
            return None
    chain, path = load_chain(text)
    names = []
    for name in chain.chain:
        local = path.parent / name
        names.append(str(local) if not Path(name).is_absolute() and local.is_file() else name)
    return names
