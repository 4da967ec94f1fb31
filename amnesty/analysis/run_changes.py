"""What changed between two runs over a register: last night's decisions and tonight's, record by record.

A register is evaluated again and again (``evaluate --as-of today`` every night): records are
added, corrected and closed, time served grows, and a law's encoding is revised. A case officer
needs the people whose decision moved, not two files of a million lines. ``compare`` answers
another question (two laws, the same records, one as-of date); this one reads two decisions
files as ``evaluate`` wrote them and pairs them by record id.

A record *changed* when its outcome, its sentence after the amnesty, its release date or its
facility differs; a release due by each run's own as-of date is "now" in both, not a new date.
A decision with no record id, or whose id the same file holds more than once (the later ones
are ``invalid`` as duplicates), cannot be paired: it is counted, never guessed at. When the two runs were made under different rulebooks, a warning says that a change
may come from the law as encoded rather than from the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amnesty.io.decision_reader import read_decision_frame
from amnesty.models.decision import OUTCOME_ORDER
from amnesty.models.note import note, note_n

if TYPE_CHECKING:
    import polars as pl

OUTCOMES = tuple(o.value for o in OUTCOME_ORDER)
CHANGED_COLUMNS = (
    "change", "record_id", "what_changed", "facility_before", "facility_after", "outcome_before", "outcome_after",
    "sentence_before", "sentence_after", "release_date_before", "release_date_after", "rules_before", "rules_after",
    "line_before", "line_after",
)
_COMPARED = (("outcome", "outcome"), ("sentence", "sentence"), ("release_date", "_release"),
             ("facility", "facility_id"))


@dataclass
class RunSide:
    """One run as its decisions name it: the file, how many decisions, the rulebooks and as-of dates."""

    source: str
    decisions: int = 0
    rulebooks: list[dict[str, Any]] = field(default_factory=list)  # distinct, in the order first met
    as_of: list[str] = field(default_factory=list)  # distinct, in the order first met

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "decisions": self.decisions, "rulebooks": self.rulebooks, "as_of": self.as_of}


@dataclass
class RunChanges:
    before: RunSide
    after: RunSide
    compared: int = 0  # records paired by id
    transitions: dict[str, dict[str, int]] = field(default_factory=dict)  # over the compared records
    records: Any = None  # polars DataFrame of CHANGED_COLUMNS: changed, then added, then removed
    unpaired: dict[str, int] = field(default_factory=dict)  # "before"/"after": decisions that could not be paired
    warnings: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        kinds = dict(self.records.group_by("change").len().iter_rows()) if self.records.height else {}
        changed = kinds.get("changed", 0)
        return {"compared": self.compared, "changed": changed, "unchanged": self.compared - changed,
                "added": kinds.get("added", 0), "removed": kinds.get("removed", 0),
                "unpaired_before": self.unpaired["before"], "unpaired_after": self.unpaired["after"]}

    @property
    def by_facility(self) -> dict[str, dict[str, int]]:
        """Per facility (the later run's; the earlier one's for a record gone): changed, added, removed,
        and records that now have ``release`` and did not."""
        import polars as pl

        if not self.records.height:
            return {}
        table = self.records.group_by(
            pl.coalesce("facility_after", "facility_before").fill_null("(none)").alias("facility")).agg(
            *((pl.col("change") == kind).sum().alias(kind) for kind in ("changed", "added", "removed")),
            ((pl.col("outcome_after") == "release") & (pl.col("outcome_before") != "release").fill_null(True))
            .sum().alias("now_release"),
        ).sort("facility")
        return {row.pop("facility"): row for row in table.iter_rows(named=True)}

    def rows(self) -> list[dict[str, Any]]:
        """The changed, added and removed records, one dict each, lists as lists."""
        out = []
        for row in self.records.iter_rows(named=True):
            row["what_changed"] = [w for w in row["what_changed"].split(";") if w]
            for side in ("rules_before", "rules_after"):
                row[side] = None if row[side] is None else [r for r in row[side].split(";") if r]
            out.append(row)
        return out

    def tables(self) -> dict[str, Any]:
        """Everything but the records themselves."""
        return {"before": self.before.to_dict(), "after": self.after.to_dict(), **self.counts,
                "transitions": self.transitions, "by_facility": self.by_facility, "warnings": list(self.warnings)}

    def to_dict(self) -> dict[str, Any]:
        return {**self.tables(), "records": self.rows()}

    def write_changes(self, path: str | Path, *, force: bool = False) -> int:
        """Every changed, added and removed record as ``.csv`` or ``.jsonl``; returns how many."""
        from amnesty.analysis.outputs import output_format, write_csv, write_jsonl

        inputs = tuple(Path(side.source) for side in (self.before, self.after))
        if output_format(path, ("csv", "jsonl")) == "csv":
            return write_csv(path, self.rows(), CHANGED_COLUMNS, force=force, inputs=inputs)
        return write_jsonl(path, self.rows(), force=force, inputs=inputs)

    def write_tables(self, path: str | Path, *, force: bool = False) -> None:
        """The counts and tables (everything but the records) as JSON."""
        from amnesty.analysis.outputs import output_format, write_json

        output_format(path, ("json",))
        write_json(path, self.tables(), force=force, inputs=tuple(Path(s.source) for s in (self.before, self.after)))

    def to_frame(self, kind: str = "pandas"):
        """The changed, added and removed records as a DataFrame (``kind`` pandas or polars)."""
        if kind == "polars":
            return self.records
        if kind == "pandas":
            return self.records.to_pandas()
        raise ValueError(f"kind must be pandas or polars, got {kind!r}")


def run_changes(before: str | Path, after: str | Path) -> RunChanges:
    """The two decisions files, paired by record id: what changed from ``before`` to ``after``."""
    import polars as pl

    result = RunChanges(RunSide(str(before)), RunSide(str(after)))
    earlier, later = read_decision_frame(before), read_decision_frame(after)
    sides = []
    for frame, side, name in ((earlier, result.before, "before"), (later, result.after, "after")):
        _describe(frame, side)
        frame = frame.select(  # what the pairing needs, no more: a million of each side are held at once
            "line", "record_id", "facility_id", "outcome", "sentence", "release_date", "rules",
            pl.col("record_id").str.strip_chars().replace("", None).alias("_id"), _release_now().alias("_release"))
        single = frame.filter(pl.col("_id").is_not_null() & ~pl.col("_id").is_duplicated())
        result.unpaired[name] = frame.height - single.height
        sides.append((frame, single))
    (early_all, early), (late_all, late) = sides
    both = late.join(early, on="_id", how="inner", suffix="_b", maintain_order="left")
    result.compared = both.height
    moves = dict(((a, b), n) for a, b, n in both.group_by("outcome_b", "outcome").len().iter_rows())
    result.transitions = {x: {y: moves.get((x, y), 0) for y in OUTCOMES} for x in OUTCOMES}
    what = pl.concat_list([pl.when(pl.col(f"{column}_b").ne_missing(pl.col(column))).then(pl.lit(name))
                           for name, column in _COMPARED]).list.drop_nulls().list.join(";")
    changed = both.with_columns(what.alias("what_changed")).filter(pl.col("what_changed") != "")
    added = late.join(early_all.select("_id").drop_nulls().unique(), on="_id", how="anti", maintain_order="left")
    removed = early.join(late_all.select("_id").drop_nulls().unique(), on="_id", how="anti", maintain_order="left")
    result.records = pl.concat([
        _records(changed, "changed", before=True, after=True),
        _records(added.with_columns(pl.lit("").alias("what_changed")), "added", before=False, after=True),
        _records(removed.with_columns(pl.lit("").alias("what_changed")).rename(
            {c: f"{c}_b" for c in removed.columns if c not in ("_id", "what_changed")}), "removed",
            before=True, after=False),
    ])
    result.warnings = _warnings(result)
    return result


def _release_now() -> pl.Expr:
    """The release date, where a release due by the run's as-of date is "now": a person due for release
    last night and tonight has not changed because the as-of date did."""
    import polars as pl

    due = pl.col("release_date").cast(pl.String)  # days compared as text: categories have no calendar order
    return pl.when(due.is_not_null() & (due <= pl.col("as_of").cast(pl.String))).then(pl.lit("now")).otherwise(due)


def _records(frame: pl.DataFrame, change: str, *, before: bool, after: bool) -> pl.DataFrame:
    """Rows of CHANGED_COLUMNS: a side the record is not in is null."""
    import polars as pl

    def col(name: str, present: bool, dtype=pl.String) -> pl.Expr:  # as text: the records are few
        return pl.col(name).cast(dtype) if present else pl.lit(None, dtype=dtype)

    return frame.select(
        pl.lit(change).alias("change"), pl.col("record_id" if after else "record_id_b").alias("record_id"),
        "what_changed",
        col("facility_id_b", before).alias("facility_before"), col("facility_id", after).alias("facility_after"),
        col("outcome_b", before).alias("outcome_before"), col("outcome", after).alias("outcome_after"),
        col("sentence_b", before).alias("sentence_before"), col("sentence", after).alias("sentence_after"),
        col("release_date_b", before).alias("release_date_before"),
        col("release_date", after).alias("release_date_after"),
        col("rules_b", before).alias("rules_before"), col("rules", after).alias("rules_after"),
        col("line_b", before, pl.Int64).alias("line_before"), col("line", after, pl.Int64).alias("line_after"),
    )


def _describe(frame: pl.DataFrame, side: RunSide) -> None:
    """The rulebooks and as-of dates a run's decisions name, in the order first met."""
    side.decisions = frame.height
    books = frame.select("rulebook_id", "rulebook_version", "rulebook_sha256", "overrides").unique(
        maintain_order=True)
    side.rulebooks = [{"id": i, "version": v, "sha256": s, "overrides": o} for i, v, s, o in books.iter_rows()]
    side.as_of = frame["as_of"].unique(maintain_order=True).to_list()


def _warnings(result: RunChanges) -> list[str]:
    said = []
    laws = [_laws(side.rulebooks) for side in (result.before, result.after)]
    if laws[0] != laws[1]:
        said.append(note("the two runs were made under different rulebooks ({before}, then {after}): a change may "
                         "come from the law as encoded, not from the records", before=laws[0], after=laws[1]))
    unpaired = result.unpaired["before"] + result.unpaired["after"]
    if unpaired:
        said.append(note_n("{n} decision has no record id, or one its file holds more than once: it is counted, "
                           "not compared", "{n} decisions have no record id, or one their file holds more than once: "
                           "they are counted, not compared", unpaired))
    return said


def _laws(books: list[dict[str, Any]]) -> str:
    """Rulebooks as a person compares them: id, version, the first digits of the sha256, the changes
    made (where the file says them; CSV does not)."""
    words = []
    for book in books:
        changed = "" if book["overrides"] in (None, "{}") else f" {book['overrides']}"
        words.append(f"{book['id']} v{book['version']} ({book['sha256'][:12]}){changed}")
    return "; ".join(sorted(set(words)))
