"""A worker process's side of the pool (``amnesty.engine.parallel``): build the decider, then decide
each batch the pipe brings, and end at once when the process that started it is gone.

Kept apart from the pool because it runs in another process: nothing here may
assume the parent's state beyond what the factory carries.
"""

from __future__ import annotations

import ctypes
import os
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from amnesty.engine import allocators, collector
from amnesty.errors import AmnestyError

PARENT_CHECK_SECONDS = 0.2
_PR_SET_PDEATHSIG = 1


def _end_with_parent() -> None:
    """End this worker as soon as the process that started it is gone.

    On Linux the kernel sends SIGKILL when the parent dies (``prctl``); a
    thread that sees the parent's id change covers every other case (and a
    fork server, which itself ends when the run does).
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
        if os.getppid() != parent:  # the parent died before the call took effect
            os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def serve(conn: Any, factory: Callable[[], Callable[[Any], Any]]) -> None:
    """A worker's life: build the decider, then decide batches until told to stop.

    A thread keeps taking batches off the pipe while the decider works, so the
    parent can always hand over the next batch, even while this worker is
    sending back a large result (both sides blocked on a full pipe would hang).
    """
    # Ctrl-C reaches every process of the terminal, and a service manager's stop (systemd's SIGTERM)
    # every process of the service: the reading process stops the run and this worker with it, and
    # a worker that acted on either itself would only add its own message (a forked one inherits the
    # command's handler, which turns SIGTERM into KeyboardInterrupt) to the one sentence a run ends with.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _end_with_parent()
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=_receive, args=(conn, inbox), daemon=True).start()
    allocators.tune()  # a worker is the engine's own process; before its decider imports polars
    try:
        decide = factory()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send((-1, "error", _portable(exc)))
        return
    collector.tune()  # a worker is the engine's own process, its decider built: see amnesty.engine.collector
    while True:
        message = inbox.get()
        if message is None:
            return
        seq, payload = message
        try:
            result = decide(payload)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the run
            conn.send((seq, "error", _portable(exc)))
            return
        conn.send((seq, "ok", result))


def _receive(conn: Any, inbox: queue.Queue) -> None:
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            message = None
        inbox.put(message)
        if message is None:
            return


def _portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling, else a plain description of it."""
    if isinstance(error, AmnestyError):
        return error
    return RuntimeError(f"{type(error).__name__}: {error}")
