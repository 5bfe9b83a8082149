"""Shared fixtures for the validate tests."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from teitools.validate import default_validator

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "validate"
SHARED = REPO.parent / "shared"
REFERENCE = SHARED / "tei-p5" / "reference"


def reference(name: str) -> Path:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"TEI reference schema {path} not available")
    return path


@pytest.fixture(autouse=True, scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test run gets its own cache directory (also used by subprocesses)."""
    path = tmp_path_factory.mktemp("teitools-cache")
    old = os.environ.get("TEITOOLS_CACHE_DIR")
    os.environ["TEITOOLS_CACHE_DIR"] = str(path)
    yield path
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old


def forget_compiled() -> None:
    """Drop this process's in-memory schemas, as if a new process started."""
    default_validator().clear()


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [ln for ln in self.out.splitlines() if ln.strip()]


def run_cli(*args: str | Path, cwd: Path | None = None, stdin: bytes | None = None,
            timeout: float = 60) -> Run:
    """``teitools validate ARGS`` in a fresh process, as an encoder would run it."""
    proc = subprocess.run(
        [sys.executable, "-c", "from teitools.cli import main; main()", "validate",
         *map(str, args)],
        cwd=cwd, input=stdin, capture_output=True, timeout=timeout,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
