"""On-disk cache for compiled and parsed schemas, keyed by content hash.

Everything expensive that validation derives from a schema (the XSLT compiled
from a Schematron schema, a RELAX NG grammar reduced to one document's element
names, the index of allowed children used for messages) is stored here, so a
second run compiles nothing.  The directory is ``$TEITOOLS_CACHE_DIR`` if set,
else the platform's user cache directory.  A cache that cannot be written is
not an error: validation just recompiles.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

#: Bumped whenever the format of a cached artefact changes.
CACHE_VERSION = "1"

#: How many artefacts this process had to build (not found in the cache), by kind.
#: Tests and ``--verbose`` use it to show that a second run compiles nothing.
BUILT: Counter[str] = Counter()


def cache_dir() -> Path:
    """``$TEITOOLS_CACHE_DIR``, else the user cache directory + ``teitools``."""
    env = os.environ.get("TEITOOLS_CACHE_DIR")
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "teitools"


def content_hash(*parts: bytes | str) -> str:
    """A sha256 over ``parts`` (and the cache format version)."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _entry(kind: str, key: str, suffix: str) -> Path:
    return cache_dir() / kind / f"{key}{suffix}"


def load(kind: str, key: str, suffix: str = "") -> bytes | None:
    """The cached bytes for ``key``, or None."""
    try:
        return _entry(kind, key, suffix).read_bytes()
    except OSError:
        return None


def store(kind: str, key: str, data: bytes, suffix: str = "") -> None:
    """Store ``data`` atomically; failures (read-only home, full disk) are ignored."""
    target = _entry(kind, key, suffix)
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
