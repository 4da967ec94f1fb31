"""The document ``evaluate --summary`` writes, as a model: its JSON Schema (``amnesty schema summary``)
is what a scheduled job's monitor validates a night's run against.

The summary itself is made by ``amnesty.api.summary`` from the run's counts; this model describes
it, and the tests hold the two together (every document a run writes validates, with no key this
model does not name), so the schema cannot drift from what is written.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, create_model

from amnesty.models.decision import OUTCOME_ORDER, RulebookRef

_STRICT = ConfigDict(extra="forbid")

OutcomeCounts = create_model(
    "OutcomeCounts", __config__=_STRICT, __doc__="Records with each outcome, every outcome named.",
    **{o.value: (int, Field(ge=0)) for o in OUTCOME_ORDER},
)


class Bound(BaseModel):
    model_config = _STRICT

    certain: int = Field(ge=0, description="Records decided so.")
    possible: int = Field(ge=0, description="Records that could be so once their unknown facts are known.")


Bounds = create_model(
    "Bounds", __config__=_STRICT, __doc__="Per outcome, the certain and possible counts.",
    **{o.value: (Bound, ...) for o in OUTCOME_ORDER},
)


class DatedAfter(BaseModel):
    model_config = _STRICT

    records: int = Field(ge=0, description="Records with any date after the as-of date.")
    offence_date: int = Field(ge=0)
    custody_start: int = Field(ge=0)


class InvalidRecord(BaseModel):
    model_config = _STRICT

    line: int | None
    record_id: str | None
    field: str | None
    value: str | None
    problem: str


class InvalidRecords(BaseModel):
    model_config = _STRICT

    by_field: dict[str, int] = Field(description="Invalid records by the field at fault.")
    first: list[InvalidRecord] = Field(description="The first few invalid records, each error a row.")
    errors_file: str | None = Field(description="The file listing every error (--errors), or null.")
    errors_file_sha256: str | None = Field(default=None, description="Its sha256 as written, when there is one.")
    max_invalid: str | None = Field(description=(
        "--max-invalid as given (a number of records, or a percentage), or null: a run past it writes nothing, "
        "so a summary with it was within it and exits 0."))


class RunSummaryDocument(BaseModel):
    """One run of ``amnesty evaluate``: what it read, under which law and date, and what it decided."""

    model_config = _STRICT

    summary_format: int = Field(description="Raised when a key changes meaning or goes.")
    amnesty_version: str
    source: str = Field(description="The records file, or <stdin>.")
    source_sha256: str | None = Field(description="Of exactly the bytes read (a compressed file as stored).")
    rulebook: RulebookRef
    as_of: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    records_in: int = Field(ge=0)
    min_records: int | None = Field(description="--min-records, or null: a run with fewer records writes nothing.")
    decisions_out: int = Field(ge=0, description="Always records_in: one decision per record.")
    outcomes: OutcomeCounts  # type: ignore[valid-type]
    by_facility: dict[str, OutcomeCounts]  # type: ignore[valid-type]
    bounds: Bounds  # type: ignore[valid-type]
    bounds_by_facility: dict[str, Bounds]  # type: ignore[valid-type]
    extra_columns: list[str] = Field(description="Input columns the data dictionary does not name (ignored).")
    absent_columns: list[str] = Field(description=(
        "Fields the rules read that the input has no column (or, in JSON Lines, no key) for: unknown for every "
        "record. A new name here between two nightly runs is an export that lost a column."))
    output: str | None = Field(description="The decisions file, or null.")
    output_sha256: str | None = Field(description="Its sha256 as written (compressed if it is), or null.")
    as_of_chosen: str = Field(description="How the as-of date was chosen.")
    dated_after_as_of: DatedAfter
    warnings: list[str]
    invalid_records: InvalidRecords
    input_notes: list[str] = Field(description="How the input was read: a sheet, a delimiter, a compression.")
