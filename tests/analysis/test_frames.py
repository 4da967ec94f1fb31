"""DataFrames when pandas is there, one clear error when it is not."""

from __future__ import annotations

import sys

import pytest

from amnesty import api
from amnesty.analysis.frames import PandasMissingError


def test_missing_pandas_is_one_clear_error(records, monkeypatch):
    result = api.sweep(records, param="release_age", values=[70])
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(PandasMissingError, match=r"pip install 'amnesty\[pandas\]'"):
        result.to_frame()


def test_frames_hold_the_same_numbers_as_the_dicts(records):
    pytest.importorskip("pandas")
    sweep = api.sweep(records, param="release_age", values=[65, 75])
    frame = sweep.to_frame()
    assert list(frame["release_age"]) == [65, 75]
    assert list(frame["release"]) == [row.outcomes["release"] for row in sweep.rows]
    comparison = api.compare(records, scenario="law-10-iraqis-covered")
    matrix = comparison.to_frame("transitions")
    assert int(matrix.loc["not_covered", "reduced"]) == comparison.transitions["not_covered"]["reduced"]
    assert len(comparison.to_frame("changed")) == len(comparison.changed)
    regions = comparison.to_frame("region")
    assert int(regions["delta"].sum()) == 0
    timeline = api.timeline(records, by="year")
    assert int(timeline.to_frame()["releases"].sum()) == timeline.released_by_horizon
