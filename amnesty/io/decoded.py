"""Decisions the engine wrote as JSON, read back for whoever aggregates them.

Every aggregator (compare, timeline, the report, a notebook's callback, the
Parquet writer) reads the decisions back from the JSON the deciders wrote,
so it sees exactly what ``amnesty evaluate`` writes: a comparison of 100,000
records reads 200,000 of them. orjson reads them about 2.5 times as fast as
the standard library (a comparison of 100,000 records: 0.82x wall,
``farm-bench -n 3``). Where the two could differ, the standard library reads
the decision, so the values are the same either way: orjson refuses some
text the standard library takes (NaN, a lone surrogate escaped in a record's
own text), and reads an integer past 64 bits as a float, so a decision with
a run of 19 digits anywhere (an id or a value) is not given to it.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson


_LONG_NUMBER = re.compile(r"\d{19}")
_LONG_BYTES = re.compile(rb"\d{19}")


def loads(text: bytes | str) -> Any:
    """The decision ``json.loads`` would give."""
    if (_LONG_BYTES if isinstance(text, bytes) else _LONG_NUMBER).search(text):
        return json.loads(text)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
