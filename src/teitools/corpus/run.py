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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic, Severity
from ..validate import FileResult, ValidationOptions, ValidationResult
from . import cache
from .config import CorpusConfig
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
from .work import CheckJob, CheckResult, check_document

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
    states: list[DocState]
    corpus: Corpus
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
    compact: bool = False,
) -> CheckedCorpus:
    """Validate ``files`` ((name, path, rel) triples) and run the corpus checks.

    ``whole``: the files are the whole corpus (unused register entries are reported).
    A document's bytes are read to look it up in the cache, and again when its job
    is sent, and dropped after: only the jobs in flight hold bytes.
    ``compact`` (``validate``): of each document's data keep only what the corpus
    checks read (ids, pointers, entries, document ids), not what the site shows.
    """
    start = time.perf_counter()
    opts = options.fingerprint()
    settings = config.fingerprint()
    index = cache.CheckIndex(f"{os.path.abspath(config.root)}\0{opts}\0{settings}")
    states: list[DocState | None] = [None] * len(files)
    keys: list[str] = [""] * len(files)
    todo: list[int] = []
    done = 0
    for i, (name, path, _rel) in enumerate(files):
        try:
            size = path.stat().st_size
            if size > options.max_bytes:
                result = _unreadable(name, f"file is {size / 2**20:.1f} MB, over the "
                                     f"{options.max_bytes / 2**20:.0f} MB limit "
                                     "(raise it with --max-size)")
                states[i] = _state(name, path, result, files[i][2])
                continue
            data = path.read_bytes()
        except OSError as exc:
            states[i] = _state(name, path, _unreadable(name, exc.strerror or str(exc)),
                               files[i][2])
            continue
        apath = os.path.abspath(path)
        keys[i] = cache.key("check", data, name, apath, opts, settings)
        hit = index.get(apath, keys[i]) if use_cache else None
        del data
        if hit is not None:
            states[i] = _state(name, path, _compacted(hit, compact), files[i][2],
                               cached=True, apath=apath)
            done += 1
            if progress is not None:
                progress(done, len(files))
        else:
            states[i] = _state(name, path, CheckResult(FileResult(name), None), files[i][2],
                               apath=apath)
            todo.append(i)

    def jobs() -> Iterator[CheckJob]:
        for i in todo:
            st = states[i]
            assert st is not None
            try:  # read again now: only the jobs in flight hold bytes
                data = st.path.read_bytes()
            except OSError:
                data = b""
            keys[i] = cache.key("check", data, st.name, os.path.abspath(st.path), opts,
                                settings)
            yield CheckJob(st.name, os.path.abspath(st.path), data, options,
                           from_file=runner.local)

    for i, result in zip(todo, runner.map(check_document, jobs(), len(todo)),
                         strict=True):
        st = states[i]
        assert st is not None
        index.put(os.path.abspath(st.path), keys[i], result)  # before it is compacted
        st.check = _compacted(result, compact)
        st.doc.data = st.check.data
        done += 1
        if progress is not None:
            progress(done, len(files))
    index.save()
    for i, st in enumerate(states):
        if st is not None:
            st.key = keys[i]
    ready = [s for s in states if s is not None]
    corpus = Corpus([s.doc for s in ready], config.register_paths(), load=_load_outside)
    checked = CheckedCorpus(ready, corpus, parsed=len(todo))
    docs = [s.doc for s in ready]
    used: set[tuple[str, str]] = set()
    for doc, ptr, target in check_pointers(corpus, docs):
        checked.resolved.append((doc, ptr.token, target))
        used.add(target_key(target))
    check_duplicates(docs)
    if whole:
        check_unused(docs, used)
    for s in ready:
        if s.doc.diagnostics:
            s.check.file.diagnostics.extend(s.doc.diagnostics)
    checked.seconds = time.perf_counter() - start
    return checked


def _state(name: str, path: Path, result: CheckResult, rel: str,
           cached: bool = False, apath: str | None = None) -> DocState:
    doc = CorpusDocument(name, Path(apath or os.path.abspath(path)), result.data)
    return DocState(name, path, result, doc, rel, cached)


def _compacted(result: CheckResult, compact: bool) -> CheckResult:
    """``result`` as a run keeps it: its repeated strings shared (every document's
    notes and schema line are the same few), and with ``compact`` its data cut to
    what the corpus checks read."""
    file = result.file
    file.schemas = sys.intern(file.schemas) if file.schemas else file.schemas
    file.notes = [sys.intern(n) for n in file.notes]
    result.depends = []  # the index has them; nothing after the check reads them
    data = result.data
    if data is not None:
        for ptr in data.pointers:
            ptr.element = sys.intern(ptr.element)
            ptr.attribute = sys.intern(ptr.attribute)
        if compact:  # the site's fields: validate shows none of them
            data.mentions = []
            data.sender = []
            data.recipient = []
            data.title = data.date = data.date_text = data.place = ""
            data.authors = []
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
    order: list[int | None] = []
    for i, t in enumerate(targets):
        if t.problem is not None or t.path is None:
            problems[i] = FileResult(t.name, [Diagnostic(t.name, None, None, Severity.ERROR,
                                                         t.problem or "no file", "input",
                                                         "input")], failed=True)
            order.append(None)
        else:
            order.append(len(files))
            files.append((t.name, t.path, ""))
    own = runner is None
    runner = runner or LocalRunner(options.jobs)
    try:
        whole = any(Path(p).is_dir() for p in paths)
        checked = check_corpus(files, options, config, runner, use_cache=use_cache,
                               whole=whole, progress=progress, compact=True)
    finally:
        if own:
            runner.close()
    results = [problems[i] if j is None else checked.states[j].check.file
               for i, j in enumerate(order)]
    return ValidationResult(results, time.perf_counter() - start)


def _project_root(start: Path) -> Path:
    for d in (start, *start.parents):
        if (d / "pyproject.toml").is_file():
            return d
    return start
