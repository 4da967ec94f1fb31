"""The run's memory of record ids gives the same repeats as a dict of every id would."""

import random

import numpy as np
import pytest

from amnesty.engine import seen_ids
from amnesty.engine.seen_ids import SeenIds, _hashes, _Run


@pytest.mark.parametrize("exact_ids", [0, 37, seen_ids.EXACT_IDS])
@pytest.mark.parametrize("seed", range(5))
def test_same_repeats_as_a_dict(seed, exact_ids, monkeypatch):
    """Whether ids are kept as text, as hashes from the start, or as text and then as hashes."""
    monkeypatch.setattr(seen_ids, "EXACT_IDS", exact_ids)
    rng = random.Random(seed)
    seen, reference, line = SeenIds(), {}, 1
    for _ in range(80):  # many batches, so runs are merged many times
        size = rng.choice([0, 1, 7, 150])
        ids = [rng.choice([None, f" id-{rng.randrange(2_000)}", f"{rng.randrange(2_000)}"]) for _ in range(size)]
        lines = list(range(line, line + size))
        line += size
        want = {}
        for at, (record_id, n) in enumerate(zip(ids, lines)):
            if record_id is not None and reference.setdefault(record_id, n) != n:
                want[at] = reference[record_id]
        assert seen.first_lines(ids, lines) == want
    assert len(seen) == len(reference)
    if exact_ids < len(reference):
        assert seen._exact is None and 1 < len(seen._runs) < 12  # merged as they grow, not one run per batch
    else:
        assert not seen._runs


def _run(h1, pairs):
    return _Run.sorted(np.full(len(pairs), h1, dtype=np.int64), np.array([h2 for h2, _ in pairs], dtype=np.int64),
                       np.array([n for _, n in pairs], dtype=np.int64))


def _hashed_with(runs):
    seen = SeenIds()
    seen._exact, seen._runs = None, runs
    return seen


def test_a_shared_first_hash_is_not_a_repeat():
    """Another id whose first hash is the same must not be taken for the same id, wherever it sorts."""
    h1, h2 = (int(h[0]) for h in _hashes(["A-1"])[:2])
    others = [(h2 ^ 1, 3), (h2 ^ 2, 4)]
    assert _hashed_with([_run(h1, others)]).first_lines(["A-1"], [10]) == {}
    for pairs in ([*others, (h2, 7)], [(h2, 7), *others]):
        seen = _hashed_with([_run(h1, pairs)])
        assert seen.first_lines(["A-1", "A-1"], [11, 12]) == {0: 7, 1: 7}


@pytest.mark.parametrize("seed", range(4))
def test_two_runs_merge_into_one_sorted_run_keeping_every_id(seed):
    """Equal first hashes included (few distinct values): the earlier run's ids come first among them."""
    from amnesty.engine.seen_ids import _merged

    rng = np.random.default_rng(seed)

    def run(size, offset):
        return _Run.sorted(rng.integers(-5, 5, size), np.arange(offset, offset + size), np.arange(size) + offset)

    before, last = run(int(rng.integers(0, 40)), 0), run(int(rng.integers(0, 40)), 1000)
    merged = _merged(before, last)
    assert (np.diff(merged.h1) >= 0).all()
    triples = sorted(zip(merged.h1.tolist(), merged.h2.tolist(), merged.line.tolist()))
    assert triples == sorted(zip([*before.h1.tolist(), *last.h1.tolist()], [*before.h2.tolist(), *last.h2.tolist()],
                                 [*before.line.tolist(), *last.line.tolist()]))
    for value in set(merged.h1.tolist()):
        lines = merged.line[merged.h1 == value].tolist()
        assert lines == sorted(lines, key=lambda n: n >= 1000)  # before's, then last's
