"""The per-document results cache of corpus runs (``build`` and ``validate``).

Two kinds of record, each keyed by a hash of the document's bytes and of what
else its result depends on (teitools' version, the validation options, the
corpus settings; for editions also the stylesheets and the links the edition
carries):

* ``check``: the validation result and the :class:`~.extract.DocumentData`;
  it also lists the schema files used, with their hashes: a record whose
  schemas changed since is not used;
* ``edition``: the HTML and text editions (zlib-compressed).

Records live under the teitools cache directory (``$TEITOOLS_CACHE_DIR``), in
``corpus/``; ``TEITOOLS_CACHE=off`` switches them off with the rest of the cache
(:class:`teitools.validate.DiskCache`).  A cache that cannot be written is not an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from ..validate import DiskCache

#: Bumped whenever the format of a record changes.
RECORD_VERSION = "corpus-1"


def _disk() -> DiskCache:
    return DiskCache()


def enabled() -> bool:
    """False when the cache is switched off (``TEITOOLS_CACHE=off``)."""
    return _disk().enabled


def _cache_root() -> Path:
    return _disk().directory / "corpus"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The code that makes the records (a development checkout changes without a version)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for name in ("extract.py", "work.py"):
        with contextlib.suppress(OSError):
            h.update((here / name).read_bytes())
    return h.hexdigest()


def key(*parts: bytes | str) -> str:
    h = hashlib.sha256(f"{RECORD_VERSION}\0{__version__}\0{code_fingerprint()}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def _path(kind: str, k: str) -> Path:
    return _cache_root() / kind / k[:2] / k


def load_json(kind: str, k: str) -> dict[str, Any] | None:
    if not enabled():
        return None
    try:
        raw = _path(kind, k).read_bytes()
    except OSError:
        return None
    try:
        data = json.loads(zlib.decompress(raw) if kind == "edition" else raw)
    except (ValueError, zlib.error):
        return None
    return data if isinstance(data, dict) else None


def store_json(kind: str, k: str, data: dict[str, Any]) -> None:
    if not enabled():
        return
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if kind == "edition":
        raw = zlib.compress(raw, 6)
    from ..errors import OutputError
    from ..xmlio import atomic_write

    with contextlib.suppress(OutputError):  # a cache that cannot be written is not an error
        atomic_write(_path(kind, k), raw)


@lru_cache(maxsize=1024)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def file_hash(path: str) -> str:
    """sha256 of a file ("" when it cannot be read), memoised by mtime and size."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return _file_hash(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def stylesheets_fingerprint(directory: str) -> str:
    """A hash over every stylesheet module the editions use."""
    h = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*.xsl")):
        h.update(str(path.relative_to(directory)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
