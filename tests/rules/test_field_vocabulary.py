"""The record's fields are declared once, in ``Record``: what the rules may read is derived from it."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, BeforeValidator

from amnesty.models import cells
from amnesty.models.fields import DERIVED_FACTS, FIELDS, FieldType, record_field_spec
from amnesty.models.record import Authority, OffenceCategory, Record


def test_every_record_field_but_the_id_is_a_fact_the_rules_may_read():
    assert [name for name in FIELDS if not FIELDS[name].reads] == [n for n in Record.model_fields if n != "record_id"]
    assert [spec for spec in FIELDS.values() if spec.reads] == list(DERIVED_FACTS)


def test_a_fields_kind_is_its_cell_parser_and_an_enums_choices_its_members():
    kinds = {name: FIELDS[name].type for name in ("facility_id", "nationality", "birth_date", "sentence_months",
                                                   "fought_sdf", "legal_status", "offence_categories")}
    assert kinds == {
        "facility_id": FieldType.text, "nationality": FieldType.country, "birth_date": FieldType.date,
        "sentence_months": FieldType.integer, "fought_sdf": FieldType.boolean, "legal_status": FieldType.enum,
        "offence_categories": FieldType.enum_list,
    }
    assert FIELDS["offence_categories"].choices == tuple(member.value for member in OffenceCategory)
    assert FIELDS["custodial_authority"].choices == tuple(member.value for member in Authority)


def test_a_new_field_is_read_from_its_declaration():
    class Widened(BaseModel):
        holding_authority: Annotated[Authority | None, BeforeValidator(cells.enum_text)] = None
        released_on: Annotated[object, BeforeValidator(cells.parse_date)] = None
        note: str | None = None

    spec = record_field_spec("holding_authority", Widened.model_fields["holding_authority"])
    assert (spec.type, spec.choices) == (FieldType.enum, tuple(member.value for member in Authority))
    assert record_field_spec("released_on", Widened.model_fields["released_on"]).type is FieldType.date
    with pytest.raises(TypeError, match="note needs exactly one cell parser"):
        record_field_spec("note", Widened.model_fields["note"])


def test_a_derived_fact_names_where_its_source_crosses_each_threshold():
    from datetime import date

    from amnesty.engine.facts import DERIVED
    from amnesty.engine.sentence import age_on

    assert set(DERIVED) == {spec.name for spec in DERIVED_FACTS}
    source, derive, near = DERIVED["age"]
    assert source == "birth_date" and derive is age_on
    as_of = date(2024, 2, 29)
    assert sorted(age_on(born, as_of) for born in near(75, as_of)) == [74, 75, 76]
