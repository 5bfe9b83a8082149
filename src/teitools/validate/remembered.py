"""A validation verdict remembered: per document bytes, options and schema hashes.

``teitools html`` and ``text`` validate their input first.  Rendering an
unchanged document again (the edit–preview loop of a stylesheet or an ODD's
models) need not validate it again: the verdict is kept in the teitools disk
cache (kind ``verdict``), keyed by the document's bytes, name and absolute path,
the validation options and teitools' version and validation code, and used only
while every schema file the validation read (:func:`.depends.schema_dependencies`)
still has the hash it had.  ``TEITOOLS_CACHE=off`` / ``--no-cache`` switch it off
with the rest of the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__
from .cache import DiskCache
from .depends import digest, file_hash, schema_dependencies
from .results import FileResult, ValidationOptions
from .run import validate_bytes

#: The disk-cache kind of the verdicts.
KIND = "verdict"


@lru_cache(maxsize=1)
def _code() -> bytes:
    """The validation code (a development checkout changes without a version)."""
    h = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for path in sorted(here.rglob("*.py")):
        h.update(path.read_bytes())
    return h.digest()


def validate_remembered(data: bytes, name: str, path: Path | None,
                        options: ValidationOptions, tree: Any, *,
                        from_file: bool = False) -> FileResult:
    """:func:`.run.validate_bytes`, or the verdict remembered for the same input.

    ``tree`` is the document already parsed, to find the schema files the
    validation depends on.  Only a verdict reached with a schema is remembered
    ("no schema could be used" is looked up afresh every time).
    """
    disk = DiskCache()
    if path is None or not disk.enabled:
        return validate_bytes(data, name, path, options, from_file=from_file)
    key = digest(_code(), data, name, os.path.abspath(path), options.fingerprint(), str(from_file))
    raw = disk.load(KIND, key)
    if raw is not None:
        try:
            record = json.loads(zlib.decompress(raw))
            if all(file_hash(dep) == digest for dep, digest in record["hashes"]):
                return FileResult.from_dict(record["file"])
        except (ValueError, KeyError, TypeError, zlib.error):
            pass  # a damaged record is a miss
    result = validate_bytes(data, name, path, options, from_file=from_file)
    if not result.failed:
        deps = schema_dependencies(tree, path, options)
        record = {"file": result.to_dict(), "hashes": [(d, file_hash(d)) for d in deps]}
        disk.store(KIND, key, zlib.compress(json.dumps(record).encode("utf-8"), 6))
    return result
