"""``teitools build``: the project's main job, for one document or a corpus.

Every document under ``tei/`` (recursively; the include/exclude rules of
``validate``, settable in ``[tool.teitools]``) is validated against the schemas
it declares; each valid one gets its HTML and text editions, mirroring the
folders (``build/html/1871/letter-001.html``); and a site ties them together:
``build/index.html`` (every document, sortable and filterable), the corpus
registers of persons, places, organisations and works with links to every
mention, and for letters the correspondence table with previous/next links.
Cross-document pointers are checked (:mod:`teitools.corpus.pointers`) and
linked in the editions.

Results are cached per document (:mod:`teitools.corpus.cache`): a rerun over
unchanged documents parses nothing, and after a change only that document and
the pages that depend on it are redone.  The per-document work runs in local
worker processes or on a Dask cluster (``dask=ADDRESS``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, Severity
from .errors import NO_SCHEMA, InputError, TeiToolsError

if TYPE_CHECKING:
    from .corpus.config import CorpusConfig
    from .corpus.extract import Party
    from .corpus.pointers import CorpusDocument, Target
    from .corpus.registers import Registers
    from .corpus.run import DocState

TEI_DIR = "tei"
MANIFEST = ".teitools-build.json"


@dataclass
class BuildResult:
    documents: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    invalid: int = 0
    unvalidated: int = 0  # published without a schema to check them against
    seconds: float = 0.0
    parsed: int = 0  # documents checked afresh (the others came from the cache)
    rendered: int = 0  # editions transformed afresh
    unchanged: int = 0  # outputs already up to date
    pages: list[Path] = field(default_factory=list)  # site pages (written or not)
    harvested: list[str] = field(default_factory=list)  # DTS resources (re)written

    def summary_line(self) -> str:
        errors = sum(1 for d in self.diagnostics if d.is_error)
        warnings = len(self.diagnostics) - errors
        docs = len(self.documents)
        cached = docs - self.parsed
        extra = f" ({self.parsed} checked, {cached} from the cache)" if cached else ""
        return (
            f"build: {docs} document{'s' if docs != 1 else ''}, {self.invalid} invalid, "
            + (f"{self.unvalidated} not validated, " if self.unvalidated else "") +
            f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}, "
            f"{len(self.outputs)} output{'s' if len(self.outputs) != 1 else ''} written"
            f"{extra} in {self.seconds:.2f}s"
        )


def find_documents(root: Path, exclude: tuple[str, ...] = (),
                   folders: tuple[str, ...] = (TEI_DIR,)) -> list[tuple[str, Path, str]]:
    """The documents of a project: (name, path, path inside its folder), by validate's
    file discovery (``*.xml`` recursively, hidden folders and ``exclude`` skipped)."""
    from .validate.discover import expand_paths

    found: list[tuple[str, Path, str]] = []
    for folder in folders:
        tei_dir = root / folder
        if not tei_dir.is_dir():
            what = "tei/" if folder == TEI_DIR else f"{folder}/ (documents in [tool.teitools])"
            raise InputError(
                f"no {what} directory here; run from the project root or pass --root",
                file=root)
        for target in expand_paths([str(tei_dir)], exclude):
            if target.path is None or target.problem is not None:
                continue
            rel = os.path.relpath(target.path, tei_dir).replace(os.sep, "/")
            found.append((target.name, target.path, rel))
    if not found:
        raise InputError("no *.xml documents to build", file=root / folders[0])
    return found


def stale_schemas(root: Path) -> list[Diagnostic]:
    """Warnings for derived schemas that ``teitools schema check`` would call stale.

    The project's ODD is ``root/schema/*.odd`` (if there is exactly one); a
    check that found everything fresh is remembered in the disk cache, keyed
    by the bytes of the ODD, the derived files, the TEI source and the ODD
    compiler, so an unchanged project pays for it once.
    """
    from .diagnostics import Severity
    from .exemplars import compiler_digest, source_digest
    from .odd.source import locate_source
    from .validate.cache import DiskCache, content_hash

    odds = sorted((root / "schema").glob("*.odd"))
    if len(odds) != 1:
        return []
    odd = odds[0]
    derived = sorted(odd.parent.glob(f"{odd.stem}.*"))
    try:
        key = content_hash(odd.read_bytes(), *(p.read_bytes() for p in derived),
                           source_digest(locate_source().resolve()), compiler_digest())
    except OSError:
        return []
    cache = DiskCache()
    if cache.load("schema-fresh", key) is not None:
        return []
    from .odd.derive import check_schemas
    try:
        check = check_schemas(odd)
    except TeiToolsError as err:
        return [Diagnostic(str(odd), err.line, None, Severity.WARNING,
                           f"cannot check the derived schemas: {err.message}", "schema-check",
                           "build")]
    if check.up_to_date:
        cache.store("schema-fresh", key, b"1")
        return []
    return [Diagnostic(str(path), None, None, Severity.WARNING,
                       f"{state} relative to {odd} (run `teitools schema build`)",
                       "schema-stale", "build")
            for state, paths in (("missing", check.missing), ("stale", check.stale))
            for path in paths]


def _up(rel: str) -> str:
    """From an edition (html/REL.html) back to the output folder: '../', '../../', …"""
    return "../" * (rel.count("/") + 1)


def run_build(
    root: Path | None = None,
    out_dir: Path = Path("build"),
    *,
    use_cache: bool = True,
    dask: str | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Validate the project's documents and write the editions and the site into ``out_dir``."""
    from .corpus import cache
    from .corpus.config import load_config
    from .corpus.registers import REGISTERS, MentionLink, collect
    from .corpus.run import check_corpus
    from .corpus.runners import make_runner
    from .corpus.work import RenderJob, render_document
    from .render import stylesheet_dir
    from .validate import ValidationOptions
    from .xmlio import atomic_write

    start = time.perf_counter()
    use_cache = use_cache and cache.enabled()  # teitools --no-cache / TEITOOLS_CACHE=off
    root = root or Path(".")
    if not out_dir.is_absolute() and root != Path("."):
        out_dir = root / out_dir
    config = load_config(root)
    files = find_documents(root, config.exclude, config.documents)
    runner = make_runner(dask, jobs)  # a scheduler that cannot be reached: nothing written
    result = BuildResult(documents=[f[0] for f in files])
    stale_warnings = stale_schemas(root)  # legacy's hook: derived schemas older than the ODD
    try:
        checked = check_corpus(files, ValidationOptions(jobs=jobs), config, runner,
                               use_cache=use_cache, whole=True, progress=progress)
        result.parsed = checked.parsed
        states = checked.states
        by_doc = {id(s.doc): s for s in states}
        for reg in config.register_paths():
            st = next((s for s in states if s.doc.path == reg), None)
            if st is not None and st.check.data is None:
                first = next((d for d in st.check.file.diagnostics if d.is_error), None)
                raise InputError(
                    "register cannot be read: " + (first.message if first else "not TEI"),
                    file=st.name, line=first.line if first else None,
                    column=first.column if first else None)

        # where everything goes (paths relative to out_dir, posix)
        published: dict[int, str] = {}
        for s in states:
            # a document with no schema anywhere is published unvalidated, as
            # `teitools html` renders it: a folder of TEI files still makes a site
            _, judged = s.check.file.no_schema_apart()
            own_errors = [d for d in judged if d.is_error and d.phase != "corpus"]
            if s.check.data is not None and not own_errors \
                    and (not s.check.file.failed or s.check.file.unchecked):
                published[id(s.doc)] = "html/" + s.rel.removesuffix(".xml") + ".html"
        titles = {id(s.doc): (s.check.data.title if s.check.data and s.check.data.title
                              else s.rel) for s in states}

        # registers and mentions
        rels = {id(s.doc): s.rel for s in states}
        registers = collect([s.doc for s in states], rels)
        resolved = {(id(doc), token): target for doc, token, target in checked.resolved}
        leaving: dict[int, dict[str, Target]] = {}  # per document: pointers to elsewhere
        for doc, token, target in checked.resolved:
            if target.doc is not doc:
                leaving.setdefault(id(doc), {})[token] = target
        from .corpus.pointers import target_key

        for s in states:
            if s.check.data is None:
                continue
            for m in s.check.data.mentions:
                hit = resolved.get((id(s.doc), m.token))
                entry = registers.by_target.get(target_key(hit)) if hit else None
                if entry is not None:
                    entry.mentions.append(MentionLink(s.doc, m.anchor, m.text))

        # editions
        style_fp = cache.stylesheets_fingerprint(str(stylesheet_dir()))
        manifest_path = out_dir / MANIFEST
        out_str = str(out_dir)
        models_by_folder: dict[str, str] = {}
        old_manifest = _read_manifest(manifest_path)
        manifest: dict[str, str] = {}
        #: (id(doc), edition key, the job less the bytes: read when it is sent)
        pending: list[tuple[int, str, RenderJob]] = []
        for s in states:
            page_name = published.get(id(s.doc))
            if page_name is None:
                continue
            up = _up(s.rel)
            links: dict[str, tuple[str, str]] = {}
            for token, target in leaving.get(id(s.doc), {}).items():
                entry = registers.by_target.get(target_key(target))
                if entry is not None:
                    href = f"{up}{REGISTERS[entry.kind][0]}#{entry.anchor}"
                    title = entry.label + (f": {entry.entry.note}" if entry.entry.note else "")
                else:
                    other = published.get(id(target.doc))
                    if other is None:
                        continue
                    href = up + other + (f"#{target.id}" if target.id else "")
                    title = titles.get(id(target.doc), "")
                links[token] = (href, title)
            site_index = up + "index.html"
            # s.key: the check's key, a hash of the bytes, name, path and settings
            folder = os.path.dirname(os.path.abspath(s.path))
            models_fp = models_by_folder.get(folder)
            if models_fp is None:  # the model is found from the document's folder
                models_fp = models_by_folder[folder] = _models_fingerprint(s.path)
            k = cache.key("edition", s.key, s.name, style_fp,
                          models_fp, site_index,
                          json.dumps(sorted(links.items()), ensure_ascii=False))
            names = [page_name, "text/" + s.rel.removesuffix(".xml") + ".txt"]
            if use_cache and all(old_manifest.get(n) == k for n in names) \
                    and all(os.path.isfile(os.path.join(out_str, n)) for n in names):
                result.unchanged += 2
                manifest.update(dict.fromkeys(names, k))
                continue
            stale_edition = old_manifest.get(names[0])
            if stale_edition is not None and stale_edition != k:  # what this doc was before
                cache.delete(cache.EDITION, stale_edition)
            stored = cache.load_json(cache.EDITION, k) if use_cache else None
            if stored is not None and isinstance(stored.get("html"), str) \
                    and isinstance(stored.get("text"), str):
                result.outputs.append(atomic_write(out_dir / names[0], stored["html"]))
                result.outputs.append(atomic_write(out_dir / names[1], stored["text"]))
                manifest.update(dict.fromkeys(names, k))
                continue
            pending.append((id(s.doc), k, RenderJob(s.name, os.path.abspath(s.path), b"",
                                                    site_index, links)))

        def render_jobs() -> Iterator[RenderJob]:
            for _, _, job in pending:  # only the jobs in flight hold bytes
                try:
                    data = Path(job.path).read_bytes()
                except OSError:
                    data = b""
                yield dataclasses.replace(job, data=data)

        for (doc_key, k, _job), rendered in zip(pending, runner.map(render_document,
                                                                   render_jobs(), len(pending)),
                                                strict=True):
            s = by_doc[doc_key]
            if rendered.error is not None or rendered.html is None or rendered.text is None:
                if rendered.error is not None:
                    s.check.file.diagnostics.append(rendered.error)
                published.pop(doc_key, None)
                continue
            result.rendered += 1
            names = [published[doc_key], "text/" + s.rel.removesuffix(".xml") + ".txt"]
            result.outputs.append(atomic_write(out_dir / names[0], rendered.html))
            result.outputs.append(atomic_write(out_dir / names[1], rendered.text))
            if use_cache:
                cache.store_json(cache.EDITION, k, {"html": rendered.html, "text": rendered.text})
            manifest.update(dict.fromkeys(names, k))
    finally:
        runner.close()

    # the site: a function of every document's check (key), where it is published and
    # the settings; when none of that changed and no edition was redone, the pages of
    # the last build stand (a warm build assembles nothing)
    title = config.title
    site_key = cache.key("site", _site_code(), title, str(out_dir.resolve()), *(
        f"{s.name}\0{s.rel}\0{s.key}\0{published.get(id(s.doc), '')}" for s in states))
    old_pages = [n for n in old_manifest if not n.startswith(("html/", "text/"))
                 and not n.endswith(":")]
    if use_cache and not pending and old_manifest.get("site:") == site_key and old_pages \
            and all(os.path.isfile(out_dir / n) for n in old_pages):
        for name in old_pages:
            result.pages.append(out_dir / name)
            result.unchanged += 1
            manifest[name] = old_manifest[name]
    else:
        _write_site(states, published, titles, resolved, registers, config, out_dir,
                    old_manifest, manifest, result, use_cache)
    manifest["site:"] = site_key

    # --- harvest hook (issue 16, owner: harvest; keep it when rewriting build.py) ---
    # DTS 1.0 static endpoints (build/dts/) and the OAI-PMH static repository
    # (build/oai.xml) of the valid documents, for [tool.teitools] base-url.
    # (corpus: skipped when no document changed since the last build and its
    # outputs are there, so that a warm build parses nothing; after a change only
    # the changed documents' DTS files are rewritten: publish(incremental=True).)
    from .harvest.settings import configured_base_url

    valid_paths = [s.path for s in states if id(s.doc) in published]
    base_url = configured_base_url(root)
    harvest_key = cache.key("harvest", base_url, *(
        f"{s.path}\0{s.key}" for s in states if id(s.doc) in published))
    harvest_outputs = [out_dir / "dts", out_dir / "oai.xml"]
    if not (use_cache and old_manifest.get("harvest:") == harvest_key
            and all(p.exists() for p in harvest_outputs)):
        from .harvest.publish import forget, publish

        if not use_cache:
            forget(out_dir)
        harvested = publish(valid_paths, out_dir, base_url=base_url, incremental=use_cache)
        result.diagnostics.extend(harvested.diagnostics)
        result.outputs.extend(harvested.outputs)
        result.harvested = harvested.redone
    manifest["harvest:"] = harvest_key
    # --- end of harvest hook ---

    # outputs of an earlier build that this one no longer makes
    for name in set(old_manifest) - set(manifest):
        stale = out_dir / name
        if name.endswith(":"):
            continue
        if name.startswith("html/"):  # a removed document: its edition record goes too
            cache.delete(cache.EDITION, old_manifest[name])
        if stale.is_file():
            stale.unlink()
    atomic_write(manifest_path, json.dumps({"outputs": manifest}, indent=0, sort_keys=True))

    result.diagnostics.extend(stale_warnings)
    unvalidated: list[Diagnostic] = []
    for s in states:
        file = s.check.file
        if file.unchecked and id(s.doc) in published:
            no_schema, judged = file.no_schema_apart()
            unvalidated.extend(no_schema)
            result.diagnostics.extend(judged)
            result.unvalidated += 1
            continue
        result.diagnostics.extend(file.diagnostics)
        if not file.valid() or id(s.doc) not in published:
            result.invalid += 1
    if unvalidated:  # one line for the lot, not one per document
        first = unvalidated[0]
        others = f" and {len(unvalidated) - 1} more" if len(unvalidated) > 1 else ""
        result.diagnostics.append(Diagnostic(
            first.file, None, None, Severity.WARNING,
            f"published without validation (this document{others}): {first.message}",
            NO_SCHEMA, "build"))
    result.seconds = time.perf_counter() - start
    return result


def _write_site(states: list[DocState], published: dict[int, str], titles: dict[int, str],
                resolved: dict[tuple[int, str], Target], registers: Registers,
                config: CorpusConfig, out_dir: Path, old_manifest: dict[str, str],
                manifest: dict[str, str], result: BuildResult, use_cache: bool) -> None:
    """Assemble the site's pages; write those whose content changed."""
    from .corpus import cache
    from .corpus.site import Letter, Row, Site
    from .xmlio import atomic_write

    doc_links = {key: (titles[key], published.get(key)) for key in titles}
    rows = []
    letters = []
    for s in states:
        d = s.check.data
        _, judged = s.check.file.no_schema_apart()
        errors = sum(1 for x in judged if x.is_error)
        if d is None:
            not_tei = any(x.rule == "not-tei" for x in s.check.file.diagnostics)
            rows.append(Row(s.rel, None, "", "", "", "", "not TEI" if not_tei else "unreadable",
                            0, s.name, errors))
            continue
        who = " → ".join(", ".join(p.name for p in side if p.name)
                         for side in (d.sender, d.recipient)) if d.kind == "letter" \
            else ", ".join(d.authors)
        rows.append(Row(d.title or s.rel, doc_links[id(s.doc)][1], who, d.date, d.date_text,
                        d.place, d.kind, d.words, s.name, errors))
        if d.kind == "letter":
            letters.append(Letter(
                d.date, d.date_text, _party_links(d.sender, s.doc, resolved, registers),
                _party_links(d.recipient, s.doc, resolved, registers), d.place,
                d.title or s.rel, doc_links[id(s.doc)][1],
                _neighbour(d.prev, s.doc, resolved, doc_links),
                _neighbour(d.next, s.doc, resolved, doc_links)))
    letters.sort(key=lambda lt: (lt.date, lt.title))
    title = config.title or ("Documents" if len(states) != 1 else (rows[0].title or "Document"))
    site = Site(title, rows, registers.by_kind, letters, doc_links)
    for name, html in site.pages().items():
        dest = out_dir / name
        result.pages.append(dest)
        digest = cache.key("page", html)
        if use_cache and old_manifest.get(name) == digest and dest.is_file():
            result.unchanged += 1
        else:
            result.outputs.append(atomic_write(dest, html))
        manifest[name] = digest


def _party_links(parties: list[Party], doc: CorpusDocument,
                 resolved: dict[tuple[int, str], Target], registers: Registers,
                 ) -> list[tuple[str, str | None]]:
    """Sender / recipient names, linked to their person register entry when resolved."""
    from .corpus.pointers import target_key
    from .corpus.registers import REGISTERS

    out: list[tuple[str, str | None]] = []
    for p in parties:
        target = resolved.get((id(doc), p.ref.split()[0])) if p.ref.strip() else None
        entry = registers.by_target.get(target_key(target)) if target else None
        out.append((p.name, f"{REGISTERS['person'][0]}#{entry.anchor}" if entry else None))
    return out


def _neighbour(token: str, doc: CorpusDocument, resolved: dict[tuple[int, str], Target],
               doc_links: dict[int, tuple[str, str | None]]) -> tuple[str, str] | None:
    """The previous / next letter (correspContext) as (title, href), when published."""
    target = resolved.get((id(doc), token)) if token else None
    if target is None:
        return None
    title, href = doc_links.get(id(target.doc), ("", None))  # outside the build: no link
    return (title, href) if href else None


def _site_code() -> str:
    """The code the site's pages come from (a development checkout changes without a
    version)."""
    import contextlib
    import hashlib

    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in (here / "build.py", here / "corpus" / "site.py",
                 here / "corpus" / "registers.py"):
        with contextlib.suppress(OSError):
            h.update(path.read_bytes())
    return h.hexdigest()


def _models_fingerprint(path: str | Path) -> str:
    """A hash over the processing-model modules the document at ``path`` renders with
    (a project's schema/NAME.html.xsl and .text.xsl, which lie outside the package)."""
    from .model import find_model

    modules = tuple((str(m), m.stat().st_mtime_ns) for m in
                    (find_model(Path(path), out).path.resolve() for out in ("html", "text")))
    return _modules_hash(modules)


@functools.lru_cache(maxsize=64)
def _modules_hash(modules: tuple[tuple[str, int], ...]) -> str:
    import hashlib

    h = hashlib.sha256()
    for module, _mtime in modules:
        h.update(module.encode())
        h.update(Path(module).read_bytes())
    return h.hexdigest()


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        outputs = raw["outputs"]
        return {str(k): str(v) for k, v in outputs.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


__all__ = ["BuildResult", "Severity", "find_documents", "run_build"]
