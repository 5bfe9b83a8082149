"""Cooperative cancellation of the work a request does in a worker thread.

pygls answers a cancelled request (``$/cancelRequest``) with a ``RequestCancelled``
error, but a thread cannot be stopped from outside: the work would go on to the
end, holding one of the two worker threads while the editor has long moved on (an
outline of a 10 MB document asked after every keystroke).  So :func:`run` gives the
thread an event; the long loops (the tag scan, the project's files, pointers and
ids) call :func:`check_cancelled`, which raises :class:`Cancelled` once the request
is cancelled, and the thread is free for the next request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger("teitools.lsp")
R = TypeVar("R")

_LOCAL = threading.local()


class Cancelled(Exception):
    """The request this work was for has been cancelled."""


def check_cancelled() -> None:
    """Raise :class:`Cancelled` if the current thread's request has been cancelled."""
    event: threading.Event | None = getattr(_LOCAL, "event", None)
    if event is not None and event.is_set():
        raise Cancelled


def run(event: threading.Event, label: str, fn: Callable[..., R], *args: Any) -> R:
    """``fn(*args)`` in this thread, stopped at its next check once ``event`` is set."""
    if event.is_set():  # cancelled while it waited for a thread
        log.info("%s: cancelled before it started", label)
        raise Cancelled
    _LOCAL.event = event
    start = time.perf_counter()
    try:
        return fn(*args)
    except Cancelled:
        log.info("%s: cancelled after %.0f ms, stopped", label,
                 (time.perf_counter() - start) * 1000)
        raise
    finally:
        _LOCAL.event = None
