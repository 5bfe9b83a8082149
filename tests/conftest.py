"""Options and fixtures shared by the whole test suite."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: The cache directory of this test session (see pytest_configure).
_CACHE: dict[str, Path] = {}
_SAVED: dict[str, str | None] = {}


def pytest_addoption(parser: pytest.Parser) -> None:
    # Golden files are compared as text and rewritten only when asked to.
    parser.addoption(
        "--regen",
        action="store_true",
        default=False,
        help="rewrite golden files from the current output instead of comparing with them",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Point ``$TEITOOLS_CACHE_DIR`` at a fresh directory before anything is collected,
    for this process and every subprocess a test starts: no test reads or writes the
    user's ``~/.cache/teitools`` (tests/test_isolation.py proves it)."""
    _byte_compile()
    _SAVED["TEITOOLS_CACHE_DIR"] = os.environ.get("TEITOOLS_CACHE_DIR")
    _CACHE["dir"] = Path(tempfile.mkdtemp(prefix="teitools-test-cache-"))
    os.environ["TEITOOLS_CACHE_DIR"] = str(_CACHE["dir"])


def _byte_compile() -> None:
    """Write the package's bytecode once, as a regular install does: with
    ``PYTHONDONTWRITEBYTECODE`` set (some CI images set it) an editable install never
    gets any, and every ``teitools`` subprocess a test starts compiles ~90 modules
    again (0.3 s each time)."""
    import compileall

    import teitools

    compileall.compile_dir(Path(teitools.__file__).parent, quiet=2, workers=1)


def pytest_unconfigure(config: pytest.Config) -> None:
    old = _SAVED.pop("TEITOOLS_CACHE_DIR", None)
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old
    path = _CACHE.pop("dir", None)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def teitools_cache_dir() -> Path:
    """The session's cache directory (``$TEITOOLS_CACHE_DIR`` while the tests run)."""
    return _CACHE["dir"]
