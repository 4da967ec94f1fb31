"""libyaml reads rulebooks, scenarios and chains exactly as the careful loader does, or leaves them to it.

``load_yaml`` parses with libyaml when it can (a rulebook in a fifth of the
time) and falls back to ``_Loader``, which watches depth and rules while it
composes and words every problem. These tests hold the two to the same
values, the same lines, and the same errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from amnesty.errors import RulebookError
from amnesty.rules import yamlio

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*(ROOT / "amnesty").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")])


def careful(text: str, name: str = "x.yaml"):
    """What load_yaml gives without libyaml: the value with its lines, or the error's words."""
    return _outcome(lambda: yamlio.load_yaml(text, name), fast=False)


def _outcome(call, fast: bool = True):
    original = yamlio._parsed_fast
    if not fast:
        yamlio._parsed_fast = lambda text, name: None
    try:
        return ("value", _plain(call()))
    except RulebookError as error:
        return ("error", str(error))
    finally:
        yamlio._parsed_fast = original


def _plain(data):
    """Values with their line marks, so two loads compare in full."""
    if isinstance(data, dict):
        return ("map", getattr(data, "line", None), getattr(data, "key_lines", None),
                [(key, _plain(value)) for key, value in data.items()])
    if isinstance(data, list):
        return ("list", getattr(data, "line", None), getattr(data, "item_lines", None), [_plain(v) for v in data])
    return (type(data).__name__, data)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_yaml_file_loads_the_same_and_takes_the_fast_way(path):
    text = path.read_text(encoding="utf-8")
    assert yamlio._parsed_fast(text, str(path)) is not None  # not a silent fall back every time
    assert _outcome(lambda: yamlio.load_yaml(text, str(path))) == careful(text, str(path))


def _nested(levels: int, block: bool) -> str:
    if block:
        return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}leaf\n"
    return "a: " + "[" * levels + "1" + "]" * levels + "\n"


HOSTILE = {
    **{f"flow {n}": _nested(n, False) for n in (57, 58, 59, 60, 61, 1200)},
    **{f"block {n}": _nested(n, True) for n in (57, 58, 59, 60, 61)},
    "2,000 rules": "rules:\n" + "- id: r\n" * 2000,
    "2,001 rules": "rules:\n" + "- id: r\n" * 2001,
    "rules as a mapping": "rules:\n" + "".join(f"  r{i}: 1\n" for i in range(2100)),
    "a duplicate key": "id: a\nname: b\nid: c\n",
    "a date that is none": "enacted: 2024-02-30\n",
    "a long number": "x: " + "9" * 101 + "\n",
    "a tab": "a:\n\tb: 1\n",
    "a control character": "a: \x07\n",
    "a lone surrogate": "a: \ud800\n",
    "an alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)),
    "an alias deep down": "top: &t [1]\n" + _nested(58, True).replace("leaf", "*t"),
    "an undefined alias": "a: *nothing\n",
    "an unclosed list": "a: [1, 2\nb: 3\n",
    "an empty document": "",
    "only a comment": "# nothing\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "a list at the top": "- 1\n- 2\n",
    "a key that is a list": "? [a, b]\n: 1\n",
    "a mapping value where none may be": "a: b: c\n",
    "an unknown tag": "a: !foo x\n",
    "a Python object tag": "a: !!python/object:os.system x\n",
    "bad base64": "a: !!binary xyz\n",
    "a set": "a: !!set {x, y}\n",
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_yaml_gives_the_careful_loaders_value_or_error(name):
    text = HOSTILE[name]
    assert _outcome(lambda: yamlio.load_yaml(text, "x.yaml")) == careful(text)


def test_a_document_near_a_limit_goes_to_the_careful_loader():
    assert yamlio._parsed_fast(_nested(20, True), "x.yaml") is not None
    assert yamlio._parsed_fast(_nested(60, True), "x.yaml") is None
    assert yamlio._parsed_fast(HOSTILE["2,001 rules"], "x.yaml") is None
    assert yamlio._parsed_fast(HOSTILE["2,000 rules"], "x.yaml") is not None


def test_a_file_larger_than_any_rulebook_goes_to_the_careful_loader():
    """It stops at the first limit it meets; libyaml would read the whole file first."""
    assert yamlio._parsed_fast("a: " + "x" * yamlio.FAST_TEXT + "\n", "x.yaml") is None
    assert yamlio._parsed_fast("a: " + "x" * 1000 + "\n", "x.yaml") is not None
