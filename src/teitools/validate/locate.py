"""line:column of elements.

libxml2 records only a line per element (the line where the start tag *ends*),
and Saxon-HE records nothing we can get at.  We scan the source text once for
start tags (skipping comments, CDATA, PIs and the DOCTYPE): the n-th start tag
in the text is the n-th element in document order, which gives the exact
line:column of the ``<``.  Built lazily, only for documents with problems.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

from ..diagnostics import source_line

__all__ = ["Locator", "source_line"]

_TOKENS = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>|<(?=[^/!?])",
    re.S,
)


class Locator:
    """Maps elements of one parsed document to (line, column), 1-based."""

    def __init__(self, tree: etree._ElementTree, text: str) -> None:
        self._tree = tree
        self._text = text
        self._starts: list[int] | None = None
        self._newlines: list[int] | None = None
        self._index: dict[etree._Element, int] | None = None
        self._elements: list[etree._Element] = []

    def _build(self) -> None:
        text = self._text
        self._starts = [m.start() for m in _TOKENS.finditer(text) if m.group() == "<"]
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._elements = list(self._tree.getroot().iter(etree.Element))
        self._index = {el: i for i, el in enumerate(self._elements)}

    def position(self, element: etree._Element) -> tuple[int | None, int | None]:
        if self._index is None:
            self._build()
        assert self._index is not None and self._starts is not None
        assert self._newlines is not None
        i = self._index.get(element)
        if i is None or len(self._starts) != len(self._elements):
            return source_line(element), None
        offset = self._starts[i]
        line = bisect.bisect_left(self._newlines, offset)  # newlines before offset
        line_start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1

    def _offset_to_position(self, offset: int) -> tuple[int, int]:
        assert self._newlines is not None
        line = bisect.bisect_left(self._newlines, offset)
        line_start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - line_start + 1

    def attribute_position(self, element: etree._Element, attribute: str
                           ) -> tuple[int | None, int | None]:
        """line:column of an attribute's name in the element's start tag (else the element's)."""
        line, col = self.position(element)
        assert self._index is not None and self._starts is not None
        i = self._index.get(element)
        if i is None or len(self._starts) != len(self._elements):
            return line, col
        start = self._starts[i]
        end = self._text.find(">", start)
        local = attribute.rpartition("}")[2]
        m = re.compile(rf"\s((?:[\w.\-]+:)?{re.escape(local)})\s*=").search(
            self._text, start, end if end != -1 else len(self._text))
        if m is None:
            return line, col
        return self._offset_to_position(m.start(1))

    def element_at_path(self, path: str) -> tuple[etree._Element | None, str | None]:
        """Resolve an XPath 3.0 ``path()`` result (``/Q{ns}a[1]/Q{ns}b[2]/@x``).

        Returns the element (the parent, for attribute and text paths) and the
        attribute name if the path ends in one.
        """
        root = self._tree.getroot()
        steps = _split_path(path)
        if not steps:
            return root, None
        node: etree._Element | None = None
        attr: str | None = None
        for step in steps:
            if step.startswith("@"):
                attr = _clark(step[1:])
                break
            if step.startswith(("text()", "comment()", "processing-instruction(")):
                break
            m = re.fullmatch(r"(.*)\[(\d+)\]", step)
            name, pos = (m.group(1), int(m.group(2))) if m else (step, 1)
            tag = _clark(name)
            if node is None:
                if tag != root.tag:
                    return root, None
                node = root
                continue
            kids = [c for c in node if isinstance(c.tag, str) and c.tag == tag]
            if len(kids) < pos:
                return node, None
            node = kids[pos - 1]
        return node if node is not None else root, attr


def _split_path(path: str) -> list[str]:
    steps: list[str] = []
    buf = ""
    depth = 0
    for ch in path:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "/" and depth == 0:
            if buf:
                steps.append(buf)
            buf = ""
        else:
            buf += ch
    if buf:
        steps.append(buf)
    return steps


def _clark(eqname: str) -> str:
    """``Q{ns}local`` → ``{ns}local``; ``Q{}local`` / ``local`` → ``local``."""
    if eqname.startswith("Q{"):
        ns, _, local = eqname[2:].partition("}")
        return f"{{{ns}}}{local}" if ns else local
    return eqname
