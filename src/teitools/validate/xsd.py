"""Phase 4 (on request): W3C XML Schema through xmlschema, imported lazily.

Schemas are loaded with ``allow="local"``: imports and includes are read from
disk, never from the network.

Loading is the cost: xmlschema builds ``rustbelt.xsd`` in ~3 s, every run.
The loaded schema is therefore pickled into the disk cache, keyed by the
hash of the schema file and the xmlschema version, and stored with the path
and hash of every file it read (includes, imports): a later run unpickles it
(~0.4 s) after checking that none of those files changed, and loads the
schema afresh when one did or when the pickle does not load.  The cache
directory is the user's own (as for every cached artefact); a pickle is only
ever read from there.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import SchemaError
from .cache import DiskCache, content_hash
from .locate import Locator
from .phase import ParsedDocument

PHASE = "xsd"
_KIND = "xsd"


def _file_of(url: str | None) -> Path | None:
    if not url:
        return None
    parsed = urlparse(url)
    if parsed.scheme not in ("", "file"):
        return None
    return Path(unquote(parsed.path))


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class XmlSchema:
    """One XML Schema file, loaded (or unpickled from the cache) once."""

    label = "XSD"

    def __init__(self, path: Path, cache: DiskCache | None = None) -> None:
        self.path = path
        self.cache = cache if cache is not None else DiskCache()
        self._origin = ""
        self.schema = self._load()

    def _load(self) -> Any:
        import xmlschema

        key_path = self.path.resolve()
        try:
            data = key_path.read_bytes()
        except OSError as exc:
            raise SchemaError(f"cannot read XML Schema: {exc.strerror or exc}",
                              file=self.path) from None
        key = content_hash(b"xsd", data, str(key_path), xmlschema.__version__)
        cached = self._from_cache(key)
        if cached is not None:
            self._origin = "loaded schema from the cache"
            return cached
        try:
            schema = xmlschema.XMLSchema(str(key_path), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.LxmlError, ValueError) as exc:
            msg = " ".join(str(exc).split())[:300]
            raise SchemaError(f"XML Schema does not load: {msg}", file=self.path) from None
        self.cache.built["xsd"] += 1
        self._to_cache(key, schema)
        self._origin = "schema loaded (cached for the next run)"
        return schema

    def _from_cache(self, key: str) -> Any:
        raw = self.cache.load(_KIND, key, ".pickle")
        if raw is None:
            return None
        try:
            files, schema = pickle.loads(raw)
        except Exception:  # an unreadable pickle is a cache miss, nothing more
            return None
        if not isinstance(files, list):
            return None
        for name, digest in files:
            if _sha(Path(name)) != digest:
                return None  # an included or imported file changed
        return schema

    def _to_cache(self, key: str, schema: Any) -> None:
        files: list[tuple[str, str]] = []
        for part in schema.maps.iter_schemas():
            path = _file_of(getattr(part, "url", None))
            digest = _sha(path) if path is not None else None
            if path is not None and digest is not None:
                files.append((str(path), digest))
        try:
            raw = pickle.dumps((files, schema), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a schema that does not pickle is just not cached
            return
        self.cache.store(_KIND, key, raw, ".pickle")

    def check(self, doc: ParsedDocument) -> tuple[list[Diagnostic], str]:
        note, self._origin = self._origin, "loaded schema reused"
        return self.validate(doc.tree, doc.name, doc.locator), note

    def validate(self, tree: etree._ElementTree, name: str, locator: Locator
                 ) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        for err in self.schema.iter_errors(tree):
            elem = getattr(err, "elem", None)
            line: int | None
            col: int | None
            if isinstance(elem, etree._Element):
                line, col = locator.position(elem)
            else:
                line, col = getattr(err, "sourceline", None), None
            reason = " ".join(str(getattr(err, "reason", None) or err.message).split())
            where = getattr(err, "path", None)
            msg = f"{reason} (at {where})" if where else reason
            out.append(Diagnostic(name, line, col, Severity.ERROR, msg, "xsd", PHASE))
        return out
