"""Decide a batch of plain CSV lines column by column: the run's fast strategy.

A register has a few dozen distinct values in most columns, and far fewer
distinct keys and patterns than records (see ``amnesty.engine.evaluator``). So a batch is split into columns
(polars), each distinct cell of a column is validated once with the record
model's own rules (``fastpath._Column``), each row's key is its tuple of
cell classes, and the decision of every row whose result the key decides
(not_covered, excluded, most reviews) or whose one world needs only its
custody date (release or reduced: the release date is column arithmetic)
is its pattern's JSON template filled from columns. Everything else, and
the first row of every new key, pattern and template, goes through the
row-wise fast path, which decides it the plain way and proves each new
template against it; so does every ``CHECK_EVERY``-th row, and any
difference stops the run. A line that is not a plain record (ragged,
blank, oversized) is read as the careful reader reads it.

The strategy is exact or absent: it is used only where the row-wise fast
path is (one rulebook, JSON output, no redaction), and gives the same
bytes.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from amnesty.engine.dated import DATED_FIELDS, RECORDS, _iso, count_after
from amnesty.engine.facts import field_facts
from amnesty.engine.evaluator import remember
from amnesty.engine.fastpath import BAD, MAX_CELLS, BatchResult, FastEvaluator, _possible, _result_key
from amnesty.engine.outcome import Result, SentenceFacts, cached_term, single_world
from amnesty.io.csv_plain import CsvLayout, PlainLines, split_plain
from amnesty.io.source import FIELD_LIMIT
from amnesty.models.decision import Outcome

if TYPE_CHECKING:
    import polars as pl

CHECK_EVERY = 512  # every 512th row is decided the plain way too, and must give the same bytes
_ESCAPED = r'[\x00-\x1f\\"]|^\s|\s$'  # text JSON would escape, or an id or facility the reader strips
_LAST_DAY = date(9999, 12, 31)
_VALUES: dict[str, tuple[Any, Any]] = {}  # filled when polars is loaded (see _values)
_SLOTS = 7  # record_id, facility_id, sentence_before, sentence_after, release_date, parole_date, earliest_...


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
        self._dictionaries: dict[str, _Dictionary] = {}

    def dictionary(self, column: Any) -> _Dictionary:
        known = self._dictionaries.get(column.name)
        if known is None:
            known = self._dictionaries[column.name] = _Dictionary(column, *_VALUES.get(column.name, (None, None)))
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
        key = [None] * self._nleaves
        for i, truth in self._constant.items():
            key[i] = truth
        for column, cls in zip(self._columns, classes):
            for i, truth in zip(column.leaf_indexes, column.truths[cls]):
                key[i] = truth
        return tuple(key)

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


class _Dictionary:
    """A column's distinct cells met so far, as polars Series (cell, class, value), so that a
    batch sends only its new cells through the record model and maps the rest in polars."""

    def __init__(self, column: Any, dtype: Any, convert: Any):
        self.column, self.dtype, self.convert = column, dtype, convert
        self._reset()

    def _reset(self) -> None:
        self.cells = pl.Series("cell", [], dtype=pl.String)
        self.classes = pl.Series("class", [], dtype=pl.Int32)
        self.values = None if self.dtype is None else pl.Series("value", [], dtype=self.dtype)

    def map(self, cells: pl.Series) -> tuple[pl.Series, pl.Series | None]:
        """Each cell's class (BAD when it fails validation on its own) and, for a column the run
        reads, its value."""
        unique = cells.unique().drop_nulls()
        new = unique.filter(~unique.is_in(self.cells.implode())).to_list()
        if new:
            if self.cells.len() + len(new) > MAX_CELLS:  # memory stays bounded: start afresh
                self._reset()
            column = self.column
            classes = [column.lookup(cell) for cell in new]
            self.cells = pl.concat([self.cells, pl.Series("cell", new, dtype=pl.String)], rechunk=True)
            self.classes = pl.concat([self.classes, pl.Series("class", classes, dtype=pl.Int32)], rechunk=True)
            if self.values is not None:
                fresh = [self.convert(column.value[cell]) for cell in new]
                self.values = pl.concat([self.values, pl.Series("value", fresh, dtype=self.dtype)], rechunk=True)
        codes = cells.replace_strict(self.cells, self.classes, default=BAD, return_dtype=pl.Int32)
        if self.values is None:
            return codes, None
        return codes, cells.replace_strict(self.cells, self.values, default=None, return_dtype=self.dtype)


class _Batch:
    """One batch's columns and, per line, its decision as it is found."""

    def __init__(self, owner: ColumnarBatches, first_line: int, raw: list[str]):
        self.owner, self.fast, self.first_line, self.raw = owner, owner.fast, first_line, raw
        n = len(raw)
        self.by_row: dict[int, tuple] = {}  # line in the batch -> (record id, kind, text) of a row decided alone
        self.filled: pl.DataFrame | None = None  # the rows decided from columns: _at, _id, facility_id, _variant, text
        self.variant_kinds: list[tuple] = []  # per _variant of ``filled``: (outcome, possible outcomes)
        self.errors: dict[int, str] = {}
        self.problems: set[int] = set()
        self.skipped: set[int] = set()  # blank lines: no record, no decision
        self.late: Counter = Counter()

    def run(self) -> BatchResult:
        owner, fast, layout = self.owner, self.fast, self.owner.layout
        n = len(self.raw)
        lines = pl.Series("line", self.raw, dtype=pl.String)
        split = lines.str.split_exact(",", layout.ncols - 1).struct.unnest()
        frame = pl.DataFrame({name: split.to_series(at) for name, at in zip(layout.names, layout.positions)})
        ids = frame["record_id"]
        plain = (
            (lines.str.count_matches(",", literal=True) == layout.ncols - 1)
            & (lines.str.len_bytes() <= FIELD_LIMIT)
            & (ids.str.len_bytes() > 0)
            & ~ids.str.contains(_ESCAPED)
        )
        codes, values = {}, {}
        for column in owner._columns:
            known = owner.dictionary(column)
            codes[f"_c_{column.name}"], value = known.map(frame[column.name])
            if value is not None:
                values[column.name] = value
            plain &= codes[f"_c_{column.name}"] != BAD
        table = pl.DataFrame(codes).with_columns(
            *(values.get(name, pl.lit(None, dtype=dtype)).alias(name) for name, (dtype, _) in _VALUES.items()),
            ids.alias("_id"),
        )
        born = pl.col("birth_date")
        sane = ~((pl.col("sentence_type") == "fixed").fill_null(False) & pl.col("sentence_months").is_null())
        for later in ("offence_date", "custody_start", "surrender_date"):
            sane &= ~(pl.col(later) < born).fill_null(False)
        table = table.with_columns(
            (pl.Series(plain).fill_null(False) & sane & ~pl.col("facility_id").str.contains(_ESCAPED).fill_null(True))
            .fill_null(False).alias("_plain"),
            pl.int_range(n, dtype=pl.Int64).alias("_at"),
        )
        self.table = table
        self._count_late(frame, table)
        check = set(range(0, n, owner.check_every))
        by_row = set(table.filter(~pl.col("_plain"))["_at"].to_list()) | check
        self._rows(sorted(by_row), check)
        rest = table.filter(pl.col("_plain") & ~pl.col("_at").is_in(sorted(by_row)))
        rest = self._with_entries(rest)
        if rest.height:
            self._columnar(rest)
        return self._result()

    def _count_late(self, frame: pl.DataFrame, table: pl.DataFrame) -> None:
        """Records dated after the as-of date, counted as ``engine.dated`` counts them (from the raw
        text); rows that are not plain records are counted where they are decided, row by row."""
        limit = self.fast.as_of.isoformat()
        late_any = None
        for name in DATED_FIELDS:
            if name not in frame.columns:
                continue
            cells = frame[name]
            mapping = {cell: (_iso(cell) or "") > limit for cell in cells.unique().to_list() if cell is not None}
            late = cells.replace_strict(mapping, default=False, return_dtype=pl.Boolean) & table["_plain"]
            self.late[name] += int(late.sum())
            late_any = late if late_any is None else (late_any | late)
        if late_any is not None:
            self.late[RECORDS] += int(late_any.sum())

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
        """Each row's entry (its pattern's plan and templates); a new key's first row goes row by row."""
        names = [f"_c_{c.name}" for c in self.owner._columns]
        keys = rest.select(names).unique(maintain_order=True)
        entries, signatures = [], []
        for classes in keys.iter_rows():
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
                    entries[k] = self.owner.entry(keys.row(k)[: len(names)])[0]
        undecided = [k for k, entry in enumerate(entries) if entry is None]  # the plain way: so do the rest
        if undecided:
            self._rows(sorted(rest.filter(pl.col("_key").is_in(undecided))["_at"].to_list()), set())
            rest = rest.filter(~pl.col("_key").is_in(undecided))
        # Keys of one pattern share its entry: rows are grouped by entry from here on.
        numbered: dict[int, int] = {}
        self.entries = []
        of_key = []
        for entry in entries:
            if entry is not None and id(entry) not in numbered:
                numbered[id(entry)] = len(self.entries)
                self.entries.append(entry)
            of_key.append(numbered.get(id(entry), -1))
        return rest.with_columns(pl.col("_key").replace_strict(
            pl.Series(range(len(of_key)), dtype=pl.Int64), pl.Series(of_key, dtype=pl.Int64)).alias("_entry"))

    def _columnar(self, rest: pl.DataFrame) -> None:
        fast, book, as_of = self.fast, self.fast.book, self.fast.as_of
        # A group is what a row's result depends on: its entry, and its sentence only when the
        # entry's one world applies reliefs to it (most rows' results do not read it at all).
        reads_sentence = [entry.fixed is None and single_world(entry.plan) is not None for entry in self.entries]
        reads = pl.col("_entry").replace_strict(
            pl.Series(range(len(reads_sentence)), dtype=pl.Int64), pl.Series(reads_sentence, dtype=pl.Boolean))
        rest = rest.with_columns(
            pl.when(reads).then(pl.col("sentence_type")).alias("_type"),
            pl.when(reads).then(pl.col("sentence_months")).alias("_months"),
        )
        groups = rest.select("_entry", "_type", "_months").unique(maintain_order=True)
        results: list[Any] = []  # per group: a Result, a term to date, or None (row by row)
        for at, kind, months in groups.iter_rows():
            entry = self.entries[at]
            if entry.fixed is not None:
                results.append(entry.fixed)
                continue
            active = single_world(entry.plan)
            if active is None:
                results.append(None)
                continue
            term = cached_term(book, active, SentenceFacts(kind, months, None, as_of), fast._terms)
            if isinstance(term, Result):
                results.append(None if term.wants_fact else Result(
                    term.outcome, term.rules, term.sentence_after, term.release_date, term.missing,
                    term.parole_date, (term.outcome,)))
            else:
                results.append(term)
        groups = groups.with_columns(pl.Series("_group", range(groups.height), dtype=pl.Int64))
        rest = rest.join(groups, on=["_entry", "_type", "_months"], how="left",
                         maintain_order="left", nulls_equal=True)
        dated = [g for g, r in enumerate(results) if isinstance(r, tuple)]
        by_row = rest.filter(pl.col("_group").is_in([g for g, r in enumerate(results) if r is None]))
        rest = rest.filter(~pl.col("_at").is_in(by_row["_at"].implode()))
        ends = [r[2] if isinstance(r, tuple) else (0, 0) for r in results]
        paroles = [r[3] if isinstance(r, tuple) and r[3] else None for r in results]
        rest = rest.with_columns(
            _due=_add(pl.col("custody_start"), pl.col("_group"), ends),
            _parole=_add(pl.col("custody_start"), pl.col("_group"), [p or (0, 0) for p in paroles]),
            _has_parole=pl.col("_group").replace_strict(
                {g: paroles[g] is not None for g in range(len(results))}, return_dtype=pl.Boolean),
            _dated=pl.col("_group").is_in(dated),
        )
        beyond = rest.filter(pl.col("_dated") & (pl.col("custody_start").is_null() | (pl.col("_due") > _LAST_DAY)
                                                  | (pl.col("_has_parole") & (pl.col("_parole") > _LAST_DAY))))
        by_row = pl.concat([by_row["_at"], beyond["_at"]])
        rest = rest.filter(~pl.col("_at").is_in(by_row.implode()))
        rest = rest.with_columns(_released=(pl.col("_dated") & (pl.col("_due") <= as_of)).fill_null(False))
        # Each row's result, less its dates: a template per (group, released).
        variants = rest.select("_group", "_released").unique(maintain_order=True)
        templates = []
        for group, released in variants.iter_rows():
            result = results[group]
            if isinstance(result, tuple):
                rules, after = result[0], result[1]
                outcome = Outcome.release if released else Outcome.reduced
                result = Result(outcome, rules, after, as_of if released else date.min, frozenset(), None, (outcome,))
            templates.append(result)
        self._fill(rest, variants, templates, by_row)

    def _fill(self, rest: pl.DataFrame, variants: pl.DataFrame, results: list[Result], by_row) -> None:
        fast = self.fast
        variants = variants.with_columns(pl.Series("_variant", range(variants.height), dtype=pl.Int64))
        rest = rest.join(variants, on=["_group", "_released"], how="left", maintain_order="left")
        chosen: list[Any] = [None] * len(results)
        # the entry of a variant: the one of its first row
        firsts = rest.group_by("_variant", maintain_order=True).agg(pl.col("_entry").first(), pl.col("_at").first())
        first_at = {}
        for variant, number, at in firsts.iter_rows():
            entry = self.entries[number]
            template = entry.templates.get(_result_key(results[variant]))
            chosen[variant] = template
            first_at[variant] = at
        new = [first_at[v] for v in first_at if chosen[v] is None]
        if new:  # the first row of a new template proves it against the plain way
            self._rows(sorted(new), set())
            rest = rest.filter(~pl.col("_at").is_in(new))
            for variant, number, at in firsts.iter_rows():
                if chosen[variant] is None:
                    chosen[variant] = self.entries[number].templates.get(_result_key(results[variant]))
            lost = [v for v in range(len(chosen)) if chosen[v] is None]
            if lost:
                self._rows(sorted(rest.filter(pl.col("_variant").is_in(lost))["_at"].to_list()), set())
                rest = rest.filter(~pl.col("_variant").is_in(lost))
        self._by_row_rest(by_row)
        if not rest.height:
            return
        pieces = [pl.Series([t.pieces[i] if t else "" for t in chosen], dtype=pl.String) for i in range(_SLOTS + 1)]
        sentences = self._sentences(rest)
        released = f'"{fast.as_of.isoformat()}"'
        due = pl.when(pl.col("_released")).then(pl.lit(released)).otherwise(
            pl.lit('"') + pl.col("_due").dt.strftime("%Y-%m-%d") + pl.lit('"'))
        release = pl.when(pl.col("_dated")).then(due).otherwise(
            pl.col("_variant").replace_strict({v: _json_date(r.release_date) for v, r in enumerate(results)}))
        parole = pl.when(pl.col("_dated") & ~pl.col("_released") & pl.col("_has_parole")).then(
            pl.lit('"') + pl.col("_parole").dt.strftime("%Y-%m-%d") + pl.lit('"')).otherwise(
            pl.col("_variant").replace_strict({v: _json_date(r.parole_date) for v, r in enumerate(results)}))
        earliest = pl.col("_variant").replace_strict(
            {v: _json_date(r.earliest_release_date) for v, r in enumerate(results)})
        slots = [
            pl.lit('"') + pl.col("_id") + pl.lit('"'),
            pl.lit('"') + pl.col("facility_id") + pl.lit('"'),
            sentences,
            pl.col("_variant").replace_strict(
                {v: fast.sentence_after(r.sentence_after) for v, r in enumerate(results)}, return_dtype=pl.String),
            release, parole, earliest,
        ]
        table = pl.DataFrame([piece.alias(f"_p{i}") for i, piece in enumerate(pieces)]).with_row_index(
            "_variant").with_columns(pl.col("_variant").cast(pl.Int64))
        rest = rest.join(table, on="_variant", how="left", maintain_order="left")
        parts = []
        for i in range(_SLOTS):
            parts += [pl.col(f"_p{i}"), slots[i]]
        self.filled = rest.select(
            "_at", "_id", "facility_id", "_variant", pl.concat_str([*parts, pl.col(f"_p{_SLOTS}")]).alias("text"))
        self.variant_kinds = [(r.outcome.value, _possible(r)) for r in results]

    def _by_row_rest(self, by_row: pl.Series) -> None:
        positions = sorted(set(by_row.to_list()))
        if positions:
            self._rows(positions, set())

    def _sentences(self, rest: pl.DataFrame) -> pl.Expr:
        fast = self.fast
        pairs = rest.select("sentence_type", "sentence_months").unique()
        mapping = {}
        for kind, months in pairs.iter_rows():
            mapping[f"{kind}|{months}"] = fast.sentence(kind, months)
        return (pl.col("sentence_type").fill_null("None") + pl.lit("|") + pl.col("sentence_months").cast(pl.String)
                .fill_null("None")).replace_strict(mapping, return_dtype=pl.String)

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
        result = BatchResult(
            lines=[self.first_line + a for a in positions], ids=rows["_id"].to_list(), codes=rows["_code"].to_list(),
            kinds=list(kinds), out=rows["text"].str.join("\n").item().encode() if rows.height else b"",
            dated_after=dict(+self.late),
        )
        skipped = sorted(self.skipped)
        for a, error in self.errors.items():
            result.errors[a - bisect_left(skipped, a)] = error
        result.problems = sorted(a - bisect_left(skipped, a) for a in self.problems)
        return result


def _values() -> dict[str, tuple[Any, Any]]:
    """The columns whose values (not only classes) the strategy reads: dtype, and how a validated
    value becomes a cell of it."""
    same = lambda value: value  # noqa: E731
    return {
        "facility_id": (pl.String, same),
        "sentence_type": (pl.String, lambda value: value and value.value),
        "sentence_months": (pl.Int64, same),
        "custody_start": (pl.Date, same),
        "birth_date": (pl.Date, same),
        "offence_date": (pl.Date, same),
        "surrender_date": (pl.Date, same),
    }


def _load_polars() -> None:
    """polars on first use, not on import: its thread pools start with it, and a process that
    runs threads must not fork (``amnesty.engine.parallel.start_method``), so the reading
    process, which only reads, stays free to fork its workers."""
    global pl
    if "pl" not in globals():
        import polars

        pl = polars
        _VALUES.update(_values())


def _add(start: pl.Expr, group: pl.Expr, terms: list[tuple[int, int]]) -> pl.Expr:
    """``sentence.add_term`` on a column: whole calendar months (clamped to the month's end), then days."""
    months = group.replace_strict({g: f"{m}mo" for g, (m, _) in enumerate(terms)}, return_dtype=pl.String)
    days = group.replace_strict({g: d for g, (_, d) in enumerate(terms)}, return_dtype=pl.Int64)
    return start.dt.offset_by(months) + pl.duration(days=days)


def _json_date(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _source(leaf: Any) -> str:
    from amnesty.models.fields import FIELDS

    return FIELDS[leaf.field].sources[0]


def _is_json_text(fast: FastEvaluator) -> bool:
    from json.encoder import encode_basestring

    return fast.encode is not None and fast.templates and fast._text is encode_basestring
