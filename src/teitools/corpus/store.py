"""The documents of one corpus run, spilled to a scratch SQLite database.

A run over 100,000 documents would otherwise hold every document's result (its
diagnostics, the ids and pointers the corpus checks read) in memory until the
report is printed.  The store keeps them on disk in document order: the corpus
checks read them back one document at a time and look a pointer's target up
by its path, and the report reads each document's result when it prints it.
The database lives in a temporary directory that goes with the store (closed,
or collected) and is written without a journal: it is never reopened.
"""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from ..errors import OutputError
from .work import PackedCheck, pickled

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..validate import FileResult

#: Rows fetched per query when reading the documents back in order.
_BATCH = 256


def _unusable(exc: BaseException) -> OutputError:
    where = tempfile.gettempdir()
    return OutputError(f"cannot keep the run's documents in {where} "
                       f"({getattr(exc, 'strerror', None) or exc}; set TMPDIR to another folder)")


def _remove(db: sqlite3.Connection, directory: str) -> None:
    db.close()
    shutil.rmtree(directory, ignore_errors=True)


class RunStore:
    """Per document (by its position in the run): a :class:`StoredDoc`, and the
    corpus-level diagnostics added after."""

    def __init__(self) -> None:
        try:
            self._dir = tempfile.mkdtemp(prefix="teitools-run-")
        except OSError as exc:
            raise _unusable(exc) from None
        try:
            db = sqlite3.connect(os.path.join(self._dir, "run.sqlite"), isolation_level=None,
                                 check_same_thread=False)
        except sqlite3.Error as exc:
            shutil.rmtree(self._dir, ignore_errors=True)
            raise _unusable(exc) from None
        self._db = db
        self._done = weakref.finalize(self, _remove, db, self._dir)
        try:
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-4096",
                           "temp_store=FILE"):
                db.execute(f"PRAGMA {pragma}")
            db.execute("CREATE TABLE docs (ord INTEGER PRIMARY KEY, name TEXT, path TEXT, "
                       "dkey TEXT, rel TEXT, ckey TEXT, cached INTEGER, kind TEXT, "
                       "file BLOB, data BLOB, ids BLOB)")
            db.execute("CREATE TABLE corpus (ord INTEGER PRIMARY KEY, diags BLOB)")
            db.execute("CREATE TABLE seen (k TEXT PRIMARY KEY, v BLOB)")
            db.execute("BEGIN")
        except sqlite3.Error as exc:
            self.close()
            raise _unusable(exc) from None

    def close(self) -> None:
        self._done()

    def add(self, ord: int, name: str, path: Path, dkey: str, rel: str, ckey: str,
            cached: bool, packed: PackedCheck) -> None:
        try:
            self._db.execute("INSERT OR REPLACE INTO docs VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (ord, name, str(path), dkey, rel, ckey, int(cached),
                              packed.kind, packed.file, packed.data, packed.ids))
        except sqlite3.Error as exc:  # a full disk
            raise _unusable(exc) from None

    def ready(self) -> None:
        """Every document is in: commit, index the paths for the pointer look-ups."""
        self._db.execute("CREATE INDEX IF NOT EXISTS docs_dkey ON docs (dkey)")
        self._db.execute("COMMIT")
        self._db.execute("BEGIN")

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def _paged(self, select: str, where: str = "", params: tuple[object, ...] = ()
               ) -> Iterator[tuple[Any, ...]]:
        """The rows of ``select`` (its first column ``docs.ord``) in document order,
        :data:`_BATCH` a query (a batch is what is held, never the corpus)."""
        after = -1
        while True:
            batch = self._db.execute(f"{select} WHERE docs.ord > ?{where} ORDER BY docs.ord "
                                     f"LIMIT {_BATCH}", (after, *params)).fetchall()
            yield from batch
            if len(batch) < _BATCH:
                return
            after = batch[-1][0]

    def rows(self, kind: str | None = None) -> Iterator[StoredDoc]:
        """The documents in order (``kind``: only those of that kind)."""
        for ord, name, path, rel, ckey, cached, file, data, ids, of_kind in self._paged(
                "SELECT ord, name, path, rel, ckey, cached, file, data, ids, kind FROM docs",
                *(("", ()) if kind is None else (" AND kind = ?", (kind,)))):
            yield StoredDoc(ord, name, Path(path), rel, ckey, bool(cached),
                            PackedCheck(file, data, ids, of_kind))

    def find(self, dkey: str) -> tuple[str, PackedCheck] | None:
        """(name, record) of the document at ``dkey`` (normcase(abspath)), or None."""
        row = self._db.execute("SELECT name, file, data, ids, kind FROM docs WHERE dkey = ? "
                               "LIMIT 1", (dkey,)).fetchone()
        if row is None:
            return None
        return row[0], PackedCheck(row[1], row[2], row[3], row[4])

    def add_diagnostics(self, ord: int, diagnostics: list[Diagnostic]) -> None:
        """The corpus checks' diagnostics of a document (added to what it had)."""
        if not diagnostics:
            return
        row = self._db.execute("SELECT diags FROM corpus WHERE ord = ?", (ord,)).fetchone()
        had: list[Diagnostic] = pickle.loads(row[0]) if row else []
        self._db.execute("INSERT OR REPLACE INTO corpus VALUES (?, ?)",
                         (ord, pickled(had + diagnostics)))

    _FILES = ("SELECT docs.ord, docs.file, corpus.diags FROM docs LEFT JOIN corpus "
              "ON corpus.ord = docs.ord")

    def files(self) -> Iterator[tuple[int, FileResult]]:
        """(ord, :class:`FileResult` with its corpus diagnostics) in order."""
        for ord, blob, extra in self._paged(self._FILES):
            yield ord, _file_result(blob, extra)

    def file(self, ord: int) -> FileResult:
        """The document's :class:`FileResult`, its corpus diagnostics included."""
        _ord, blob, extra = self._db.execute(f"{self._FILES} WHERE docs.ord = ?",
                                             (ord,)).fetchone()
        return _file_result(blob, extra)

    def seen(self) -> SeenMap:
        """A dict-like map on disk (the duplicate-id check's "first seen" table)."""
        return SeenMap(self._db)


def _file_result(blob: bytes, extra: bytes | None) -> FileResult:
    file: FileResult = pickle.loads(blob)
    if extra is not None:
        file.diagnostics.extend(pickle.loads(extra))
    return file


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """A document of the store: its place in the run, name, path (as found), path inside
    its documents folder, cache key, whether it came from the cache, and its record."""

    ord: int
    name: str
    path: Path
    rel: str
    key: str
    cached: bool
    packed: PackedCheck


class SeenMap:
    """``get`` and ``setdefault`` of a map kept in the store's ``seen`` table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def get(self, k: str) -> object | None:
        row = self._db.execute("SELECT v FROM seen WHERE k = ?", (k,)).fetchone()
        return pickle.loads(row[0]) if row else None

    def setdefault(self, k: str, v: object) -> object:
        """``v`` stored under ``k`` unless there is a value: the value (one query when new)."""
        cur = self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (k, pickled(v)))
        return v if cur.rowcount == 1 else self.get(k)


class StoredFiles(Sequence["FileResult"]):
    """The :class:`FileResult` of every path of a ``validate`` run, in the order given,
    read from the store when asked for: files that could not be checked at all
    (``problems``, by position) and the store's documents (``slots[i]``: the store's
    ordinal, or -1)."""

    def __init__(self, store: RunStore, slots: Sequence[int],
                 problems: dict[int, FileResult]) -> None:
        self._store = store
        self._slots = slots
        self._problems = problems
        self._recent: OrderedDict[int, FileResult] = OrderedDict()

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, i: int) -> FileResult: ...

    @overload
    def __getitem__(self, i: slice) -> list[FileResult]: ...

    def __getitem__(self, i: int | slice) -> FileResult | list[FileResult]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        slot = self._slots[i]
        if slot < 0:
            return self._problems[i]
        hit = self._recent.get(i)
        if hit is None:  # a few kept: a report reads a file more than once in a row
            hit = self._recent[i] = self._store.file(slot)
            if len(self._recent) > 8:
                self._recent.popitem(last=False)
        return hit

    def __iter__(self) -> Iterator[FileResult]:
        stored = self._store.files()  # in the store's order, which is the slots' order
        for i, slot in enumerate(self._slots):
            if slot < 0:
                yield self._problems[i]
                continue
            ord, file = next(stored)
            assert ord == slot
            yield file

    def close(self) -> None:
        self._store.close()
