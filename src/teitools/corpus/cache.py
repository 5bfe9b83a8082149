"""The per-document results cache of corpus runs (``build`` and ``validate``).

Records are keyed by a hash of the document's bytes and of what else its result
depends on (its absolute path, teitools' version and code, the validation
options, the corpus settings; for editions also the stylesheets and the links
the edition carries):

* **check** records (the validation result and the :class:`~.extract.DocumentData`,
  with the schema files used and their hashes: a record whose schemas changed
  since is not used) live in **one index per project and options**
  (:class:`CheckIndex`): a warm run over 1,000 documents reads one file, not
  1,000.  The index holds one record per document path: a changed document's
  record replaces the old one, a deleted document's goes when the index is
  written;
* **edition** records (the HTML and text editions, zlib-compressed), one entry
  per edition; ``build`` deletes the entry a changed or removed document
  leaves behind.

Both are entries of the teitools disk cache (:class:`teitools.validate.DiskCache`,
kinds ``corpus-index``, ``corpus-edition``, ``corpus-data``): its size bound
(``$TEITOOLS_CACHE_MAX_MB``, least recently used first), ``teitools cache info``
and ``teitools cache clear`` cover them, and ``TEITOOLS_CACHE=off`` switches
them off with the rest.  A cache that cannot be written is not an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..validate import DiskCache
from ..validate.depends import digest, file_hash

if TYPE_CHECKING:
    from .work import CheckResult

#: Bumped whenever the format of a record changes.
RECORD_VERSION = "corpus-3"  # 3: Pointer.column
INDEX = "corpus-index"
EDITION = "corpus-edition"
DATA = "corpus-data"

_disks: dict[tuple[str, bool], DiskCache] = {}


def _disk() -> DiskCache:
    """One :class:`DiskCache` per directory (it keeps count of the cache's size)."""
    probe = DiskCache()
    slot = (str(probe.directory), probe.enabled)
    disk = _disks.get(slot)
    if disk is None:
        disk = _disks[slot] = probe
    return disk


def enabled() -> bool:
    """False when the cache is switched off (``TEITOOLS_CACHE=off``)."""
    return DiskCache().enabled


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The code that makes the records (a development checkout changes without a version)."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    # the records' classes too: the index holds them pickled
    for path in (here / "extract.py", here / "work.py", here.parent / "diagnostics.py",
                 here.parent / "validate" / "results.py", here.parent / "validate" / "depends.py"):
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


def key(*parts: bytes | str) -> str:
    return digest(f"{RECORD_VERSION}\0{__version__}\0{code_fingerprint()}".encode(), *parts)


def load_json(kind: str, k: str) -> dict[str, Any] | None:
    """A record of ``kind`` (:data:`EDITION`, :data:`DATA`), or None."""
    raw = _disk().load(kind, k)
    if raw is None:
        return None
    try:
        data = json.loads(zlib.decompress(raw))
    except (ValueError, zlib.error):
        return None
    return data if isinstance(data, dict) else None


def store_json(kind: str, k: str, data: dict[str, Any]) -> None:
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    _disk().store(kind, k, zlib.compress(raw, 6))


def delete(kind: str, k: str) -> None:
    """Forget a record (an edition a changed or removed document left behind)."""
    _disk().delete(kind, k)


class CheckIndex:
    """The check records of one project and one set of options, in one cache entry.

    ``get`` answers from the index read once; ``put`` adds or replaces the
    record of a path; ``save`` writes the index back (only when it changed),
    keeping the records of this run's documents and, of the others, those whose
    file still exists (a run over one folder does not forget the rest).
    """

    def __init__(self, scope: str, *, use: bool = True) -> None:
        self.name = key("index", scope)
        self.use = use and enabled()
        # path -> (record key, [(schema file, its hash)], the pickled CheckResult): pickled
        # one by one so that every get hands out a fresh object (runs add to its lists)
        self._records: dict[str, tuple[str, list[tuple[str, str]], bytes]] = {}
        self._seen: set[str] = set()
        self._dirty = False
        self._hashes: dict[str, str] = {}
        if self.use:
            raw = _disk().load(INDEX, self.name)
            if raw is not None:
                try:
                    loaded = pickle.load(_Inflating(raw))  # no copy of it all inflated
                    if isinstance(loaded, dict) and loaded.get("version") == RECORD_VERSION:
                        self._records = loaded["records"]
                except Exception:  # a damaged entry is a miss, never an error
                    self._records = {}

    def _hash(self, dep: str) -> str:
        h = self._hashes.get(dep)
        if h is None:
            h = self._hashes[dep] = file_hash(dep)
        return h

    def get(self, path: str, k: str) -> CheckResult | None:
        self._seen.add(path)
        if not self.use:
            return None
        record = self._records.get(path)
        if record is None or record[0] != k:
            return None
        if any(self._hash(dep) != digest for dep, digest in record[1]):
            return None
        try:
            result: CheckResult = pickle.loads(record[2])
        except Exception:  # a damaged record is a miss
            return None
        return result

    def put(self, path: str, k: str, result: CheckResult) -> None:
        self._seen.add(path)
        if not self.use:
            return
        self._records[path] = (k, [(d, self._hash(d)) for d in result.depends],
                               pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        self._dirty = True

    def save(self) -> None:
        if not self.use:
            return
        for path in [p for p in self._records if p not in self._seen]:
            if not os.path.isfile(path):  # a deleted document: its record goes
                del self._records[path]
                self._dirty = True
        if not self._dirty:
            return
        sink = _Deflating()  # compressed as pickled: never the whole index uncompressed
        pickle.dump({"version": RECORD_VERSION, "records": self._records}, sink,
                    protocol=pickle.HIGHEST_PROTOCOL)
        _disk().store(INDEX, self.name, sink.getvalue())
        self._dirty = False

    def __len__(self) -> int:
        return len(self._records)


class _Deflating:
    """A file to pickle into that keeps only the zlib-compressed bytes."""

    def __init__(self) -> None:
        self._z = zlib.compressobj(1)
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(self._z.compress(data))
        return len(data)

    def getvalue(self) -> bytes:
        return b"".join([*self._parts, self._z.flush()])


class _Inflating:
    """A file to unpickle from that inflates zlib-compressed bytes as they are read."""

    def __init__(self, raw: bytes) -> None:
        self._z = zlib.decompressobj()
        self._raw = raw
        self._at = 0
        self._buf = bytearray()

    def _fill(self, n: int) -> None:
        while len(self._buf) < n and (self._at < len(self._raw) or self._z.unconsumed_tail):
            chunk = self._z.unconsumed_tail or self._raw[self._at:self._at + 65536]
            if not self._z.unconsumed_tail:
                self._at += len(chunk)
            self._buf += self._z.decompress(chunk, max(n - len(self._buf), 65536))
        if self._at >= len(self._raw) and not self._z.unconsumed_tail:
            self._buf += self._z.flush()

    def read(self, n: int = -1) -> bytes:
        self._fill(n if n >= 0 else 1 << 62)
        n = len(self._buf) if n < 0 else n
        out = bytes(self._buf[:n])
        del self._buf[:n]
        return out

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def readline(self) -> bytes:
        self._fill(len(self._buf) + 1)
        i = self._buf.find(b"\n")
        while i < 0 and (self._at < len(self._raw) or self._z.unconsumed_tail):
            self._fill(len(self._buf) + 65536)
            i = self._buf.find(b"\n")
        return self.read(i + 1 if i >= 0 else len(self._buf))


@lru_cache(maxsize=8)
def stylesheets_fingerprint(directory: str) -> str:
    """A hash over every stylesheet module the editions use."""
    h = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*.xsl")):
        h.update(str(path.relative_to(directory)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
