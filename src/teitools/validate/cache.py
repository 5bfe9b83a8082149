"""On-disk cache for compiled and parsed schemas, keyed by content hash.

Everything expensive that validation derives from a schema (the XSLT compiled
from a Schematron schema, a RELAX NG grammar reduced to one document's element
names, the index of allowed children used for messages, a loaded XML Schema)
is stored here, so a second run compiles nothing.

* Where: ``$TEITOOLS_CACHE_DIR`` if set, else the platform's user cache
  directory + ``teitools``.
* Off: ``TEITOOLS_CACHE=off`` (or ``teitools --no-cache``, or
  ``DiskCache(enabled=False)``): nothing is read or written.
* Size: at most ``$TEITOOLS_CACHE_MAX_MB`` (default 256) megabytes; when a
  store goes over, the least recently used entries (by modification time,
  which every hit refreshes) are deleted.  The reduced-grammar cache grows by
  one entry per element-name set, so without a bound it would grow for ever.
  Each :class:`DiskCache` scans the directory once and then keeps count, so a
  store costs no scan until the bound may have been crossed.

A cache that cannot be written is not an error: validation just recompiles.
The directory and the switches are read when used, not when a
:class:`DiskCache` is made, so a long-lived validator follows the environment.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

#: Bumped whenever the format of a cached artefact changes.
CACHE_VERSION = "1"
DEFAULT_MAX_MB = 256
_OFF = frozenset({"off", "0", "no", "false", "none"})
#: SQLite's files beside a database entry while it is written: not entries themselves
_SIDE_FILES = ("-journal", "-wal", "-shm")


def default_cache_dir() -> Path:
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


@dataclass(frozen=True)
class CacheInfo:
    """What ``teitools cache info`` shows."""

    directory: Path
    enabled: bool
    max_bytes: int
    entries: Counter[str]
    sizes: Counter[str]

    @property
    def total_bytes(self) -> int:
        return sum(self.sizes.values())


class DiskCache:
    """The cache directory: ``load``/``store`` by (kind, key), bounded, switchable.

    ``built`` counts the artefacts this object had to build (not found in the
    cache), by kind: tests and ``--verbose`` use it to show that a second run
    compiles nothing.
    """

    def __init__(self, directory: Path | None = None, *, enabled: bool | None = None,
                 max_bytes: int | None = None) -> None:
        self._directory = directory
        self._enabled = enabled
        self._max_bytes = max_bytes
        self.built: Counter[str] = Counter()
        #: The cache's size as of this object's last look (None: not looked yet), so a
        #: store only scans the directory when the bound may have been crossed.
        self._total: int | None = None

    # -- configuration (read when used) ---------------------------------------------

    @property
    def directory(self) -> Path:
        return self._directory if self._directory is not None else default_cache_dir()

    @property
    def enabled(self) -> bool:
        if self._enabled is not None:
            return self._enabled
        return os.environ.get("TEITOOLS_CACHE", "").strip().lower() not in _OFF

    @property
    def max_bytes(self) -> int:
        if self._max_bytes is not None:
            return self._max_bytes
        try:
            mb = float(os.environ.get("TEITOOLS_CACHE_MAX_MB", DEFAULT_MAX_MB))
        except ValueError:
            mb = DEFAULT_MAX_MB
        return max(0, int(mb * 2**20))

    def stored_note(self) -> str:
        """What to say of an artefact just built and stored (the cache may be off)."""
        return "cached for the next run" if self.enabled else "not cached: the cache is off"

    def settings(self) -> tuple[Path | None, bool | None, int | None]:
        """What a worker process needs to make an equivalent cache."""
        return self._directory, self._enabled, self._max_bytes

    # -- entries ------------------------------------------------------------------------

    def _entry(self, kind: str, key: str, suffix: str) -> Path:
        return self.directory / kind / f"{key}{suffix}"

    def load(self, kind: str, key: str, suffix: str = "") -> bytes | None:
        """The cached bytes for ``key``, or None (also when the cache is off)."""
        if not self.enabled:
            return None
        entry = self._entry(kind, key, suffix)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: pruned last
        return data

    def store(self, kind: str, key: str, data: bytes, suffix: str = "") -> None:
        """Store ``data`` atomically, then keep the cache within its bound.

        Failures (read-only home, full disk) are ignored; nothing is written
        when the cache is off.
        """
        if not self.enabled:
            return
        target = self._entry(kind, key, suffix)
        tmp: str | None = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
            return
        if self._total is None:
            self._total = sum(size for _, size, _ in self._files())
        else:
            self._total += len(data)
        if self._total > self.max_bytes:
            self.prune(keep=target)

    def path(self, kind: str, key: str, suffix: str = "") -> Path:
        """Where the entry lives, for an owner that writes it in place (a database)."""
        return self._entry(kind, key, suffix)

    def written(self, entry: Path) -> None:
        """An entry was written in place (not by :meth:`store`): keep the bound, sparing it."""
        if not self.enabled:
            return
        # its size changed by an unknown amount: count again
        self._total = sum(size for _, size, _ in self._files())
        if self._total > self.max_bytes:
            self.prune(keep=entry)

    def delete(self, kind: str, key: str, suffix: str = "") -> None:
        """Forget one entry (a record its owner knows to be stale); missing is fine."""
        if not self.enabled:
            return
        entry = self._entry(kind, key, suffix)
        try:
            size = entry.stat().st_size
            entry.unlink()
        except OSError:
            return
        if self._total is not None:
            self._total = max(0, self._total - size)

    def _files(self) -> list[tuple[float, int, Path]]:
        """(mtime, size, path) of every entry."""
        out: list[tuple[float, int, Path]] = []
        root = self.directory
        try:
            kinds = list(os.scandir(root))
        except OSError:
            return out
        for kind in kinds:
            if not kind.is_dir(follow_symlinks=False):
                continue
            try:
                entries = list(os.scandir(kind.path))
            except OSError:
                continue
            for entry in entries:
                if entry.name.startswith(".tmp-") or entry.name.endswith(_SIDE_FILES):
                    continue
                try:
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((st.st_mtime, st.st_size, Path(entry.path)))
        return out

    def prune(self, keep: Path | None = None) -> int:
        """Delete least recently used entries until the cache fits; how many went."""
        files = self._files()
        total = sum(size for _, size, _ in files)
        limit = self.max_bytes
        removed = 0
        for _, size, path in sorted(files):
            if total <= limit:
                break
            if path == keep:
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                removed += 1
        self._total = total
        return removed

    def clear(self) -> int:
        """Delete every entry (``teitools cache clear``); how many were deleted."""
        removed = 0
        for _, _, path in self._files():
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
        legacy = self.directory / "corpus"  # corpus records before they were entries
        if legacy.is_dir():
            import shutil

            removed += sum(1 for p in legacy.rglob("*") if p.is_file())
            shutil.rmtree(legacy, ignore_errors=True)
        self._total = None
        return removed

    def info(self) -> CacheInfo:
        entries: Counter[str] = Counter()
        sizes: Counter[str] = Counter()
        for _, size, path in self._files():
            entries[path.parent.name] += 1
            sizes[path.parent.name] += size
        return CacheInfo(self.directory, self.enabled, self.max_bytes, entries, sizes)
