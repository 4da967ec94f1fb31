from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from amnesty.cli.app import app
from amnesty.models.record import RECORD_FIELDS


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke


@pytest.fixture
def write_csv(tmp_path):
    def write(rows, name="records.csv"):
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=RECORD_FIELDS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
        return path

    return write
