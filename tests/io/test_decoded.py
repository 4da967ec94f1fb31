"""Decisions read back with orjson give exactly what the standard library gives."""

import json

import pytest

from amnesty.io import decoded

TEXTS = [
    '{"record_id":"A-1","sentence_after":{"type":"fixed","months":12.5},"missing":[],"x":null,"y":true}',
    '{"months": 123456789012345678901234567890}',  # orjson would read a float
    '{"record_id": "ID-1234567890123456789012"}',
    '{"a": "\\ud800 a lone surrogate"}',
    '{"a": NaN}',
    '{"text": "\u0627\u0644\u0639\u0641\u0648 \u00e9 \u2028"}',
    '{"a": 1, "a": 2}',
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_values_as_the_standard_library(text):
    want = json.loads(text)
    for given in (text, text.encode("utf-8", "surrogatepass")):
        got = decoded.loads(given)
        assert repr(got) == repr(want)  # repr: NaN equals nothing, and 1 == 1.0
