"""A YAML syntax error in the words of a person editing a rulebook, not the parser's.

PyYAML says "expected ',' or ']', but got '<stream end>'"; a legal reviewer
editing a rulebook needs "a list opened with [ on line 12 is not closed".
Each known wording maps to a sentence; any other keeps the parser's own,
with the line and column where it gave up.
"""

from __future__ import annotations

import yaml


_PLAIN = (  # PyYAML's words for a syntax error, and what they mean to a person editing the file
    ("expected ',' or ']'", "a list opened with [{on_line} is not closed: a ']' (or a ',' between items) is missing"),
    ("expected ',' or '}'", "a mapping opened with {{{on_line} is not closed: a '}}' (or a ',' between entries) is missing"),
    ("mapping values are not allowed here",
     "a ':' where a plain value was expected; put the text in quotes if it contains ': ', "
     "or start the nested mapping on a new, further indented line"),
    ("found character '\\t' that cannot start any token", "a tab character; indent with spaces only"),
    ("found character '\t' that cannot start any token", "a tab character; indent with spaces only"),
    ("could not find expected ':'", "a key without its ':' (or a line indented where a new key was expected)"),
    ("did not find expected key", "this line is not indented like the keys around it{block}"),
    ("did not find expected '-' indicator", "this line is not indented like the list items around it{block}"),
    ("did not find expected node content", "a value is missing here"),
    ("found undefined alias", "an alias (*name) that no anchor (&name) defines"),
    ("found unexpected end of stream", "the file ends inside quoted text{on_line}: a closing quote is missing"),
    ("found unknown escape character", "an unknown backslash escape in double-quoted text; use single quotes instead"),
    ("found unexpected ':'", "a ':' that does not follow a key; put the text in quotes"),
    ("expected <block end>, but found '-'", "a list item ('- ') indented less or more than the items before it"),
    ("expected <block end>", "this line is indented less or more than the lines above it{block}"),
    ("found character '%' that cannot start any token", "text starting with '%'; put it in quotes"),
    ("found character '@' that cannot start any token", "text starting with '@'; put it in quotes"),
    ("found character '`' that cannot start any token", "text starting with '`'; put it in quotes"),
)


def syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """A YAML syntax error in plain words, with the line and column where the parser gave up."""
    mark = exc.problem_mark or exc.context_mark
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere in the file"
    problem = str(exc.problem or exc.context or "").strip()
    started = exc.context_mark if exc.context_mark and mark and exc.context_mark.line != mark.line else None
    on_line = f" on line {started.line + 1}" if started else ""
    block = f" (the part that begins on line {started.line + 1})" if started else ""
    for words, plain in _PLAIN:
        if problem.startswith(words):
            return f"not valid YAML at {where}: {plain.format(on_line=on_line, block=block)}"
    return f"not valid YAML at {where}: {problem or exc}"
