"""Where the per-document work runs: in this process, a local process pool, or Dask.

A runner maps a task over jobs and yields the results **in the order of the
jobs**.  Jobs are taken from their iterator only as the window has room: at
most ``window`` chunks of at most ``chunk`` jobs are in flight (sent, result
not yet handed on), so the memory a run holds for jobs does not grow with the
corpus.  Jobs go in chunks (one task per chunk) because one task per document
costs a scheduler round trip per document.  :class:`LocalRunner` uses worker
processes for eight documents or more; :class:`DaskRunner` sends the work to
an existing ``dask.distributed`` scheduler (``--dask ADDRESS``; the optional
extra ``teitools[dask]``).
"""

from __future__ import annotations

import itertools
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

    def map(self, task: Callable[[J], R], jobs: Iterable[J], count: int | None = None
            ) -> Iterator[R]:
        """``task`` over ``jobs`` (``count`` of them, if known), results in job order."""
        ...

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

    def map(self, task: Callable[[J], R], jobs: Iterable[J], count: int | None = None
            ) -> Iterator[R]:
        it = iter(jobs)
        head = list(itertools.islice(it, PARALLEL_MIN_JOBS))
        if self.jobs <= 1 or len(head) < PARALLEL_MIN_JOBS:
            yield from (task(job) for job in itertools.chain(head, it))
            return
        pool = self._executor()
        yield from windowed(lambda chunk: pool.submit(run_chunk, task, chunk),
                            itertools.chain(head, it), chunk_size(count, self.jobs),
                            self.jobs * 4)

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

    def __init__(self, address: str, *, timeout: float | None = None,
                 window: int | None = None) -> None:
        if timeout is None:  # how long to try to reach the scheduler
            try:
                timeout = float(os.environ.get("TEITOOLS_DASK_TIMEOUT", "10"))
            except ValueError:
                timeout = 10.0
        try:
            import dask
            from distributed import Client
        except ImportError:
            raise RunnerError("--dask needs dask.distributed: pip install 'teitools[dask]'") \
                from None
        try:
            # the client's connection keeps its last 1,000 messages for debugging by default:
            # every chunk of jobs with its documents' bytes, ~2.5 KB a document held
            with dask.config.set({"distributed.admin.low-level-log-length": 0}):
                self.client: Any = Client(  # type: ignore[no-untyped-call]
                    address, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise RunnerError(f"cannot reach the Dask scheduler at {address}: "
                              f"{_first_line(exc)}") from None
        except ValueError as exc:
            raise RunnerError(f"--dask {address}: {_first_line(exc)}") from None
        nthreads = self.client.nthreads()  # type: ignore[no-untyped-call,unused-ignore]
        self.threads = sum(nthreads.values()) or 1
        self.window = window or max(8, self.threads * 4)

    def map(self, task: Callable[[J], R], jobs: Iterable[J], count: int | None = None
            ) -> Iterator[R]:
        client = self.client

        def submit(chunk: list[J]) -> Any:
            return client.submit(run_chunk, task, chunk, pure=False)

        return windowed(submit, jobs, chunk_size(count, self.threads), self.window)

    def close(self) -> None:
        self.client.close()


def chunk_size(count: int | None, workers: int) -> int:
    """Jobs per task: a few tasks per worker for small runs, at most 16 jobs a task."""
    if count is None:
        return 4
    return max(1, min(16, count // (workers * 4) or 1))


def run_chunk(task: Callable[[J], R], chunk: list[J]) -> list[R]:
    """What a worker runs: ``task`` over one chunk of jobs."""
    return [task(job) for job in chunk]


def windowed(submit: Callable[[list[J]], Any], jobs: Iterable[J], chunk: int, window: int
             ) -> Iterator[R]:
    """Send ``jobs`` in chunks through ``submit`` (it returns a future: ``.result()``
    gives the chunk's results) with at most ``window`` chunks in flight; yield the
    results in job order.  Jobs are pulled from ``jobs`` only when a chunk is sent."""
    pending: deque[Any] = deque()
    it = iter(jobs)

    def send() -> bool:
        batch = list(itertools.islice(it, chunk))
        if batch:
            pending.append(submit(batch))
        return bool(batch)

    while len(pending) < window and send():
        pass
    while pending:
        future = pending.popleft()
        results: list[R] = future.result()
        release = getattr(future, "release", None)
        if release is not None:  # a Dask future: let the cluster forget it now
            release()
        send()
        yield from results


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def make_runner(dask: str | None = None, jobs: int | None = None) -> Runner:
    if dask:
        return DaskRunner(dask)
    return LocalRunner(jobs)
