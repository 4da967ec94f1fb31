from __future__ import annotations

import pytest

from amnesty.synth import write_sample_csv


@pytest.fixture(scope="session")
def small_sample(tmp_path_factory):
    """A few hundred generated records: enough for every outcome, quick to decide."""
    path = tmp_path_factory.mktemp("i18n") / "records.csv"
    write_sample_csv(path, count=400, seed=11)
    return path
