"""What ``teitools build`` publishes for harvesters: ``build/dts/`` and ``build/oai.xml``.

:func:`publish` is the one call a build makes (``build.py`` keeps a marked
hook for it); ``teitools dts`` writes ``dts/`` alone through :func:`.dts.write_dts`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError, OutputError
from ..export.corpus import corpus_files, load_corpus
from ..export.document import TeiDocument
from ..xmlio import atomic_write
from .citation import safe_identifier
from .dts import DtsSite, remove_resource_files, swap
from .oai import MAX_RECORDS, StaticRepository, too_many
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


#: Files read at a time: only one batch's trees are in memory, not the corpus's (the
#: readings are taken a batch per transformation, as take_all's own batches).
BATCH = 250


def publish(paths: Sequence[Path], out_dir: Path, *, base_url: str = DEFAULT_SITE_URL,
            title: str | None = None, incremental: bool = False,
            batch: int = BATCH) -> Published:
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

    The documents are read ``batch`` files at a time (in the order of their names, the
    order of the corpus collection and of ``oai.xml``): a batch's resource files are
    written and its trees dropped; what the corpus-wide files need of each resource
    (its collection member, its ``oai.xml`` records) is kept until the end.
    """
    result = Published()
    state_path = out_dir / STATE
    if not paths:
        return result
    files = sorted(corpus_files(paths), key=str)  # str: the documents' names sort so
    if not files:
        raise InputError("no *.xml documents here", file=", ".join(map(str, paths)) or ".")
    base = site_url(base_url)
    dts_dir = out_dir / "dts"
    old = _read_state(state_path) if incremental else None
    update = old is not None and dts_dir.is_dir() and old.get("base") == base
    before: dict[str, str] = old["resources"] if update and old is not None else {}
    sink = _Files(dts_dir, in_place=update)
    given = {str(p) for p in paths}
    failures: list[Diagnostic] = []  # load_corpus's: the unreadable, then the duplicates
    duplicates: list[Diagnostic] = []
    dts_diagnostics: list[Diagnostic] = []
    local_ids: dict[str, str] = {}
    idents: dict[str, str] = {}  # identifier -> document name
    members: list[tuple[str, str]] = []  # (identifier, its collection member as JSON)
    digests: dict[str, str] = {}  # identifier -> hash of its file ("" unknown)
    redo: list[str] = []
    oai_path = out_dir / "oai.xml"
    oai: StaticRepository | None = StaticRepository(url=base + "oai.xml", name=title)
    try:
        for i in range(0, len(files), batch):
            corpus = load_corpus(files[i:i + batch])
            for d in corpus.diagnostics:
                (duplicates if d.rule == "export-duplicate-id" else failures).append(d)
            documents = []
            for doc in corpus.all:  # registers too: they are documents of the edition
                if doc.local_id in local_ids:  # in an earlier batch
                    duplicates.append(Diagnostic(
                        doc.name, None, None, Severity.ERROR,
                        f"the document id {doc.local_id!r} is already used by "
                        f"{local_ids[doc.local_id]}; this document is left out",
                        "export-duplicate-id", "export"))
                    continue
                local_ids[doc.local_id] = doc.name
                ident = safe_identifier(doc.local_id)
                if ident in idents:
                    raise OutputError(f"two documents have the identifier {ident!r}: "
                                      f"{idents[ident]} and {doc.name}; give one a different "
                                      "publicationStmt/idno[@type='local']", file=doc.name)
                idents[ident] = doc.name
                documents.append(doc)
            if not documents:
                continue
            site = DtsSite(documents, base_url=base + "dts/", title=title)
            hashes = _file_digests(documents, given) if incremental else {}
            for res in site.resources:
                dts_diagnostics.extend(d for d in res.doc.diagnostics
                                       if (d.rule or "").startswith("dts-"))
                member = site.resource_object(res)
                members.append((res.ident, json.dumps(member, ensure_ascii=False)))
                digest = hashes.get(res.doc.name)
                digests[res.ident] = digest or ""
                if update and before.get(res.ident) == digest:
                    continue
                redo.append(res.ident)
                if update:
                    remove_resource_files(dts_dir, res.ident)
                parents = f"collection/{res.ident}/parents.json"
                for rel, data in site.resource_files(res):
                    if rel != parents:  # written at the end: it holds the corpus's size
                        sink.write(rel, data)
            if oai is not None and len(members) <= MAX_RECORDS:
                oai.add(documents)
            else:  # too many for the one file: an error at the end, no records kept
                oai = None
        result.diagnostics.extend(failures + duplicates)
        if not members:
            sink.discard()
            return result
        result.diagnostics.extend(dts_diagnostics)
        whole = DtsSite([], base_url=base + "dts/", title=title)
        whole.total = len(members)
        if update:
            for ident in sorted(set(before) - set(idents)):  # removed resources
                remove_resource_files(dts_dir, ident)
            assert old is not None
            all_parents = (old.get("title"), len(before)) != (title, len(idents))
            again = set(redo)
            for ident, text in members:
                if all_parents or ident in again:
                    sink.write(*whole.parents_of(ident, json.loads(text)))
        else:
            for ident, text in members:
                sink.write(*whole.parents_of(ident, json.loads(text)))
        for rel, data in whole.corpus_files([json.loads(m) for _, m in members]):
            sink.write(rel, data)
        sink.finish()
    except BaseException:
        sink.discard()
        raise
    result.redone = sorted(redo)
    result.outputs.append(dts_dir)
    if oai is None:
        result.diagnostics.append(too_many(oai_path, len(members)))
    else:
        atomic_write(oai_path, oai.finish())
        result.outputs.append(oai_path)
    if incremental:
        state = {"version": STATE_VERSION, "base": base, "title": title,
                 "resources": {i: digests[i] for i, _ in members}}
        atomic_write(state_path, json.dumps(state, indent=0, sort_keys=True))
    return result


class _Files:
    """Where the DTS files go: into ``dts/`` itself (an update), or into a temporary
    sibling swapped in by :meth:`finish`, so that a failed run leaves the old one."""

    def __init__(self, dts_dir: Path, *, in_place: bool) -> None:
        self.dts_dir = dts_dir
        self.in_place = in_place
        self._tmp: Path | None = None
        self._made: set[Path] = set()

    def _folder(self) -> Path:
        if self.in_place:
            return self.dts_dir
        if self._tmp is None:
            out = self.dts_dir
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                if out.exists() and not out.is_dir():
                    raise OutputError("exists and is not a directory", file=out)
                self._tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
            except OSError as exc:
                raise OutputError(exc.strerror or str(exc), file=out) from None
        return self._tmp

    def write(self, rel: str, data: bytes) -> None:
        path = self._folder() / rel
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            if self.in_place:  # readers of the old file never see half of the new one
                tmp = path.with_name(f".{path.name}.tmp")
                tmp.write_bytes(data)
                os.replace(tmp, path)
            else:
                path.write_bytes(data)
        except OSError as exc:
            raise OutputError(exc.strerror or str(exc), file=self.dts_dir) from None

    def finish(self) -> None:
        if self._tmp is not None:
            try:
                swap(self._tmp, self.dts_dir)
            except OSError as exc:
                raise OutputError(exc.strerror or str(exc), file=self.dts_dir) from None
            self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _file_digests(documents: Sequence[TeiDocument], given: set[str]) -> dict[str, str]:
    """doc.name -> a hash of the bytes of its file (and of its place in a teiCorpus), for
    the files named in ``given``."""
    by_file: dict[str, str] = {}
    out: dict[str, str] = {}
    for doc in documents:
        source = doc.name if doc.name in given else doc.name.rpartition("#")[0]
        if source not in given:
            continue
        if source not in by_file:
            try:
                by_file[source] = hashlib.sha256(Path(source).read_bytes()).hexdigest()
            except OSError:
                continue
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
