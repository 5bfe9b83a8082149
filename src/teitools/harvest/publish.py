"""What ``teitools build`` publishes for harvesters: ``build/dts/`` and ``build/oai.xml``.

:func:`publish` is the one call a build makes (``build.py`` keeps a marked
hook for it); ``teitools dts`` writes ``dts/`` alone through :func:`.dts.write_dts`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..export.corpus import load_corpus
from ..export.document import TeiDocument
from ..xmlio import atomic_write
from .citation import safe_identifier
from .dts import update_dts, write_dts
from .oai import write_oai
from .settings import DEFAULT_SITE_URL, configured_base_url, site_url


@dataclass
class Published:
    outputs: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: identifiers of the resources whose DTS files were (re)written
    redone: list[str] = field(default_factory=list)


#: What the last :func:`publish` with ``incremental`` wrote, beside ``dts/``.
STATE = ".teitools-harvest.json"
STATE_VERSION = 1


def publish(paths: Sequence[Path], out_dir: Path, *, base_url: str = DEFAULT_SITE_URL,
            title: str | None = None, incremental: bool = False) -> Published:
    """Write ``out_dir/dts/`` and ``out_dir/oai.xml`` for the documents at ``paths``.

    ``base_url`` is where ``out_dir`` will be served (``https://example.org/project/``);
    every URL in the files is built from it.  Register files are published too.

    ``incremental`` (``teitools build``): ``out_dir/.teitools-harvest.json`` records each
    resource's identifier and the hash of its file; when ``dts/`` is there and was made
    for the same base URL, only the DTS files of resources whose file changed (or that
    are new) are written, those of removed resources deleted, and the corpus-wide
    responses rewritten (:func:`.dts.update_dts`).  Every document is still read (the
    corpus collection and ``oai.xml`` list them all), but of the ~50 files a letter
    has in ``dts/`` only the changed letter's are redone.
    """
    result = Published()
    state_path = out_dir / STATE
    if not paths:
        return result
    corpus = load_corpus(paths)
    result.diagnostics.extend(corpus.diagnostics)
    documents = corpus.all  # registers too: they are documents of the edition
    if not documents:
        return result
    base = site_url(base_url)
    dts_dir = out_dir / "dts"
    digests = _digests(paths, documents) if incremental else {}
    old = _read_state(state_path) if incremental else None
    idents = {safe_identifier(doc.local_id): doc for doc in documents}
    if old is not None and dts_dir.is_dir() and old.get("base") == base:
        before: dict[str, str] = old["resources"]
        redo = {i for i, doc in idents.items() if before.get(i) != digests.get(doc.name)}
        gone = set(before) - set(idents)
        parents = (old.get("title"), len(before)) != (title, len(idents))
        dts = update_dts(documents, dts_dir, redo=redo, gone=gone, parents=parents,
                         base_url=base + "dts/", title=title)
        result.redone = sorted(redo)
    else:
        dts = write_dts(documents, dts_dir, base_url=base + "dts/", title=title)
        result.redone = sorted(idents)
    result.diagnostics.extend(dts.diagnostics)
    result.outputs.append(dts.out_dir)
    oai = write_oai(documents, out_dir / "oai.xml", url=base + "oai.xml", name=title)
    result.diagnostics.extend(oai.diagnostics)
    if oai.written:
        result.outputs.append(oai.path)
    if incremental:
        state = {"version": STATE_VERSION, "base": base, "title": title,
                 "resources": {i: digests.get(doc.name, "") for i, doc in idents.items()}}
        atomic_write(state_path, json.dumps(state, indent=0, sort_keys=True))
    return result


def _digests(paths: Sequence[Path], documents: Sequence[TeiDocument]) -> dict[str, str]:
    """doc.name -> a hash of the bytes of its file (and of its place in a teiCorpus)."""
    by_file: dict[str, str] = {}
    for path in paths:
        with contextlib.suppress(OSError):
            by_file[str(path)] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    out: dict[str, str] = {}
    for doc in documents:
        source = doc.name if doc.name in by_file else doc.name.rpartition("#")[0]
        if source in by_file:
            out[doc.name] = hashlib.sha256(f"{by_file[source]}\0{doc.name}".encode()).hexdigest()
    return out


def _read_state(path: Path) -> dict[str, Any] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict) or raw.get("version") != STATE_VERSION \
            or not isinstance(raw.get("resources"), dict):
        return None
    return raw


def forget(out_dir: Path) -> None:
    """Drop the state, so that the next incremental :func:`publish` rewrites everything."""
    with contextlib.suppress(OSError):
        (out_dir / STATE).unlink()


__all__ = ["DEFAULT_SITE_URL", "Published", "configured_base_url", "forget", "publish",
           "site_url"]
