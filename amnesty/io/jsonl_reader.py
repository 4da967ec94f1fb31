"""JSON Lines records: one object per physical line, each judged on its own.

A line that is not valid JSON costs that one record, never the file: it
becomes a problem row naming the line and where the JSON broke. Values are
passed on as parsed (a nested object where a string belongs is left for the
model to refuse), but two things are refused here because the model could
not see them: a key given twice in one object (json keeps the last one
silently, so which value was meant is unknowable) and a ``\\ud800``-style
escape that decodes to half a character (it could not be written back out
as UTF-8).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from amnesty.io.source import (
    EXTRA_KEYS_LIMIT,
    FIELD_LIMIT,
    FIELD_SET,
    LINE_LIMIT,
    RawRow,
    RecordSource,
    about,
    clean_id,
    display_name,
    has_undecodable,
    line_break_problem,
    long_line_problem,
    nul_problem,
    oversize_problem,
    skip_long_line,
    undecodable_problem,
)

MAX_NESTING = 32
"""Levels of lists and objects a record may nest. A record is flat (a list of
categories is one level); a value nested hundreds of levels deep parses, but
printing or handing it to another process would exhaust Python's stack."""


_ID_IN_TEXT = re.compile(r'"record_id"\s*:\s*"((?:[^"\\\n]|\\.){1,256})"')
_SURROGATE = re.compile("[\ud800-\udfff]")
_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true/false"}


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


_DECODE = json.JSONDecoder(object_pairs_hook=_unique_pairs).decode
_LENIENT = json.JSONDecoder(strict=False).decode


class JsonlSource(RecordSource):
    format = "jsonl"

    def __init__(self, stream: BinaryIO, path: str):
        super().__init__(stream, path)
        self._extra_seen: set[str] = set()
        self.present_fields: set[str] = set()  # grows as records are read
        self._rows = self._iter_rows()

    def _iter_rows(self) -> Iterator[RawRow]:
        readline = self._stream.readline
        decode, fields, present = _DECODE, FIELD_SET, self.present_fields
        line = 0
        while True:
            raw = readline(LINE_LIMIT)
            if not raw:
                return
            line += 1
            if len(raw) >= LINE_LIMIT and not raw.endswith(b"\n"):
                head = raw[:4096].decode("utf-8", "replace")
                size = skip_long_line(readline, raw)
                yield RawRow(line, None, long_line_problem(size), _id_from_text(head))
                continue
            try:
                text = raw.decode()
            except UnicodeDecodeError:
                text = raw.decode("utf-8", "surrogateescape")
                field = _field_where(text, has_undecodable)
                bad = _field_text(text, field) if field else text
                yield RawRow(line, None, undecodable_problem(bad, field), _id_from_text(text))
                continue
            if b"\0" in raw:
                field = _field_where(text, lambda value: "\0" in value)
                yield RawRow(line, None, nul_problem(field), _id_from_text(text))
                continue
            if text.isspace():
                continue
            if text.startswith("\ufeff"):  # a BOM where two exports were joined
                text = text[1:]
            try:
                obj = decode(text)
            except (ValueError, RecursionError) as exc:
                yield RawRow(line, None, _parse_problem(exc, text), _id_from_text(text))
                continue
            if type(obj) is not dict:
                kind = "null" if obj is None else _KINDS.get(type(obj), type(obj).__name__)
                problem = f"holds {kind}, not an object; each line must be one record object"
                yield RawRow(line, None, problem, None)
                continue
            if text.count("[") + text.count("{") > MAX_NESTING:
                deep = _too_deep(obj)
                if deep is not None:
                    yield RawRow(line, None, about(display_name(deep), f"nested more than {MAX_NESTING} levels deep; "
                                 "a record's values are flat"), clean_id(obj.get("record_id")))
                    continue
            if obj.keys() <= fields:
                values = obj
            else:
                values = {key: value for key, value in obj.items() if key in fields}
                self._note_extra(obj)
            if not values.keys() <= present:
                present.update(values)
            if len(text) > FIELD_LIMIT or "\\" in text:
                problem = self._value_problem(obj, values, text)
                if problem:
                    yield RawRow(line, None, problem, clean_id(values.get("record_id")))
                    continue
            yield RawRow(line, values, None, clean_id(values.get("record_id")))

    def _note_extra(self, obj: dict[str, Any]) -> None:
        seen = self._extra_seen
        for key in obj:
            if key not in FIELD_SET and key not in seen and len(seen) < EXTRA_KEYS_LIMIT:
                seen.add(key)
                self.extra_columns.append(display_name(key))

    @staticmethod
    def _value_problem(obj: dict[str, Any], values: dict[str, Any], text: str) -> str | None:
        """Oversized values, NUL characters, line breaks and lone surrogates, checked only on lines that
        could hold them.

        As in CSV, a value of any key may not pass FIELD_LIMIT, and a
        data-dictionary value may not hold a line break: the same record
        gives the same decision in either format.
        """
        if len(text) > FIELD_LIMIT:
            for key, value in obj.items():
                if isinstance(value, str) and len(value) > FIELD_LIMIT:
                    return oversize_problem(display_name(key), len(value))
        for key, value in values.items():
            if isinstance(value, str) and "\0" in value:  # a \u0000 escape: refused as CSV refuses a NUL byte
                return nul_problem(key)
            if isinstance(value, str) and ("\n" in value or "\r" in value):
                return line_break_problem(key)
        if "\\ud" in text or "\\uD" in text:
            try:
                json.dumps(values, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError:
                field = next((k for k, v in values.items() if isinstance(v, str) and _SURROGATE.search(v)), None)
                return about(field, "holds a \\u escape that is half a character (a lone surrogate)")
        return None


def _too_deep(obj: dict[str, Any]) -> str | None:
    """The first key whose value nests more than MAX_NESTING levels, found without recursion."""
    for key, value in obj.items():
        stack = [(value, 1)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, dict | list):
                if depth > MAX_NESTING:
                    return key
                stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return None


def _parse_problem(exc: Exception, text: str) -> str:
    """Where and why a line is not one JSON object."""
    if isinstance(exc, _DuplicateKey):
        return about(display_name(exc.key), "given twice in one object, so which value is meant is unclear")
    if isinstance(exc, json.JSONDecodeError):
        where = "at the end of the line" if exc.pos >= len(text.rstrip()) else f"at column {exc.pos + 1}"
        return f"not valid JSON: {exc.msg} {where}"
    if isinstance(exc, RecursionError):
        return "not valid JSON: it is nested too deeply"
    return f"not valid JSON: {exc}"


def _id_from_text(text: str) -> str | None:
    """The record id of a line that did not parse, if one can be picked out."""
    match = _ID_IN_TEXT.search(text)
    if match is None:
        return None
    try:
        return clean_id(json.loads(f'"{match.group(1)}"'))
    except ValueError:
        return clean_id(match.group(1))


def _field_where(text: str, test: Any) -> str | None:
    """The first top-level key whose string value fails ``test``, for naming it."""
    try:
        obj = _LENIENT(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(obj, dict):
        return None
    return next((k for k, v in obj.items() if isinstance(v, str) and test(v)), None)


def _field_text(text: str, field: str) -> str:
    try:
        value = _LENIENT(text).get(field)
    except (ValueError, RecursionError, AttributeError):
        return text
    return value if isinstance(value, str) else text
