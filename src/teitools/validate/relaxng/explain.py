"""Why a document is not valid: RELAX NG by derivatives, recovering after each error.

libxml2 decides validity.  When it says "invalid", its error log is a poor
guide: it stops inside the first failed subtree, reports a bad attribute
*value* as "attribute not allowed" and blames siblings for a child's mistake.
This module re-validates the document with James Clark's derivative algorithm
("An algorithm for RELAX NG validation"), attributes and datatypes included,
and at each failure records what was wrong and what the grammar would have
accepted *at that point*, then recovers the way jing does — an element that is
not allowed is checked against its own definitions and skipped, a bad
attribute is ignored, missing attributes or content are assumed — so one run
reports every independent mistake, once.

Patterns are interned (:class:`Pat`): structurally equal patterns are the same
object, so derivatives are memoised by identity.  Element contents are
converted from the grammar lazily, so a large grammar costs only what the
document uses.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ...xmlio import RNG_NS, TEI_NS, XML_NS
from ..cache import DiskCache, content_hash
from . import datatypes
from .datatypes import Datatype
from .names import display

_R = f"{{{RNG_NS}}}"
_A = "{http://relaxng.org/ns/compatibility/annotations/1.0}documentation"

# ---------------------------------------------------------------------------- name classes
# ("any", except) ("ns", uri, except) ("name", "{ns}local") ("or", a, b); except may be None
NameClass = tuple[Any, ...]


def nc_contains(nc: NameClass, qn: str) -> bool:
    kind = nc[0]
    if kind == "name":
        return bool(nc[1] == qn)
    if kind == "or":
        return nc_contains(nc[1], qn) or nc_contains(nc[2], qn)
    if kind == "any":
        return nc[1] is None or not nc_contains(nc[1], qn)
    ns = qn[1:].partition("}")[0] if qn.startswith("{") else ""
    return bool(ns == nc[1]) and (nc[2] is None or not nc_contains(nc[2], qn))


def nc_names(nc: NameClass) -> set[str]:
    """The plain names of a name class (wildcards contribute nothing)."""
    if nc[0] == "name":
        return {nc[1]}
    if nc[0] == "or":
        return nc_names(nc[1]) | nc_names(nc[2])
    return set()


def nc_is_wild(nc: NameClass) -> bool:
    if nc[0] == "or":
        return nc_is_wild(nc[1]) or nc_is_wild(nc[2])
    return nc[0] in ("any", "ns")


# ---------------------------------------------------------------------------- patterns


class Pat:
    """An interned pattern.  ``kind``: empty none text choice group interleave more
    list data value attr elem after; ``a``/``b`` sub-patterns or data."""

    __slots__ = ("a", "an", "aw", "b", "kind", "nullable", "tx", "uid")

    def __init__(self, kind: str, a: Any, b: Any, nullable: bool, uid: int) -> None:
        self.kind, self.a, self.b, self.nullable, self.uid = kind, a, b, nullable, uid
        # What the pattern can consume before its first element, to prune derivatives:
        # an/aw: attribute names / a wildcard attribute; tx: 0 no text, 1 any text
        # alike (text only), 2 depends on the string (data, value, list).
        self.an: frozenset[str] = frozenset()
        self.aw = False
        self.tx = 0
        if kind in ("choice", "group", "interleave"):
            self.an, self.aw, self.tx = a.an | b.an, a.aw or b.aw, max(a.tx, b.tx)
        elif kind in ("more", "after"):
            self.an, self.aw, self.tx = a.an, a.aw, a.tx
        elif kind == "attr":
            self.an, self.aw = frozenset(nc_names(a)), nc_is_wild(a)
        elif kind == "text":
            self.tx = 1
        elif kind in ("data", "value", "list"):
            self.tx = 2

    def __repr__(self) -> str:  # debugging only
        return f"<{self.kind}#{self.uid}>"


class Patterns:
    """The interning table and the constructors that simplify as they build."""

    def __init__(self) -> None:
        self._table: dict[tuple[Any, ...], Pat] = {}
        self.EMPTY = self._make("empty", None, None, True)
        self.NONE = self._make("none", None, None, False)
        self.TEXT = self._make("text", None, None, True)

    def _make(self, kind: str, a: Any, b: Any, nullable: bool) -> Pat:
        key = (kind, a.uid if isinstance(a, Pat) else a, b.uid if isinstance(b, Pat) else b)
        hit = self._table.get(key)
        if hit is None:
            hit = Pat(kind, a, b, nullable, len(self._table))
            self._table[key] = hit
        return hit

    def __len__(self) -> int:
        return len(self._table)

    def choice(self, a: Pat, b: Pat) -> Pat:
        if a is self.NONE:
            return b
        if b is self.NONE or a is b:
            return a
        if a.uid > b.uid:
            a, b = b, a
        return self._make("choice", a, b, a.nullable or b.nullable)

    def group(self, a: Pat, b: Pat) -> Pat:
        return self._sequence_like("group", a, b)

    def interleave(self, a: Pat, b: Pat) -> Pat:
        # interleave is commutative: one order for both, so they intern as one pattern
        if a.uid > b.uid:
            a, b = b, a
        return self._sequence_like("interleave", a, b)

    def _sequence_like(self, kind: str, a: Pat, b: Pat) -> Pat:
        """group and interleave simplify alike: notAllowed absorbs, empty is the unit."""
        if a is self.NONE or b is self.NONE:
            return self.NONE
        if a is self.EMPTY:
            return b
        if b is self.EMPTY:
            return a
        return self._make(kind, a, b, a.nullable and b.nullable)

    def after(self, a: Pat, b: Pat) -> Pat:
        if a is self.NONE or b is self.NONE:
            return self.NONE
        return self._make("after", a, b, False)

    def more(self, p: Pat) -> Pat:
        if p is self.NONE or p is self.EMPTY:
            return p
        return self._make("more", p, None, p.nullable)

    def optional(self, p: Pat) -> Pat:
        return self.choice(p, self.EMPTY)

    def list(self, p: Pat) -> Pat:
        return self.NONE if p is self.NONE else self._make("list", p, None, False)

    def data(self, dt: Datatype, exc: Pat | None) -> Pat:
        return self._make("data", dt, exc, False)

    def value(self, dt: Datatype, value: str, gloss: str) -> Pat:
        return self._make("value", (dt, value, gloss), None, False)

    def attr(self, nc: NameClass, p: Pat) -> Pat:
        return self.NONE if p is self.NONE else self._make("attr", nc, p, False)

    def elem(self, nc: NameClass, content: int) -> Pat:
        return self._make("elem", nc, content, False)


# ---------------------------------------------------------------------------- the grammar


class Unsupported(Exception):
    """A grammar construct the explainer does not follow (include, externalRef)."""


def _inherited(node: etree._Element, attr: str, default: str = "") -> str:
    cur: etree._Element | None = node
    while cur is not None:
        value = cur.get(attr)
        if value is not None:
            return value
        cur = cur.getparent()
    return default


def _rng_children(node: etree._Element) -> list[etree._Element]:
    return [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]


class ExplainGrammar:
    """A RELAX NG grammar (an lxml tree) as lazily converted, interned patterns."""

    def __init__(self, root: etree._Element) -> None:
        if any(True for _ in root.iter(_R + "include", _R + "externalRef")):
            raise Unsupported("include/externalRef")
        self.P = Patterns()
        self.root = root
        self._defines: dict[int, dict[str, list[etree._Element]]] = {}
        self._memo: dict[tuple[int, str], Pat] = {}
        self._contents: list[tuple[etree._Element, Pat | None]] = []
        self._content_ids: dict[etree._Element, int] = {}
        self.element_names: dict[str, list[int]] = {}  # name -> content ids
        self._by_uid: dict[int, Pat] = {}
        for el in root.iter(_R + "element"):
            cid = self._content_id(el)
            for name in nc_names(self._name_class(el, attribute=False)):
                self.element_names.setdefault(name, []).append(cid)
        self.start = self._start()

    # -- conversion ---------------------------------------------------------------

    def _grammar_of(self, node: etree._Element) -> etree._Element:
        cur = node.getparent()
        while cur is not None and cur.tag != _R + "grammar":
            cur = cur.getparent()
        return cur if cur is not None else self.root

    def _defines_of(self, grammar: etree._Element) -> dict[str, list[etree._Element]]:
        key = id(grammar)
        hit = self._defines.get(key)
        if hit is None:
            hit = {}
            stack = list(_rng_children(grammar))
            while stack:
                node = stack.pop()
                if node.tag == _R + "define":
                    hit.setdefault(node.get("name", ""), []).append(node)
                elif node.tag == _R + "div":
                    stack.extend(_rng_children(node))
            self._defines[key] = hit
        return hit

    def _start(self) -> Pat:
        if self.root.tag == _R + "element":
            return self._conv(self.root)
        starts: list[etree._Element] = []
        stack = list(_rng_children(self.root))
        while stack:
            node = stack.pop()
            if node.tag == _R + "start":
                starts.append(node)
            elif node.tag == _R + "div":
                stack.extend(_rng_children(node))
        return self._combine(starts)

    def _combine(self, nodes: list[etree._Element]) -> Pat:
        P = self.P
        out: Pat | None = None
        for d in nodes:
            body = self._seq(_rng_children(d))
            if out is None:
                out = body
            elif d.get("combine") == "interleave" or any(
                    n.get("combine") == "interleave" for n in nodes):
                out = P.interleave(out, body)
            else:
                out = P.choice(out, body)
        return out if out is not None else P.NONE

    def _ref(self, node: etree._Element, parent: bool) -> Pat:
        grammar = self._grammar_of(node)
        if parent:
            grammar = self._grammar_of(grammar)
        name = node.get("name", "").strip()
        key = (id(grammar), name)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        self._memo[key] = self.P.NONE  # refs recurse only through elements (lazy)
        result = self._combine(self._defines_of(grammar).get(name, []))
        self._memo[key] = result
        return result

    def _seq(self, nodes: list[etree._Element]) -> Pat:
        out = self.P.EMPTY
        for n in nodes:
            out = self.P.group(out, self._conv(n))
        return out

    def _qname(self, node: etree._Element, value: str, attribute: bool) -> str:
        value = value.strip()
        if ":" in value:
            prefix, local = value.split(":", 1)
            ns = XML_NS if prefix == "xml" else (node.nsmap.get(prefix) or "")
        else:
            local = value
            ns = "" if attribute and node.get("ns") is None else _inherited(node, "ns")
        return f"{{{ns}}}{local}" if ns else local

    def _nc(self, node: etree._Element, attribute: bool) -> NameClass:
        tag = node.tag
        if tag == _R + "name":
            return ("name", self._qname(node, node.text or "", attribute))
        if tag == _R + "choice":
            kids = [self._nc(c, attribute) for c in _rng_children(node)]
            out = kids[0]
            for k in kids[1:]:
                out = ("or", out, k)
            return out
        exc = next((c for c in _rng_children(node) if c.tag == _R + "except"), None)
        exc_nc: NameClass | None = None
        if exc is not None:
            kids = [self._nc(c, attribute) for c in _rng_children(exc)]
            exc_nc = kids[0]
            for k in kids[1:]:
                exc_nc = ("or", exc_nc, k)
        if tag == _R + "anyName":
            return ("any", exc_nc)
        return ("ns", node.get("ns", _inherited(node, "ns")), exc_nc)  # nsName

    def _name_class(self, node: etree._Element, attribute: bool) -> NameClass:
        name = node.get("name")
        if name is not None:
            return ("name", self._qname(node, name, attribute))
        kids = _rng_children(node)
        return self._nc(kids[0], attribute) if kids else ("any", None)

    def _body(self, node: etree._Element) -> list[etree._Element]:
        kids = _rng_children(node)
        return kids if node.get("name") is not None else kids[1:]

    def _content_id(self, el: etree._Element) -> int:
        cid = self._content_ids.get(el)
        if cid is None:
            cid = len(self._contents)
            self._contents.append((el, None))
            self._content_ids[el] = cid
        return cid

    def content(self, cid: int) -> Pat:
        el, pat = self._contents[cid]
        if pat is None:
            pat = self._seq(self._body(el))
            self._contents[cid] = (el, pat)
        return pat

    def _datatype(self, node: etree._Element) -> Datatype:
        library = _inherited(node, "datatypeLibrary")
        params = tuple((p.get("name", ""), (p.text or "")) for p in node
                       if p.tag == _R + "param")
        return Datatype(library, node.get("type", "").strip(), params)

    def _conv(self, node: etree._Element) -> Pat:
        P = self.P
        kind = str(node.tag)[len(_R):]
        kids = _rng_children(node)
        if kind == "element":
            return P.elem(self._name_class(node, attribute=False), self._content_id(node))
        if kind == "attribute":
            body = self._body(node)
            return P.attr(self._name_class(node, attribute=True),
                          self._seq(body) if body else P.TEXT)
        if kind in ("empty",):
            return P.EMPTY
        if kind == "text":
            return P.TEXT
        if kind == "notAllowed":
            return P.NONE
        if kind == "ref":
            return self._ref(node, parent=False)
        if kind == "parentRef":
            return self._ref(node, parent=True)
        if kind == "choice":
            out = P.NONE
            for c in kids:
                out = P.choice(out, self._conv(c))
            return out
        if kind == "interleave":
            out = P.EMPTY
            for c in kids:
                out = P.interleave(out, self._conv(c))
            return out
        if kind == "mixed":
            return P.interleave(self._seq(kids), P.TEXT)
        if kind == "optional":
            return P.optional(self._seq(kids))
        if kind == "zeroOrMore":
            return P.optional(P.more(self._seq(kids)))
        if kind == "oneOrMore":
            return P.more(self._seq(kids))
        if kind == "list":
            return P.list(self._seq(kids))
        if kind == "data":
            exc = next((c for c in kids if c.tag == _R + "except"), None)
            return P.data(self._datatype(node),
                          None if exc is None else self._choice_of(_rng_children(exc)))
        if kind == "value":
            if node.get("type") is None:
                dt = Datatype("", "token")
            else:
                dt = Datatype(_inherited(node, "datatypeLibrary"), node.get("type", "").strip())
            gloss = ""
            nxt = node.getnext()
            while nxt is not None and not isinstance(nxt.tag, str):
                nxt = nxt.getnext()
            if nxt is not None and nxt.tag == _A:
                gloss = " ".join((nxt.text or "").split())
            return P.value(dt, node.text or "", gloss)
        if kind == "grammar":
            starts = [c for c in kids if c.tag == _R + "start"]
            return self._combine(starts)
        if kind in ("group", "div"):
            return self._seq(kids)
        return P.EMPTY  # foreign or annotation elements never reach here

    def _choice_of(self, nodes: list[etree._Element]) -> Pat:
        out = self.P.NONE
        for n in nodes:
            out = self.P.choice(out, self._conv(n))
        return out


# ---------------------------------------------------------------------------- walking states
# What a message needs from a state is found by walking its patterns; each question
# follows different edges (``down`` says which).

Down = Callable[[Pat], tuple[Pat, ...]]


def reachable(p: Pat, down: Down) -> Iterator[Pat]:
    """Each distinct pattern reachable from ``p`` through ``down``, first children first."""
    seen: set[int] = set()
    stack = [p]
    while stack:
        q = stack.pop()
        if q.uid in seen:
            continue
        seen.add(q.uid)
        yield q
        stack.extend(reversed(down(q)))


def _next_up(q: Pat) -> tuple[Pat, ...]:
    """What can match the next child: the first of a group unless it may be empty."""
    if q.kind in ("choice", "interleave"):
        return (q.a, q.b)
    if q.kind == "group":
        return (q.a, q.b) if q.a.nullable else (q.a,)
    return (q.a,) if q.kind in ("more", "after") else ()


def _open_in_tag(q: Pat) -> tuple[Pat, ...]:
    if q.kind in ("choice", "interleave", "group"):
        return (q.a, q.b)
    return (q.a,) if q.kind in ("more", "after") else ()


def _anywhere(q: Pat) -> tuple[Pat, ...]:
    if q.kind in ("choice", "interleave", "group", "after"):
        return (q.a, q.b)
    return (q.a,) if q.kind in ("more", "list") else ()


def _value_alternatives(q: Pat) -> tuple[Pat, ...]:
    if q.kind == "choice":
        return (q.a, q.b)
    return (q.a,) if q.kind == "after" else ()


def _alternatives(q: Pat) -> tuple[Pat, ...]:
    return (q.a, q.b) if q.kind == "choice" else ()


def element_names(patterns: Iterator[Pat]) -> tuple[set[str], bool]:
    """The element names among ``patterns``, and whether a wildcard is among them."""
    names: set[str] = set()
    wild = False
    for q in patterns:
        if q.kind == "elem":
            names |= nc_names(q.a)
            wild = wild or nc_is_wild(q.a)
    return names, wild


# ---------------------------------------------------------------------------- derivatives


class Deriver:
    """Clark's derivatives over one grammar, memoised by pattern identity."""

    def __init__(self, g: ExplainGrammar) -> None:
        self.g = g
        self.P = g.P
        self._text: dict[tuple[int, str], Pat] = {}
        self._sto: dict[tuple[int, str, bool], Pat] = {}
        self._att: dict[tuple[int, str, str | None], Pat] = {}
        self._stc: dict[tuple[int, bool], Pat] = {}
        self._apply: dict[tuple[str, int, int], Pat] = {}

    # text and values

    def text(self, p: Pat, s: str) -> Pat:
        if p.tx == 0:
            return self.P.NONE
        key = (p.uid, s if p.tx == 2 else "")
        hit = self._text.get(key)
        if hit is None:
            hit = self._text_deriv(p, s)
            if len(self._text) < 200_000:
                self._text[key] = hit
        return hit

    def _text_deriv(self, p: Pat, s: str) -> Pat:
        P = self.P
        k = p.kind
        if k == "choice":
            return P.choice(self.text(p.a, s), self.text(p.b, s))
        if k == "interleave":
            return P.choice(P.interleave(self.text(p.a, s), p.b),
                            P.interleave(p.a, self.text(p.b, s)))
        if k == "group":
            first = P.group(self.text(p.a, s), p.b)
            return P.choice(first, self.text(p.b, s)) if p.a.nullable else first
        if k == "after":
            return P.after(self.text(p.a, s), p.b)
        if k == "more":
            return P.group(self.text(p.a, s), P.optional(p))
        if k == "text":
            return p
        if k == "value":
            dt, expected, _ = p.a
            return P.EMPTY if datatypes.equal(dt, expected, s) else P.NONE
        if k == "data":
            if not datatypes.allows(p.a, s):
                return P.NONE
            if p.b is not None and self.value_match(p.b, s):
                return P.NONE
            return P.EMPTY
        if k == "list":
            q = p.a
            for token in s.split():
                q = self.text(q, token)
                if q is P.NONE:
                    return P.NONE
            return P.EMPTY if q.nullable else P.NONE
        return P.NONE

    def value_match(self, p: Pat, s: str) -> bool:
        return (p.nullable and not s.strip()) or self.text(p, s).nullable

    # start tags

    def _apply_after(self, op: str, q: Pat, p: Pat) -> Pat:
        P = self.P
        if p.kind == "after":
            return P.after(p.a, self._op(op, q, p.b))
        if p.kind == "choice":
            key = (op, q.uid, p.uid)
            hit = self._apply.get(key)
            if hit is None:
                hit = P.choice(self._apply_after(op, q, p.a), self._apply_after(op, q, p.b))
                self._apply[key] = hit
            return hit
        return P.NONE

    def _op(self, op: str, q: Pat, x: Pat) -> Pat:
        P = self.P
        if op == "group":
            return P.group(x, q)
        if op == "interleave":
            return P.interleave(x, q)
        return P.after(x, q)

    def start_open(self, p: Pat, qn: str, relaxed: bool = False) -> Pat:
        """The derivative by a start tag; ``relaxed`` lets it skip required content
        before the element (recovery from "not allowed yet")."""
        key = (p.uid, qn, relaxed)
        hit = self._sto.get(key)
        if hit is None:
            hit = self._start_open(p, qn, relaxed)
            self._sto[key] = hit
        return hit

    def _start_open(self, p: Pat, qn: str, relaxed: bool) -> Pat:
        P = self.P
        k = p.kind
        if k == "choice":
            return P.choice(self.start_open(p.a, qn, relaxed), self.start_open(p.b, qn, relaxed))
        if k == "elem":
            return P.after(self.g.content(p.b), P.EMPTY) if nc_contains(p.a, qn) else P.NONE
        if k == "interleave":
            return P.choice(
                self._apply_after("interleave", p.b, self.start_open(p.a, qn, relaxed)),
                self._apply_after("interleave", p.a, self.start_open(p.b, qn, relaxed)))
        if k == "more":
            return self._apply_after("group", P.optional(p), self.start_open(p.a, qn, relaxed))
        if k == "group":
            x = self._apply_after("group", p.b, self.start_open(p.a, qn, relaxed))
            if p.a.nullable or relaxed:
                return P.choice(x, self.start_open(p.b, qn, relaxed))
            return x
        if k == "after":
            return self._apply_after("after", p.b, self.start_open(p.a, qn, relaxed))
        return P.NONE

    def attribute(self, p: Pat, qn: str, value: str | None) -> Pat:
        """The derivative by one attribute; ``value=None`` accepts any value (recovery)."""
        if not p.aw and qn not in p.an:
            return self.P.NONE
        key = (p.uid, qn, value)
        hit = self._att.get(key)
        if hit is None:
            hit = self._attribute(p, qn, value)
            if len(self._att) < 200_000:
                self._att[key] = hit
        return hit

    def _attribute(self, p: Pat, qn: str, value: str | None) -> Pat:
        P = self.P
        k = p.kind
        if k == "after":
            return P.after(self.attribute(p.a, qn, value), p.b)
        if k == "choice":
            return P.choice(self.attribute(p.a, qn, value), self.attribute(p.b, qn, value))
        if k == "group":
            return P.choice(P.group(self.attribute(p.a, qn, value), p.b),
                            P.group(p.a, self.attribute(p.b, qn, value)))
        if k == "interleave":
            return P.choice(P.interleave(self.attribute(p.a, qn, value), p.b),
                            P.interleave(p.a, self.attribute(p.b, qn, value)))
        if k == "more":
            return P.group(self.attribute(p.a, qn, value), P.optional(p))
        if k == "attr":
            if not nc_contains(p.a, qn):
                return P.NONE
            return P.EMPTY if value is None or self.value_match(p.b, value) else P.NONE
        return P.NONE

    def start_close(self, p: Pat, recover: bool = False) -> Pat:
        key = (p.uid, recover)
        hit = self._stc.get(key)
        if hit is None:
            hit = self._start_close(p, recover)
            self._stc[key] = hit
        return hit

    def _start_close(self, p: Pat, recover: bool) -> Pat:
        P = self.P
        k = p.kind
        if k == "after":
            return P.after(self.start_close(p.a, recover), p.b)
        if k == "choice":
            return P.choice(self.start_close(p.a, recover), self.start_close(p.b, recover))
        if k == "group":
            return P.group(self.start_close(p.a, recover), self.start_close(p.b, recover))
        if k == "interleave":
            return P.interleave(self.start_close(p.a, recover), self.start_close(p.b, recover))
        if k == "more":
            return P.more(self.start_close(p.a, recover))
        if k == "attr":
            return P.EMPTY if recover else P.NONE
        return p

    def end(self, p: Pat, recover: bool = False) -> Pat:
        P = self.P
        if p.kind == "choice":
            return P.choice(self.end(p.a, recover), self.end(p.b, recover))
        if p.kind == "after":
            return p.b if (recover or p.a.nullable) else P.NONE
        return P.NONE

    # what the state expects

    def expected_elements(self, p: Pat) -> tuple[set[str], bool]:
        """Names of elements that may start here, and whether a wildcard may."""
        return element_names(reachable(p, _next_up))

    def allows_text(self, p: Pat) -> bool:
        return self.text(p, "x").kind != "none" if p.kind != "none" else False

    def attributes_in(self, p: Pat) -> list[Pat]:
        """Attribute patterns still open in a start-tag state."""
        return [q for q in reachable(p, _open_in_tag) if q.kind == "attr"]

    def required_attributes(self, p: Pat) -> set[str]:
        """Attributes without which the start tag cannot close."""
        names: set[str] = set()
        for att in self.attributes_in(p):
            names |= nc_names(att.a)
        return {n for n in names if self._needs(p, n)}

    def _needs(self, p: Pat, name: str) -> bool:
        """Closing the start tag fails unless ``name`` is given (any value)."""
        k = p.kind
        if k == "after":
            return self._needs(p.a, name)
        if k == "choice":
            return self._needs(p.a, name) and self._needs(p.b, name)
        if k in ("group", "interleave"):
            return self._needs(p.a, name) or self._needs(p.b, name)
        if k == "more":
            return self._needs(p.a, name)
        if k == "attr":
            return nc_contains(p.a, name) and nc_names(p.a) == {name}
        return False


# ---------------------------------------------------------------------------- findings


@dataclass
class Finding:
    """One independent mistake, located on an element (and attribute)."""

    element: etree._Element
    rule: str
    message: str
    attribute: str | None = None
    expected: tuple[str, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


#: Glosses longer than this are cut in messages (the full text is in the ODD).
GLOSS_CHARS = 60


def _short(gloss: str) -> str:
    gloss = gloss.rstrip(".")
    return gloss if len(gloss) <= GLOSS_CHARS else gloss[:GLOSS_CHARS - 1].rstrip() + "…"


def listing(names: list[str], limit: int = 15) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" … ({len(names) - limit} more)" if len(names) > limit else "")


def _local(qn: str) -> tuple[str, str]:
    if qn.startswith("{"):
        ns, _, local = qn[1:].partition("}")
        return ns, local
    return "", qn


def _close_name(qn: str, candidates: set[str], cutoff: float = 0.75) -> str | None:
    """The candidate in ``qn``'s namespace whose local name is nearest to ``qn``'s."""
    ns, local = _local(qn)
    by_local = {_local(c)[1]: c for c in candidates if _local(c)[0] == ns and c != qn}
    close = difflib.get_close_matches(local, list(by_local), n=1, cutoff=cutoff)
    return by_local[close[0]] if close else None


def _sorted_names(names: set[str]) -> list[str]:
    return sorted((display(n) for n in names), key=str.lower)


class Explainer:
    """Walks a document through a grammar and collects :class:`Finding`s."""

    def __init__(self, grammar: ExplainGrammar, *, odd_hint: str | None = None,
                 tei_modules: Callable[[], dict[str, str]] | None = None) -> None:
        self.g = grammar
        self.d = Deriver(grammar)
        self.P = grammar.P
        self.odd_hint = odd_hint
        self._tei_modules = tei_modules
        self.findings: list[Finding] = []
        self._disrupted: set[etree._Element] = set()  # elements with a misplaced child

    def explain(self, tree: etree._ElementTree) -> list[Finding]:
        self.findings = []
        self._disrupted = set()
        root = tree.getroot()
        self._element(self.g.start, root)
        return self.findings

    # -- per element -------------------------------------------------------------

    def _add(self, el: etree._Element, rule: str, message: str, **kw: Any) -> None:
        self.findings.append(Finding(el, rule, message, **kw))

    def _element(self, p: Pat, el: etree._Element) -> Pat:
        """Check ``el`` in parent state ``p``; return the parent's next state."""
        d, P = self.d, self.P
        qn = str(el.tag)
        opened = d.start_open(p, qn)
        if opened is P.NONE:
            # Allowed later (something required is missing before it): go on as if the
            # missing content were there.  Otherwise check it on its own and skip it.
            opened = d.start_open(p, qn, relaxed=True)
            self._not_allowed(p, el, later=opened is not P.NONE)
            parent = el.getparent()
            if parent is not None:
                self._disrupted.add(parent)
            if opened is P.NONE:
                self._inside(el)
                return p
        return self._body(el, opened)

    def _inside(self, el: etree._Element) -> None:
        """Check an element that is out of place against its own definitions."""
        P = self.P
        cids = self.g.element_names.get(str(el.tag))
        if cids:
            content = P.NONE
            for cid in cids:
                content = P.choice(content, self.g.content(cid))
            self._body(el, P.after(content, P.EMPTY))
            return
        for child in el:
            if isinstance(child.tag, str):
                self._inside(child)

    def _body(self, el: etree._Element, opened: Pat) -> Pat:
        """Attributes, content and end tag of ``el`` from its opened state."""
        d, P = self.d, self.P
        qn = str(el.tag)
        state = opened
        for name, raw in el.attrib.items():
            value = str(raw)
            nxt = d.attribute(state, str(name), value)
            if nxt is P.NONE:
                self._bad_attribute(state, el, str(name), value)
                nxt = d.attribute(state, str(name), None)  # a bad value still counts as given
            if nxt is not P.NONE:
                state = nxt
        closed = d.start_close(state)
        if closed is P.NONE:
            missing = _sorted_names(d.required_attributes(state))
            if missing:
                shown = ", ".join("@" + m for m in missing)
                self._add(el, "attribute-required",
                          f"<{display(qn)}> requires {shown}"
                          f"{'' if len(missing) == 1 else ' (all of them)'}",
                          expected=tuple(missing))
            closed = d.start_close(state, recover=True)
        state = self._children(closed, el)
        ended = d.end(state)
        if ended is P.NONE:
            if el not in self._disrupted:  # a misplaced child is the mistake, not this
                self._incomplete(state, el)
            ended = d.end(state, recover=True)
        return ended

    def _children(self, p: Pat, el: etree._Element) -> Pat:
        d, P = self.d, self.P
        has_elements = any(isinstance(c.tag, str) for c in el)
        pieces: list[tuple[str, etree._Element | None]] = []  # text run, child before it
        buf = el.text or ""
        last: etree._Element | None = None
        for child in el:
            if isinstance(child.tag, str):
                pieces.append((buf, last))
                pieces.append(("\0", child))
                buf = ""
                last = child
            buf += child.tail or ""
        pieces.append((buf, last))
        state = p
        if not has_elements:
            text = pieces[0][0]
            nxt = d.text(state, text)
            if not text.strip():
                nxt = P.choice(state, nxt)
            if nxt is P.NONE:
                self._bad_text(state, el, text, None)
            else:
                state = nxt
            return state
        for text, node in pieces:
            if text == "\0":
                assert node is not None
                state = self._element(state, node)
                continue
            if not text.strip():
                continue
            nxt = d.text(state, text)
            if nxt is P.NONE:
                self._bad_text(state, el, text, node)
            else:
                state = nxt
        return state

    # -- explanations --------------------------------------------------------------

    def _not_allowed(self, p: Pat, el: etree._Element, later: bool) -> None:
        """Report ``el`` out of place (``later``: it would be allowed after missing content)."""
        qn = str(el.tag)
        parent = el.getparent()
        where = f"<{display(str(parent.tag))}>" if parent is not None else "the document"
        here, _ = self.d.expected_elements(p)
        expected = _sorted_names(here)
        if not self.g.element_names.get(qn):
            self._unknown(el, where, expected)
            return
        text_ok = self.d.allows_text(p)
        prev = el.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        after = f"after <{display(str(prev.tag))}>" if prev is not None else "at the start"
        deep = self._deep_names(parent) if parent is not None else set()
        if later:
            rule = "element-position"
            msg = f"<{display(qn)}> is not allowed yet in {where} ({after}): " \
                  f"something required comes first; expected: {listing(expected)}"
        elif parent is not None and qn in deep:
            rule = "element-position"
            options = ([listing(expected)] if expected else []) + (["text"] if text_ok else []) \
                + ([f"the end of {where}"] if self.d.end(p) is not self.P.NONE else [])
            msg = f"<{display(qn)}> is not allowed here in {where} ({after}); expected: " + (
                ", or ".join(options) if options else "nothing more")
        else:
            rule = "element-not-allowed"
            # The likeliest fixes first: what fits right here, then what fits elsewhere.
            expected = expected + [n for n in _sorted_names(deep) if n not in expected]
            msg = f"<{display(qn)}> is not allowed in {where}; {where} allows: " \
                  f"{listing(expected) if expected else 'no elements'}"
        self._add(el, rule, msg, expected=tuple(expected))

    def _deep_names(self, parent: etree._Element) -> set[str]:
        """Every element name any definition of ``parent`` can contain."""
        names: set[str] = set()
        for cid in self.g.element_names.get(str(parent.tag), []):
            names |= self._deep(cid)[0]
        return names

    def _deep(self, cid: int) -> tuple[set[str], bool]:
        return element_names(reachable(self.g.content(cid), _anywhere))

    def _unknown(self, el: etree._Element, where: str, expected: list[str]) -> None:
        qn = str(el.tag)
        name = display(qn)
        module = None
        if "{" not in qn and f"{{{TEI_NS}}}{qn}" in self.g.element_names:
            msg = (f"<{qn}> has no namespace; this schema expects TEI elements in"
                   f" xmlns=\"{TEI_NS}\"")
            self._add(el, "namespace", msg, expected=tuple(expected))
            return
        here = {n for n in expected}
        close = _close_name(qn, {n for n in self.g.element_names if display(n) in here}) or \
            _close_name(qn, set(self.g.element_names), cutoff=0.8)
        if qn.startswith(f"{{{TEI_NS}}}") and self._tei_modules is not None and self.odd_hint:
            module = self._tei_modules().get(name)
        if module:
            msg = (f"<{name}> is not in this schema; TEI has it in module {module}"
                   f" (add it to the moduleRef in {self.odd_hint})")
        else:
            msg = f"<{name}> in {where} is not an element of this schema"
            parent = el.getparent()
            deep = _sorted_names(self._deep_names(parent)) if parent is not None else expected
            if close:
                msg += f" — did you mean <{display(close)}>?"
            elif deep:
                msg += f"; {where} allows: {listing(deep)}"
        self._add(el, "unknown-element", msg, expected=tuple(expected),
                  data={"suggestion": display(close) if close else None, "module": module})

    def _bad_text(self, p: Pat, el: etree._Element, text: str,
                  after: etree._Element | None) -> None:
        names, _ = self.d.expected_elements(p)
        expected = _sorted_names(names)
        where = f" after <{display(str(after.tag))}>" if after is not None else ""
        snippet = " ".join(text.split())
        if len(snippet) > 30:
            snippet = snippet[:29] + "…"
        values = self._describe_values(self._data_of(p))
        if values and after is None:
            msg = f"the content of <{display(str(el.tag))}> ({snippet!r}) is not valid: " \
                  f"expected {values}"
            rule = "text-value"
        else:
            msg = f"text is not allowed{where} in <{display(str(el.tag))}>"
            msg += f"; expected here: {listing(expected)}" if expected else \
                f"; <{display(str(el.tag))}> must be empty here"
            rule = "text-not-allowed"
        self._add(el, rule, msg, expected=tuple(expected))

    def _data_of(self, p: Pat) -> list[Pat]:
        return [q for q in reachable(p, _value_alternatives)
                if q.kind in ("data", "value", "list")]

    def _incomplete(self, p: Pat, el: etree._Element) -> None:
        qn = str(el.tag)
        names, _ = self.d.expected_elements(p)
        expected = _sorted_names(names)
        last = None
        for child in el:
            if isinstance(child.tag, str):
                last = child
        after = f" after <{display(str(last.tag))}>" if last is not None else ""
        what = listing(expected) if expected else "content"
        if not expected and self.d.allows_text(p):
            what = "text"
        msg = f"<{display(qn)}> is incomplete: missing {what}{after}"
        self._add(el, "incomplete", msg, expected=tuple(expected))

    # -- attributes ------------------------------------------------------------------

    def _bad_attribute(self, state: Pat, el: etree._Element, qn: str, value: str) -> None:
        d = self.d
        tag = display(str(el.tag))
        name = display(qn)
        matching = [a for a in d.attributes_in(state) if nc_contains(a.a, qn)]
        if not matching:
            allowed = set()
            for a in d.attributes_in(state):
                allowed |= nc_names(a.a)
            if self._declared_elsewhere(el, qn):
                msg = f"@{name} is not allowed on <{tag}> here (the other attributes " \
                      f"exclude it, or it is given twice)"
            else:
                msg = f"attribute {name} is not allowed on <{tag}>"
            shown = _sorted_names(allowed)
            close = difflib.get_close_matches(name, shown, n=1, cutoff=0.7)
            if close:
                msg += f" — did you mean @{close[0]}?"
            else:
                msg += f"; <{tag}> allows: " + (
                    listing(['@' + s for s in shown]) if shown else "no attributes")
            self._add(el, "attribute-not-allowed", msg, attribute=qn,
                      expected=tuple(shown))
            return
        values: list[Pat] = []
        for a in matching:
            values.append(a.b)
        described, options = self._describe_value_patterns(values, value)
        msg = f"@{name}=\"{value}\" on <{tag}> is invalid: {described}"
        self._add(el, "attribute-value", msg, attribute=qn, expected=tuple(options),
                  data={"value": value})

    def _declared_elsewhere(self, el: etree._Element, qn: str) -> bool:
        for cid in self.g.element_names.get(str(el.tag), []):
            for att in self.d.attributes_in(self.g.content(cid)):
                if nc_contains(att.a, qn):
                    return True
        return False

    def _leaves(self, p: Pat) -> Iterator[Pat]:
        return (q for q in reachable(p, _alternatives) if q.kind != "choice")

    def _describe_values(self, pats: list[Pat]) -> str:
        return self._describe_value_patterns(pats, None)[0] if pats else ""

    def _describe_value_patterns(self, pats: list[Pat], value: str | None
                                 ) -> tuple[str, list[str]]:
        """What the value patterns accept, in words (``must be one of: …`` for a closed
        list, ``expected …`` otherwise), with a suggestion for ``value``; and the
        listed values, for editors."""
        words, options, types, closed = self._value_words(pats)
        text = f"must be one of: {words}" if closed else f"expected {words}"
        if value is not None:
            hint = datatypes.suggest(types, value)
            if hint is None and options:
                candidates = options
                if " " in value.strip():  # a list: correct the one bad token
                    candidates = []
                close = difflib.get_close_matches(value.strip(), candidates, n=1, cutoff=0.6)
                hint = close[0] if close else None
            if hint is not None and hint != value:
                text += f" — did you mean \"{hint}\"?"
        return text, options

    def _value_words(self, pats: list[Pat]) -> tuple[str, list[str], list[Datatype], bool]:
        literals: list[tuple[str, str]] = []
        types: list[Datatype] = []
        others: list[str] = []
        options: list[str] = []
        for p in pats:
            for leaf in self._leaves(p):
                if leaf.kind == "value":
                    _dt, text, gloss = leaf.a
                    gloss = "" if gloss.lower() == text.lower() else gloss
                    if text not in (t for t, _ in literals):
                        literals.append((text, gloss))
                elif leaf.kind == "data":
                    types.append(leaf.a)
                elif leaf.kind == "list":
                    inner, inner_options, inner_types, closed = self._value_words([leaf.a])
                    options += inner_options
                    types += inner_types
                    others.append("one or more, separated by spaces, of: " + inner if closed
                                  else f"a space-separated list of {inner}")
                elif leaf.kind == "empty":
                    others.append("an empty value")
                elif leaf.kind == "text":
                    others.append("any text")
                else:
                    others.append("a value of another form")
        options = [t for t, _ in literals] + options
        parts: list[str] = []
        open_types = [t for t in types if t.name not in ("string",)]
        if literals:
            shown = [f"{t} ({_short(g)})" if g else t for t, g in literals]
            glossed = any(g for _, g in literals)
            limit = 12 if glossed else 15
            joined = ("; " if glossed else ", ").join(shown[:limit])
            if len(shown) > limit:
                joined += f" … ({len(shown) - limit} more)"
            parts.append(f"one of the suggested values {joined}" if (types or others)
                         else joined)
        dates = datatypes.describe_dates(open_types)
        if dates:
            parts.append(dates)
            open_types = [t for t in open_types if t.name not in datatypes.DATE_TYPES]
        for t in open_types:
            words = datatypes.describe(t)
            if words not in parts:
                parts.append(words)
        parts += [o for o in others if o not in parts]
        closed = bool(literals) and not types and not others
        if not parts:
            parts.append("no value")
        text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + f", or {parts[-1]}"
        return text, options, types, closed


def tei_element_modules(cache: DiskCache, source: Path | None = None) -> dict[str, str]:
    """Element name -> TEI module, read from the TEI P5 source (cached on disk)."""
    import gzip
    import json

    from ...odd.source import locate_source

    path = locate_source(source)
    try:
        st = path.stat()
    except OSError:
        return {}
    key = content_hash(b"tei-modules", str(path.resolve()), str(st.st_size),
                       str(st.st_mtime_ns))
    raw = cache.load("tei-modules", key, ".json")
    if raw is not None:
        try:
            loaded = json.loads(raw)
            if isinstance(loaded, dict):
                return {str(k): str(v) for k, v in loaded.items()}
        except ValueError:
            pass
    out: dict[str, str] = {}
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as stream:
            for _, el in etree.iterparse(stream, tag=f"{{{TEI_NS}}}elementSpec",
                                         resolve_entities=False, no_network=True):
                ident, module = el.get("ident"), el.get("module")
                if ident and module:
                    out[ident] = module
                el.clear()
    except (OSError, etree.XMLSyntaxError):
        return {}
    cache.store("tei-modules", key, json.dumps(out, sort_keys=True).encode(), ".json")
    return out
