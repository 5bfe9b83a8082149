"""Shared fixtures for the validate tests.

Paths, the CLI runner and the cache isolation are the whole suite's (tests/support,
tests/conftest.py); what knows the validator's internals stays here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from support import paths
from support.cli import Run, run_process
from support.paths import REFERENCE as REFERENCE
from support.paths import REPO as REPO
from support.paths import SHARED as SHARED
from support.paths import reference as reference
from teitools.validate import default_validator

DATA = paths.DATA / "validate"


def forget_compiled() -> None:
    """Drop this process's in-memory schemas, as if a new process started."""
    default_validator().clear()


def run_cli(*args: str | Path, cwd: Path | None = None, stdin: bytes | None = None,
            timeout: float = 60) -> Run:
    """``teitools validate ARGS`` in a fresh process, as an encoder would run it."""
    return run_process("validate", *args, cwd=cwd, stdin=stdin, timeout=timeout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
