"""What ``teitools build`` publishes for harvesters: ``build/dts/`` and ``build/oai.xml``.

:func:`publish` is the one call a build makes (``build.py`` keeps a marked
hook for it); ``teitools dts`` writes ``dts/`` alone through :func:`.dts.write_dts`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..errors import InputError
from ..export.corpus import Corpus, corpus_files, iter_corpus
from ..export.document import TeiDocument
from ..export.reading import take_all
from ..xmlio import atomic_write
from .citation import safe_identifier
from .dts import update_dts_batches, write_dts_batches
from .oai import MAX_RECORDS, OaiResult, StaticRepository, write_repository
from .oai import too_many as oai_too_many
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


#: Files read (parsed, transformed, published) at a time: the trees of one batch are held.
BATCH = 200


def publish(paths: Sequence[Path], out_dir: Path, *, base_url: str = DEFAULT_SITE_URL,
            title: str | None = None, incremental: bool = False) -> Published:
    """Write ``out_dir/dts/`` and ``out_dir/oai.xml`` for the documents at ``paths``.

    ``base_url`` is where ``out_dir`` will be served (``https://example.org/project/``);
    every URL in the files is built from it.  Register files are published too.

    The documents are read :data:`BATCH` files at a time: each batch's DTS files are
    written and its OAI-PMH records taken (identifier, Dublin Core, a copy of the
    teiHeader) before the next is read, so the trees of one batch are held, not the
    corpus's.

    ``incremental`` (``teitools build``): ``out_dir/.teitools-harvest.json`` records each
    resource's identifier and the hash of its file; when ``dts/`` is there and was made
    for the same base URL, only the DTS files of resources whose file changed (or that
    are new) are written, those of removed resources deleted, and the corpus-wide
    responses rewritten.  Every document is still read (the corpus collection and
    ``oai.xml`` list them all), but of the ~50 files a letter has in ``dts/`` only the
    changed letter's are redone.
    """
    result = Published()
    state_path = out_dir / STATE
    if not paths:
        return result
    files = sorted(corpus_files(paths), key=str)  # by name: the order of the listings
    if not files:
        raise InputError("no *.xml documents here", file=", ".join(map(str, paths)) or ".")
    base = site_url(base_url)
    dts_dir = out_dir / "dts"
    old = _read_state(state_path) if incremental else None
    by_file = _file_digests(files) if incremental else {}
    resources: dict[str, str] = {}  # identifier -> digest, for the next run's state
    too_many = False  # more records than a static repository may hold: no more kept
    repo = StaticRepository(url=base + "oai.xml", name=title)
    records = 0
    problems = Corpus()

    def batches(read: Iterator[list[TeiDocument]]) -> Iterator[list[TeiDocument]]:
        nonlocal records, too_many
        for docs in read:
            take_all(doc.root for doc in docs)  # the readings: one transformation a batch
            records += len(docs)
            if records > MAX_RECORDS and not too_many:
                too_many = True
                repo.records.clear()  # not written: not held either
            for doc in docs:
                resources[safe_identifier(doc.local_id)] = _digest(by_file, doc.name)
                if not too_many:
                    repo.add(doc)
            yield docs

    read = iter_corpus(files, problems, BATCH)
    first = next((docs for docs in read if docs), None)
    if first is None:  # nothing readable: nothing written, as for no files
        result.diagnostics.extend(problems.diagnostics)
        return result
    if old is not None and dts_dir.is_dir() and old.get("base") == base:
        before: dict[str, str] = old["resources"]
        docs = batches(_after(first, read))
        del first
        dts = update_dts_batches(
            # resources: the digests of the batch being written, taken as it was read
            docs, dts_dir, redo=lambda ident, _name: before.get(ident) != resources[ident],
            previous=before,
            parents=lambda count: (old.get("title"), len(before)) != (title, count),
            base_url=base + "dts/", title=title, by_name=True)
        result.redone = sorted(i for i, d in resources.items() if before.get(i) != d)
    else:
        docs = batches(_after(first, read))
        del first
        dts = write_dts_batches(docs, dts_dir, base_url=base + "dts/", title=title,
                                by_name=True)
        result.redone = sorted(resources)
    result.diagnostics.extend(problems.diagnostics)
    result.diagnostics.extend(dts.diagnostics)
    result.outputs.append(dts.out_dir)
    oai = OaiResult(out_dir / "oai.xml", records=records)
    if too_many:
        oai.diagnostics.append(oai_too_many(oai.path, records))
    else:
        write_repository(repo, oai.path, oai)
    result.diagnostics.extend(oai.diagnostics)
    if oai.written:
        result.outputs.append(oai.path)
    if incremental:
        state = {"version": STATE_VERSION, "base": base, "title": title,
                 "resources": resources}
        atomic_write(state_path, json.dumps(state, indent=0, sort_keys=True))
    return result


def _after(first: list[TeiDocument], rest: Iterator[list[TeiDocument]]
           ) -> Iterator[list[TeiDocument]]:
    """``first``, then ``rest``: not holding ``first`` after (``itertools.chain`` would)."""
    holder = [first]
    del first
    yield holder.pop()
    yield from rest


def _file_digests(files: Sequence[Path]) -> dict[str, str]:
    """str(path) -> a hash of the file's bytes."""
    out: dict[str, str] = {}
    for path in files:
        with contextlib.suppress(OSError):
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _digest(by_file: dict[str, str], name: str) -> str:
    """A document's digest: its file's bytes and its place in a teiCorpus (``FILE#N``)."""
    source = name if name in by_file else name.rpartition("#")[0]
    if source not in by_file:
        return ""
    return hashlib.sha256(f"{by_file[source]}\0{name}".encode()).hexdigest()


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
