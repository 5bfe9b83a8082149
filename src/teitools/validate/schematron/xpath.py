"""What the compiler needs to know about XPath expressions, from one scanner.

:func:`scan` walks an expression once, knowing string literals and the
nesting of brackets and parentheses; the three questions the compiler asks
are answered from it: :func:`top_split` (split at a separator outside
brackets and strings), :func:`outer` (the expression with everything nested
removed, or None when it is unbalanced) and :func:`unpredicated` (the text
outside predicates).  No full XPath parser: each use is conservative, and an
expression it cannot read keeps the general (slower, always correct) path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

_CLOSING = {"(": ")", "[": "]"}


class Char(NamedTuple):
    """One character of an expression, as :func:`scan` sees it."""

    ch: str
    #: Brackets open around it; an opening or closing bracket itself counts as outside.
    depth: int
    #: Inside a string literal (its quotes included).
    quoted: bool
    #: The first character of a string literal (its opening quote).
    opens_string: bool


class Unbalanced(ValueError):
    """A bracket closes what it did not open, or a string or bracket is left open."""


def scan(expr: str, brackets: str = "([", *, strict: bool = False) -> Iterator[Char]:
    """Each character of ``expr`` with its nesting depth and whether it is quoted.

    ``brackets``: the opening brackets that nest (``(`` and ``[`` by default,
    ``[`` alone for predicates).  ``strict`` raises :class:`Unbalanced` for a
    mismatched bracket or an unterminated string; otherwise depth is a plain
    count (a stray closing bracket makes it negative), as a lenient reader wants.
    """
    stack: list[str] = []
    depth = 0
    quote = ""
    for ch in expr:
        if quote:
            if ch == quote:
                quote = ""
            yield Char(ch, depth, True, False)
            continue
        if ch in "'\"":
            quote = ch
            yield Char(ch, depth, True, True)
        elif ch in brackets:
            yield Char(ch, depth, False, False)
            depth += 1
            stack.append(ch)
        elif ch in _CLOSING.values() and any(_CLOSING[b] == ch for b in brackets):
            depth -= 1
            if strict and (not stack or _CLOSING[stack.pop()] != ch):
                raise Unbalanced(expr)
            if not strict and stack:
                stack.pop()
            yield Char(ch, depth, False, False)
        else:
            yield Char(ch, depth, False, False)
    if strict and (stack or quote):
        raise Unbalanced(expr)


def top_split(expr: str, sep: str) -> list[str]:
    """``expr`` split at ``sep`` outside brackets, parentheses and string literals."""
    parts: list[str] = []
    buf: list[str] = []
    for c in scan(expr):
        if c.ch == sep and c.depth == 0 and not c.quoted:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(c.ch)
    parts.append("".join(buf))
    return [p.strip() for p in parts]


def outer(expr: str) -> str | None:
    """``expr`` with the contents of brackets, parentheses and strings removed.

    A string literal at the top becomes ``''``; None when ``expr`` is unbalanced.
    """
    out: list[str] = []
    try:
        for c in scan(expr, strict=True):
            if c.depth == 0 and (not c.quoted or c.opens_string):
                out.append("''" if c.quoted else c.ch)
    except Unbalanced:
        return None
    return "".join(out).strip()


def unpredicated(expr: str) -> str:
    """The text of ``expr`` outside predicates (``[...]``)."""
    return "".join(c.ch for c in scan(expr, "[") if c.depth == 0 and c.ch not in "[]")
