"""The reading text of a TEI element and the printed pages it lies on.

This module is teitools' one definition of *the reading*: the text a reader
of the edition reads, which the text edition prints and every export (text
units, mentions, quotations, DTS, OAI) carries.  The rules, in the order they
apply (``docs/export.md``, "The reading", repeats them for users):

1. **choice** — the edited reading wins: ``corr`` over ``sic``, ``reg`` over
   ``orig``, ``expan`` over ``abbr`` (the first present of ``corr``, ``reg``,
   ``expan``; else the first child).  The other children are left out.
2. **del** is left out (the writer struck it); **add** is kept, and so is
   ``subst``'s ``add``.  ``sic``, ``abbr``, ``orig``, ``corr``, ``supplied``,
   ``unclear`` outside a ``choice`` are kept as they stand.
3. **note**, **fw** (running heads, folios) and **figDesc** are left out of
   the running text; ``gap`` has no text.
4. **pb**, **lb**, **cb**, **milestone** separate words, unless
   ``break="no"``: then the word broken across them is joined.
5. Whitespace is collapsed to single spaces and trimmed; comments and
   processing instructions have no text.

Written once, used by every exporter:

* :class:`PageIndex` knows the page (``pb/@n``) in effect where each element
  starts, from one pass over the document;
* :func:`read` walks an element's content in reading order and returns its
  plain text by the rules above, together with the pages its text actually
  lies on; :func:`reading_text` is the text alone.

A paragraph can span pages (``pb`` inside it, even inside a word); a ``pb``
at the very start of an element counts for the element, not its predecessor,
because pages are taken from where the element's *text* lies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..xmlio import TEI_NS

_T = f"{{{TEI_NS}}}"
PB = f"{_T}pb"
BREAKS = frozenset({PB, f"{_T}lb", f"{_T}cb", f"{_T}milestone"})
# Content that is not part of the running text of the edition (rules 2 and 3).
SKIPPED = frozenset({f"{_T}note", f"{_T}fw", f"{_T}figDesc", f"{_T}del"})
# In a <choice>, the reading the edition prints (first found wins).
PREFERRED = (f"{_T}corr", f"{_T}reg", f"{_T}expan")
CHOICE = f"{_T}choice"
_SPACE = re.compile(r"[ \t\r\n]+")


class PageIndex:
    """The page in effect at the start of every element of a document."""

    def __init__(self, root: etree._Element) -> None:
        self._start: dict[etree._Element, str | None] = {}
        current: str | None = None
        for el in root.iter(etree.Element):
            if el.tag == PB:
                current = el.get("n")
            self._start[el] = current

    def start(self, el: etree._Element) -> str | None:
        """``n`` of the last ``pb`` before ``el`` (or ``el`` itself if it is a ``pb``)."""
        if el in self._start:
            return self._start[el]
        found = el.xpath("preceding::*[local-name()='pb'][1]/@n")
        assert isinstance(found, list)
        return str(found[0]) if found else None


@dataclass
class Reading:
    """Plain text of an element and the pages its text lies on (in order, distinct)."""

    text: str
    pages: list[str] = field(default_factory=list)
    start_page: str | None = None

    @property
    def page(self) -> str | None:
        """The page where the element's text begins."""
        return self.pages[0] if self.pages else self.start_page


class _Walker:
    def __init__(self, page: str | None) -> None:
        self.page = page
        self.parts: list[str] = []
        self.pages: list[str] = []
        self.join_next = False

    def emit(self, text: str | None) -> None:
        if not text:
            return
        if self.join_next:
            text = text.lstrip(" \t\r\n")
            if not text:
                return
            self.join_next = False
        if text.strip() and self.page is not None and self.page not in self.pages:
            self.pages.append(self.page)
        self.parts.append(text)

    def brk(self, el: etree._Element) -> None:
        if el.tag == PB:
            self.page = el.get("n")
        if el.get("break") == "no":
            joined = "".join(self.parts).rstrip(" \t\r\n")
            self.parts = [joined]
            self.join_next = True
        else:
            self.emit(" ")

    def skip(self, el: etree._Element) -> None:
        """Leave ``el`` out of the text, but keep track of page breaks inside it."""
        for pb in el.iter(PB):
            self.page = pb.get("n")

    def walk(self, el: etree._Element) -> None:
        self.emit(el.text)
        for child in el:
            if not isinstance(child.tag, str):  # comment or processing instruction
                pass
            elif child.tag in BREAKS:
                self.brk(child)
            elif child.tag in SKIPPED:
                self.skip(child)
            elif child.tag == CHOICE:
                self.walk_choice(child)
            else:
                self.walk(child)
            self.emit(child.tail)

    def walk_choice(self, choice: etree._Element) -> None:
        chosen = _chosen(choice)
        for option in choice:
            if not isinstance(option.tag, str):
                continue
            if option is chosen:
                self.walk(option)
            else:
                self.skip(option)


def read(el: etree._Element, pages: PageIndex) -> Reading:
    """The corrected reading text of ``el`` and the pages it lies on."""
    start = pages.start(el)
    walker = _Walker(start)
    walker.walk(el)
    text = _SPACE.sub(" ", "".join(walker.parts)).strip()
    return Reading(text, walker.pages, start)


def reading_text(el: etree._Element) -> str:
    """The reading text of ``el`` (the rules of this module), without page tracking."""
    return plain(el)


def in_reading(el: etree._Element) -> bool:
    """False if ``el`` lies in content :func:`read` leaves out (a note, a ``del``, a ``sic``)."""
    for node in (el, *el.iterancestors()):
        if node.tag in SKIPPED:
            return False
        parent = node.getparent()
        if parent is not None and parent.tag == CHOICE and node is not _chosen(parent):
            return False
    return True


def _chosen(choice: etree._Element) -> etree._Element | None:
    options = [c for c in choice if isinstance(c.tag, str)]
    chosen = next((c for tag in PREFERRED for c in options if c.tag == tag), None)
    return chosen if chosen is not None or not options else options[0]


def plain(el: etree._Element | None) -> str:
    """Whitespace-normalised text of a header field (no page tracking needed)."""
    if el is None:
        return ""
    walker = _Walker(None)
    walker.walk(el)
    return _SPACE.sub(" ", "".join(walker.parts)).strip()
