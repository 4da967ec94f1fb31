"""The record ids a run has read, and the line of each one's first record, in bounded memory.

A later record with an id already seen is invalid, naming the line of the
first (data-dictionary.md); so the run must remember every id of a file, and
a national register has millions. The first ``EXACT_IDS`` ids are kept as
they are, in a dict (about 110 bytes an id: a few megabytes, and nothing to
import). Past that, an id is two independent 64-bit hashes and a line
number, 24 bytes, kept in a few numpy runs sorted by the first hash (merged
as they grow, as a log-structured store does), so a batch is checked by
binary search, not by hashing every id read so far again. Two different ids are taken for one only
if both hashes agree: for ten million ids that has a chance of about one in
10^24.

Both stores are checked by the reading process on every batch, where a
polars call (about half a millisecond however small) would cost more than
the work: numpy's calls cost microseconds. An id's hashes are Python's own
string hash (SipHash, keyed afresh in each process; the store never leaves
the process that made it) of the id and of the id with a character added:
two different inputs, so two independent hashes, and no column library to
load in the reading process, which forks its workers first and must not run
a library's threads when it does (``amnesty.engine.parallel.start_method``).
"""

from __future__ import annotations

from itertools import repeat
from operator import add
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_SALT = "\x1f"  # appended to an id for its second hash
EXACT_IDS = 1 << 16  # ids kept as text; past that, as hashes


class _Run:
    """Ids as hashes, sorted by h1 (ids that share it are looked at one by one), each with the line
    of its first record."""

    __slots__ = ("h1", "h2", "line")

    def __init__(self, h1: np.ndarray, h2: np.ndarray, line: np.ndarray):
        self.h1, self.h2, self.line = h1, h2, line

    def __len__(self) -> int:
        return len(self.h1)

    @staticmethod
    def sorted(h1: np.ndarray, h2: np.ndarray, line: np.ndarray) -> _Run:
        import numpy as np

        order = np.argsort(h1, kind="stable")
        return _Run(h1[order], h2[order], line[order])


class SeenIds:
    """Remembers ids batch by batch; ``first_lines`` names the repeats of each new batch."""

    def __init__(self) -> None:
        self._exact: dict[str, int] | None = {}  # id -> line of its first record, until EXACT_IDS
        self._runs: list[_Run] = []  # ids distinct across runs

    def __len__(self) -> int:
        return len(self._exact) if self._exact is not None else sum(map(len, self._runs))

    def first_lines(self, ids: list[str | None], lines: list[int]) -> dict[int, int]:
        """Position in the batch -> line of the first record with the same id, for every record
        whose id was read before (in an earlier batch or earlier in this one); then remembers
        the batch's new ids. A record without an id (None) is never a repeat."""
        exact = self._exact
        if exact is not None and len(exact) + len(ids) <= EXACT_IDS:
            found = {}
            for at, (record_id, line) in enumerate(zip(ids, lines)):
                if record_id is not None:
                    first = exact.setdefault(record_id, line)
                    if first != line:
                        found[at] = first
            return found
        if exact is not None:  # from here on, as hashes
            self._exact = None
            if exact:
                h1, h2, _ = _hashes(list(exact))
                import numpy as np

                self._runs = [_Run.sorted(h1, h2, np.fromiter(exact.values(), dtype=np.int64, count=len(exact)))]
        return self._hashed(ids, lines)

    def _hashed(self, ids: list[str | None], lines: list[int]) -> dict[int, int]:
        import numpy as np

        if not ids:
            return {}
        h1, h2, present = _hashes(ids)
        at = np.flatnonzero(present)
        if not len(at):
            return {}
        line = np.asarray(lines, dtype=np.int64)[at]
        h1, h2 = h1[at], h2[at]
        order = np.lexsort((line, h2, h1))  # each id's records together, its first line first
        h1, h2, line, at = h1[order], h2[order], line[order], at[order]
        starts = np.ones(len(h1), dtype=bool)
        starts[1:] = (h1[1:] != h1[:-1]) | (h2[1:] != h2[:-1])
        group = np.cumsum(starts) - 1
        new = _Run(h1[starts], h2[starts], line[starts])
        earlier = self._lookup(new)
        first = np.where(earlier >= 0, earlier, new.line)[group]
        repeated = first != line
        fresh = earlier < 0
        self._remember(_Run(new.h1[fresh], new.h2[fresh], new.line[fresh]))
        return dict(zip(at[repeated].tolist(), first[repeated].tolist()))

    def _lookup(self, new: _Run) -> np.ndarray:
        """The first line of each id of ``new`` in the runs, -1 where never seen."""
        import numpy as np

        found = np.full(len(new), -1, dtype=np.int64)
        for run in self._runs:
            at = np.searchsorted(run.h1, new.h1, side="left")
            clamped = np.minimum(at, len(run) - 1)
            same = (at < len(run)) & (run.h1[clamped] == new.h1)
            exact = same & (run.h2[clamped] == new.h2)
            found[exact] = run.line[clamped[exact]]
            for i in np.flatnonzero(same & ~exact).tolist():  # another id with the same first hash sits here
                j = int(clamped[i])
                while j < len(run) and run.h1[j] == new.h1[i]:
                    if run.h2[j] == new.h2[i]:
                        found[i] = run.line[j]
                        break
                    j += 1
        return found

    def _remember(self, fresh: _Run) -> None:
        if not len(fresh):
            return
        self._runs.append(fresh)
        while len(self._runs) > 1 and len(self._runs[-1]) >= len(self._runs[-2]) // 2:
            last, before = self._runs.pop(), self._runs.pop()
            self._runs.append(_merged(before, last))


def _merged(before: _Run, last: _Run) -> _Run:
    """Two sorted runs as one, ``last`` after equal hashes of ``before``: each id's new place found by
    binary search, so the merge holds the two runs and the result, not a concatenation and its sort
    order too (about 30 MB less at its peak for a million ids)."""
    import numpy as np

    size = len(before) + len(last)
    places = np.searchsorted(before.h1, last.h1, side="right") + np.arange(len(last))
    from_last = np.zeros(size, dtype=bool)
    from_last[places] = True
    parts = []
    for old, new in ((before.h1, last.h1), (before.h2, last.h2), (before.line, last.line)):
        out = np.empty(size, dtype=old.dtype)
        out[places] = new
        out[~from_last] = old
        parts.append(out)
    return _Run(*parts)


def _hashes(ids: list[str | None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two independent 64-bit hashes of each id (any value for None), and whether it has one."""
    import numpy as np

    count = len(ids)
    if None in ids:  # rare: a record without an id
        present = np.fromiter((record_id is not None for record_id in ids), dtype=bool, count=count)
        ids = ["" if record_id is None else record_id for record_id in ids]
    else:
        present = np.ones(count, dtype=bool)
    h1 = np.fromiter(map(hash, ids), dtype=np.int64, count=count)  # map, add, repeat: no Python frame per id
    h2 = np.fromiter(map(hash, map(add, ids, repeat(_SALT))), dtype=np.int64, count=count)
    return h1, h2, present


def repeats(seen: SeenIds, ids: list[str | None], lines: list[int], problems: list[int]) -> dict[int, int]:
    """The row contract on record ids, for every run: a later record with an id already seen is
    invalid, naming the first one's line (position in the batch -> that line); an unreadable
    row keeps its own problem, though its id counts as seen."""
    found = seen.first_lines(ids, lines)
    for position in problems:
        found.pop(position, None)
    return found
