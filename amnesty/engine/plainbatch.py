"""Batches decided record by record the plain way, for evaluators the fast path cannot serve.

The fast path (``amnesty.engine.fastpath``) turns one rulebook's key into a
JSON template; a chain of rulebooks or the automatic choice of instrument
per record has no single key, so their batches come here instead: the same
``BatchResult`` (so the pipeline, the workers and the duplicate check work
unchanged), every row through the evaluator's own ``decide_values``. Slower,
and the same bytes for any number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from amnesty.models.record import RECORD_FIELDS
from amnesty.engine.fastpath import CHECK_EVERY, FastEvaluator


class PlainBatches(FastEvaluator):
    """``FastEvaluator.decide`` with the fast path switched off: every row the plain way."""

    def __init__(
        self,
        evaluator: Any,
        names: Sequence[str] = RECORD_FIELDS,
        *,
        encode: Callable[[Any], str] | None = None,
        dicts: bool = False,
        redactor: Any = None,
        templates: bool = True,
        unit: str = "line",
    ):
        self.evaluator = evaluator
        self.unit = unit
        self.as_of = evaluator.as_of
        self.names = tuple(names)
        self.encode = encode
        self.dicts = dicts
        self.redactor = redactor
        self.templates = templates
        self.check_every = CHECK_EVERY
        self.enabled = False
        self._id_at = self.names.index("record_id") if "record_id" in self.names else None

    def _unreadable(self, line: int, problem: str | None, record_id: str | None) -> dict[str, Any]:
        from amnesty.engine.select import evaluator_invalid

        return evaluator_invalid(self.evaluator, record_id, None, [f"{self.unit} {line}: " + (problem or "unreadable row")])
