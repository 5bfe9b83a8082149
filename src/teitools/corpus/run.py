"""The check phase of a corpus run, shared by ``build`` and ``validate``.

For every document: read its bytes, look its result up in the cache (by the
hash of the bytes, the options, the settings and teitools' version; the
schemas it used must be unchanged), and send the rest to the runner.  Then the
corpus-level checks run on the client over everyone's data: pointers
(:mod:`.pointers`), duplicate ids and unused register entries.
"""

from __future__ import annotations

import os
import sys
import time
from array import array
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..validate import FileResult, ValidationOptions, ValidationResult
from . import cache
from .config import CorpusConfig
from .extract import DocumentData
from .pointers import (
    Corpus,
    CorpusDocument,
    Target,
    check_duplicates,
    check_pointers,
    check_unused,
    target_key,
)
from .runners import Runner
from .store import RunStore, StoredFiles
from .work import CheckJob, CheckResult, PackedCheck, check_document

Progress = Callable[[int, int], None]


@dataclass(slots=True)
class DocState:
    """One document through a corpus run.

    It holds no bytes of the document (its key is their hash; whoever needs them reads
    the file again), so that what a run keeps per document stays small."""

    name: str
    path: Path  # as found
    check: CheckResult
    doc: CorpusDocument
    rel: str = ""  # path inside its documents folder, posix
    cached: bool = False
    #: the cache key of its check (bytes, name, path, options, settings); "" if unread
    key: str = ""

    @property
    def valid(self) -> bool:
        return self.check.file.valid()


@dataclass
class CheckedCorpus:
    #: every document, in memory (``build``); empty for a ``stored`` run (``validate``),
    #: whose documents stay in ``store``
    states: list[DocState]
    corpus: Corpus
    store: RunStore
    resolved: list[tuple[CorpusDocument, str, Target]] = field(default_factory=list)
    parsed: int = 0  # documents that were not in the cache
    seconds: float = 0.0


def _unreadable(name: str, message: str) -> CheckResult:
    return CheckResult(FileResult(name, [Diagnostic(name, None, None, Severity.ERROR, message,
                                                    "input", "input")], failed=True), None)


def check_corpus(
    files: Sequence[tuple[str, Path, str]],
    options: ValidationOptions,
    config: CorpusConfig,
    runner: Runner,
    *,
    use_cache: bool = True,
    whole: bool = True,
    progress: Progress | None = None,
    stored: bool = False,
) -> CheckedCorpus:
    """Validate ``files`` ((name, path, rel) triples) and run the corpus checks.

    ``whole``: the files are the whole corpus (unused register entries are reported).
    Every document's result goes to a :class:`RunStore` as it comes (from the cache or
    the runner): a document's bytes are read to look it up in the cache, and again when
    its job is sent, and dropped after, so only the jobs in flight hold bytes.
    ``stored`` (``validate``): the documents stay in the store and the corpus checks
    read them back one at a time, so the run's memory does not grow with the corpus;
    otherwise (``build``) they come back as :attr:`CheckedCorpus.states`.
    """
    start = time.perf_counter()
    opts = options.fingerprint()
    settings = config.fingerprint()
    # --no-cache reads no record, but writes what it finds for the next run
    index = cache.CheckIndex(f"{os.path.abspath(config.root)}\0{opts}\0{settings}")
    store = RunStore()
    try:
        parsed = _check_all(files, options, opts, settings, runner, index, store,
                            use_cache=use_cache, progress=progress)
    except BaseException:
        store.close()
        raise
    finally:
        index.close()
    if stored:
        checked = _check_stored(store, config, whole)
    else:
        checked = _check_in_memory(store, config, whole)
    checked.parsed = parsed
    checked.seconds = time.perf_counter() - start
    return checked


def _check_all(files: Sequence[tuple[str, Path, str]], options: ValidationOptions,
               opts: str, settings: str, runner: Runner, index: cache.CheckIndex,
               store: RunStore, *, use_cache: bool, progress: Progress | None) -> int:
    """Every document's record into ``store``; how many documents were not cached."""
    todo = array("l")
    done = 0

    def put(i: int, packed: PackedCheck, apath: str, ckey: str = "",
            cached: bool = False) -> None:
        nonlocal done
        name, path, rel = files[i]
        store.add(i, name, path, os.path.normcase(apath), rel, ckey, cached, packed)
        done += 1
        if progress is not None:
            progress(done, len(files))

    for i, (name, path, _rel) in enumerate(files):
        apath = os.path.abspath(path)
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                put(i, PackedCheck.pack(_unreadable(
                    name, f"file is {size / 2**20:.1f} MB, over the "
                    f"{options.max_bytes / 2**20:.0f} MB limit (raise it with --max-size)")),
                    apath)
                continue
            data = path.read_bytes()
        except OSError as exc:
            put(i, PackedCheck.pack(_unreadable(name, exc.strerror or str(exc))), apath)
            continue
        k = cache.key("check", data, name, apath, opts, settings)
        del data
        hit = index.get(apath, k) if use_cache else None
        if hit is not None:
            put(i, hit, apath, k, cached=True)  # copied as stored: nothing unpickled
        else:
            todo.append(i)

    #: the jobs in flight: (position, absolute path, cache key)
    sent: deque[tuple[int, str, str]] = deque()

    def jobs() -> Iterator[CheckJob]:
        for i in todo:
            name, path, _rel = files[i]
            apath = os.path.abspath(path)
            try:  # read again now: only the jobs in flight hold bytes
                data = path.read_bytes()
            except OSError:
                data = b""
            sent.append((i, apath, cache.key("check", data, name, apath, opts, settings)))
            yield CheckJob(name, apath, data, options, from_file=runner.local)

    for result in runner.map(check_document, jobs(), len(todo)):
        i, apath, k = sent.popleft()
        put(i, index.put(apath, k, result), apath, k)
    index.save()
    store.ready()
    return len(todo)


def _check_in_memory(store: RunStore, config: CorpusConfig, whole: bool) -> CheckedCorpus:
    """``build``: every document back in memory, the corpus checks over them."""
    states = []
    for row in store.rows():
        result = _compacted(row.packed.unpack())
        states.append(DocState(row.name, row.path, result, _document(row.name, row.path,
                                                                     result.data),
                               row.rel, row.cached, row.key))
    store.close()  # all in memory now
    docs = [s.doc for s in states]
    corpus = Corpus(docs, config.register_paths(), load=_load_outside)
    checked = CheckedCorpus(states, corpus, store)
    used: set[tuple[str, str]] = set()
    for doc, ptr, target in check_pointers(corpus, docs):
        checked.resolved.append((doc, ptr.token, target))
        used.add(target_key(target))
    check_duplicates(docs)
    if whole:
        check_unused(docs, used)
    for s in states:
        if s.doc.diagnostics:
            s.check.file.diagnostics.extend(s.doc.diagnostics)
    return checked


def _check_stored(store: RunStore, config: CorpusConfig, whole: bool) -> CheckedCorpus:
    """``validate``: the corpus checks reading one document at a time from ``store``;
    their diagnostics go back to it."""
    registers = config.register_paths()
    corpus = Corpus([], registers, load=_load_outside, find=_finder(store))
    seen = store.seen()
    used: set[tuple[str, str]] = set()  # of register entries only: bounded by them
    for row in store.rows():
        doc = _document(row.name, row.path, row.packed.document_data())
        corpus.recent(doc)  # the next letter's "previous" is this one
        for _doc, _ptr, target in check_pointers(corpus, [doc]):
            data = target.doc.data
            if data is not None and data.kind == "register":
                used.add(target_key(target))
        check_duplicates([doc], seen)
        store.add_diagnostics(row.ord, doc.diagnostics)
    if whole:
        for row in store.rows("register"):
            doc = _document(row.name, row.path, row.packed.document_data())
            check_unused([doc], used)
            store.add_diagnostics(row.ord, doc.diagnostics)
    return CheckedCorpus([], corpus, store)


def _document(name: str, path: Path, data: DocumentData | None) -> CorpusDocument:
    return CorpusDocument(name, Path(os.path.abspath(path)), data)


def _finder(store: RunStore) -> Callable[[str], CorpusDocument | None]:
    """Find a run's document in the store: what a pointer into it reads, its ids."""
    def find(dkey: str) -> CorpusDocument | None:
        hit = store.find(dkey)
        if hit is None:
            return None
        found = hit[1].kind_and_ids()
        data = None if found is None else DocumentData(kind=found[0], ids=found[1])
        return _document(hit[0], Path(dkey), data)
    return find


def _compacted(result: CheckResult) -> CheckResult:
    """``result`` as a build keeps it: its repeated strings shared (every document's
    notes and schema line are the same few)."""
    file = result.file
    file.schemas = sys.intern(file.schemas) if file.schemas else file.schemas
    file.notes = [sys.intern(n) for n in file.notes]
    result.depends = []  # the index has them; nothing after the check reads them
    data = result.data
    if data is not None:
        for ptr in data.pointers:
            ptr.element = sys.intern(ptr.element)
            ptr.attribute = sys.intern(ptr.attribute)
    return result


def _load_outside(path: Path) -> CorpusDocument | None:
    """A document pointed to from the run but not in it (e.g. one file validated alone):
    its data only (cached by the hash of its bytes), no validation."""
    from ..errors import TeiToolsError
    from ..xmlio import TEI_NS, parse_bytes
    from .extract import DocumentData, extract

    try:
        data = path.read_bytes()
    except OSError:
        return None
    k = cache.key("data", data)
    raw = cache.load_json(cache.DATA, k)
    if raw is not None and "data" in raw:
        doc_data = DocumentData.from_json(raw["data"]) if raw["data"] else None
    else:
        try:
            tree = parse_bytes(data, str(path))
        except TeiToolsError:
            tree = None
        doc_data = extract(tree) if tree is not None and tree.getroot().tag in (
            f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus") else None
        cache.store_json(cache.DATA, k, {"data": doc_data.to_json() if doc_data else None})
    return CorpusDocument(str(path), Path(os.path.abspath(path)), doc_data)


def validate_corpus(
    paths: Sequence[str],
    options: ValidationOptions | None = None,
    *,
    config: CorpusConfig | None = None,
    runner: Runner | None = None,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> ValidationResult:
    """``teitools validate`` over files and folders, with the corpus checks and the cache.

    Standard input (``-``) goes through :func:`teitools.validate.validate_paths` as is.
    """
    from ..validate import validate_paths
    from ..validate.discover import expand_paths
    from .config import load_config
    from .runners import LocalRunner

    options = options or ValidationOptions()
    if "-" in paths:
        return validate_paths(paths, options, progress=progress)
    start = time.perf_counter()
    config = config or load_config(_project_root(Path.cwd()))
    exclude = tuple(options.exclude) + config.exclude
    for given in (options.schemas.rng, options.schemas.sch, options.schemas.xsd):
        if given is not None and not given.is_file():
            from ..errors import SchemaError

            raise SchemaError("no such schema file", file=given)
    targets = expand_paths(paths, exclude)
    problems: dict[int, FileResult] = {}
    files: list[tuple[str, Path, str]] = []
    slots = array("l")  # per path given: its place in the run's store, or -1
    for i, t in enumerate(targets):
        if t.problem is not None or t.path is None:
            problems[i] = FileResult(t.name, [Diagnostic(t.name, None, None, Severity.ERROR,
                                                         t.problem or "no file", "input",
                                                         "input")], failed=True)
            slots.append(-1)
        else:
            slots.append(len(files))
            files.append((t.name, t.path, ""))
    del targets
    own = runner is None
    runner = runner or LocalRunner(options.jobs)
    try:
        whole = any(Path(p).is_dir() for p in paths)
        checked = check_corpus(files, options, config, runner, use_cache=use_cache,
                               whole=whole, progress=progress, stored=True)
    finally:
        if own:
            runner.close()
    # read back from the store as the report is printed
    return ValidationResult(StoredFiles(checked.store, slots, problems),
                            time.perf_counter() - start)


def _project_root(start: Path) -> Path:
    for d in (start, *start.parents):
        if (d / "pyproject.toml").is_file():
            return d
    return start
