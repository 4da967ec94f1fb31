"""Where a sweep's work runs: in this process, in local worker processes, or on a Dask cluster.

A sweep or grid asks the same records one question per variant of a
rulebook. On one machine it is one run over the input with every variant
(``engine.run.variant_batches``), its batches decided and counted in this
process or, with ``workers``, shared by that many processes as ``evaluate``
shares a file (``engine.run.variant_counts``): the reading process applies
the row contract, each worker decides a batch under every variant and
counts it, and the counts are summed. On a Dask cluster the work is split
by variant: the variants are cut into contiguous groups, and each group is
one ``Task``, a run over the input with its variants, counted here
(``SweepCounts``). A task is plain data: the input's path, the rulebook as
parsed data (not compiled: durable_rules handles cannot be pickled), each
variant's changes, the as-of date and the sha256 each variant must get, so
it runs on any Dask worker; since the counts are sums of integers over the
same records, they are the same every way. Each task compiles its variants
itself and checks their sha256 against the caller's: a worker with another
law or another version of amnesty stops the run rather than count under it.
Dask is imported only when a scheduler is given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from amnesty.analysis.scenarios import merge_overrides
from amnesty.engine.durable.fit import compile_checked
from amnesty.engine.run import variant_batches, variant_counts
from amnesty.engine.sentence import add_months_or_end
from amnesty.errors import AmnestyError, EngineError, InputFileError, ScenarioError
from amnesty.models.decision import Outcome
from amnesty.models.rulebook import Rulebook
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.loader import RulebookSource
from amnesty.rules.scenario import apply_changes

WITHIN_YEARS = (1, 2, 5)
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler
_RELEASED = (Outcome.release, Outcome.reduced)


@dataclass
class Tally:
    """One variant's counts: outcomes, outcomes unknown facts could give, releases within 1, 2 and 5 years."""

    outcomes: Counter = field(default_factory=Counter)
    possible: Counter = field(default_factory=Counter)
    released: Counter = field(default_factory=Counter)


@dataclass
class Part:
    """What one task found: the records read, those dated after the as-of date, one tally per variant."""

    records: int
    dated_after: Counter
    tallies: list[Tally]
    present: frozenset[str] | None = None  # the data-dictionary fields the file has (``engine.absent``)
    extra_columns: tuple[str, ...] = ()  # and its other columns


@dataclass(frozen=True)
class Task:
    """Everything a worker needs to count a group of variants; small and picklable."""

    source: str
    rulebook: Rulebook
    path: str
    overrides: dict[str, Any]
    changes: tuple[dict[str, Any], ...]  # one mapping of parameter values per variant
    sha256: tuple[str, ...]  # what each variant must compile to
    as_of: date
    option: str = "--grid"


class Tabular:
    """What a sweep and a grid share: a file (``write``) and a DataFrame (``to_frame``) of the flat
    rows their own ``table`` gives."""

    source: str

    def table(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def write(self, path: str | Path, *, force: bool = False) -> None:
        """``.json`` (everything) or ``.csv`` (one row per value or grid point)."""
        from amnesty.analysis.outputs import input_paths, write_table

        write_table(self, path, force=force, inputs=input_paths(self.source))

    def to_frame(self, kind: str = "pandas"):
        """A DataFrame, one row per value or grid point: ``kind`` pandas (the pandas extra) or polars."""
        from amnesty.analysis.frames import sweep_frame

        return sweep_frame(self, kind)


def release_limits(as_of: date) -> dict[str, date]:
    return {f"{n}y": add_months_or_end(as_of, 12 * n) for n in WITHIN_YEARS}


def variant(rulebook: Rulebook, path: str, overrides: dict[str, Any], changes: Mapping[str, Any],
            option: str = "--grid") -> CompiledRulebook:
    """The rulebook with ``changes`` set on top of its own; its digest covers both.

    A value the law refuses (a fraction above 1, negative years) is one sentence naming it.
    """
    try:
        changed, record = apply_changes(RulebookSource(rulebook, path), dict(changes))
        return compile_checked(changed, merge_overrides(overrides, record))
    except AmnestyError as exc:
        shown = " ".join(f"{name}={_shown(value)}" for name, value in changes.items())
        raise ScenarioError(f"{option} {shown}: {exc.message}", path=exc.path, line=exc.line) from None


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ",".join(map(str, value))
    return value.isoformat() if isinstance(value, date) else str(value)


class SweepCounts:
    """The sweep's aggregator: one ``Tally`` per variant, fed the batches of one run.

    A variant whose results differ from the one before only at some positions
    (``Decided.changed``) is counted as the one before, less those positions'
    old results, plus their new ones: twenty values cost little more than one.
    """

    def __init__(self, variants: int, as_of: date):
        self.tallies = [Tally() for _ in range(variants)]
        self.limits = [(("released", label), limit) for label, limit in release_limits(as_of).items()]
        self._base: dict[tuple, list] = {}  # (outcome, possible) -> its keys
        self.records = 0
        self.dated_after: Counter = Counter()

    def add(self, batch: Any) -> None:
        self.records += batch.records
        self.dated_after.update(batch.dated_after)
        invalid = Counter({("outcome", Outcome.invalid.value): batch.invalid,
                           ("possible", Outcome.invalid.value): batch.invalid})
        counts: Counter | None = None
        before: list | None = None
        for tally, decided in zip(self.tallies, batch.decided):
            if decided is None:  # no valid record in the batch
                counts = Counter()
            elif decided.changed is None or counts is None:
                counts = Counter(key for result in decided.results for key in self._keys(result))
            else:
                new, old = decided.results, before
                moved = [i for i in decided.changed if old[i] is not new[i]]
                counts = counts + Counter(key for i in moved for key in self._keys(new[i]))
                counts.subtract(Counter(key for i in moved for key in self._keys(old[i])))
            before = decided.results if decided is not None else None
            for (kind, label), n in (counts + invalid).items():
                getattr(tally, _FIELDS[kind])[label] += n

    def merge(self, other: SweepCounts) -> None:
        """Add another part of the same run's records (a batch counted in a worker process)."""
        self.records += other.records
        self.dated_after.update(other.dated_after)
        for mine, theirs in zip(self.tallies, other.tallies, strict=True):
            mine.outcomes.update(theirs.outcomes)
            mine.possible.update(theirs.possible)
            mine.released.update(theirs.released)

    def _keys(self, result: Any) -> list[tuple[str, str]]:
        """What one result adds to a tally: its outcome, the outcomes it could have, its release windows."""
        keys = self._base.get((result.outcome, result.possible))
        if keys is None:
            keys = self._base[(result.outcome, result.possible)] = [("outcome", result.outcome.value)] + [
                ("possible", o.value) for o in (result.possible or (result.outcome,))]
        if result.outcome in _RELEASED and result.release_date is not None:
            day = result.release_date
            return keys + [key for key, limit in self.limits if day <= limit]
        return keys


_FIELDS = {"outcome": "outcomes", "possible": "possible", "released": "released"}


def count(source: str, books: Sequence[CompiledRulebook], as_of: date, workers: int = 1) -> Part:
    """One run over ``source`` with every book (variants of one rulebook), counted; with ``workers``
    > 1 its batches are decided and counted in that many processes, as ``evaluate`` shares a file."""
    from amnesty.io.readers import open_records

    counts = SweepCounts(len(books), as_of)
    with open_records(source) as rows:
        if workers > 1:
            for part in variant_counts(rows, books, as_of, SweepCounts, workers):
                counts.merge(part)
        else:
            for batch in variant_batches(rows, books, as_of):
                counts.add(batch)
    records, tallies = counts.records, counts.tallies
    for book, tally in zip(books, tallies):
        if sum(tally.outcomes.values()) != records:
            raise InputFileError(f"{records} records were read but {sum(tally.outcomes.values())} "
                                 f"decided under {book.sha256[:12]}", path=source)
    return Part(records, counts.dated_after, tallies, _frozen(rows.present_fields), tuple(rows.extra_columns))


def run_task(task: Task) -> Part:
    """One group of variants, compiled here (on whichever machine runs it) and counted."""
    books = [variant(task.rulebook, task.path, task.overrides, changes, task.option) for changes in task.changes]
    for book, changes, expected in zip(books, task.changes, task.sha256):
        if book.sha256 != expected:
            raise EngineError(
                f"{task.option} {changes}: this worker compiled the rulebook to sha256 {book.sha256[:12]}, "
                f"not {expected[:12]}; every worker must run the same version of amnesty"
            )
    return count(task.source, books, task.as_of)


def run(source: str, base: CompiledRulebook, changes: Sequence[Mapping[str, Any]],
        books: Sequence[CompiledRulebook], as_of: date, *, workers: int | None = None, scheduler: Any = None,
        option: str = "--grid") -> Part:
    """Count ``source`` under every variant (``books``, made from ``base`` with each of ``changes``).

    ``workers`` > 1 shares the run's batches among that many local processes (None: one per core,
    as ``evaluate`` does); ``scheduler`` (a Dask scheduler's address, or a
    ``dask.distributed.Client``) runs groups of variants on that cluster instead.
    """
    if workers is not None and workers < 1:
        raise ScenarioError(f"--workers must be 1 or more, got {workers}")
    if scheduler is None:
        from amnesty.engine.pipeline import workers_wanted

        workers = workers_wanted(workers)
        return count(source, books, as_of, workers)  # one run; its batches shared by ``workers`` processes

    def tasks(groups: int) -> list[Task]:
        return [Task(source, base.rulebook, base.path, dict(base.overrides),
                     tuple(dict(c) for c in changes[s]), tuple(b.sha256 for b in books[s]), as_of, option)
                for s in _slices(len(books), groups)]

    return _merge(_on_dask(tasks, scheduler))


def _slices(total: int, groups: int) -> list[slice]:
    """``total`` items cut into at most ``groups`` contiguous, nearly equal slices."""
    groups = max(1, min(groups, total))
    size, extra = divmod(total, groups)
    cuts = [0]
    for number in range(groups):
        cuts.append(cuts[-1] + size + (number < extra))
    return [slice(a, b) for a, b in zip(cuts, cuts[1:])]


def _merge(parts: list[Part]) -> Part:
    """The tasks' tallies in variant order; every task must have read the same records."""
    records = {part.records for part in parts}
    if len(records) != 1:
        raise InputFileError(f"the workers read different numbers of records ({', '.join(map(str, sorted(records)))}); "
                             "is the input the same file on every worker?")
    first = parts[0]
    return Part(first.records, first.dated_after, [tally for part in parts for tally in part.tallies], first.present,
                first.extra_columns)


def _frozen(present: Any) -> frozenset[str] | None:
    return None if present is None else frozenset(present)


def _on_dask(tasks, scheduler: Any) -> list[Part]:
    """One task per group of variants, as many groups as the cluster has threads."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ScenarioError("--scheduler needs Dask, which is not installed: pip install 'amnesty[dask]'") from None
    if not isinstance(scheduler, str):
        return _gather(scheduler, tasks, str(getattr(scheduler, "scheduler", scheduler)))
    _check_address(scheduler)
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise AmnestyError(f"cannot reach the Dask scheduler at {scheduler} within {CONNECT_TIMEOUT}: {reason}") from None
    with client:
        return _gather(client, tasks, scheduler)


def _check_address(address: str) -> None:
    """A malformed address is refused here: a Client that fails on one leaves a thread waiting 20 s at exit."""
    from distributed.comm.addressing import get_address_host_port

    if address.startswith("inproc://"):  # a cluster inside this process
        return
    try:
        get_address_host_port(address)
    except ValueError as exc:
        raise AmnestyError(f"--scheduler expects an address such as tcp://10.0.0.5:8786, got {address!r} ({exc})") from None


def _gather(client: Any, tasks, address: str) -> list[Part]:
    threads = sum(client.nthreads().values())
    if not threads:
        raise AmnestyError(f"the Dask scheduler at {address} has no workers; start some with: dask worker {address}")
    return client.gather(client.map(run_task, tasks(threads), pure=False))
