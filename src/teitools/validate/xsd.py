"""Phase 4 (on request): W3C XML Schema through xmlschema, imported lazily.

Schemas are loaded with ``allow="local"``: imports and includes are read from
disk, never from the network.

Loading is the cost: importing xmlschema and building ``rustbelt.xsd`` take
~3.5 s, every run.  Two things are therefore kept in the disk cache:

* the loaded schema, pickled, keyed by the hash of the schema file, its path
  and the xmlschema version, beside the path and hash of every file it read
  (includes, imports): a later run unpickles it (~0.4 s instead of ~3 s)
  after checking that none of those files changed;
* the diagnostics of each document checked, keyed by the schema (all its
  files) and the document's text: validation is a pure function of the two,
  so a document checked before costs neither the import of xmlschema nor the
  schema nor the validation.

Anything unreadable in the cache is a miss: the schema is loaded afresh.  The
cache directory is the user's own (as for every cached artefact); a pickle is
only ever read from there.
"""

from __future__ import annotations

import hashlib
import json
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
#: Bumped whenever what is cached for XML Schemas changes.
FORMAT = "1"


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


def _xmlschema_version() -> str:
    from importlib import metadata  # ~0.1 s: only when --xsd is used

    try:
        return metadata.version("xmlschema")
    except metadata.PackageNotFoundError:
        return "?"


class XmlSchema:
    """One XML Schema file; loaded (or unpickled from the cache) only when needed."""

    label = "XSD"

    def __init__(self, path: Path, cache: DiskCache | None = None) -> None:
        self.path = path
        self.cache = cache if cache is not None else DiskCache()
        self._resolved = path.resolve()
        try:
            data = self._resolved.read_bytes()
        except OSError as exc:
            raise SchemaError(f"cannot read XML Schema: {exc.strerror or exc}",
                              file=path) from None
        self._key = content_hash(b"xsd", FORMAT, data, str(self._resolved),
                                 _xmlschema_version())
        self._schema: Any = None
        self._identity: str | None = None
        self._origin = ""

    # -- the schema ---------------------------------------------------------------

    @property
    def schema(self) -> Any:
        """The ``xmlschema.XMLSchema`` (from the cache if its files did not change)."""
        if self._schema is None:
            self._schema = self._from_cache()
            if self._schema is not None:
                self._origin = "loaded schema from the cache"
            else:
                self._schema = self._load()
                self._origin = f"schema loaded ({self.cache.stored_note()})"
        return self._schema

    def _load(self) -> Any:
        import xmlschema

        try:
            schema = xmlschema.XMLSchema(str(self._resolved), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, OSError, etree.LxmlError, ValueError) as exc:
            msg = " ".join(str(exc).split())[:300]
            raise SchemaError(f"XML Schema does not load: {msg}", file=self.path) from None
        self.cache.built["xsd"] += 1
        files: list[tuple[str, str]] = []
        for part in schema.maps.iter_schemas():
            path = _file_of(getattr(part, "url", None))
            digest = _sha(path) if path is not None else None
            if path is not None and digest is not None:
                files.append((str(path), digest))
        self._identity = content_hash(self._key, *(d for _, d in files))
        self.cache.store("xsd", self._key, json.dumps(files).encode(), ".files.json")
        try:
            raw = pickle.dumps(schema, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # a schema that does not pickle is just not cached
            return schema
        self.cache.store("xsd", self._identity, raw, ".pickle")
        return schema

    def identity(self) -> str | None:
        """A hash of the schema and every file it reads, if known (None: load it first)."""
        if self._identity is None:
            raw = self.cache.load("xsd", self._key, ".files.json")
            files: list[tuple[str, str]] | None = None
            digests: list[str] | None = None
            try:
                files = json.loads(raw) if raw is not None else None
                digests = [d for name, d in files if _sha(Path(name)) == d] if files else None
            except (ValueError, TypeError):
                digests = None
            if files and digests is not None and len(digests) == len(files):
                self._identity = content_hash(self._key, *digests)
        return self._identity

    def _from_cache(self) -> Any:
        identity = self.identity()
        raw = self.cache.load("xsd", identity, ".pickle") if identity else None
        if raw is None:
            return None
        try:
            return pickle.loads(raw)  # our own cache directory, keyed by content
        except Exception:  # an unreadable pickle is a cache miss, nothing more
            return None

    # -- the phase ---------------------------------------------------------------------

    def check(self, doc: ParsedDocument) -> tuple[list[Diagnostic], str]:
        identity = self.identity()
        if identity is not None:
            found = self._cached_result(content_hash(identity, doc.parsed.text), doc.name)
            if found is not None:
                return found, "result for this document from the cache"
        first = self._schema is None
        diagnostics = self.validate(doc.tree, doc.name, doc.locator)
        identity = self.identity()
        if identity is not None:
            payload = [[d.line, d.column, d.message] for d in diagnostics]
            self.cache.store("xsd-result", content_hash(identity, doc.parsed.text),
                             json.dumps(payload).encode(), ".json")
        return diagnostics, self._origin if first else "loaded schema reused"

    def _cached_result(self, key: str, name: str) -> list[Diagnostic] | None:
        raw = self.cache.load("xsd-result", key, ".json")
        if raw is None:
            return None
        try:
            return [Diagnostic(name, line, col, Severity.ERROR, str(msg), "xsd", PHASE)
                    for line, col, msg in json.loads(raw)]
        except (ValueError, TypeError):
            return None

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
