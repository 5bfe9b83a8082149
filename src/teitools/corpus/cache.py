"""The per-document results cache of corpus runs (``build`` and ``validate``).

Records are keyed by a hash of the document's bytes and of what else its result
depends on (its absolute path, teitools' version and code, the validation
options, the corpus settings; for editions also the stylesheets and the links
the edition carries):

* **check** records (the validation result and the :class:`~.extract.DocumentData`,
  with the schema files used and their hashes: a record whose schemas changed
  since is not used) live in **one index per project and options**
  (:class:`CheckIndex`, an SQLite database): a warm run over 1,000 documents
  opens one file, not 1,000, and looks each record up when it needs it, so its
  memory does not grow with the corpus.  The index holds one record per document
  path: a changed document's record replaces the old one, a deleted document's
  goes when the index is saved;
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
import sqlite3
import zlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..validate import DiskCache
from ..validate.depends import digest, file_hash

if TYPE_CHECKING:
    from .work import CheckResult, PackedCheck

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
    """The check records of one project and one set of options: one SQLite database.

    ``get`` looks one record up (nothing is loaded up front, so what a run holds does
    not grow with the corpus); ``put`` adds or replaces the record of a path, written
    :data:`PUT_BATCH` at a time in short transactions (another run on the same project,
    a hook beside an editor, is never locked out for long: a batch that cannot get the
    lock within :data:`LOCK_SECONDS` is dropped, a miss next time); ``save`` writes the
    rest and drops the records of documents whose file is gone (a run over one folder
    does not forget the rest).  A record is kept
    packed (:class:`~.work.PackedCheck`): a hit is copied to the run's store as it is.
    A damaged record is a miss and a database that cannot be opened or read no cache
    at all, never an error.
    """

    def __init__(self, scope: str, *, use: bool = True) -> None:
        self.name = key("index", scope)
        self.use = use and enabled()
        self._db: sqlite3.Connection | None = None
        self._dirty = False
        self._hashes: dict[str, str] = {}
        self._pending: list[tuple[str, str, str, bytes, bytes, bytes, str | None]] = []
        if self.use:
            self._path = _disk().path(INDEX, self.name, ".sqlite")
            self._db = self._open()

    def _open(self) -> sqlite3.Connection | None:
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._path, timeout=LOCK_SECONDS, isolation_level=None,
                                 check_same_thread=False)
            db.execute("PRAGMA cache_size=-2048")  # KiB: the page cache stays small
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != _INDEX_VERSION:  # another format (its columns too): start again
                db.execute("DROP TABLE IF EXISTS records")
                db.execute(f"PRAGMA user_version={_INDEX_VERSION}")
            db.execute("CREATE TABLE IF NOT EXISTS records (path TEXT PRIMARY KEY, "
                       "key TEXT NOT NULL, depends TEXT NOT NULL, file BLOB NOT NULL, "
                       "data BLOB NOT NULL, ids BLOB NOT NULL, kind TEXT)")
            return db
        except (sqlite3.Error, OSError):
            with contextlib.suppress(OSError):  # not a database (damaged): gone
                if self._path.is_file() and not _is_sqlite(self._path):
                    self._path.unlink()
            return None

    def _hash(self, dep: str) -> str:
        h = self._hashes.get(dep)
        if h is None:
            h = self._hashes[dep] = file_hash(dep)
        return h

    def get(self, path: str, k: str) -> PackedCheck | None:
        """The record of ``path`` if its key is ``k`` and its schemas are unchanged."""
        from .work import PackedCheck

        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT key, depends, file, data, ids, kind FROM records "
                                   "WHERE path = ?", (path,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] != k:
            return None
        try:
            depends = json.loads(row[1])
        except ValueError:  # a damaged record is a miss
            return None
        if any(self._hash(dep) != digest for dep, digest in depends):
            return None
        return PackedCheck(row[2], row[3], row[4], row[5])

    def put(self, path: str, k: str, result: CheckResult) -> PackedCheck:
        """Record ``result`` for ``path``; the packed record (for the run's store)."""
        from .work import PackedCheck

        packed = PackedCheck.pack(result)
        if self._db is None:
            return packed
        depends = json.dumps([(d, self._hash(d)) for d in result.depends])
        self._pending.append((path, k, depends, packed.file, packed.data, packed.ids,
                              packed.kind))
        if len(self._pending) >= PUT_BATCH:
            self._flush()
        return packed

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if self._db is None or not batch:
            return
        try:
            with self._transaction() as db:
                db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?, ?, ?)",
                               batch)
            self._dirty = True
        except sqlite3.Error:  # locked by another run for too long, a full disk: dropped
            pass

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        assert self._db is not None
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def save(self) -> None:
        if self._db is None:
            return
        self._flush()
        try:
            gone = [p for (p,) in self._db.execute("SELECT path FROM records")
                    if not os.path.isfile(p)]
            if gone:  # deleted documents: their records go
                with self._transaction() as db:
                    db.executemany("DELETE FROM records WHERE path = ?", [(p,) for p in gone])
                self._dirty = True
        except sqlite3.Error:
            return
        if self._dirty:
            _disk().written(self._path)
            self._dirty = False

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __len__(self) -> int:
        if self._db is None:
            return 0
        try:
            return int(self._db.execute("SELECT COUNT(*) FROM records").fetchone()[0])
        except sqlite3.Error:
            return 0


#: Records written per transaction, and how long a run waits for another's to end.
PUT_BATCH = 256
LOCK_SECONDS = 2.0

#: The index database's own format (``PRAGMA user_version``).
_INDEX_VERSION = 3


def _is_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


@lru_cache(maxsize=8)
def stylesheets_fingerprint(directory: str) -> str:
    """A hash over every stylesheet module the editions use."""
    h = hashlib.sha256()
    for path in sorted(Path(directory).rglob("*.xsl")):
        h.update(str(path.relative_to(directory)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()
