"""What a document's validation depends on besides its bytes: the schema files.

Result caches (the corpus runs' :mod:`teitools.corpus.cache`, the editions' gate,
:mod:`.remembered`) keep, with each result, the files the validation may have read
and their hashes, and use the result only while every hash is unchanged.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import TeiToolsError
from .discover import choose_schemas
from .results import ValidationOptions


def schema_dependencies(tree: Any, path: Path, options: ValidationOptions) -> list[str]:
    """The schema files a document's validation may have read (for cache invalidation)."""

    deps: list[str] = []
    base = path.resolve().parent
    root = tree.getroot()
    named = False
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "xml-model":
            href = node.get("href") or ""
            if href and "://" not in href:
                deps.append(str((base / href).resolve()))
                named = True
    for given in (options.schemas.rng, options.schemas.sch, options.schemas.xsd):
        if given is not None:
            deps.append(str(Path(given).resolve()))
    if not named:
        for d in (base, *base.parents):
            if (d / "pyproject.toml").is_file():
                deps.append(str(d / "pyproject.toml"))
            schema_dir = d / "schema"
            if schema_dir.is_dir():
                deps.extend(str(p) for p in sorted(schema_dir.glob("*.rng")))
                deps.extend(str(p) for p in sorted(schema_dir.glob("*.sch")))
            if (d / "pyproject.toml").is_file():
                break
    try:  # the files actually chosen, wherever they are ([tool.teitools] may name any)
        choice = choose_schemas(tree, path, str(path), options.schemas)
    except TeiToolsError:
        choice = None
    if choice is not None:
        deps.extend(str(Path(p).resolve()) for p in (choice.rng, choice.sch, choice.xsd) if p)
    return sorted(set(deps))


def digest(seed: bytes, *parts: bytes | str) -> str:
    """sha256 of ``seed`` and ``parts``, each length-prefixed (no two lists hash alike)."""
    h = hashlib.sha256(seed)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


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
