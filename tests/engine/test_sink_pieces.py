"""A batch's blob of JSON lines with some lines replaced (repeated ids), without splitting it."""

import numpy as np

from amnesty.engine.sink import _checked_count, _spliced


def test_replaced_lines_and_the_rest_unchanged():
    lines = [b'{"a":1}', b'{"b":22}', b'{"c":"\xc3\xa9"}', b'{"d":4444}']
    blob = b"\n".join(lines)
    sizes = np.array([len(line) for line in lines], dtype=np.uint32)
    for replaced in ({}, {0: b"X"}, {1: b"X", 3: b"YY"}, {0: b"A", 1: b"B", 2: b"C", 3: b"D"}):
        expected = b"\n".join(replaced.get(i, line) for i, line in enumerate(lines))
        assert b"".join(_spliced(blob, sizes, replaced)) == expected


def test_count_checked_against_the_sizes():
    lines = [b"{}", b'{"x":1}']
    blob = b"\n".join(lines)
    assert _checked_count(blob, np.array([2, 7], dtype=np.uint32)) == 2
    assert _checked_count(blob + b"\n{}", np.array([2, 7], dtype=np.uint32)) == -1
    assert _checked_count(b"", np.array([], dtype=np.uint32)) == 0
