"""Find and load rulebooks: built-in ids and analysts' own files alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from amnesty.errors import RulebookError, did_you_mean
from amnesty.models.rulebook import Rulebook
from amnesty.rules.yamlio import line_at, load_yaml

BUILTIN_PACKAGE = "amnesty.rules.builtin"


@dataclass(frozen=True)
class RulebookSource:
    """A validated rulebook and where each of its parts was written."""

    rulebook: Rulebook
    path: str
    rule_lines: dict[str, int] = field(default_factory=dict)
    case_lines: dict[str, int] = field(default_factory=dict)
    line: int | None = None
    data: Any = field(default=None, compare=False, repr=False)  # the file as read, with its lines

    def line_for(self, rule_id: str | None) -> int | None:
        return self.rule_lines.get(rule_id or "", None)

    def line_at(self, path: tuple[Any, ...]) -> int | None:
        """The line of a part of the file: ``("parameters", name, "value")``, or
        ``("rules", rule_id, "when", "all", 0)`` with the rule named by its id.

        Lint and loading both place a problem with this, so they give the same line.
        """
        if path[:1] == ("rules",) and len(path) >= 2 and isinstance(path[1], str):
            rules = self.data.get("rules") if isinstance(self.data, dict) else None
            index = next((i for i, r in reversed(list(enumerate(rules or [])))
                          if isinstance(r, dict) and r.get("id") == path[1]), None)
            if index is None:
                return self.line_for(path[1])
            path = ("rules", index, *path[2:])
        if self.data is None:
            return None
        return line_at(self.data, path)


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


MAX_CACHED_TEXT = 1 << 20  # rulebooks are tens of kilobytes; a bigger text is parsed afresh each time


def parse_source(text: str, name: str) -> RulebookSource:
    """The validated rulebook of ``text`` (read from ``name``). A notebook or a test suite loads the
    same few rulebooks again and again, and parsing one is most of the cost of loading it (about
    0.1 s for Decree 39): the same text under the same name gives the same (frozen) source."""
    if len(text) <= MAX_CACHED_TEXT:
        return _parsed(text, name)
    return _parse(text, name)


@lru_cache(maxsize=32)
def _parsed(text: str, name: str) -> RulebookSource:
    return _parse(text, name)


def _parse(text: str, name: str) -> RulebookSource:
    data = load_yaml(text, name)
    if not isinstance(data, dict):
        raise RulebookError("a rulebook must be a mapping with id, title, rules, ...", path=name, line=1)
    try:
        rulebook = Rulebook.model_validate(data)
    except ValidationError as exc:
        raise _explain(exc, data, name) from None
    rule_lines = {r.get("id"): r.line for r in data.get("rules", []) if hasattr(r, "line")}
    case_lines = {c.get("name"): c.line for c in data.get("cases", []) or [] if hasattr(c, "line")}
    return RulebookSource(rulebook, name, rule_lines, case_lines, getattr(data, "line", None), data)


def load_rulebook(id_or_path: str | Path) -> Rulebook:
    return load_source(id_or_path).rulebook


def _explain(exc: ValidationError, data: Any, name: str) -> RulebookError:
    """Turn pydantic's first error into one sentence with file, line and rule."""
    found = schema_error(exc.errors()[0], data)
    if found.owner == "rule" and found.name:
        return RulebookError(found.message, path=name, line=found.line, rule_id=found.name)
    return RulebookError(found.sentence, path=name, line=found.line)


@dataclass(frozen=True)
class SchemaProblem:
    """One of pydantic's errors in the words of the file: whose it is, which key, and its line."""

    owner: str | None  # "rule", "parameter", "article", "source", "case", ... or None for the top level
    name: str | None  # the owner's id or name, when it has one
    label: str | None  # how to name the owner: "rule 'x'", "source 2"
    message: str  # the problem, without the owner: "key kind: should be ..."
    loc: tuple[Any, ...]
    line: int | None

    @property
    def sentence(self) -> str:
        return f"{self.label}, {self.message}" if self.label else self.message


_OWNERS = {
    "rules": "rule", "add_rules": "added rule", "parameters": "parameter", "add_parameters": "added parameter",
    "articles": "article", "sources": "source", "add_sources": "added source", "cases": "case",
}
_PLAIN_MESSAGES = {
    "string_pattern_mismatch": "should be lowercase letters, digits and hyphens",
    "too_short": "needs at least one entry",
    "string_too_short": "needs some text",
    "model_type": "should be a mapping (key: value lines)",
    "model_attributes_type": "should be a mapping (key: value lines)",
    "dict_type": "should be a mapping (key: value lines)",
    "list_type": "should be a list",
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "date_type": "should be a date written YYYY-MM-DD",
    "date_parsing": "should be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "should be a date written YYYY-MM-DD",
}


def schema_error(error: Any, data: Any) -> SchemaProblem:
    """Pydantic's error in plain words: "rule 'x', key kind: ..." rather than ``rules.1.kind``."""
    loc = data_path(data, tuple(error["loc"]))
    owner = name = label = None
    rest = loc
    if len(loc) >= 2 and loc[0] in _OWNERS and isinstance(data.get(loc[0]), dict | list):
        owner, rest = _OWNERS[loc[0]], loc[2:]
        if isinstance(loc[1], str):
            name = loc[1]
        else:
            item = data[loc[0]][loc[1]]
            found = item.get("name" if owner == "case" else "id") if isinstance(item, dict) else None
            name = found if isinstance(found, str) and found else None
        label = f"{owner} {name!r}" if name else f"{owner} {loc[1] + 1 if isinstance(loc[1], int) else loc[1]}"
    where = key_words(rest)
    value = error.get("input")
    if error["type"] == "missing":
        message = f"{where}: missing; every {owner or 'rulebook'} needs one"
    elif error["type"] == "extra_forbidden":
        message = f"{where}: unknown key"
    else:
        text = _PLAIN_MESSAGES.get(error["type"]) or str(error["msg"]).removeprefix("Value error, ")
        shown = "" if isinstance(value, dict | list) else f" (got {_short(repr(value))})"
        text = text[:1].lower() + text[1:]
        message = f"{where}: {text}{shown}" if where else f"{text}{shown}"
    return SchemaProblem(owner, name, label, message, loc, line_at(data, loc))


def key_words(path: tuple[Any, ...]) -> str:
    """A path inside one rule, parameter, ... in words: ``when, item 1 of all, key field``."""
    parts: list[str] = []
    index = 0
    while index < len(path):
        part = path[index]
        if index + 1 < len(path) and isinstance(path[index + 1], int):
            parts.append(f"item {path[index + 1] + 1} of {part}")
            index += 2
            continue
        parts.append(f"key {part}" if index == len(path) - 1 else str(part))
        index += 1
    return ", ".join(parts)


def first_error(exc: ValidationError, data: Any) -> tuple[str, tuple[Any, ...], int | None]:
    """Pydantic's first error in a YAML file as (sentence, path into the data, line)."""
    found = schema_error(exc.errors()[0], data)
    return found.sentence, found.loc, found.line


def _short(text: str, limit: int = 80) -> str:
    """A value cut short: one bad cell must not flood the report."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


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
