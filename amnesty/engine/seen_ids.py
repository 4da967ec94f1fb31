"""The record ids a run has read, and the line of each one's first record, in bounded memory.

A later record with an id already seen is invalid, naming the line of the
first (data-dictionary.md); so the run must remember every id of a file, and
a national register has millions. A dict of the ids themselves costs about
110 bytes an id (110 MB a million records, in the one process that reads);
here an id is two independent 64-bit hashes and a line number, 24 bytes,
kept in a few sorted runs (merged as they grow, as a log-structured store
does), so a batch is checked by binary search, not by hashing every id read
so far again. Two different ids are taken for one only if both hashes agree:
for ten million ids that has a chance of about one in 10^24.

polars is loaded on first use: the reading process forks its workers before
its first batch is decided, and must not run polars' threads when it does
(``amnesty.engine.parallel.start_method``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

_SEEDS = (0x5EED_1D_01, 0x5EED_1D_02)


class SeenIds:
    """Remembers ids batch by batch; ``first_lines`` names the repeats of each new batch."""

    def __init__(self) -> None:
        self._runs: list[pl.DataFrame] = []  # each sorted by (h1, h2), ids distinct across runs

    def __len__(self) -> int:
        return sum(run.height for run in self._runs)

    def first_lines(self, ids: list[str | None], lines: list[int]) -> dict[int, int]:
        """Position in the batch -> line of the first record with the same id, for every record
        whose id was read before (in an earlier batch or earlier in this one); then remembers
        the batch's new ids. A record without an id (None) is never a repeat."""
        import polars as pl

        batch = pl.DataFrame({"id": ids, "line": lines}, schema={"id": pl.String, "line": pl.Int64})
        batch = batch.with_row_index("at").filter(pl.col("id").is_not_null())
        if batch.is_empty():
            return {}
        batch = batch.with_columns(
            pl.col("id").hash(seed=_SEEDS[0]).alias("h1"), pl.col("id").hash(seed=_SEEDS[1]).alias("h2")
        )
        new = batch.group_by("h1", "h2").agg(pl.col("line").min()).sort("h1", "h2")
        earlier = self._lookup(new)
        first = new.with_columns(pl.coalesce(earlier, pl.col("line")).alias("first"))
        batch = batch.join(first.select("h1", "h2", "first"), on=["h1", "h2"], how="left")
        repeats = batch.filter(pl.col("first") != pl.col("line"))
        self._remember(first.filter(earlier.is_null()).select("h1", "h2", "line"))
        return dict(zip(repeats["at"].to_list(), repeats["first"].to_list()))

    def _lookup(self, new: pl.DataFrame) -> pl.Series:
        """The first line of each (h1, h2) of ``new`` in the runs, null where never seen."""
        import polars as pl

        found = pl.Series("earlier", [None] * new.height, dtype=pl.Int64)
        h1, h2 = new["h1"], new["h2"]
        for run in self._runs:
            at = run["h1"].search_sorted(h1, side="left").cast(pl.Int64)
            inside = at < run.height
            clamped = at.clip(upper_bound=max(run.height - 1, 0))
            same = inside & (run["h1"].gather(clamped) == h1)
            exact = same & (run["h2"].gather(clamped) == h2)
            found = pl.select(pl.when(exact).then(run["line"].gather(clamped)).otherwise(found)).to_series()
            if (same & ~exact).any():  # another id with the same first hash sits here: look at them all
                found = self._slow(run, new, same & ~exact, found)
        return found.alias("earlier")

    @staticmethod
    def _slow(run: pl.DataFrame, new: pl.DataFrame, where: pl.Series, found: pl.Series) -> pl.Series:
        import polars as pl

        asked = new.with_row_index("i").filter(where)
        hits = asked.join(run.rename({"line": "seen"}), on=["h1", "h2"], how="inner")
        values = found.to_list()
        for i, seen in zip(hits["i"].to_list(), hits["seen"].to_list()):
            values[i] = seen
        return pl.Series("earlier", values, dtype=pl.Int64)

    def _remember(self, fresh: pl.DataFrame) -> None:
        import polars as pl

        if fresh.is_empty():
            return
        self._runs.append(fresh)
        while len(self._runs) > 1 and self._runs[-1].height >= self._runs[-2].height // 2:
            last = self._runs.pop()
            self._runs[-1] = pl.concat([self._runs[-1], last]).sort("h1", "h2")


def repeats(seen: SeenIds, ids: list[str | None], lines: list[int], problems: list[int]) -> dict[int, int]:
    """The row contract on record ids, for every run: a later record with an id already seen is
    invalid, naming the first one's line (position in the batch -> that line); an unreadable
    row keeps its own problem, though its id counts as seen."""
    found = seen.first_lines(ids, lines)
    for position in problems:
        found.pop(position, None)
    return found
