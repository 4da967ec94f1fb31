"""What each distinct cell of a record column means: its class in a record's key, and its value.

A register has a few dozen distinct values in most columns, so each distinct
cell is validated once, with the record model's own field validator, and its
truth under every leaf condition on that field becomes its class; a
record's key is then its cells' classes. Memory stays bounded: past
MAX_CELLS cells (or MAX_CELL_CHARS characters) a column starts afresh.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import TypeAdapter, ValidationError

from amnesty.models.record import Record
from amnesty.engine.facts import field_facts

if TYPE_CHECKING:
    from amnesty.engine.fastpath import FastEvaluator

MAX_CELLS = 1 << 16  # distinct cells remembered per column; past that the column starts afresh
MAX_CELL_CHARS = 1 << 25  # characters of distinct text cells remembered per column: 65,536 cells of 1 MB would not fit
BAD = -1  # the class of a cell that fails validation on its own
ABSENT = ("absent",)  # a key missing from a JSON object (not the same as null for required fields)


class ColumnCells:
    """One record field: what each distinct cell means (its class in the key, its value)."""

    def __init__(self, name: str, owner: FastEvaluator, leaf_indexes: list[int]):
        self.name = name
        self.required = Record.model_fields[name].is_required()
        self._adapter = _adapter(name)
        self._owner = owner
        self._leaves = [owner.book.leaf_functions[i] for i in leaf_indexes]
        self._classes: dict[tuple, int] = {}
        self.leaf_indexes = leaf_indexes
        self.truths: list[tuple] = []  # per class: the truth of each of the column's leaves
        self._chars = 0
        self.cls: dict[Any, int] = {}
        self.value: dict[Any, Any] = {}

    def lookup(self, cell: Any) -> int:
        cls = self.cls.get(cell)
        return self._fill(cell) if cls is None else cls

    def _fill(self, cell: Any) -> int:
        size = len(cell) if type(cell) is str else 0
        if len(self.cls) >= MAX_CELLS or self._chars + size > MAX_CELL_CHARS:
            self.cls.clear()
            self.value.clear()
            self._chars = 0
        self._chars += size
        cls = BAD
        try:
            value = self._validate(cell)
        except (ValidationError, TypeError):
            value = None
        else:
            if not self._owner.single_field_problem(self.name, value):
                facts = field_facts(self.name, value, self._owner.as_of)
                truths = tuple(leaf(facts) for leaf in self._leaves)
                cls = self._classes.get(truths)
                if cls is None:
                    cls = self._classes[truths] = len(self.truths)
                    self.truths.append(truths)
        self.cls[cell] = cls
        self.value[cell] = value
        return cls

    def _validate(self, cell: Any) -> Any:
        if cell is ABSENT:
            if self.required:
                raise TypeError("required")
            return None
        raw = cell[1] if type(cell) is tuple else cell
        return self._adapter.validate_python(raw)


@cache
def _adapter(name: str) -> TypeAdapter:
    """The record model's own validator of one field, built once per process: every evaluator
    (each worker's, each explained record's, each worked case's) validates its cells with it, and
    building one is most of what starting an evaluator costs."""
    info = Record.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])
