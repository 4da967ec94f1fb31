"""YAML reading that remembers where things are and refuses duplicate keys.

A reviewer told "rule 7 is malformed" has to hunt; told "rulebook.yaml:88"
they do not. PyYAML silently keeps the last of two equal keys, which would
let a rule's second ``when`` replace its first unseen, so that is an error.
"""

from __future__ import annotations

from typing import Any

import yaml

from amnesty.errors import RulebookError
from amnesty.rules.yaml_words import syntax_message


class LineDict(dict):
    """A mapping that knows the line it starts on and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A list that knows the line it starts on and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]


MAX_DEPTH = 60  # a rulebook nests a handful of levels; deeper is a mistake, and would exhaust Python's stack
MAX_VALUES = 1_000_000
MAX_TEXT = 8 << 20
"""Characters of text (keys and strings) a file may hold once its aliases are expanded; a rulebook
holds tens of kilobytes, and a 1 MB string aliased 2,000 times would take gigabytes to validate."""
MAX_RULES = 2_000
"""Rules in one file: a law has tens of articles. Counted while parsing, so that a file of
100,000 rules is refused in a moment, for what it is."""
FAST_TEXT = 1 << 20
"""Characters of a file libyaml may read: the largest rulebook has 64,000. A larger file is
read by ``_Loader``, which refuses 100,000 rules at the 2,001st; libyaml would read them all first."""
MAX_NUMBER = 100
"""Characters of one number: more is no rulebook's value, and Python refuses to read an
integer of more than 4,300 digits anyway."""


class _Loader(yaml.SafeLoader):
    """Composes with a watch on depth and on the number of rules, so a hostile file stops early, at its line."""

    _depth = 0
    _in_rules = False

    def compose_node(self, parent, index):
        line = self.peek_event().start_mark.line + 1
        if self._depth >= MAX_DEPTH:
            raise RulebookError(f"nested more than {MAX_DEPTH} levels deep", path=self.name, line=line)
        if self._in_rules and self._depth == 2 and isinstance(index, int) and index >= MAX_RULES:
            raise RulebookError(
                f"has more than {MAX_RULES:,} rules; no law has that many articles (a generated or damaged file?)",
                path=self.name,
                line=line,
            )
        rules = self._depth == 1 and isinstance(index, yaml.ScalarNode) and index.value == "rules"
        self._depth += 1
        self._in_rules |= rules
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if rules:
                self._in_rules = False


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, list | dict):
            line = key_node.start_mark.line + 1
            raise RulebookError("a key must be a plain name, not a list or a mapping", path=loader.name, line=line)
        if key in result:
            raise RulebookError(
                f"duplicate key {key!r} (first given on an earlier line)",
                path=loader.name,
                line=key_node.start_mark.line + 1,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2024-02-30 has the form of a date but is none
        line = node.start_mark.line + 1
        raise RulebookError(f"{node.value!r} is not a real calendar date", path=loader.name, line=line) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _number(kind: str):
    base = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")

    def construct(loader: _Loader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER:
            line = node.start_mark.line + 1
            raise RulebookError(
                f"a number of {len(node.value):,} characters; no rulebook value is longer than {MAX_NUMBER}",
                path=loader.name,
                line=line,
            )
        return base(loader, node)

    return construct


_Loader.add_constructor("tag:yaml.org,2002:int", _number("int"))
_Loader.add_constructor("tag:yaml.org,2002:float", _number("float"))


if yaml.__with_libyaml__:

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with the same constructors (a rulebook loads in a fifth of the time)."""

    for _tag, _constructor in _Loader.yaml_constructors.items():
        _FastLoader.add_constructor(_tag, _constructor)


def _parsed_fast(text: str, name: str) -> Any:
    """The file as ``_Loader`` would give it, parsed by libyaml; None whenever the two could differ.

    libyaml composes the document much faster than ``_Loader`` but cannot watch depth and rules
    as it goes, so a document near either limit, or one libyaml refuses, goes back to
    ``_Loader``, which says what is wrong at which line. Values are built by the same
    constructors, after the same checks, so their errors are the same too.
    """
    if not yaml.__with_libyaml__ or len(text) > FAST_TEXT:
        return None
    try:
        loader = _FastLoader(text)  # encodes the text: a lone surrogate fails here already
    except Exception:  # noqa: BLE001 - whatever libyaml refuses, _Loader reads again and words
        return None
    loader.name = name
    try:
        try:
            node = loader.get_single_node()
        except Exception:  # noqa: BLE001 - as above
            return None
        if node is None or _node_height(node) >= MAX_DEPTH - 1 or _rules_count(node) > MAX_RULES:
            return None
        try:
            data = loader.construct_document(node)
        except yaml.YAMLError:  # an unknown tag, bad base64: worded by _Loader (RulebookError passes as it is)
            return None
    finally:
        loader.dispose()
    _check_depth(data, name)
    return data


def _node_height(root: yaml.Node) -> int:
    """Levels of nodes, counting a node that aliases make shared at each place: never fewer
    than ``_Loader`` counts while composing (it counts an alias as one level), so never lets
    through what it would refuse."""
    heights: dict[int, int] = {}

    def height(node: yaml.Node) -> int:
        if id(node) not in heights:
            if isinstance(node, yaml.MappingNode):
                children = [part for pair in node.value for part in pair]
            else:
                children = node.value if isinstance(node, yaml.SequenceNode) else []
            heights[id(node)] = MAX_DEPTH  # while it is measured: an alias inside its own anchor is too deep
            heights[id(node)] = 1 + max((height(child) for child in children), default=0)
        return heights[id(node)]

    try:
        return height(root)
    except RecursionError:
        return MAX_DEPTH


def _rules_count(root: yaml.Node) -> int:
    """The items of a top-level ``rules`` list, as ``_Loader`` counts them while composing."""
    if not isinstance(root, yaml.MappingNode):
        return 0
    return max((len(value.value) for key, value in root.value
                if isinstance(key, yaml.ScalarNode) and key.value == "rules" and isinstance(value, yaml.SequenceNode)),
               default=0)


def load_yaml(text: str, name: str) -> Any:
    """Parse YAML text; errors name the file and line."""
    data = _parsed_fast(text, name)
    if data is not None:
        return data
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        message = f"not valid YAML: the character U+{code:04X} is not allowed"
        raise RulebookError(message, path=name, line=line) from None
    loader.name = name
    try:
        data = loader.get_single_data()
        _check_depth(data, name)
        return data
    except RecursionError:
        raise RulebookError(f"nested more than {MAX_DEPTH} levels deep", path=name) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulebookError(syntax_message(exc), path=name, line=line) from None
    except yaml.YAMLError as exc:
        raise RulebookError(f"not valid YAML: {exc}", path=name) from None
    finally:
        loader.dispose()


def _check_depth(data: Any, name: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, and aliases that expand into millions of values or MAX_TEXT of text.

    Sizes are those after alias expansion (validation and the digest walk
    the expanded data); each shared node is measured once, so this costs
    the size of the file, not of its expansion. The line named is that of
    the innermost mapping or list that grows too big.
    """
    memo: dict[int, tuple[int, int, int]] = {}

    def measure(node: Any) -> tuple[int, int, int]:  # (depth, expanded values, expanded characters)
        if isinstance(node, str):
            return 0, 1, len(node)
        if not isinstance(node, dict | list):
            return 0, 1, 0
        if id(node) not in memo:
            items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            parts = [measure(child) for child in items]
            depth = 1 + max((d for d, _, _ in parts), default=0)
            line = getattr(node, "line", None)
            if depth > MAX_DEPTH:
                raise RulebookError(f"nested more than {MAX_DEPTH} levels deep", path=name, line=line)
            values, chars = 1 + sum(n for _, n, _ in parts), sum(c for _, _, c in parts)
            if values > MAX_VALUES:
                raise RulebookError(
                    f"expands to more than {MAX_VALUES:,} values (through YAML aliases?)", path=name, line=line
                )
            if chars > MAX_TEXT:
                raise RulebookError(
                    f"expands to more than {MAX_TEXT >> 20} MB of text (through YAML aliases?)", path=name, line=line
                )
            memo[id(node)] = (depth, values, chars)
        return memo[id(node)]

    measure(data)


def line_at(data: Any, path: tuple[Any, ...]) -> int | None:
    """The line of the deepest key or list item on ``path`` that the file has.

    ``sources`` finds a key written in its short form ``source``, so a problem with
    a rule's sources points at the line that cites them however they are written.
    """
    line = getattr(data, "line", None)
    node = data
    for part in path:
        if isinstance(node, dict):
            if part not in node and part == "sources" and "source" in node:
                part = "source"
            if part not in node:
                break
            line = getattr(node, "key_lines", {}).get(part, line)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            items = getattr(node, "item_lines", None)
            line = items[part] if items else line
        else:
            break
        node = node[part]
    return line
