"""Where the per-document work runs: in this process, a local process pool, or Dask.

A runner maps a task over jobs and yields the results **in the order of the
jobs**, holding at most a bounded window of jobs in flight (memory stays flat
in the corpus size).  :class:`LocalRunner` uses worker processes for eight
documents or more; :class:`DaskRunner` sends the work to an existing
``dask.distributed`` scheduler (``--dask ADDRESS``; the optional extra
``teitools[dask]``).
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

from ..errors import TeiToolsError

J = TypeVar("J")
R = TypeVar("R")

#: Below this many documents, worker processes cost more than they save.
PARALLEL_MIN_JOBS = 8


class RunnerError(TeiToolsError):
    """The runner cannot be used (a scheduler that cannot be reached): exit 2."""


class Runner(Protocol):
    #: True when the workers share this machine's files (they may read the documents).
    local: bool

    def map(self, task: Callable[[J], R], jobs: list[J]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalRunner:
    """This machine: ``jobs`` worker processes (default: all cores), or in-process."""

    local = True

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self._pool: Any = None

    def _executor(self) -> Any:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # fork is cheap and safe while this process has not started Saxon's runtime
            method = "fork" if sys.platform == "linux" and "saxonche" not in sys.modules \
                else "spawn"
            self._pool = ProcessPoolExecutor(max_workers=self.jobs,
                                             mp_context=multiprocessing.get_context(method))
        return self._pool

    def map(self, task: Callable[[J], R], jobs: list[J]) -> Iterator[R]:
        if self.jobs <= 1 or len(jobs) < PARALLEL_MIN_JOBS:
            yield from (task(job) for job in jobs)
            return
        chunk = max(1, min(16, len(jobs) // (self.jobs * 4) or 1))
        yield from self._executor().map(task, jobs, chunksize=chunk)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


class DaskRunner:
    """An existing Dask cluster: ``DaskRunner("tcp://scheduler:8786")``.

    Every worker needs teitools installed (with the same version) and the
    project's schemas at the same paths as here; the documents' bytes are sent
    with the jobs and the results come back here, so workers write nothing.
    """

    local = False

    def __init__(self, address: str, *, timeout: float = 10.0, window: int | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise RunnerError("--dask needs dask.distributed: pip install 'teitools[dask]'") \
                from None
        try:
            self.client: Any = Client(address, timeout=timeout,  # type: ignore[no-untyped-call]
                                      set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise RunnerError(f"cannot reach the Dask scheduler at {address}: "
                              f"{_first_line(exc)}") from None
        except ValueError as exc:
            raise RunnerError(f"--dask {address}: {_first_line(exc)}") from None
        nthreads = self.client.nthreads()  # type: ignore[no-untyped-call,unused-ignore]
        threads = sum(nthreads.values()) or 1
        self.window = window or max(8, threads * 4)

    def map(self, task: Callable[[J], R], jobs: list[J]) -> Iterator[R]:
        return _windowed(self.client, task, jobs, self.window)

    def close(self) -> None:
        self.client.close()


def _windowed(client: Any, task: Callable[[J], R], jobs: Iterable[J], window: int) -> Iterator[R]:
    """Submit jobs keeping ``window`` in flight; yield results in job order."""
    pending: deque[Any] = deque()
    it = iter(jobs)
    for job in it:
        pending.append(client.submit(task, job, pure=False))
        if len(pending) >= window:
            break
    while pending:
        future = pending.popleft()
        result: R = future.result()
        future.release()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(client.submit(task, nxt, pure=False))
        yield result


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def make_runner(dask: str | None = None, jobs: int | None = None) -> Runner:
    if dask:
        return DaskRunner(dask)
    return LocalRunner(jobs)
