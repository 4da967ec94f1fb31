"""Worker processes that decide batches, handing results back in input order.

Each worker builds its own decider (its own durable_rules handle: a handle
must never be shared) from a picklable factory, then takes batches one at a
time (``amnesty.engine.worker``: a worker's side of the pipe). The parent
keeps a bounded number of batches in flight or waiting to be handed on, so
memory does not grow with the input, and hands results on
strictly in input order, so the output is the same bytes whatever the
number of workers. A worker that dies (killed, out of memory, a crash in
the C engine) ends the run with an EngineError naming the lines of the batch
it held; the run never waits for it forever. Workers ignore Ctrl-C and
SIGTERM: the parent stops them when it stops. A parent that is killed outright (SIGKILL)
cannot stop them, so each worker also watches its parent and ends itself
at once when the parent is gone, rather than hold the input and the
output's temporary file for minutes (``amnesty.engine.worker``).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from amnesty.engine import allocators
from amnesty.engine.worker import serve
from amnesty.errors import AmnestyError, EngineError

IN_FLIGHT = 2  # batches per worker: one being decided, one waiting in its pipe


@dataclass
class Batch:
    """Work for one worker: raw rows or plain CSV lines, and where they came from."""

    seq: int
    first_line: int
    last_line: int
    count: int
    payload: Any
    unit: str = "records"

    def describe(self) -> str:
        return f"lines {self.first_line:,} to {self.last_line:,} ({self.count:,} {self.unit})"


@dataclass
class _Worker:
    process: Any
    conn: Any
    held: deque = field(default_factory=deque)


def start_method() -> str:
    """fork on Linux when this process runs no other thread (fast, and nothing is imported twice);
    otherwise forkserver or spawn, because forking a process that runs threads (a progress bar,
    a notebook kernel, the thread pools polars and pyarrow start once used) can copy a lock some
    thread holds, and the child then waits for it forever."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods and _threads() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _threads() -> int:
    """Every thread of this process, native ones too (Python's own count misses Rust and C++ pools)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count() + 1  # cannot tell: never fork


class Pool:
    """``workers`` processes, each running ``factory()`` once and then its result on every batch."""

    def __init__(self, factory: Callable[[], Callable[[Any], Any]], workers: int, preload: Iterable[str] = ()):
        context = multiprocessing.get_context(start_method())
        allocators.workers_starting()
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(list(preload))
        self._workers: list[_Worker] = []
        try:
            for number in range(1, workers + 1):
                parent_end, child_end = context.Pipe()
                _widen(parent_end, child_end)
                process = context.Process(
                    target=serve, args=(child_end, factory), name=f"amnesty-worker-{number}", daemon=True
                )
                process.start()
                child_end.close()
                self._workers.append(_Worker(process, parent_end))
        except BaseException:
            self.close()
            raise

    def map(self, batches: Iterable[Batch]) -> Iterator[tuple[Batch, Any]]:
        """(batch, result) for every batch, in the order given."""
        source = iter(batches)
        ready: dict[int, tuple[Batch, Any]] = {}
        limit = IN_FLIGHT * len(self._workers)
        next_seq, exhausted = 0, False
        while True:
            while not exhausted and len(ready) + sum(len(w.held) for w in self._workers) < limit:
                worker = min(self._workers, key=lambda w: len(w.held))
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                    break
                self._send(worker, batch)
            while next_seq in ready:
                yield ready.pop(next_seq)
                next_seq += 1
            busy = [w for w in self._workers if w.held]
            if not busy:
                if not exhausted:
                    continue
                if ready:
                    raise EngineError(f"batch {next_seq} never came back from a worker; no output was written")
                return
            signalled = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn in signalled or worker.conn.poll():
                    batch, result = self._receive(worker)
                    ready[batch.seq] = (batch, result)
                elif worker.process.sentinel in signalled:
                    self._died(worker)

    def _send(self, worker: _Worker, batch: Batch) -> None:
        worker.held.append(batch)
        try:
            worker.conn.send((batch.seq, batch.payload))
        except (BrokenPipeError, EOFError, OSError):
            self._died(worker)

    def _receive(self, worker: _Worker) -> tuple[Batch, Any]:
        try:
            seq, status, value = worker.conn.recv()
        except (EOFError, OSError):
            self._died(worker)
        if status == "error":
            raise _located(value, worker.held[0] if worker.held else None)
        batch = worker.held.popleft()
        if batch.seq != seq:
            raise EngineError(f"a worker answered batch {seq} for batch {batch.seq}; no output was written")
        return batch, value

    def _died(self, worker: _Worker) -> None:
        worker.process.join(timeout=5)
        code = worker.process.exitcode
        how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited with code {code}"
        held = (
            f"while deciding {worker.held[0].describe()}" if worker.held else "before it was given any records"
        )
        hint = ""
        if code == -signal.SIGKILL:  # what the kernel's out-of-memory killer sends, in a container most of all
            hint = (" (SIGKILL: the system does this when memory runs out; each worker holds about 300 MB, so "
                    "fewer --workers, or a smaller AMNESTY_BATCH_BYTES, need less)")
        raise EngineError(f"a worker process {how}{hint} {held}; the run stopped and no output was written")

    def close(self) -> None:
        """Stop every worker: politely when they are idle, by force otherwise (a busy worker ignores
        SIGTERM, ``worker.serve``, and holds nothing that needs cleaning up)."""
        for worker in self._workers:
            try:
                if worker.held:
                    worker.process.kill()
                else:
                    worker.conn.send(None)
            except (BrokenPipeError, EOFError, OSError, ValueError):
                pass
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            worker.conn.close()
        self._workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def shared_out(batches: Iterable[Any], workers: int, here: Callable[[], Any], factory: Callable[[], Any],
               preload: Iterable[str] = (), prepare: Callable[[Any], Batch] | None = None,
               ) -> Iterator[tuple[Batch, Any]]:
    """Each batch with its result, in input order: decided by ``here()`` in this process for one
    worker or an input of fewer than two batches per worker (starting workers would cost more than
    it saves), else by ``factory()`` in each of ``workers`` processes. Batches are read lazily: a
    caller's records may never end. ``here()``'s result is closed at the end if it can be.

    ``prepare`` turns each item of ``batches`` into the Batch to decide, in this process, in
    order, and only once the workers have started: work that starts threads (polars does) must
    not run before they are forked (``start_method``), or each worker would start afresh."""
    batches = iter(batches)
    first = [] if workers == 1 else [batch for _, batch in zip(range(2 * workers), batches)]
    ready = _then(first, batches) if prepare is None else map(prepare, _then(first, batches))
    if workers == 1 or len(first) < 2 * workers:
        decide = here()
        try:
            for batch in ready:
                yield batch, decide(batch.payload)
        finally:
            close = getattr(decide, "close", None)
            if close is not None:
                close()
        return
    with Pool(factory, workers, preload=preload) as pool:
        yield from pool.map(ready)


SOCKET_BUFFER = 4 << 20  # Linux's usual ceiling for an unprivileged process (net.core.wmem_max)


def _widen(*ends: Any) -> None:
    """Larger socket buffers between the reader and a worker: a batch's decisions (about 10 MB)
    then cross in a few hundred reads instead of thousands, each of which wakes both processes
    (1,000,000 records: 29,000 voluntary context switches to 22,500, 0.95x wall, 6 pairs). The
    kernel caps the size at its own limit; a platform that refuses keeps its default."""
    for end in ends:
        handle = os.dup(end.fileno())  # a second handle on the same socket, closed with ``sock``
        try:
            sock = socket.socket(fileno=handle)
        except OSError:  # not a socket (Windows' named pipes)
            os.close(handle)
            continue
        with sock:
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SOCKET_BUFFER)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SOCKET_BUFFER)
            except OSError:
                pass


def _then(first: list[Batch], rest: Iterator[Batch]) -> Iterator[Batch]:
    yield from first
    yield from rest


def _located(error: BaseException, batch: Batch | None) -> BaseException:
    if isinstance(error, AmnestyError):
        return error
    where = f" while deciding {batch.describe()}" if batch else " while starting"
    return EngineError(f"a worker failed{where}: {type(error).__name__}: {error}; no output was written")
