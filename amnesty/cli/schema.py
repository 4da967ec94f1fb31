"""``amnesty schema``: the JSON Schema of each file format."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from amnesty.models.decision import Decision
from amnesty.models.record import Record
from amnesty.models.rulebook import Rulebook


class Format(str, Enum):
    record = "record"
    decision = "decision"
    rulebook = "rulebook"


MODELS = {Format.record: Record, Format.decision: Decision, Format.rulebook: Rulebook}


def schema(kind: Annotated[Format, typer.Argument(help="The format: record, decision or rulebook.")]) -> None:
    """Print the JSON Schema of the record, decision or rulebook format.

    Example: amnesty schema record > record.schema.json
    """
    typer.echo(json.dumps(MODELS[kind].model_json_schema(by_alias=True), indent=2, ensure_ascii=False))
