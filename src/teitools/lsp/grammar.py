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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..validate import FileResult, ValidationOptions, Validator
from ..validate.relaxng import Grammar
from ..validate.relaxng.content import (
    END,
    NONE,
    TEXT,
    ContentModels,
    Pattern,
    choice,
    deriv,
    first,
    nullable,
)
from ..validate.relaxng.names import ANY, R, content, defines, name_class, reachable

__all__ = ["ANY", "END", "TEXT", "Definition", "GrammarView", "validate", "validator", "view"]

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


#: The RELAX NG grammars whose explainer has been run once in this (validation) process.
_EXPLAINED: set[Path] = set()


def _child_explain_ahead(data: bytes, name: str, path: Path | None) -> float:
    """Run the RELAX NG explainer (the derivative walk that names each mistake, which only
    an invalid document needs) once over a document, valid or not, so that the first
    mistake typed does not pay for building its grammar and filling its derivative tables
    (1.5 s for the article with the project schema, then 0.1-0.3 s). Returns the seconds
    it took (0 when there was nothing to do)."""
    from ..validate.discover import choose_schemas
    from ..validate.wellformed import check_bytes

    start = time.perf_counter()
    with _LOCK:
        v = validator()
        base_url = path.resolve().as_uri() if path is not None else None
        parsed, _ = check_bytes(data, name, base_url=base_url)
        if parsed is None:
            return 0.0
        choice = choose_schemas(parsed.tree, path, name, ValidationOptions().schemas)
        if choice.rng is None or choice.rng in _EXPLAINED:
            return 0.0
        _EXPLAINED.add(choice.rng)
        explainer = v.grammar(choice.rng).explainer()
        if explainer is None:
            return 0.0
        explainer.explain(parsed.tree)
    return time.perf_counter() - start


def _child_clear() -> None:
    _EXPLAINED.clear()
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

    def explain_ahead(self, data: bytes, name: str, path: Path | None) -> float:
        """:func:`_child_explain_ahead` in the validation process (nothing if it is not
        running: validating in this process, or shutting down)."""
        if self.closed or self.broken >= 2:
            return 0.0
        try:
            return float(self._get().submit(_child_explain_ahead, data, name, path).result())
        except BrokenProcessPool:
            self.broken += 1
            with self._lock:
                self._pool = None
            return 0.0

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


A_DOC = "{http://relaxng.org/ns/compatibility/annotations/1.0}documentation"
_NUMBER = "{urn:teitools:lsp}definition"


@dataclass(frozen=True)
class Definition:
    """One ``<element>`` pattern of a grammar: a name can have several (different content,
    attributes or documentation under different parents)."""

    number: int
    names: frozenset[str]
    model: Pattern
    doc: str | None  # its a:documentation
    #: attribute name (Clark) -> its closed list of values (None: any value)
    attributes: dict[str, tuple[str, ...] | None]

    @property
    def children(self) -> set[str]:
        return set(_names_in(self.model))


@lru_cache(maxsize=20_000)
def _names_in(p: Pattern) -> frozenset[str]:
    kind = p[0]
    if kind == "elem":
        return frozenset(p[1])
    if kind in ("choice", "group", "interleave"):
        return _names_in(p[1]) | _names_in(p[2])
    if kind == "more":
        return _names_in(p[1])
    return frozenset()


@lru_cache(maxsize=50_000)
def _first_elements(p: Pattern) -> frozenset[Pattern]:
    """The ``elem`` leaves that may match the next child (as :func:`first`, with the
    definition each belongs to)."""
    kind = p[0]
    if kind == "elem":
        return frozenset({p})
    if kind in ("choice", "interleave"):
        return _first_elements(p[1]) | _first_elements(p[2])
    if kind == "group":
        head = _first_elements(p[1])
        return head | _first_elements(p[2]) if nullable(p[1]) else head
    if kind == "more":
        return _first_elements(p[1])
    return frozenset()


class _Models(ContentModels):
    """The content models of a grammar, each element pattern numbered: ``("elem", names,
    number)`` (the derivatives ignore the number), so the definition a child matched can
    be told from the parent's model."""

    def __init__(self, root: etree._Element) -> None:
        elements = list(root.iter(R + "element"))
        for i, el in enumerate(elements):
            el.set(_NUMBER, str(i))
        self._defines = defines(root)
        self._memo: dict[str, Pattern] = {}
        self.models: dict[str, Pattern] = {}
        self.definitions: list[Definition] = []
        self.by_name: dict[str, list[int]] = {}
        for i, el in enumerate(elements):
            pat = self._seq(content(el))
            names = frozenset(name_class(el, attribute=False))
            doc = " ".join("".join(str(t) for t in d.itertext()).split()) if (
                d := el.find(A_DOC)) is not None else None
            self.definitions.append(Definition(i, names, pat, doc or None,
                                               _attributes_of(el, self._defines)))
            for name in names:
                old = self.models.get(name)
                self.models[name] = pat if old is None else choice(old, pat)
                self.by_name.setdefault(name, []).append(i)
        starts = [c for s in root.iter(R + "start") for c in s
                  if isinstance(c.tag, str) and c.tag.startswith(R)]
        self.start = self._seq(starts) if root.tag != R + "element" else self._conv(root)
        self._defines = {}
        self._memo = {}

    def _conv(self, node: etree._Element) -> Pattern:
        if node.tag == R + "element":
            return ("elem", frozenset(name_class(node, attribute=False)),
                    int(node.get(_NUMBER, "-1")))
        return super()._conv(node)


def _attributes_of(element: etree._Element, defs: dict[str, list[etree._Element]]
                   ) -> dict[str, tuple[str, ...] | None]:
    """The attributes one element pattern declares (through its refs, not into child
    elements), each with its closed list of values when it has one."""
    out: dict[str, tuple[str, ...] | None] = {}
    for node in reachable(content(element), defs):
        if node.tag == R + "attribute":
            values = _closed_values(content(node))
            for name in name_class(node, attribute=True):
                out[name] = values
    return out


def _closed_values(nodes: list[etree._Element]) -> tuple[str, ...] | None:
    """The values of an attribute's content that is only ``value``s (in choices)."""
    values: list[str] = []
    todo = list(nodes)
    while todo:
        node = todo.pop(0)
        if node.tag == R + "value":
            values.append((node.text or "").strip())
        elif node.tag == R + "choice":
            todo[:0] = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(R)]
        else:
            return None
    return tuple(values) if values else None


class GrammarView:
    """What one RELAX NG schema allows, asked by element (Clark) names.

    Only what completion and hover ask is kept: the content models (one per element
    name, and one per definition) and the definitions' attributes.  The parsed
    schema behind them is not (the validation process has its own).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._models_cache: _Models | None = None
        self._build_lock = threading.Lock()
        self._answers: OrderedDict[tuple[str, tuple[int, ...], tuple[str, ...],
                                         tuple[str, ...], bool],
                                   tuple[frozenset[str], bool]] = OrderedDict()
        self._answers_lock = threading.Lock()

    def _build(self) -> None:
        with self._build_lock:
            if self._models_cache is not None:
                return
            # the lxml tree of the schema goes with ``grammar``: what is asked of an element
            # (its children, attributes) is read from its definitions' models
            self._models_cache = _Models(Grammar(self.path, validator().cache).root)

    def _all(self) -> _Models:
        if self._models_cache is None:
            self._build()
        assert self._models_cache is not None
        return self._models_cache

    def _models(self) -> dict[str, Pattern]:
        return self._all().models

    def load(self) -> None:
        """Compile what completion needs (a second for tei_all), ahead of the first request."""
        self._build()

    def definitions(self, name: str) -> list[Definition]:
        """Every definition of the element ``name``."""
        models = self._all()
        return [models.definitions[i] for i in models.by_name.get(name, [])]

    def definitions_at(self, path: Sequence[tuple[str, Sequence[str]]]) -> list[Definition]:
        """The definitions that apply to the last element of ``path``: each step is an
        element name and its elder siblings (the children of its parent before it), from
        the root down.  Each level keeps the definitions its parent's (chosen) models can
        match there; where the document is already wrong, every definition of the name."""
        models = self._all()
        candidates: list[Pattern] = [models.start]
        chosen: list[int] = []
        for name, before in path:
            found: set[int] = set()
            for pat in candidates:
                for tok in before:
                    pat = deriv(pat, tok)
                    if pat == NONE:
                        break
                if pat == NONE:
                    continue
                for leaf in _first_elements(pat):
                    if (name in leaf[1] or ANY in leaf[1]) and len(leaf) > 2 and leaf[2] >= 0:
                        found.add(leaf[2])
            chosen = sorted(i for i in found if name in models.definitions[i].names) or \
                models.by_name.get(name, [])
            candidates = [models.definitions[i].model for i in chosen]
        return [models.definitions[i] for i in chosen]

    def element_names(self) -> set[str]:
        return {n for n in self._all().by_name if n != ANY}

    def knows(self, name: str) -> bool:
        return name in self._all().by_name

    def root_elements(self) -> set[str]:
        return set(_names_in(self._all().start)) - {ANY}

    def attributes(self, element: str) -> set[str]:
        """Attribute names (Clark, ``*`` for a wildcard) the element can ever have."""
        return {a for d in self.definitions(element) for a in d.attributes}

    def children(self, element: str) -> set[str]:
        """Every element name that can occur somewhere inside ``element``."""
        return set(_names_in(self._models()[element])) if self.knows(element) else set()

    def allowed(self, parent: str | None, before: Sequence[str],
                after: Sequence[str] = (), *, closed: bool = False,
                path: Sequence[tuple[str, Sequence[str]]] | None = None
                ) -> tuple[set[str], bool]:
        """Elements allowed between the children ``before`` and ``after`` of ``parent``.

        Returns the names (Clark) and whether text is allowed there.  ``after``
        (the children that follow) are kept valid: a name is offered only if
        the rest can still follow it (and, when ``closed``, complete the
        element) — checked when the model leaves a choice of at most
        :data:`CHECK_AFTER` names (a big mixed model such as tei_all's ``p``
        accepts the same children after any of its elements, and deriving it
        by each of 200 names costs seconds).  Without a parent: the possible
        root elements.  ``path`` (the parent's own path from the root, as for
        :meth:`definitions_at`): when the grammar defines ``parent`` more than
        once, only the definitions that apply there are asked.  Answers are
        remembered (typing in one paragraph asks the same question again and
        again).
        """
        if parent is None:
            return self.root_elements(), False
        model: Pattern | None = None
        numbers: tuple[int, ...] = ()
        if path is not None and len(self.definitions(parent)) > 1:
            chosen = self.definitions_at(path)
            if chosen:
                numbers = tuple(d.number for d in chosen)
                model = chosen[0].model
                for d in chosen[1:]:
                    model = choice(model, d.model)
        key = (parent, numbers, tuple(before), tuple(t for t in after if t != TEXT), closed)
        with self._answers_lock:
            hit = self._answers.get(key)
            if hit is not None:
                self._answers.move_to_end(key)
                return set(hit[0]), hit[1]
        answer = self._allowed(parent, before, key[3], closed, model)
        with self._answers_lock:
            self._answers[key] = (frozenset(answer[0]), answer[1])
            while len(self._answers) > ANSWERS:
                self._answers.popitem(last=False)
        return answer

    def _allowed(self, parent: str, before: Sequence[str], rest: Sequence[str],
                 closed: bool, model: Pattern | None = None) -> tuple[set[str], bool]:
        pat = model if model is not None else self._models().get(parent)
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
