"""Decide a batch of plain CSV lines column by column: the run's fast strategy.

A register has a few dozen distinct values in most columns, and far fewer
distinct keys and patterns than records (see ``amnesty.engine.evaluator``).
So a batch is split into columns (polars, ``column_frames.cell_table``), each
distinct cell of a column is validated once with the record model's own
rules (``amnesty.engine.cells``), each row's key is its tuple of
cell classes (a row that a scope or exclusion rule decides needs none: its
pattern comes from those rules as polars expressions,
``amnesty.engine.decided_columns``), and the decision of every row whose result the key decides
(not_covered, excluded, most reviews) or whose one world needs only its
custody date (release or reduced: the release date is column arithmetic)
is its pattern's JSON template filled from columns. Everything else, and
the first row of every new key, pattern and template, goes through the
row-wise fast path, which decides it the plain way and proves each new
template against it; so does every ``CHECK_EVERY``-th row, and any
difference stops the run. A line that is not a plain record (ragged,
blank, oversized) is read as the careful reader reads it.

The strategy is exact or absent: it is used only where the row-wise fast
path is (one rulebook, JSON output, no redaction; other formats are made
from that JSON, in ``pipeline.Decider``), and gives the same
bytes.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from itertools import chain
from operator import getitem, itemgetter
from typing import TYPE_CHECKING, Any

from amnesty.engine.dated import count_after
from amnesty.engine.facts import field_facts
from amnesty.engine.evaluator import remember
from amnesty.engine.batch_result import BatchResult
from amnesty.engine.column_frames import ColumnFrame, cell_table
from amnesty.engine.columnar_fill import FillFromColumns
from amnesty.engine.decided_columns import DecidedColumns
from amnesty.engine.fastpath import FastEvaluator
from amnesty.io.csv_plain import CsvLayout, PlainLines, split_plain

if TYPE_CHECKING:
    import polars as pl

CHECK_EVERY = 512  # every 512th row is decided the plain way too, and must give the same bytes


class ColumnarBatches:
    """Decides PlainLines batches for one FastEvaluator (its caches, templates and checks are shared)."""

    def __init__(self, fast: FastEvaluator, layout: CsvLayout | None, check_every: int = CHECK_EVERY):
        self.fast, self.layout, self.check_every = fast, layout, check_every
        self.enabled = (
            fast is not None and layout is not None and fast.enabled and not fast.dicts and fast.redactor is None and _is_json_text(fast)
        )
        if not self.enabled:
            return
        book, as_of = fast.book, fast.as_of
        columns = {c.name: c for c in fast._columns}
        self._constant = {}  # leaves on a field the file does not have: as for a blank value
        for i, leaf in enumerate(book.leaves):
            source = _source(leaf)
            if source not in columns:
                self._constant[i] = book.leaf_functions[i](field_facts(source, None, as_of))
        self._columns = fast._columns
        self._nleaves = len(book.leaves)
        self._frames: dict[str, ColumnFrame] = {}
        # A key is the constant leaves, then each column's truths for its class, put in leaf order by
        # one itemgetter (a new key is assembled for every distinct key of every batch).
        self._truth_lists = [c.truths for c in self._columns]
        self._const = (*self._constant.values(), None)  # None: a leaf no column and no constant gives
        flat, at = {i: at for at, i in enumerate(self._constant)}, len(self._const)
        for column in self._columns:
            for i in column.leaf_indexes:
                flat[i], at = at, at + 1
        order = [flat.get(i, len(self._const) - 1) for i in range(self._nleaves)]
        self._order = itemgetter(*order) if len(order) > 1 else (lambda values: tuple(values[i] for i in order))
        self.decided = DecidedColumns(book, self._columns, self._constant)

    def frame(self, column: Any) -> ColumnFrame:
        known = self._frames.get(column.name)
        if known is None:
            known = self._frames[column.name] = ColumnFrame(column)
        return known

    # -- a batch ------------------------------------------------------------------

    def decide(self, lines: PlainLines) -> BatchResult:
        _load_polars()
        text = lines.data.decode()
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        raw = text.split("\n")[:-1]
        batch = _Batch(self, lines.first_line, raw)
        return batch.run()

    # -- keys ---------------------------------------------------------------------

    def truths(self, classes: tuple[int, ...]) -> tuple:
        """The key (every leaf's truth) of a row from its cell classes."""
        return self._order(self._const + tuple(chain.from_iterable(map(getitem, self._truth_lists, classes))))

    def entry(self, classes: tuple[int, ...]) -> tuple[Any, tuple | None]:
        """The fast path's entry for a key when its pattern is known, else None and the key's
        signature (decide one row of each new signature, then ask again)."""
        fast = self.fast
        entry = fast._entries.get(classes)
        if entry is not None:
            return entry, None
        pattern, signature = fast.evaluator.known_pattern(self.truths(classes))
        entry = None if pattern is None else fast._by_pattern.get(signature)
        if entry is not None:
            remember(fast._entries, classes, entry)
        return entry, signature


class _Batch(FillFromColumns):
    """One batch's columns and, per line, its decision as it is found."""

    def __init__(self, owner: ColumnarBatches, first_line: int, raw: list[str]):
        self.owner, self.fast, self.first_line, self.raw = owner, owner.fast, first_line, raw
        self.by_row: dict[int, tuple] = {}  # line in the batch -> (record id, kind, text) of a row decided alone
        self.filled: pl.DataFrame | None = None  # the rows decided from columns: _at, _id, facility_id, _variant, text
        self.variant_kinds: list[tuple] = []  # per _variant of ``filled``: (outcome, possible outcomes)
        self.errors: dict[int, list[str]] = {}  # line in the batch -> every error of its invalid decision
        self.problems: set[int] = set()
        self.skipped: set[int] = set()  # blank lines: no record, no decision
        self.late: Counter = Counter()

    def run(self) -> BatchResult:
        owner, n = self.owner, len(self.raw)
        table, late = cell_table(owner, self.raw)
        self.late.update(late)
        self.table = table
        check = set(range(0, n, owner.check_every))
        by_row = set(table.filter(~pl.col("_plain"))["_at"].to_list()) | check
        self._rows(sorted(by_row), check)
        rest = table.filter(pl.col("_plain") & ~pl.col("_at").is_in(sorted(by_row)))
        rest = self._with_entries(rest)
        if rest.height:
            self._columnar(rest)
        return self._result()

    # -- row by row ---------------------------------------------------------------------

    def _rows(self, positions: list[int], check: set[int]) -> None:
        """Rows the row-wise fast path decides: irregular lines, new keys and templates, checks."""
        fast, layout, table = self.fast, self.owner.layout, self.table
        plain_flags = table["_plain"]
        for at in positions:
            line = self.first_line + at
            if plain_flags[at]:
                cells = tuple(self.raw[at].split(","))
                cells = tuple(cells[p] for p in layout.positions)
                found = fast._fast(line, cells, at in check)
                if found is not None:
                    facility, outcome, possible, text = found
                    self.by_row[at] = (cells[fast._id_at].strip(), (facility, outcome, possible), text)
                    continue
                self._take(at, fast.decide([(line, cells, None, cells[fast._id_at])]))
                continue
            rows = split_plain(layout, PlainLines(line, (self.raw[at] + "\n").encode()))
            if not rows:
                self.skipped.add(at)
                continue
            self._take(at, fast.decide(rows))
            for name, count in count_after(rows, fast.names, fast.as_of).items():
                self.late[name] += count

    def _take(self, at: int, result: BatchResult) -> None:
        self.by_row[at] = (result.ids[0], result.kinds[result.codes[0]], result.out[0])
        if 0 in result.errors:
            self.errors[at] = result.errors[0]
        if result.problems:
            self.problems.add(at)

    # -- column by column ---------------------------------------------------------------

    def _with_entries(self, rest: pl.DataFrame) -> pl.DataFrame:
        """Each row's entry (its pattern's plan and templates); a new key's first row goes row by row.
        Rows that a scope or exclusion rule decides, in a pattern met before, need no key."""
        rest, decided, decided_entries = self.owner.decided.split(rest, self.fast._by_pattern, self._rows)
        names = [f"_c_{c.name}" for c in self.owner._columns]
        keys = rest.select(names).unique(maintain_order=True)
        entries, signatures = [], []
        distinct = keys.rows()  # a polars call per key would cost more than deciding it
        for classes in distinct:
            entry, signature = self.owner.entry(classes)
            entries.append(entry)
            signatures.append(signature)
        keys = keys.with_columns(pl.Series("_key", range(keys.height), dtype=pl.Int64))
        rest = rest.join(keys, on=names, how="left", maintain_order="left")
        for attempt in range(2):  # a row of each new signature, then of each key still without an entry
            missing = [k for k, entry in enumerate(entries) if entry is None]
            if not missing:
                break
            if attempt == 0:
                one = {}
                for k in missing:
                    one.setdefault(signatures[k], k)
                missing = sorted(one.values())
            first = rest.filter(pl.col("_key").is_in(missing)).group_by("_key", maintain_order=True).first()
            self._rows(sorted(first["_at"].to_list()), set())
            rest = rest.filter(~pl.col("_at").is_in(first["_at"].implode()))
            for k, entry in enumerate(entries):
                if entry is None:
                    entries[k] = self.owner.entry(distinct[k])[0]
        undecided = [k for k, entry in enumerate(entries) if entry is None]  # the plain way: so do the rest
        if undecided:
            self._rows(sorted(rest.filter(pl.col("_key").is_in(undecided))["_at"].to_list()), set())
            rest = rest.filter(~pl.col("_key").is_in(undecided))
        # Keys of one pattern share its entry: rows are grouped by entry from here on.
        numbered: dict[int, int] = {}
        self.entries = []
        of_key = []
        for entry in [*entries, *decided_entries]:
            if entry is not None and id(entry) not in numbered:
                numbered[id(entry)] = len(self.entries)
                self.entries.append(entry)
            of_key.append(numbered.get(id(entry), -1))
        rest = rest.with_columns(pl.col("_key").replace_strict(
            pl.Series(range(len(entries)), dtype=pl.Int64), pl.Series(of_key[: len(entries)], dtype=pl.Int64))
            .alias("_entry")).drop("_key")
        if not decided.height:
            return rest
        decided = decided.with_columns(pl.col("_decided").replace_strict(
            pl.Series(range(len(decided_entries)), dtype=pl.Int64),
            pl.Series(of_key[len(entries):], dtype=pl.Int64)).alias("_entry")).drop("_decided")
        return pl.concat([rest, decided])

    # -- the batch's result -------------------------------------------------------------

    def _result(self) -> BatchResult:
        """The batch's decisions in input order, as one blob of JSON lines (no row goes through
        Python on its own here: the rows decided from columns stay in columns)."""
        kinds: dict[tuple, int] = {}
        schema = {"_at": pl.Int64, "_id": pl.String, "_code": pl.Int64, "text": pl.String}
        at = sorted(self.by_row)
        decided = [self.by_row[a] for a in at]
        parts = [pl.DataFrame({
            "_at": at, "_id": [d[0] for d in decided],
            "_code": [kinds.setdefault(d[1], len(kinds)) for d in decided], "text": [d[2] for d in decided],
        }, schema=schema)]
        if self.filled is not None and self.filled.height:
            pairs = self.filled.select("facility_id", "_variant").unique(maintain_order=True)
            codes = [kinds.setdefault((facility, *self.variant_kinds[variant]), len(kinds))
                     for facility, variant in pairs.iter_rows()]
            pairs = pairs.with_columns(pl.Series("_code", codes, dtype=pl.Int64))
            parts.append(self.filled.join(pairs, on=["facility_id", "_variant"], how="left", nulls_equal=True)
                         .select(*schema))
        rows = pl.concat(parts).sort("_at")
        expected = len(self.raw) - len(self.skipped)
        if rows.height != expected or rows["_at"].n_unique() != expected:
            raise RuntimeError(f"lines {self.first_line}-{self.first_line + len(self.raw) - 1}: "
                               f"{expected} records but {rows.height} decisions")
        positions = rows["_at"].to_list()
        texts = rows["text"]
        result = BatchResult(
            lines=[self.first_line + a for a in positions], ids=rows["_id"].to_list(), codes=rows["_code"].to_list(),
            kinds=list(kinds), out=texts.str.join("\n").cast(pl.Binary).item() if rows.height else b"",
            dated_after=dict(+self.late), sizes=array("q", texts.str.len_bytes().to_list()),  # no numpy to import
        )
        skipped = sorted(self.skipped)
        for a, error in self.errors.items():
            result.errors[a - bisect_left(skipped, a)] = error
        result.problems = sorted(a - bisect_left(skipped, a) for a in self.problems)
        return result


def _load_polars() -> None:
    """polars on first use, not on import: its thread pools start with it, and a process that
    runs threads must not fork (``amnesty.engine.parallel.start_method``), so the reading
    process, which only reads, stays free to fork its workers."""
    global pl
    if "pl" not in globals():
        import polars

        pl = polars


def _source(leaf: Any) -> str:
    from amnesty.models.fields import FIELDS

    return FIELDS[leaf.field].sources[0]


def _is_json_text(fast: FastEvaluator) -> bool:
    from json.encoder import encode_basestring

    return fast.encode is not None and fast.templates and fast._text is encode_basestring
