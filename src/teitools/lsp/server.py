"""The pygls layer: LSP messages in, the feature modules' answers out.

Nothing here computes anything: each request takes the document's current
snapshot and runs the feature function in a worker thread (validation in its
own thread, which waits for the validation process), so the message loop stays
free.  A cancelled request is answered RequestCancelled (by pygls) and its
thread stops at the work's next check (:mod:`.cancel`); diagnostics are
debounced after edits and published only if the document has not changed
meanwhile.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from .. import __version__
from . import actions, cancel, completion, diagnostics, hover, navigation, symbols
from .document import Snapshot, uri_to_path
from .knowledge import knowledge
from .odddoc import release_free_memory
from .text import set_encoding
from .workspace import Workspace

log = logging.getLogger("teitools.lsp")
R = TypeVar("R")

#: Seconds of quiet after an edit before the document is validated again, when a check of
#: it is still running (otherwise an edit is checked at once).
DEBOUNCE = 0.1
#: Larger documents wait longer (validation takes longer too).
DEBOUNCE_LARGE = 1.0
LARGE = 2_000_000
TRIGGERS = ["<", "/", " ", '"', "'", "#", ":"]


class _Protocol(LanguageServerProtocol):
    """pygls keeps a copy of every open document, updated on each edit (for 10 MB, the
    lines split again per keystroke); the server keeps its own snapshots
    (:mod:`.workspace`), so pygls's copy is not kept."""

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: lsp.DidOpenTextDocumentParams
                                    ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_OPEN)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: lsp.DidChangeTextDocumentParams
                                      ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: lsp.DidCloseTextDocumentParams
                                     ) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(lsp.TEXT_DOCUMENT_DID_CLOSE)) is not None:
            yield handler, (params,), None


class TeiLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("teitools", __version__,
                         text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
                         protocol_cls=_Protocol)
        self.store = Workspace()
        self.features_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="lsp")
        self.validate_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")
        self._pending: dict[str, asyncio.Task[None]] = {}
        #: Documents being validated right now (in the validation thread).
        self.validating: set[str] = set()
        #: Documents whose grammar's explainer was readied after their first diagnostics.
        self._explained: set[str] = set()
        self.snippets = True

    async def run(self, fn: Callable[..., R], *args: Any) -> R:
        """``fn(*args)`` in a worker thread; when the request is cancelled (pygls cancels
        this coroutine and answers RequestCancelled), the thread's work is told to stop
        (:mod:`.cancel`) instead of running on to an answer nobody reads."""
        loop = asyncio.get_running_loop()
        event = threading.Event()
        label = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__name__}"
        try:
            return await loop.run_in_executor(self.features_pool, cancel.run, event, label,
                                              fn, *args)
        except asyncio.CancelledError:
            event.set()
            raise

    # -- diagnostics ------------------------------------------------------------------

    def schedule(self, snap: Snapshot, delay: float) -> None:
        old = self._pending.pop(snap.uri, None)
        if old is not None:
            old.cancel()
        self._pending[snap.uri] = asyncio.ensure_future(self._publish(snap, delay))

    async def _publish(self, snap: Snapshot, delay: float) -> None:
        try:
            scheduled = time.perf_counter()
            if delay:
                await asyncio.sleep(delay)
            loop = asyncio.get_running_loop()
            start = time.perf_counter()
            found, began = await loop.run_in_executor(self.validate_pool, self._timed_diagnose,
                                                      snap)
            done = time.perf_counter()
            current = self.store.get(snap.uri)
            if current is None or current.version != snap.version:
                return  # edited meanwhile: the newer version has its own run
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
                uri=snap.uri, version=snap.version, diagnostics=found))
            if snap.uri not in self._explained and len(snap.text) <= LARGE:
                self._explained.add(snap.uri)
                self.validate_pool.submit(self._explain_ahead, snap)
            log.info("%s v%d: %d diagnostics in %.0f ms (waited %.0f ms for the debounce, "
                     "%.0f ms for the validation thread; published %.0f ms after the result)",
                     snap.uri, snap.version, len(found), (time.perf_counter() - scheduled) * 1000,
                     (start - scheduled) * 1000, (began - start) * 1000,
                     (time.perf_counter() - done) * 1000)
        except asyncio.CancelledError:
            pass

    def delay_after_edit(self, snap: Snapshot) -> float:
        """No wait when nothing is being checked (an edit's diagnostics come at once);
        while a check runs, wait for a pause in typing (the newest version is checked next)."""
        if len(snap.text) > LARGE:
            return DEBOUNCE_LARGE
        return DEBOUNCE if snap.uri in self.validating else 0.0

    def _explain_ahead(self, snap: Snapshot) -> None:
        """After a document's first diagnostics, in the validation thread: ready the RELAX NG
        explainer for its grammar (see :func:`.grammar._child_explain_ahead`), so that the
        first mistake typed costs what the later ones do."""
        from . import oddfiles
        from .grammar import WORKER

        try:
            if oddfiles.is_odd(snap):
                return
            seconds = WORKER.explain_ahead(snap.data, snap.name, snap.path)
            if seconds:
                log.info("%s: RELAX NG explainer readied in %.0f ms", snap.uri, seconds * 1000)
        except Exception:
            log.exception("readying the explainer failed")

    def _timed_diagnose(self, snap: Snapshot) -> tuple[list[lsp.Diagnostic], float]:
        """:meth:`_diagnose`, and when the validation thread took it up (for the log)."""
        began = time.perf_counter()
        return self._diagnose(snap), began

    def _diagnose(self, snap: Snapshot) -> list[lsp.Diagnostic]:
        self.validating.add(snap.uri)
        try:
            return diagnostics.diagnose(self.store, snap)
        except Exception as exc:  # a bug must not kill the server: say it in the editor
            log.exception("diagnostics failed")
            return [lsp.Diagnostic(range=lsp.Range(start=lsp.Position(line=0, character=0),
                                                   end=lsp.Position(line=0, character=0)),
                                   message=f"teitools internal error ({type(exc).__name__}: "
                                           f"{exc}); please report it",
                                   severity=lsp.DiagnosticSeverity.Error, source="teitools")]
        finally:
            self.validating.discard(snap.uri)

    def warm(self, snap: Snapshot, *, first: bool = True) -> None:
        """Before the first request: compile the document's grammar and documentation,
        lay the tag scan's checkpoints to the end and read its register entries, so the
        first completion anywhere in a 10 MB document costs what the later ones do.
        After an edit that changed a tag (the checkpoints after it are gone), the scan
        is laid again; a newer version stops the older one's warm-up."""
        if not first and snap.scanner.scanned_to >= len(snap.text) - 65_536:
            return  # the checkpoints were carried over the edit: nothing to redo

        def stale() -> bool:
            current = self.store.get(snap.uri)  # closed, or edited since
            return current is None or current.version != snap.version

        def job() -> None:
            try:
                if first:
                    know = knowledge(snap)
                    if know.grammar is not None:
                        know.grammar.load()
                    know.docs.element("{http://www.tei-c.org/ns/1.0}TEI")
                if not snap.prescan(stale):
                    return
                _ = snap.lines
                if not stale():
                    from .registers import entries_of

                    entries_of(snap)
                if first:
                    # The grammar and the ODD are millions of long-lived objects: a full
                    # garbage collection walking them costs 300 ms in the middle of a
                    # keystroke. Collect once now and keep them out of later collections.
                    gc.collect()
                    gc.freeze()
                    release_free_memory()
            except Exception:
                log.exception("warming up failed")

        self.features_pool.submit(job)


server = TeiLanguageServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: TeiLanguageServer, params: lsp.InitializeParams) -> None:
    folders = [f.uri for f in params.workspace_folders or []]
    if not folders and params.root_uri:
        folders = [params.root_uri]
    ls.store.folders = [p for p in (uri_to_path(u) for u in folders) if p is not None]
    caps = params.capabilities
    snippet = None
    if caps.text_document and caps.text_document.completion and \
            caps.text_document.completion.completion_item:
        snippet = caps.text_document.completion.completion_item.snippet_support
    ls.snippets = bool(snippet)
    encodings = caps.general.position_encodings if caps.general else None
    set_encoding(_chosen_encoding(encodings))


def _chosen_encoding(encodings: Any) -> str:
    """The encoding pygls agrees to: the client's first of utf-8, utf-16, utf-32."""
    for enc in encodings or []:
        value = str(getattr(enc, "value", enc))
        if value in ("utf-8", "utf-16", "utf-32"):
            return value
    return "utf-16"


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: TeiLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    snap = ls.store.open(doc.uri, doc.text, doc.version)
    ls.warm(snap)
    ls.schedule(snap, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: TeiLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
    snap = ls.store.change(params.text_document.uri, params.text_document.version,
                           list(params.content_changes))
    if snap is not None:
        ls.schedule(snap, ls.delay_after_edit(snap))
        if len(snap.text) > LARGE:
            ls.warm(snap, first=False)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: TeiLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
    snap = ls.store.get(params.text_document.uri)
    if snap is not None:
        path = snap.path
        if path is not None and path.suffix in (".rng", ".sch", ".odd"):
            from .grammar import forget

            forget(path)
        ls.schedule(snap, 0)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: TeiLanguageServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    """A schema or an ODD changed on disk (``schema build``, a checkout): compile again and
    check the open documents anew."""
    from .grammar import forget

    changed = [uri_to_path(c.uri) for c in params.changes]
    schemas = [p for p in changed if p is not None and p.suffix in (".rng", ".sch", ".odd")]
    for path in schemas:
        forget(path)
    if schemas:
        from .knowledge import forget_recent

        forget_recent()
        for snap in list(ls.store.documents.values()):
            ls.schedule(snap, 0)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: TeiLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
    ls.store.close(params.text_document.uri)
    task = ls._pending.pop(params.text_document.uri, None)
    if task is not None:
        task.cancel()
    ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=params.text_document.uri, diagnostics=[]))


def _snap(ls: TeiLanguageServer, uri: str) -> Snapshot | None:
    """The open document, or the file as saved (a request may name a file not open)."""
    return ls.store.snapshot_for(uri)


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                lsp.CompletionOptions(trigger_characters=TRIGGERS, resolve_provider=True))
async def on_completion(ls: TeiLanguageServer, params: lsp.CompletionParams
                        ) -> lsp.CompletionList | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(completion.complete, ls.store, snap, params.position, ls.snippets)


@server.feature(lsp.COMPLETION_ITEM_RESOLVE)
async def on_completion_resolve(ls: TeiLanguageServer, item: lsp.CompletionItem
                                ) -> lsp.CompletionItem:
    return await ls.run(completion.resolve, ls.store, item)


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
async def on_hover(ls: TeiLanguageServer, params: lsp.HoverParams) -> lsp.Hover | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(hover.hover, ls.store, snap, params.position)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
async def on_definition(ls: TeiLanguageServer, params: lsp.DefinitionParams
                        ) -> list[lsp.Location] | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(navigation.definition, ls.store, snap, params.position)


@server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
async def on_references(ls: TeiLanguageServer, params: lsp.ReferenceParams
                        ) -> list[lsp.Location] | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(navigation.references, ls.store, snap, params.position,
                        params.context.include_declaration)


@server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def on_symbols(ls: TeiLanguageServer, params: lsp.DocumentSymbolParams
                     ) -> list[lsp.DocumentSymbol] | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(symbols.document_symbols, snap)


@server.feature(lsp.WORKSPACE_SYMBOL)
async def on_workspace_symbols(ls: TeiLanguageServer, params: lsp.WorkspaceSymbolParams
                               ) -> list[lsp.WorkspaceSymbol]:
    return await ls.run(symbols.workspace_symbols, ls.store, params.query)


@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION, lsp.CodeActionOptions(
    code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite]))
async def on_code_action(ls: TeiLanguageServer, params: lsp.CodeActionParams
                         ) -> list[lsp.CodeAction] | None:
    snap = _snap(ls, params.text_document.uri)
    if snap is None:
        return None
    return await ls.run(actions.code_actions, ls.store, snap, params)


@server.feature(lsp.SHUTDOWN)
def on_shutdown(ls: TeiLanguageServer, params: None) -> None:
    from .grammar import WORKER

    WORKER.shutdown()
    ls.features_pool.shutdown(wait=False, cancel_futures=True)
    ls.validate_pool.shutdown(wait=False, cancel_futures=True)


def serve(log_file: Path | None = None) -> None:
    """Run the server on stdin/stdout until the client says exit."""
    if log_file is not None:
        logging.basicConfig(filename=str(log_file), level=logging.INFO,
                            format="%(asctime)s.%(msecs)03d %(name)s %(levelname)s: %(message)s",
                            datefmt="%H:%M:%S")
    try:
        server.start_io()
    finally:
        from .grammar import WORKER

        WORKER.shutdown()
