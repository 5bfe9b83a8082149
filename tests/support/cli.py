"""The one way tests run ``teitools``: in this process (click's runner) or as a process.

Both return a :class:`Run`, which also unpacks as ``code, out, err``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from teitools.cli import main


@dataclass
class Run:
    """Exit code, standard output and standard error of one ``teitools`` command."""

    code: int
    out: str
    err: str
    #: Both streams interleaved as a terminal shows them (in-process runs only).
    mixed: str | None = None

    @property
    def output(self) -> str:
        """What a terminal shows: both streams, interleaved when known, else stdout
        followed by stderr."""
        return self.mixed if self.mixed is not None else self.out + self.err

    @property
    def lines(self) -> list[str]:
        """The non-blank lines of standard output."""
        return [ln for ln in self.out.splitlines() if ln.strip()]

    def __iter__(self) -> Iterator[int | str]:
        return iter((self.code, self.out, self.err))


def invoke(*args: str | Path, input: bytes | str | None = None) -> Run:
    """``teitools ARGS`` in this process.  An exception the command did not turn into an
    exit code fails the test (the CLI promises one line and an exit code, never a
    traceback)."""
    result = CliRunner().invoke(main, [str(a) for a in args], input=input)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"teitools {' '.join(map(str, args))} raised "
                             f"{result.exception!r}") from result.exception
    return Run(result.exit_code, result.stdout, result.stderr, result.output)


def run_process(*args: str | Path, cwd: Path | None = None, stdin: bytes | None = None,
                timeout: float = 60, env: dict[str, str] | None = None) -> Run:
    """``teitools ARGS`` in a fresh process, as a user or pre-commit runs it (no colour)."""
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", *map(str, args)],
        cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))
