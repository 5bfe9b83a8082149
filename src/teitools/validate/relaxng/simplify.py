"""Rewriting a grammar before libxml2 compiles it: reduction and ``notAllowed`` propagation.

Reduction (:func:`reduce_to`).  libxml2 needs seconds to compile
``tei_all.rng`` (its compilation is super-linear in the size of the big
``choice``/``interleave`` patterns), so large grammars are compiled *reduced
to the document*: every ``element`` pattern whose name class can match none of
the element names occurring in the document is replaced by ``notAllowed``,
and defines no longer reachable from ``start`` are dropped.  This is exact: a
derivation of the document can only use element patterns whose names occur in
it, and ``notAllowed`` is what an unusable pattern denotes anyway (patterns
with ``anyName``/``nsName`` name classes are always kept).

``notAllowed`` propagation (RELAX NG 4.20, :func:`propagate_not_allowed`), so
libxml2 compiles content models.  libxml2 validates a content model with a
fast automaton only when the model is *compilable*, and a ``notAllowed``
anywhere in it (TEI grammars are full of them: every model class an ODD
emptied, every element it deleted, and every element the reduction removes)
sends the whole element to its backtracking interpreter: the article
validates in 14 ms against the project grammar as generated, in 3.5 ms once
the ``notAllowed`` are gone.

The rewriting is the specification's own simplification, extended to element
patterns (an element whose content is ``notAllowed`` can match no element, so
it is ``notAllowed`` itself):

* ``choice``: ``notAllowed`` alternatives are dropped, all of them → ``notAllowed``;
* ``group``, ``interleave``, ``mixed``, ``oneOrMore``, ``list``, ``attribute``,
  ``element`` containing ``notAllowed`` → ``notAllowed``;
* ``optional``/``zeroOrMore`` of ``notAllowed`` → ``empty`` (dropped from sequences);
* ``notAllowed`` alternatives of a ``data``'s ``except`` are dropped;
* a ``ref`` to a define whose body is ``notAllowed`` is ``notAllowed``.

Defines are only ever marked ``notAllowed`` once their body is, so recursive
defines stay as they are (sound, if not complete).  Grammars that are not
self-contained (``include``, ``externalRef``, nested grammars) are left alone.

A compilable model is not always a cheap one: libxml2 spends minutes building
the automata of some simplified grammars (``tei_simplePrint`` reduced to the
article is one).  :func:`compiles_in_time` therefore tries the compilation in a
forked child first, and the caller keeps the grammar as generated when the
child does not finish in time.
"""

from __future__ import annotations

import copy
import os
import select
import signal

from lxml import etree

from .names import ANY, defines, local, name_class
from .names import R as _R

#: Bumped whenever the rewriting changes, so cached grammars are rebuilt.
VERSION = "1"
_NEVER = frozenset({"empty", "text", "value", "parentRef", "externalRef", "grammar"})
_ALL_OR_NOTHING = frozenset({"group", "interleave", "mixed", "oneOrMore", "list", "attribute",
                             "element", "define", "start"})


def reduce_to(grammar: etree._Element, names: frozenset[str]) -> etree._Element:
    """A copy of ``grammar`` in which only elements named in ``names`` exist."""
    root = copy.deepcopy(grammar)
    for el in list(root.iter(_R + "element")):
        if el.getroottree().getroot() is not root:
            continue  # inside an element pattern replaced already
        matches = name_class(el, attribute=False)
        if ANY in matches or matches & names:
            continue
        parent = el.getparent()
        if parent is None:
            continue
        repl = etree.Element(_R + "notAllowed")
        repl.tail = el.tail
        parent.replace(el, repl)
    if root.tag == _R + "grammar":
        defs = defines(root)
        reachable: set[str] = set()
        todo = [n for s in root.iter(_R + "start") for n in s.iter(_R + "ref")]
        while todo:
            name = todo.pop().get("name", "")
            if name in reachable:
                continue
            reachable.add(name)
            for d in defs.get(name, []):
                todo.extend(d.iter(_R + "ref", _R + "parentRef"))
        for name, ds in defs.items():
            if name not in reachable:
                for d in ds:
                    parent = d.getparent()
                    if parent is not None:
                        parent.remove(d)
    return root


def _patterns(node: etree._Element, kind: str) -> list[etree._Element]:
    """The pattern children of ``node`` (name classes, params and annotations skipped)."""
    kids = [c for c in node if local(c) is not None]
    if kind in ("element", "attribute") and node.get("name") is None and kids:
        kids = kids[1:]  # the name class
    elif kind == "data":
        kids = [c for c in kids if local(c) == "except"]
    return kids


def self_contained(root: etree._Element) -> bool:
    """One grammar, no include or externalRef: every reference is resolved here."""
    if any(True for _ in root.iter(_R + "include", _R + "externalRef", _R + "parentRef")):
        return False
    return sum(1 for _ in root.iter(_R + "grammar")) <= 1


class _Simplifier:
    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.dead: set[str] = set()

    def run(self) -> None:
        defs = defines(self.root)
        while True:
            found: set[str] = set()
            for name, bodies in defs.items():
                if name in self.dead:
                    continue
                flags = [self.visit(d, "define") for d in bodies]
                interleaved = any(d.get("combine") == "interleave" for d in bodies)
                if any(flags) if interleaved else all(flags):
                    found.add(name)
            for start in self.root.iter(_R + "start"):
                self.visit(start, "start")
            if self.root.tag == _R + "element":
                self.visit(self.root, "element")
            if not found:
                return
            self.dead |= found
            for name in found:
                for d in defs[name]:
                    _replace_content(d, "notAllowed")

    def visit(self, node: etree._Element, kind: str) -> bool:
        """Simplify below ``node``; True when ``node`` itself denotes ``notAllowed``."""
        if kind == "notAllowed":
            return True
        if kind == "ref":
            return node.get("name", "") in self.dead
        if kind in _NEVER:
            return False
        kids = _patterns(node, kind)
        if kind == "data":
            for exc in kids:
                self._drop_dead(exc)
                if not _patterns(exc, "except"):
                    node.remove(exc)
            return False
        flags = [self.visit(k, local(k) or "") for k in kids]
        if kind == "choice":
            if flags and all(flags):
                return True
            for k, dead in zip(kids, flags, strict=True):
                if dead:
                    _remove(k)
            return False
        if kind in ("optional", "zeroOrMore"):
            if any(flags):
                _drop_optional(node)
            return False
        # group, interleave, mixed, oneOrMore, list, attribute, element, define, start, div
        return kind in _ALL_OR_NOTHING and any(flags)

    def _drop_dead(self, node: etree._Element) -> None:
        for k in _patterns(node, "except"):
            if self.visit(k, local(k) or ""):
                _remove(k)


def _remove(node: etree._Element) -> None:
    parent = node.getparent()
    if parent is None:
        return
    if node.tail and node.tail.strip() == "":
        node.tail = None
    parent.remove(node)


def _drop_optional(node: etree._Element) -> None:
    """Remove an optional part that can only be empty.

    Removed outright from a sequence that keeps other patterns, because
    libxml2 mis-validates an ``empty`` beside other patterns in a repetition
    (it takes ``oneOrMore(div, empty)`` for ``empty``: ``body`` rejected its
    ``div`` in the tests); replaced by ``empty`` in a ``choice`` (where it is an
    alternative) or when it is the only pattern.
    """
    parent = node.getparent()
    if parent is None:
        return
    kind = local(parent) or ""
    if kind != "choice" and any(c is not node for c in _patterns(parent, kind)):
        _remove(node)
        return
    empty = etree.Element(_R + "empty")
    empty.tail = node.tail
    parent.replace(node, empty)


def _replace_content(define: etree._Element, kind: str) -> None:
    for c in list(define):
        if local(c) is not None:
            define.remove(c)
    etree.SubElement(define, _R + kind)


def propagate_not_allowed(root: etree._Element) -> bool:
    """Rewrite ``root`` (a RELAX NG grammar) in place; False if it was left alone."""
    if not self_contained(root):
        return False
    _Simplifier(root).run()
    return True


def compiles_in_time(grammar: etree._Element, seconds: float) -> bool:
    """True if libxml2 compiles ``grammar`` within ``seconds``, tried in a forked child.

    The child compiles the tree it inherited and reports through a pipe, which
    wakes the parent the moment it is done.  False where there is no ``fork``
    (the grammar as generated is always safe).
    """
    if not hasattr(os, "fork"):
        return False
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compile, say so, never return
        code = 1
        try:
            os.close(read_end)
            etree.RelaxNG(grammar)
            os.write(write_end, b"1")
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    try:
        ready, _, _ = select.select([read_end], [], [], seconds)
        compiled = bool(ready) and os.read(read_end, 1) == b"1"
    finally:
        os.close(read_end)
    if not ready:
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return compiled
