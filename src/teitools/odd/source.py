"""Locating, loading and indexing the TEI P5 source (``p5subset.xml``).

The source is looked up in this order: an explicit path (``--source``), the
``TEI_P5_SOURCE`` environment variable, then the copy shipped with teitools
(``teitools/data/p5subset.xml.gz``, TEI P5 4.9.0a, unmodified).  It is parsed
once per process and indexed by ident; both steps take a fraction of a second.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import InputError, SourceError
from ..xmlio import TEI_NS, parse_bytes, read_bytes
from .model import SPEC_TAGS, Spec, T, line_of, parse_spec

ENV_VAR = "TEI_P5_SOURCE"
PACKAGED = Path(__file__).resolve().parent.parent / "data" / "p5subset.xml.gz"


@dataclass
class SourceIndex:
    """Every spec of a TEI source, by ident, and the idents of each module."""

    path: str
    specs: dict[str, Spec]
    modules: dict[str, list[str]]
    sha256: str = ""
    version: str | None = None
    keep_alive: list[object] = field(default_factory=list)


def locate_source(explicit: str | Path | None = None) -> Path:
    """The p5subset.xml to use: explicit path, else $TEI_P5_SOURCE, else packaged."""
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return PACKAGED


_CACHE: dict[tuple[str, int, int], SourceIndex] = {}


def load_source(path: str | Path) -> SourceIndex:
    """Parse and index a TEI source; cached per process by path, size and mtime."""
    p = Path(path)
    try:
        st = p.stat()
    except OSError:
        raise SourceError("TEI source not found", file=p) from None
    key = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        data = read_bytes(p)
    except InputError as exc:
        raise SourceError(f"cannot read TEI source: {exc.message}", file=p) from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise SourceError(f"corrupt gzip file: {exc}", file=p) from None
    try:
        tree = parse_bytes(data, str(p), base_url=p.resolve().as_uri())
    except InputError as exc:
        raise SourceError(
            f"TEI source is not XML: {exc.message}", file=p, line=exc.line, column=exc.column
        ) from None
    index = index_source(tree.getroot(), str(p))
    index.sha256 = hashlib.sha256(data).hexdigest()
    _CACHE.clear()
    _CACHE[key] = index
    return index


def index_source(root: etree._Element, name: str) -> SourceIndex:
    """Index the specs of a parsed TEI source document."""
    if not isinstance(root.tag, str) or not root.tag.startswith(f"{{{TEI_NS}}}"):
        raise SourceError(
            "not a TEI P5 source: the root element is not in the TEI namespace",
            file=name,
            line=line_of(root),
        )
    specs: dict[str, Spec] = {}
    modules: dict[str, list[str]] = {}
    for el in root.iter(*SPEC_TAGS, T + "moduleSpec"):
        ident = el.get("ident")
        if not ident:
            continue
        if el.tag == T + "moduleSpec":
            modules.setdefault(ident, [])
            continue
        spec = parse_spec(el, name)
        specs[ident] = spec
        modules.setdefault(spec.module or "", []).append(ident)
    if not specs or not any(s.kind == "element" for s in specs.values()):
        raise SourceError(
            "not a TEI P5 source: it holds no elementSpec (expected p5subset.xml)",
            file=name,
            line=line_of(root),
        )
    version = None
    edition = root.find(f".//{T}editionStmt/{T}edition")
    if edition is not None:
        version = " ".join("".join(str(t) for t in edition.itertext()).split()) or None
    return SourceIndex(path=name, specs=specs, modules=modules, version=version, keep_alive=[root])
