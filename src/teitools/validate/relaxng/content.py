"""Precise "what is allowed here" for RELAX NG content models (messages only).

libxml2 decides validity; when it says "invalid", this module finds *where*:
each element's content model (attributes, datatypes and the children's own
content ignored: they are checked at their own turn) is matched against the
sequence of its child elements and text with Brzozowski/Clark derivatives.
The first child that cannot be matched is reported with the set of elements
that would be allowed at that point, and a content model that is not complete
at the end is reported with what is still required.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from lxml import etree

from .names import R as _R
from .names import content, defines, name_class

TEXT = "#text"
END = "#end"

# Patterns are hash-consed tuples: ("empty",) ("none",) ("text",) ("elem", names)
# ("choice", a, b) ("group", a, b) ("interleave", a, b) ("more", p)
Pattern = tuple[Any, ...]
EMPTY: Pattern = ("empty",)
NONE: Pattern = ("none",)
TEXTP: Pattern = ("text",)


def choice(a: Pattern, b: Pattern) -> Pattern:
    if a == NONE:
        return b
    if b == NONE or a == b:
        return a
    if a == EMPTY and nullable(b):
        return b
    if b == EMPTY and nullable(a):
        return a
    return ("choice", a, b)


def _sequence_like(kind: str, a: Pattern, b: Pattern) -> Pattern:
    """group and interleave simplify alike: notAllowed absorbs, empty is the unit."""
    if a == NONE or b == NONE:
        return NONE
    if a == EMPTY:
        return b
    if b == EMPTY:
        return a
    return (kind, a, b)


def group(a: Pattern, b: Pattern) -> Pattern:
    return _sequence_like("group", a, b)


def interleave(a: Pattern, b: Pattern) -> Pattern:
    return _sequence_like("interleave", a, b)


def more(p: Pattern) -> Pattern:
    if p in (NONE, EMPTY):
        return p
    return ("more", p)


@lru_cache(maxsize=200_000)
def nullable(p: Pattern) -> bool:
    kind = p[0]
    if kind in ("empty", "text"):
        return True
    if kind in ("none", "elem"):
        return False
    if kind == "choice":
        return nullable(p[1]) or nullable(p[2])
    if kind in ("group", "interleave"):
        return nullable(p[1]) and nullable(p[2])
    return nullable(p[1])  # more


@lru_cache(maxsize=200_000)
def deriv(p: Pattern, tok: str) -> Pattern:
    kind = p[0]
    if kind in ("empty", "none"):
        return NONE
    if kind == "text":
        return TEXTP if tok == TEXT else NONE
    if kind == "elem":
        return EMPTY if (tok in p[1] or ("*" in p[1] and tok != TEXT)) else NONE
    if kind == "choice":
        return choice(deriv(p[1], tok), deriv(p[2], tok))
    if kind == "group":
        first = group(deriv(p[1], tok), p[2])
        return choice(first, deriv(p[2], tok)) if nullable(p[1]) else first
    if kind == "interleave":
        return choice(interleave(deriv(p[1], tok), p[2]), interleave(p[1], deriv(p[2], tok)))
    return group(deriv(p[1], tok), choice(p, EMPTY))  # more


@lru_cache(maxsize=50_000)
def first(p: Pattern) -> frozenset[str]:
    """Element names (and TEXT) that may come next."""
    kind = p[0]
    if kind in ("empty", "none"):
        return frozenset()
    if kind == "text":
        return frozenset({TEXT})
    if kind == "elem":
        return frozenset(p[1])
    if kind == "choice" or kind == "interleave":
        return first(p[1]) | first(p[2])
    if kind == "group":
        return first(p[1]) | first(p[2]) if nullable(p[1]) else first(p[1])
    return first(p[1])


class ContentModels:
    """Content patterns of every element name in a grammar."""

    def __init__(self, root: etree._Element) -> None:
        self._defines = defines(root)
        self._memo: dict[str, Pattern] = {}
        self.models: dict[str, Pattern] = {}
        for el in root.iter(_R + "element"):
            pat = self._seq(content(el))
            for name in name_class(el, attribute=False):
                old = self.models.get(name)
                self.models[name] = pat if old is None else choice(old, pat)

    def _seq(self, nodes: list[etree._Element]) -> Pattern:
        out = EMPTY
        for n in nodes:
            out = group(out, self._conv(n))
        return out

    def _ref(self, name: str) -> Pattern:
        hit = self._memo.get(name)
        if hit is not None:
            return hit
        self._memo[name] = NONE  # guards against (illegal) recursion
        pat: Pattern | None = None
        for d in self._defines.get(name, []):
            body = self._seq([c for c in d if isinstance(c.tag, str) and c.tag.startswith(_R)])
            if pat is None:
                pat = body
            elif d.get("combine") == "interleave":
                pat = interleave(pat, body)
            else:
                pat = choice(pat, body)
        result = pat if pat is not None else NONE
        self._memo[name] = result
        return result

    def _conv(self, node: etree._Element) -> Pattern:
        tag = node.tag
        if not isinstance(tag, str) or not tag.startswith(_R):
            return EMPTY
        kind = tag[len(_R):]
        kids = [c for c in node if isinstance(c.tag, str) and c.tag.startswith(_R)]
        if kind == "element":
            return ("elem", frozenset(name_class(node, attribute=False)))
        if kind in ("attribute", "empty"):
            return EMPTY
        if kind in ("text", "data", "value", "list"):
            return TEXTP
        if kind == "notAllowed":
            return NONE
        if kind in ("ref", "parentRef"):
            return self._ref(node.get("name", ""))
        if kind == "choice":
            out = NONE
            for c in kids:
                out = choice(out, self._conv(c))
            return out
        if kind == "interleave":
            out = EMPTY
            for c in kids:
                out = interleave(out, self._conv(c))
            return out
        if kind == "mixed":
            return interleave(self._seq(kids), TEXTP)
        if kind == "optional":
            return choice(self._seq(kids), EMPTY)
        if kind == "zeroOrMore":
            return choice(more(self._seq(kids)), EMPTY)
        if kind == "oneOrMore":
            return more(self._seq(kids))
        if kind == "grammar":
            return NONE
        return self._seq(kids)  # group, div

    def check(self, element: etree._Element) -> tuple[str, etree._Element | None, frozenset[str],
                                                      str | None] | None:
        """None if the children fit; else (problem, child, allowed next, previous child).

        problem is "unexpected" (child not allowed at its position), "text"
        (text not allowed) or "incomplete" (more content required at the end).
        """
        pat = self.models.get(str(element.tag))
        if pat is None:
            return None
        previous: str | None = None
        tokens: list[tuple[str, etree._Element | None]] = []
        if element.text and element.text.strip():
            tokens.append((TEXT, None))
        for child in element:
            if isinstance(child.tag, str):
                tokens.append((child.tag, child))
            if child.tail and child.tail.strip():
                tokens.append((TEXT, child))
        for tok, node in tokens:
            nxt = deriv(pat, tok)
            if nxt == NONE:
                allowed = first(pat) | ({END} if nullable(pat) else frozenset())
                return ("text" if tok == TEXT else "unexpected", node, allowed, previous)
            pat = nxt
            if tok != TEXT:
                previous = tok
        if not nullable(pat):
            return ("incomplete", None, first(pat), previous)
        return None
