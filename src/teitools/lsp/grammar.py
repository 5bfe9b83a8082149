"""The one adapter between the language server and the validator's internals.

The server holds one :class:`~teitools.validate.Validator` for its lifetime
(:func:`validator`): it validates every document (:func:`validate`) and owns
the compiled grammars that completion asks.  Everything the server asks a
RELAX NG grammar goes through :class:`GrammarView`: which elements the content
model allows at a point (Brzozowski derivatives over the element's children,
the machinery behind validate's "expected: …"), which attributes an element
can have, which elements may be the root.  When the validator's internals
move, only this module changes.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..validate import FileResult, ValidationOptions, Validator
from ..validate.relaxng.content import END, NONE, TEXT, Pattern, deriv, first, nullable
from ..validate.relaxng.index import ElementInfo
from ..validate.relaxng.names import ANY, START

__all__ = ["ANY", "END", "TEXT", "GrammarView", "validate", "validator", "view"]

#: Keep following children valid only when at most this many names are allowed.
CHECK_AFTER = 40
#: Answers of :meth:`GrammarView.allowed` remembered per grammar.
ANSWERS = 2048

_VALIDATOR: list[Validator] = []
#: Validation and the grammar views share the validator's grammars: one at a time.
_LOCK = threading.RLock()


def validator() -> Validator:
    """The server's validator: compiled schemas kept for the life of the process."""
    with _LOCK:
        if not _VALIDATOR:
            _VALIDATOR.append(Validator())
        return _VALIDATOR[0]


def validate_here(data: bytes, name: str, path: Path | None) -> FileResult:
    """``teitools validate`` on one document's text, with this process's validator."""
    with _LOCK:
        return validator().validate_bytes(data, name, path, ValidationOptions())


def _child_start() -> None:
    os.dup2(2, 1)  # stdout is the LSP stream: anything a library prints goes to stderr
    parent = os.getppid()

    def watch() -> None:  # the server was killed (no shutdown): do not outlive it
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


_FROZEN: list[bool] = []


def _child_validate(data: bytes, name: str, path: Path | None) -> FileResult:
    result = validate_here(data, name, path)
    if not _FROZEN:  # the compiled schemas are loaded now: keep them out of later collections
        gc.collect()
        gc.freeze()
        _FROZEN.append(True)
    return result


def _child_clear() -> None:
    with _LOCK:
        validator().clear()


class _Worker:
    """Validation in a child process with its own Validator: libxml2 and Saxon hold the
    GIL while they work, and completion must not wait behind them."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self.broken = 0
        self.closed = False

    def _get(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx,
                                                 initializer=_child_start)
            return self._pool

    def validate(self, data: bytes, name: str, path: Path | None) -> FileResult:
        if self.closed:  # shutting down: nobody will see the result
            return FileResult(name)
        if self.broken >= 2:  # the child keeps dying: validate here instead
            return validate_here(data, name, path)
        try:
            return self._get().submit(_child_validate, data, name, path).result()
        except BrokenProcessPool:
            self.broken += 1
            with self._lock:
                self._pool = None
            return self.validate(data, name, path)

    def clear(self) -> None:
        with self._lock:
            pool = self._pool
        if pool is not None:
            with contextlib.suppress(BrokenProcessPool):
                pool.submit(_child_clear).result()

    def pids(self) -> list[int]:
        with self._lock:
            pool = self._pool
        procs = getattr(pool, "_processes", None) or {}
        return [int(pid) for pid in procs]

    def shutdown(self) -> None:
        """Stop the validation process, even in the middle of a document (the editor has
        gone: nobody waits for the result)."""
        with self._lock:
            pool, self._pool = self._pool, None
            self.closed = True
        if pool is not None:
            procs = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                with contextlib.suppress(Exception):
                    proc.terminate()


WORKER = _Worker()


def validate(data: bytes, name: str, path: Path | None) -> FileResult:
    """``teitools validate`` on one document's text, in the validation process."""
    return WORKER.validate(data, name, path)


class GrammarView:
    """What one RELAX NG schema allows, asked by element (Clark) names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with _LOCK:
            self._grammar = validator().grammar(path)
        self._models_cache: dict[str, Pattern] | None = None
        self._index_cache: dict[str, ElementInfo] | None = None
        self._answers: OrderedDict[tuple[str, tuple[str, ...], tuple[str, ...], bool],
                                   tuple[frozenset[str], bool]] = OrderedDict()
        self._answers_lock = threading.Lock()

    def _models(self) -> dict[str, Pattern]:
        if self._models_cache is None:
            with _LOCK:
                self._models_cache = self._grammar.content_models().models
        return self._models_cache

    def _index(self) -> dict[str, ElementInfo]:
        if self._index_cache is None:
            with _LOCK:
                self._index_cache = self._grammar.index()
        return self._index_cache

    def load(self) -> None:
        """Compile what completion needs (a second for tei_all), ahead of the first request."""
        self._models()
        self._index()

    def element_names(self) -> set[str]:
        return {n for n in self._index() if n not in (START, ANY)}

    def knows(self, name: str) -> bool:
        return name in self._index()

    def root_elements(self) -> set[str]:
        return set(self._index()[START].children) - {ANY}

    def attributes(self, element: str) -> set[str]:
        """Attribute names (Clark, ``*`` for a wildcard) the element can ever have."""
        info = self._index().get(element)
        return set(info.attributes) if info is not None else set()

    def children(self, element: str) -> set[str]:
        """Every element name that can occur somewhere inside ``element``."""
        info = self._index().get(element)
        return set(info.children) if info is not None else set()

    def allowed(self, parent: str | None, before: Sequence[str],
                after: Sequence[str] = (), *, closed: bool = False) -> tuple[set[str], bool]:
        """Elements allowed between the children ``before`` and ``after`` of ``parent``.

        Returns the names (Clark) and whether text is allowed there.  ``after``
        (the children that follow) are kept valid: a name is offered only if
        the rest can still follow it (and, when ``closed``, complete the
        element) — checked when the model leaves a choice of at most
        :data:`CHECK_AFTER` names (a big mixed model such as tei_all's ``p``
        accepts the same children after any of its elements, and deriving it
        by each of 200 names costs seconds).  Without a parent: the possible
        root elements.  Answers are remembered (typing in one paragraph asks
        the same question again and again).
        """
        if parent is None:
            return self.root_elements(), False
        key = (parent, tuple(before), tuple(t for t in after if t != TEXT), closed)
        with self._answers_lock:
            hit = self._answers.get(key)
            if hit is not None:
                self._answers.move_to_end(key)
                return set(hit[0]), hit[1]
        answer = self._allowed(parent, before, key[2], closed)
        with self._answers_lock:
            self._answers[key] = (frozenset(answer[0]), answer[1])
            while len(self._answers) > ANSWERS:
                self._answers.popitem(last=False)
        return answer

    def _allowed(self, parent: str, before: Sequence[str], rest: Sequence[str],
                 closed: bool) -> tuple[set[str], bool]:
        pat = self._models().get(parent)
        if pat is None:
            return set(), False
        for tok in before:
            nxt = deriv(pat, tok)
            if nxt == NONE:  # the document is already wrong here: say what the model allows
                return {n for n in self.children(parent) if n != ANY}, True
            pat = nxt
        names = {n for n in first(pat) if n not in (TEXT, END)}
        if ANY in names:
            names = (names - {ANY}) | self.element_names()
        text = TEXT in first(pat) or deriv(pat, TEXT) != NONE
        if rest and len(names) <= CHECK_AFTER:
            names = {n for n in names if _accepts(deriv(pat, n), rest, closed)}
        return names, text

    def required_next(self, parent: str, children: Sequence[str]) -> set[str]:
        """Elements one of which must still come for ``parent`` to be complete."""
        pat = self._models().get(parent)
        if pat is None:
            return set()
        for tok in children:
            pat = deriv(pat, tok)
            if pat == NONE:
                return set()
        if nullable(pat):
            return set()
        return {n for n in first(pat) if n not in (TEXT, END, ANY)}


def _accepts(pat: Pattern, tokens: Sequence[str], closed: bool) -> bool:
    for tok in tokens:
        pat = deriv(pat, tok)
        if pat == NONE:
            return False
    return nullable(pat) if closed else True


_VIEWS: dict[Path, GrammarView] = {}
_VIEWS_LOCK = threading.Lock()


def view(path: Path) -> GrammarView:
    """The view of the schema at ``path`` (one per schema per server)."""
    key = path.resolve()
    with _VIEWS_LOCK:
        found = _VIEWS.get(key)
        if found is None:
            found = GrammarView(key)
            _VIEWS[key] = found
        return found


def forget(path: Path) -> None:
    """A schema file changed: compile everything again on next use."""
    with _VIEWS_LOCK:
        _VIEWS.pop(path.resolve(), None)
    with _LOCK:
        validator().clear()
    WORKER.clear()
