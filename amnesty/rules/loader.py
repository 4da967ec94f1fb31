"""Find and load rulebooks: built-in ids and analysts' own files alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amnesty.errors import RulebookError, did_you_mean
from amnesty.models.rulebook import Rulebook
from amnesty.rules.yamlio import line_of, load_yaml

BUILTIN_PACKAGE = "amnesty.rules.builtin"


@dataclass(frozen=True)
class RulebookSource:
    """A validated rulebook and where each of its parts was written."""

    rulebook: Rulebook
    path: str
    rule_lines: dict[str, int] = field(default_factory=dict)
    case_lines: dict[str, int] = field(default_factory=dict)
    line: int | None = None

    def line_for(self, rule_id: str | None) -> int | None:
        return self.rule_lines.get(rule_id or "", None)


def builtin_ids() -> list[str]:
    root = resources.files(BUILTIN_PACKAGE)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "rulebook.yaml").is_file())


def _builtin_path(rulebook_id: str) -> Path:
    return Path(str(resources.files(BUILTIN_PACKAGE) / rulebook_id / "rulebook.yaml"))


def resolve_location(id_or_path: str | Path) -> Path:
    """A built-in id or a path to a rulebook file."""
    text = str(id_or_path)
    if text in builtin_ids():
        return _builtin_path(text)
    path = Path(text)
    if path.is_file():
        return path
    if path.suffix in (".yaml", ".yml") or "/" in text or path.exists():
        raise RulebookError("no such rulebook file", path=text)
    raise RulebookError(
        f"no built-in rulebook or file named {text!r}" + did_you_mean(text, builtin_ids())
    )


def read_text(id_or_path: str | Path) -> tuple[str, str]:
    """A rulebook's text and the name to cite it by (a built-in id or a path)."""
    path = resolve_location(id_or_path)
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(f"cannot read: {exc}", path=path) from None


def load_source(id_or_path: str | Path) -> RulebookSource:
    return parse_source(*read_text(id_or_path))


def parse_source(text: str, name: str) -> RulebookSource:
    data = load_yaml(text, name)
    if not isinstance(data, dict):
        raise RulebookError("a rulebook must be a mapping with id, title, rules, ...", path=name, line=1)
    try:
        rulebook = Rulebook.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, data, name) from None
    rule_lines = {r.get("id"): r.line for r in data.get("rules", []) if hasattr(r, "line")}
    case_lines = {c.get("name"): c.line for c in data.get("cases", []) or [] if hasattr(c, "line")}
    return RulebookSource(rulebook, name, rule_lines, case_lines, getattr(data, "line", None))


def load_rulebook(id_or_path: str | Path) -> Rulebook:
    return load_source(id_or_path).rulebook


def _explain(exc: ValidationError, data: Any, name: str) -> RulebookError:
    """Turn pydantic's first error into one sentence with file, line and rule."""
    message, loc, line = first_error(exc, data)
    rule_id = None
    if len(loc) >= 2 and loc[0] == "rules":
        rule = data["rules"][loc[1]]
        rule_id = rule.get("id") if isinstance(rule, dict) else None
    return RulebookError(message, path=name, line=line, rule_id=rule_id)


def first_error(exc: ValidationError, data: Any) -> tuple[str, tuple[Any, ...], int | None]:
    """Pydantic's first error in a YAML file as (sentence, path into the data, line)."""
    error = exc.errors()[0]
    loc = data_path(data, tuple(error["loc"]))
    where = ".".join(str(part) for part in loc)
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        message = f"{where}: unknown key"
    else:
        shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
        message = f"{where}: {error['msg']}{shown}"
    return message, loc, line_of(data, loc)


def data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Keep the parts of pydantic's error path that index the data (drop union tags)."""
    kept: list[Any] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict) and part not in {"cmp", "all", "any", "not"}:
            kept.append(part)  # a missing or unknown key: name it, stop walking
            break
        else:
            continue
        kept.append(part)
    return tuple(kept)
