"""Decide batches of raw rows quickly, exactly as ``Evaluator.decide_values`` would.

Deciding one record the plain way (pydantic validation, the fact, the key,
a decision dict, JSON) costs about 60 µs, and almost all of it repeats from
record to record: a register has a few dozen distinct values in most
columns and a few thousand distinct keys. So here each distinct cell of a
column is validated once, with the record model's own field validators,
and becomes that column's share of the key; a row's key is a tuple of
dictionary lookups; and its decision is a JSON template per key and result
with the record's own values (id, facility, sentence, dates) filled in.

Whatever is off that path (a cell that fails validation, a record-level
problem, dates past the calendar, a rulebook whose facts need more than one
column) is decided by the evaluator itself. Two checks keep the shortcut
honest: the first record of every template is decided the plain way and the
template must reproduce it byte for byte, and so is every ``check_every``-th
record of a batch; any difference stops the run. The plain way itself, and
those checks, are ``amnesty.engine.reference_rows``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from json.encoder import encode_basestring
from operator import getitem, itemgetter
from types import SimpleNamespace
from typing import Any

from amnesty.errors import EngineError
from amnesty.models.fields import FIELDS
from amnesty.models.record import RECORD_FIELDS, Record, SentenceType
from amnesty.engine import decisions
from amnesty.engine.evaluator import Evaluator, remember
from amnesty.engine.outcome import Result, SentenceFacts, decide
from amnesty.engine.batch_result import BatchResult, Row
from amnesty.engine.cells import ABSENT, BAD, ColumnCells
from amnesty.engine.reference_rows import ReferenceRows, _row_id
from amnesty.engine.templates import Entry, NoTemplate, Template, possible_outcomes, result_key

CHECK_EVERY = 128
_BLANK = {**dict.fromkeys(RECORD_FIELDS), "record_id": "-", "facility_id": "-"}  # a record of no known value
_FIXED = SentenceType.fixed
_KNOWN_MODEL_CHECKS = {"_fixed_needs_months", "_dates_can_all_be_true"}  # both re-checked in _fast
AFTER_BIRTH = ("offence_date", "custody_start", "surrender_date")
_PROBE = 'a "quoted"\n\u0627\u00e9 \\ \x7f\u2028 text'  # how the output encodes text, checked once



class FastEvaluator(ReferenceRows):
    """Decides rows through the shortcuts above; one per process, beside its Evaluator. Rows off
    the shortcuts, and the checks, are decided the plain way (``ReferenceRows``)."""

    def __init__(
        self,
        evaluator: Evaluator,
        names: Sequence[str] = RECORD_FIELDS,
        *,
        encode: Callable[[Any], str] | None = None,
        dicts: bool = False,
        redactor: Any = None,
        templates: bool = True,
        check_every: int = CHECK_EVERY,
        unit: str = "line",
    ):
        self.evaluator = evaluator
        self.unit = unit
        self.book = evaluator.book
        self.as_of = evaluator.as_of
        self.names = tuple(names)
        self.encode = encode
        self.dicts = dicts
        self.redactor = redactor
        self.check_every = check_every
        self.templates = templates  # False when ``encode`` does not write JSON: every row the plain way
        self._entries: dict[tuple, Entry] = {}  # key -> the entry of its pattern
        self._by_pattern: dict[tuple, Entry] = {}
        self._sentences: dict[tuple, str] = {}
        self._terms = evaluator._terms
        json_text = bool(encode and templates and encode(_PROBE) == encode_basestring(_PROBE))
        self._text = encode_basestring if json_text else encode
        self._setup()

    # -- set-up -----------------------------------------------------------------

    def _setup(self) -> None:
        by_field: dict[str, list[int]] = {}
        single = True
        for i, leaf in enumerate(self.book.leaves):
            sources = FIELDS[leaf.field].sources
            single &= len(sources) == 1
            by_field.setdefault(sources[0], []).append(i)
        decorators = Record.__pydantic_decorators__
        plain_model = set(decorators.model_validators) <= _KNOWN_MODEL_CHECKS and not decorators.field_validators
        present = set(self.names)
        required_present = all(n in present for n, i in Record.model_fields.items() if i.is_required())
        self.enabled = (
            not getattr(self.evaluator, "fills_authority", False)  # custody depends on two columns: plain path
            and single and plain_model and required_present and "record_id" in present and (self.templates or not self.encode)
        )
        self._id_at = self.names.index("record_id") if "record_id" in present else None
        keyed = [n for n in self.names if n != "record_id"]
        self._columns = [ColumnCells(n, self, by_field.get(n, [])) for n in keyed]
        self._positions = [self.names.index(n) for n in keyed]
        self._pick = itemgetter(*self._positions) if len(self._positions) > 1 else (lambda c: (c[self._positions[0]],))
        self._cls = [c.cls for c in self._columns]
        at = {c.name: i for i, c in enumerate(self._columns)}
        self._fac, self._type, self._months, self._custody = (
            at.get(n) for n in ("facility_id", "sentence_type", "sentence_months", "custody_start")
        )
        self._born = at.get("birth_date")
        self._stub = SimpleNamespace(**_BLANK)  # see single_field_problem
        self._after_birth = [at[n] for n in AFTER_BIRTH if n in at]

    def single_field_problem(self, name: str, value: Any) -> bool:
        """Whether the evaluator's record-level checks refuse this value on its own (asked of every
        distinct cell: one blank record, given the value and then its blank back, rather than a
        record of thirty fields made per cell, which was 40% of learning a cell)."""
        stub = self._stub
        setattr(stub, name, value)
        try:
            return self.evaluator.record_problem(stub) is not None
        finally:
            setattr(stub, name, _BLANK.get(name))

    # -- rows -------------------------------------------------------------------

    def decide(self, rows: Sequence[Row]) -> BatchResult:
        result = BatchResult(out=[] if (self.encode or self.dicts) else None)
        kinds: dict[tuple, int] = {}
        for position, (line, cells, problem, record_id) in enumerate(rows):
            result.lines.append(line)
            if cells is None:
                result.problems.append(position)
                record_id = _row_id(record_id)  # surrounding whitespace is not part of an id
                result.ids.append(record_id)
                decision = self._unreadable(line, problem, record_id)
                self._emit_plain(result, kinds, position, decision)
                continue
            if type(cells) is dict:
                result.ids.append(_row_id(cells.get("record_id")))
                cells = self._cells_of(cells)
            else:
                result.ids.append(_row_id(cells[self._id_at]))
            fast = self._fast(line, cells, position % self.check_every == 0) if self.enabled and not self.dicts else None
            if fast is None:
                self._emit_plain(result, kinds, position, self._plain(line, cells))
            else:
                facility, outcome, possible, text = fast
                result.codes.append(kinds.setdefault((facility, outcome, possible), len(kinds)))
                if result.out is not None:
                    result.out.append(text)
        result.kinds = list(kinds)
        return result

    def _cells_of(self, values: dict[str, Any]) -> tuple:
        cells = []
        for name in self.names:
            value = values.get(name, ABSENT)
            if value is not ABSENT and type(value) is not str:
                try:
                    hash(value)
                    value = (type(value), value)
                except TypeError:
                    value = ("unhashable", id(value), value)
            cells.append(value)
        return tuple(cells)

    def key_of(self, picked: tuple) -> tuple | None:
        """A row's key of cell classes when every cell is valid on its own and the record model's two
        cross-field checks hold (a fixed term has its months; no date before the birth date); None
        when the plain path must word the row (or a JSON value is unhashable)."""
        try:
            key = tuple(map(getitem, self._cls, picked))
        except (KeyError, TypeError):
            try:
                key = tuple(column.lookup(cell) for column, cell in zip(self._columns, picked))
            except TypeError:  # an unhashable JSON value
                return None
        if BAD in key:
            return None
        columns = self._columns
        if self._type is not None and columns[self._type].value[picked[self._type]] is _FIXED and (
            self._months is None or columns[self._months].value[picked[self._months]] is None
        ):
            return None
        if self._born is not None and self._after_birth:
            born = columns[self._born].value[picked[self._born]]
            if born is not None:
                for i in self._after_birth:
                    later = columns[i].value[picked[i]]
                    if later is not None and later < born:
                        return None
        return key

    def _fast(self, line: int, cells: tuple, check: bool) -> tuple[str | None, str, str | None] | None:
        record_id = cells[self._id_at]
        if type(record_id) is not str:
            return None
        record_id = record_id.strip()
        if not record_id:
            return None
        picked = self._pick(cells)
        key = self.key_of(picked)
        if key is None:
            return None
        columns = self._columns
        kind = columns[self._type].value[picked[self._type]] if self._type is not None else None
        months = columns[self._months].value[picked[self._months]] if self._months is not None else None
        entry = self._entries.get(key)
        record = None
        if entry is None:
            record = self._record(cells, picked)
            try:
                evaluation = self.evaluator.evaluate(record)
            except Exception:  # noqa: BLE001 - the plain path words it (or raises it again, if the engine failed)
                return None
            signature = self.evaluator.pattern(evaluation.key).signature
            entry = self._by_pattern.get(signature)
            if entry is None:  # templates are shared by every key of a pattern: same findings, same plan
                fixed = evaluation.result if evaluation.plan.outcome is not None else None
                entry = self._by_pattern[signature] = Entry(evaluation.plan, evaluation.findings, fixed)
            remember(self._entries, key, entry)
            result = evaluation.result
        else:
            custody = columns[self._custody].value[picked[self._custody]] if self._custody is not None else None
            result = self.result_of(entry, kind and kind.value, months, custody)
            if result is None:
                return None
        facility = columns[self._fac].value[picked[self._fac]]
        if self.encode is None:
            if check:
                self._check_outcome(line, cells, facility, result.outcome.value, possible_outcomes(result))
            return facility, result.outcome.value, possible_outcomes(result), None
        template = entry.templates.get(result_key(result))
        if template is None:
            template = self._template(line, entry, result, record or self._record(cells, picked))
            if template is None:
                return None
        text = self.fill(template, record_id, facility, kind and kind.value, months, result)
        if check:
            self._check(line, cells, text)
        return facility, result.outcome.value, possible_outcomes(result), text

    def result_of(self, entry: Entry, kind: str | None, months, custody) -> Result | None:
        """The result of a record whose entry is known, from its own sentence and custody date;
        None for dates past 9999-12-31, which the evaluator words."""
        try:
            return entry.fixed or decide(self.book, entry.plan, SentenceFacts(kind, months, custody, self.as_of), self._terms)
        except (ArithmeticError, ValueError):
            return None

    def _record(self, cells: tuple, picked: list) -> SimpleNamespace:
        """The record as the validated cells give it (validation itself is checked on samples)."""
        values = dict.fromkeys(RECORD_FIELDS)
        for column, cell in zip(self._columns, picked):
            values[column.name] = column.value[cell]
        values["record_id"] = cells[self._id_at].strip()
        return SimpleNamespace(**values)

    def _template(self, line: int, entry: Entry, result: Result, record: SimpleNamespace) -> Template | None:
        """A new template, made from the evaluator's own decision and proved to give it back."""
        evaluation = SimpleNamespace(result=result, findings=entry.findings)
        decision = self._finish(decisions.build(self.book, record, evaluation, self.as_of, self.evaluator.ref))
        try:
            template = Template(decision, self.encode)
        except NoTemplate:
            return None
        kind = record.sentence_type.value if record.sentence_type else None
        filled = self.fill(template, record.record_id, record.facility_id, kind, record.sentence_months, result)
        if filled != self.encode(decision):
            raise EngineError(f"{self.unit} {line}: the fast path's decision differs from the evaluator's; nothing was written")
        entry.templates[result_key(result)] = template
        return template

    def fill(self, template: Template, record_id, facility, kind, months, result: Result) -> str:
        """A record's decision: the template's pieces with the record's own values between them."""
        sentence = self.sentence(kind, months)
        shown = self.redactor.pseudonym(record_id) if self.redactor else record_id
        dated = [getattr(result, name) for name in template.dates]
        values = (
            self._text(shown), self._text(facility), sentence, self.sentence_after(result.sentence_after),
            *(f'"{d.isoformat()}"' if d else "null" for d in dated),
        )
        pieces = template.pieces
        return pieces[0] + "".join(value + piece for value, piece in zip(values, pieces[1:]))

    def sentence(self, kind: str | None, months) -> str:
        """A sentence (before or after relief) as the decision writes it, encoded once per value."""
        text = self._sentences.get((kind, months))
        if text is None:
            text = self._sentences[(kind, months)] = self.encode(decisions._sentence(kind, months))
        return text

    def sentence_after(self, after: tuple | None) -> str:
        """The new term as the decision writes it (a hole of every template: terms are many, rules few)."""
        return "null" if after is None else self.sentence(*after)


__all__ = ["BatchResult", "FastEvaluator", "CHECK_EVERY"]
