"""Helpers shared by the hostile-input tests (a module of its own: ``conftest`` names clash across folders)."""

from __future__ import annotations

import json

HEADER = ("record_id", "facility_id", "legal_status", "offence_categories", "offence_date",
          "sentence_type", "sentence_months", "custody_start")


def jsonl_of(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
