"""No test touches the user's cache: the suite runs with its own $TEITOOLS_CACHE_DIR."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import ARTICLE, REPO, SCHEMA

#: Tests that validate (and so compile and cache schemas), in this process and in
#: subprocesses: the editions, the build, validate's process runs.
WRITERS = ["tests/test_build.py", "tests/render/test_cli.py",
           "tests/validate/test_bad_input.py"]


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("TEITOOLS_CACHE_DIR", "XDG_CACHE_HOME", "PYTEST_ADDOPTS")}
    return {**env, "HOME": str(home), "NO_COLOR": "1"}


def test_the_session_cache_is_a_fresh_temporary_directory(teitools_cache_dir: Path) -> None:
    assert os.environ["TEITOOLS_CACHE_DIR"] == str(teitools_cache_dir)
    assert teitools_cache_dir.is_dir()
    home_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    assert not teitools_cache_dir.resolve().is_relative_to(home_cache.resolve())


def test_the_check_below_can_fail(tmp_path: Path) -> None:
    """Without $TEITOOLS_CACHE_DIR, validating writes $HOME/.cache/teitools, so its
    absence after the test run below means something."""
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "teitools", "validate", "--rng", SCHEMA / "rustbelt.rng",
         "--sch", SCHEMA / "rustbelt.sch", ARTICLE],
        cwd=REPO, env=_clean_env(home), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    written = [p for p in (home / ".cache" / "teitools").rglob("*") if p.is_file()]
    assert written, "validation cached nothing: the isolation test proves nothing"


@pytest.mark.slow
def test_no_test_writes_outside_the_temporary_cache(tmp_path: Path) -> None:
    """Run the tests that cache schemas in a pytest of their own, with an empty $HOME and
    no $TEITOOLS_CACHE_DIR: they pass, and $HOME is still empty afterwards."""
    home = tmp_path / "home"
    home.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "-n", "0",
         "--basetemp", str(tmp_path / "basetemp"), *WRITERS],
        cwd=REPO, env=_clean_env(home), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*"))
    assert left == [], f"tests wrote into $HOME: {left[:10]}"
