"""``amnesty schema``: the JSON Schema of each file format."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from amnesty import api


class Format(str, Enum):
    record = "record"
    decision = "decision"
    rulebook = "rulebook"
    summary = "summary"


def schema(kind: Annotated[Format, typer.Argument(help="The format: record, decision, rulebook or summary (what evaluate --summary writes).")]) -> None:
    """Print the JSON Schema of the record, decision, rulebook or run summary format.

    Example: amnesty schema record > record.schema.json
    """
    typer.echo(json.dumps(api.json_schema(kind.value), indent=2, ensure_ascii=False))
