"""A tolerant tag scanner: where the cursor is, even in a half-typed document.

lxml's recovering parser gives a tree, but not offsets, and it guesses where
a broken document "really" closes its elements.  The editor needs the
opposite: exactly which elements are open at the cursor, which children the
innermost one already has (for the content model's derivative), and whether
the cursor is in a tag name, an attribute name or a value.  This module scans
the text for tags (skipping comments, CDATA, PIs and the DOCTYPE) with one
regular expression and keeps the stack of open elements; an end tag that
does not match closes up to the nearest open element of its name, as editors
expect.

A full scan also yields every element with its offsets (:class:`Element`),
which navigation and the outline use.  Context look-ups start from
*checkpoints* (the stack every few hundred tags), so asking for the context
near the end of a 10 MB document scans a few kilobytes, not the whole file;
an edit drops only the checkpoints after it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..xmlio import XML_NS
from .cancel import check_cancelled

TEXT = "#text"

TOKEN = re.compile(
    r"""<!--.*?(?:-->|\Z)"""
    r"""|<!\[CDATA\[.*?(?:\]\]>|\Z)"""
    r"""|<\?.*?(?:\?>|\Z)"""
    r"""|<!DOCTYPE(?:[^\[>]|\[.*?(?:\]|\Z))*>?"""
    r"""|<(/?)([^\s<>/!?"'=]*)((?:[^<>"']|"[^"<]*(?:"|(?=<)|\Z)|'[^'<]*(?:'|(?=<)|\Z))*)(>?)""",
    re.S,
)
ATTRIBUTE = re.compile(r"""([^\s=/<>"']+)(?:\s*=\s*(?:"([^"<]*)("?)|'([^'<]*)('?)))?""")
NONSPACE = re.compile(r"\S")
CHECKPOINT_EVERY = 512


# A stack frame is immutable, so a checkpoint is just the stack tuple.
# children: a cons list (name, rest) of child element names and TEXT, newest first.
Cons = tuple[str, "Cons"] | None


class Frame:
    """One open element (treated as immutable: a checkpoint is just the stack tuple)."""

    __slots__ = ("children", "name", "nsmap", "qname", "start")

    def __init__(self, name: str, qname: str, start: int, nsmap: tuple[tuple[str, str], ...],
                 children: Cons = None) -> None:
        self.name = name  # Clark name ({ns}local), resolved with the namespaces in scope
        self.qname = qname  # as written
        self.start = start  # offset of "<" (when scanned: shifted checkpoints keep it)
        self.nsmap = nsmap  # (prefix, uri) in scope, innermost first
        self.children = children

    def child_tokens(self) -> list[str]:
        out: list[str] = []
        cur = self.children
        while cur is not None:
            out.append(cur[0])
            cur = cur[1]
        out.reverse()
        return out

    def with_child(self, name: str) -> Frame:
        if name == TEXT and self.children is not None and self.children[0] == TEXT:
            return self
        return Frame(self.name, self.qname, self.start, self.nsmap, (name, self.children))


Stack = tuple[Frame, ...]


@dataclass
class Attribute:
    name: str  # as written
    start: int  # offset of the name
    name_end: int
    value: str | None = None
    value_start: int = -1  # offset after the opening quote
    value_end: int = -1  # offset of the closing quote (or the end of what was typed)
    closed: bool = True


@dataclass
class Tag:
    """One start or end tag as written (possibly unterminated)."""

    end_tag: bool
    qname: str
    start: int  # offset of "<"
    name_start: int
    name_end: int
    end: int  # offset after ">" (or of where the tag stops)
    terminated: bool
    empty: bool  # <x/>
    attributes: list[Attribute] = field(default_factory=list)

    def attribute(self, name: str) -> Attribute | None:
        for a in self.attributes:
            if a.name == name:
                return a
        return None


class Element:
    """An element found by a full scan: its extent and parent (the tag is parsed on demand)."""

    __slots__ = ("_tag", "_text", "depth", "end", "index", "name", "parent", "start",
                 "start_end")

    def __init__(self, index: int, name: str, start: int, start_end: int, parent: int,
                 depth: int, text: str) -> None:
        self.index = index
        self.name = name
        self.start = start  # offset of "<" (when scanned: shifted checkpoints keep it)
        self.start_end = start_end  # offset after the start tag
        self.parent = parent  # index of the parent element, -1 for the root
        self.end = -1  # offset after its end tag (-1: never closed)
        self.depth = depth
        self._text = text
        self._tag: Tag | None = None

    @property
    def tag(self) -> Tag:
        if self._tag is None:
            m = TOKEN.match(self._text, self.start)
            assert m is not None
            self._tag = tag_of(m, self._text)
        return self._tag

    @property
    def empty(self) -> bool:
        return self.end == self.start_end and self._text[self.start_end - 2] == "/"


def parse_attributes(text: str, start: int, end: int) -> list[Attribute]:
    out: list[Attribute] = []
    for m in ATTRIBUTE.finditer(text, start, end):
        if m.group(2) is not None:
            out.append(Attribute(m.group(1), m.start(1), m.end(1), m.group(2), m.start(2),
                                 m.end(2), bool(m.group(3))))
        elif m.group(4) is not None:
            out.append(Attribute(m.group(1), m.start(1), m.end(1), m.group(4), m.start(4),
                                 m.end(4), bool(m.group(5))))
        else:
            out.append(Attribute(m.group(1), m.start(1), m.end(1)))
    return out


def tag_of(m: re.Match[str], text: str) -> Tag:
    attrs_text = m.group(3)
    empty = bool(attrs_text) and attrs_text.rstrip().endswith("/") and bool(m.group(4))
    attributes = [] if m.group(1) else parse_attributes(text, m.start(3), m.end(3))
    return Tag(bool(m.group(1)), m.group(2), m.start(), m.start(2), m.end(2), m.end(),
               bool(m.group(4)), empty, attributes)


def _resolve(qname: str, nsmap: tuple[tuple[str, str], ...], *, attribute: bool = False) -> str:
    prefix, sep, local = qname.rpartition(":")
    if not sep:
        if attribute:
            return qname
        prefix = ""
    if prefix == "xml":
        return f"{{{XML_NS}}}{local}"
    for p, uri in nsmap:
        if p == prefix:
            return f"{{{uri}}}{local}" if uri else local
    return qname if sep else local


def resolve_name(qname: str, nsmap: tuple[tuple[str, str], ...]) -> str:
    """The Clark name of an element written ``qname`` with these namespaces in scope."""
    return _resolve(qname, nsmap)


def resolve_attribute(qname: str, frame: Frame) -> str:
    return _resolve(qname, frame.nsmap, attribute=True)


def _declared(text: str, m: re.Match[str], nsmap: tuple[tuple[str, str], ...]
              ) -> tuple[tuple[str, str], ...]:
    for a in parse_attributes(text, m.start(3), m.end(3)):
        if a.name == "xmlns":
            nsmap = (("", a.value or ""), *nsmap)
        elif a.name.startswith("xmlns:"):
            nsmap = ((a.name[6:], a.value or ""), *nsmap)
    return nsmap


def _push(stack: Stack, m: re.Match[str], text: str) -> tuple[Stack, Frame]:
    qname = m.group(2)
    nsmap = stack[-1].nsmap if stack else ()
    if "xmlns" in m.group(3):
        nsmap = _declared(text, m, nsmap)
    frame = Frame(_resolve(qname, nsmap), qname, m.start(), nsmap)
    if stack:
        stack = (*stack[:-1], stack[-1].with_child(frame.name))
    return stack, frame


def _pop(stack: Stack, qname: str) -> tuple[Stack, int]:
    """Close the innermost open element named ``qname`` (and those inside it)."""
    for i in range(len(stack) - 1, -1, -1):
        if stack[i].qname == qname:
            return stack[:i], i
    return stack, -1  # a stray end tag: ignored


def _is_tag(m: re.Match[str]) -> bool:
    return m.group(2) is not None and bool(m.group(2))


def _text_between(stack: Stack, text: str, start: int, end: int) -> Stack:
    if stack and start < end and NONSPACE.search(text, start, end):
        top = stack[-1]
        new = top.with_child(TEXT)
        if new is not top:
            return (*stack[:-1], new)
    return stack


@dataclass
class Context:
    """Where an offset is, in XML terms."""

    offset: int
    stack: Stack  # elements open at the offset (outermost first); excludes ``tag``'s own
    kind: str  # text | tag-name | end-tag-name | attribute-name | attribute-value | tag | comment
    tag: Tag | None = None  # the tag the offset is in
    attribute: Attribute | None = None
    prefix: str = ""  # what was typed of the name or value before the offset
    #: Children after the offset in the innermost element (bounded), and whether its
    #: end tag was seen.
    following: list[str] = field(default_factory=list)
    closed: bool = False

    @property
    def parent(self) -> Frame | None:
        return self.stack[-1] if self.stack else None


class Scanner:
    """Scans one text; keeps checkpoints for fast context look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._points: list[int] = [0]
        self._stacks: list[Stack] = [()]

    def carry_over(self, text: str, changed_at: int, shift: int | None = None) -> Scanner:
        """A scanner for ``text`` (this text edited at ``changed_at``) keeping the
        checkpoints before the edit; with ``shift`` (the edit cannot have changed any
        tag, see :func:`neutral_edit`) also those after it, moved by ``shift``."""
        other = Scanner(text)
        n = min(len(self._points), len(self._stacks))
        keep = max(bisect.bisect_right(self._points, changed_at, 0, n), 1)
        other._points = self._points[:keep]
        other._stacks = self._stacks[:keep]
        if shift is not None:
            other._points.extend(p + shift for p in self._points[keep:n])
            other._stacks.extend(self._stacks[keep:n])
        return other

    @property
    def scanned_to(self) -> int:
        """The offset of the last checkpoint: the text up to here needs no scan."""
        return self._points[-1]

    def _checkpoint_before(self, offset: int) -> tuple[int, Stack]:
        i = bisect.bisect_right(self._points, offset) - 1
        return self._points[i], self._stacks[i]

    def context(self, offset: int, *, following_limit: int = 64) -> Context:
        text = self.text
        offset = max(0, min(offset, len(text)))
        pos, stack = self._checkpoint_before(offset)
        last = pos
        points = self._points
        for count, m in enumerate(TOKEN.finditer(text, pos), 1):
            start = m.start()
            if start >= offset:
                break
            end = m.end()
            if end > offset or (end == offset and text[end - 1] != ">"):
                return self._spanning(m, offset, _text_between(stack, text, last, start),
                                      following_limit)
            if last < start and stack and NONSPACE.search(text, last, start):
                top = stack[-1]
                if top.children is None or top.children[0] != TEXT:
                    stack = (*stack[:-1], Frame(top.name, top.qname, top.start, top.nsmap,
                                                (TEXT, top.children)))
            qname = m.group(2)
            if qname:
                if m.group(1):
                    for i in range(len(stack) - 1, -1, -1):
                        if stack[i].qname == qname:
                            stack = stack[:i]
                            break
                else:
                    stack, frame = _push(stack, m, text)
                    if not (m.group(4) and m.group(3).endswith("/")):
                        stack = (*stack, frame)
            last = end
            if count % CHECKPOINT_EVERY == 0:
                if end > points[-1]:
                    points.append(end)
                    self._stacks.append(stack)
                check_cancelled()
        stack = _text_between(stack, text, last, offset)
        ctx = Context(offset, stack, "text")
        self._following(ctx, offset, following_limit)
        return ctx

    def _spanning(self, m: re.Match[str], offset: int, stack: Stack, limit: int) -> Context:
        if m.group(2) is None:  # comment, CDATA, PI, DOCTYPE
            return Context(offset, stack, "comment")
        return self._in_tag(m, offset, stack, limit)

    def _in_tag(self, m: re.Match[str], offset: int, stack: Stack, limit: int) -> Context:
        tag = tag_of(m, self.text)
        if tag.end_tag:
            ctx = Context(offset, stack, "end-tag-name", tag,
                          prefix=self.text[tag.name_start:offset] if offset <= tag.name_end
                          else tag.qname)
            return ctx
        if offset <= tag.name_end:
            ctx = Context(offset, stack, "tag-name", tag,
                          prefix=self.text[tag.name_start:offset])
            self._following(ctx, tag.start, limit, skip_tag=True)
            return ctx
        for a in tag.attributes:
            if a.start <= offset <= a.name_end:
                return Context(offset, stack, "attribute-name", tag, a,
                               self.text[a.start:offset])
            if a.value is not None and a.value_start <= offset <= a.value_end:
                return Context(offset, stack, "attribute-value", tag, a,
                               self.text[a.value_start:offset])
        return Context(offset, stack, "tag", tag)

    def _following(self, ctx: Context, offset: int, limit: int, *, skip_tag: bool = False
                   ) -> None:
        """Children after ``offset`` in the innermost open element (at most ``limit``)."""
        text = self.text
        depth = 0
        last = offset
        first = True
        for m in TOKEN.finditer(text, offset):
            if first and skip_tag:
                first = False
                last = m.end()
                continue
            first = False
            if depth == 0 and NONSPACE.search(text, last, m.start()) and (
                    not ctx.following or ctx.following[-1] != TEXT):
                ctx.following.append(TEXT)
            last = m.end()
            if not _is_tag(m):
                continue
            if m.group(1):
                if depth == 0:
                    ctx.closed = True
                    return
                depth -= 1
                continue
            if depth == 0:
                nsmap = ctx.stack[-1].nsmap if ctx.stack else ()
                ctx.following.append(_resolve(m.group(2), nsmap))
                if len(ctx.following) >= limit:
                    return
            if not (m.group(4) and m.group(3).endswith("/")):
                depth += 1

    def elements(self) -> list[Element]:
        """Every element of the text, in document order, with offsets."""
        text = self.text
        out: list[Element] = []
        open_: list[int] = []  # indices of open elements
        names: list[str] = []  # their qnames
        nsmaps: list[tuple[tuple[str, str], ...]] = []
        for count, m in enumerate(TOKEN.finditer(text)):
            if count % 4096 == 0:
                check_cancelled()
            qname = m.group(2)
            if not qname:
                continue
            if m.group(1):
                for depth in range(len(names) - 1, -1, -1):
                    if names[depth] == qname:
                        end, inner = m.end(), m.start()
                        for idx in open_[depth + 1:]:
                            out[idx].end = inner
                        out[open_[depth]].end = end
                        del open_[depth:], names[depth:], nsmaps[depth:]
                        break
                continue
            attrs = m.group(3)
            nsmap = nsmaps[-1] if nsmaps else ()
            if "xmlns" in attrs:
                nsmap = _declared(text, m, nsmap)
            el = Element(len(out), _resolve(qname, nsmap), m.start(), m.end(),
                         open_[-1] if open_ else -1, len(open_), text)
            out.append(el)
            if m.group(4) and attrs.endswith("/"):
                el.end = m.end()
            else:
                open_.append(el.index)
                names.append(qname)
                nsmaps.append(nsmap)
        return out


_STRUCTURAL = re.compile(r"[<>&\"'=]")


def neutral_edit(old: str, start: int, end: int, inserted: str) -> bool:
    """Whether replacing ``old[start:end]`` by ``inserted`` leaves every tag, and which
    text runs hold non-whitespace, as they were (so scan checkpoints can be shifted)."""
    removed = old[start:end]
    if _STRUCTURAL.search(removed) or _STRUCTURAL.search(inserted):
        return False
    before = old.rfind("<", 0, start)
    if before > old.rfind(">", 0, start):  # inside a tag: only an xmlns could matter
        close = old.find(">", end)
        return "xmlns" not in old[before:close if close >= 0 else len(old)]
    run_start = old.rfind(">", 0, start) + 1
    run_end = old.find("<", end)
    run_end = len(old) if run_end < 0 else run_end
    was = old[run_start:run_end]
    now = old[run_start:start] + inserted + old[end:run_end]
    return bool(was.strip()) == bool(now.strip())


def element_at(elements: list[Element], offset: int) -> Element | None:
    """The innermost element whose start tag or content contains ``offset``."""
    best: Element | None = None
    i = bisect.bisect_right(elements, offset, key=lambda e: e.start) - 1
    while i >= 0:
        el = elements[i]
        end = el.end if el.end >= 0 else 1 << 62
        if el.start <= offset < end or el.start <= offset <= el.start_end:
            best = el
            break
        i = el.parent
    return best
