"""Runners: results in job order, jobs pulled only as the window has room (memory flat)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from teitools.corpus.runners import LocalRunner, chunk_size, windowed


class _Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def test_windowed_never_holds_more_than_its_window_whatever_the_corpus_size() -> None:
    for total in (10, 1000, 20000):
        pulled = 0

        def jobs(n: int = total) -> Iterator[int]:
            nonlocal pulled
            for i in range(n):
                pulled += 1
                yield i

        sizes: list[int] = []
        worst = 0
        out = []

        def submit(chunk: list[int], sizes: list[int] = sizes) -> _Done:
            sizes.append(len(chunk))
            return _Done([-x for x in chunk])

        for n, value in enumerate(windowed(submit, jobs(), chunk=4, window=3), start=1):
            out.append(value)
            worst = max(worst, pulled - n)  # jobs taken but not yet handed on
        assert out == [-i for i in range(total)]
        assert max(sizes) == 4 and sum(sizes) == total
        assert worst < (3 + 1) * 4, (total, worst)  # the window + the chunk being handed on


def test_local_runner_keeps_job_order_in_processes_and_in_process() -> None:
    runner = LocalRunner(2)
    try:
        assert list(runner.map(abs, (-i for i in range(40)), 40)) == list(range(40))
        assert list(runner.map(abs, [-1, -2, -3], 3)) == [1, 2, 3]  # few: in-process
    finally:
        runner.close()
    assert chunk_size(10_000, 2) == 16 and chunk_size(20, 2) == 2 and chunk_size(None, 2) == 4
