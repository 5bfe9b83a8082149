"""The reading text of a TEI element and the printed pages it lies on.

*The reading* — the text a reader of the edition reads, which the text editions
print and every export (text units, mentions, quotations, headings, header
fields, DTS, OAI) carries — is defined once, in XSLT:
``teitools/data/xslt/common/reading.xsl`` (its comment is the reference;
``docs/export.md``, "The reading", repeats the rules for users).  The text
editions apply its mode; the exports run ``export-reading.xsl``, which applies
the same mode to a whole document and marks where each element's reading begins
and ends and on which page each piece of text lies.

This module only runs that stylesheet (compiled once per process, one
transformation per document) and takes elements' readings out of its result:

* :class:`Readings` holds one document's marked reading (:func:`take_all`: a
  corpus's, a few hundred documents per transformation);
* :func:`read` gives an element's reading text and the pages its text lies on,
  :func:`plain` (:func:`reading_text`) the text alone, :func:`in_reading` whether
  the element is part of the reading at all (not in a note, a ``del``, a ``sic``).

A paragraph can span pages (``pb`` inside it, even inside a word); a ``pb`` at
the very start of an element counts for the element, not its predecessor,
because pages are taken from where the element's *text* lies.
"""

from __future__ import annotations

import bisect
import re
import threading
import weakref
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import TransformError

STYLESHEET = "export-reading.xsl"

# The markers of export-reading.xsl (its header comment describes them).
_BEGIN, _END, _PAGE, _LEFT_OUT = "\ue010", "\ue013", "\ue014", "\ue015"
_TOKEN = re.compile("(\ue010|\ue013|\ue014[^\ue012]*\ue012|\ue015|\ue016)")
# common/reading.xsl's tt:join (a word broken across a break) and the white space beside it.
_JOIN = re.compile("[ \t\r\n]*\ue006[ \t\r\n]*")
_SPACE = re.compile(r"[ \t\r\n]+")
_NEXT_DOCUMENT = "\ue017"
_JOINED = "\ue006"
_TT = "urn:teitools:xslt"
_TEXT = re.compile("[^ \t\r\n\ue006\ue010\ue013\ue015\ue016]")


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


class Readings:
    """The reading of every element of one document (one run of export-reading.xsl).

    Taken on first use; a :class:`~teitools.export.document.TeiDocument` holds its
    own (``doc.readings``), so it is taken once per document.
    """

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self._taken = False
        self._read: dict[int, Reading] = {}

    def _take(self, stream: str | None = None) -> None:
        """Read export-reading.xsl's result for this document (run it if not given).

        Offsets are into the result itself, markers and all: a reading is a slice of it,
        the markers taken out.
        """
        self._taken = True
        self._text = _run([self.root]) if stream is None else stream
        number = 0
        #: element number -> (offset, page events before it, left-out depth)
        self._start: dict[int, tuple[int, int, int]] = {}
        self._end: dict[int, int] = {}
        self._own: set[int] = set()  # elements left out themselves (a note, a del)
        #: (where the mark begins, where it ends, page) of each pb: the page from there on
        self._pages: list[tuple[int, int, str | None]] = []
        #: left-out ranges (start, end, depth), in order of start
        self._out: list[tuple[int, int, int]] = []
        open_elements: list[int] = []
        open_out: list[int] = []
        begun = -1  # where the text after the latest begin mark starts
        for m in _TOKEN.finditer(self._text):
            mark = m.group()
            first = mark[0]
            if first == _BEGIN:
                number += 1
                begun = m.end()
                self._start[number] = (begun, len(self._pages), len(open_out))
                open_elements.append(number)
            elif first == _PAGE:
                self._pages.append((m.start(), m.end(), mark[1:-1] or None))
            elif first == _END:
                self._end[open_elements.pop()] = m.start()
            elif first == _LEFT_OUT:
                if m.start() == begun:
                    self._own.add(number)
                open_out.append(m.start())
            else:
                self._out.append((open_out.pop(), m.end(), len(open_out) + 1))
        self._index = {el: n for n, el in enumerate(self.root.iter(etree.Element), start=1)}
        if len(self._index) != number or open_elements:
            raise TransformError(f"the reading marks {number} elements, the document has "
                                 f"{len(self._index)}")
        self._out.sort()
        self._out_starts = [r[0] for r in self._out]

    def _number(self, el: etree._Element) -> int:
        if not self._taken:
            self._take()
        number = self._index.get(el)
        if number is None:
            raise TransformError(f"<{etree.QName(el).localname}> is not an element of the "
                                 "document whose reading was taken")
        return number

    def in_reading(self, el: etree._Element) -> bool:
        """False for an element left out of the reading or inside such content."""
        number = self._number(el)
        return self._start[number][2] == 0 and number not in self._own

    def read(self, el: etree._Element) -> Reading:
        """The reading text of ``el`` and the pages its text lies on."""
        number = self._number(el)
        found = self._read.get(number)
        if found is None:
            found = self._read[number] = self._reading(number)
        return Reading(found.text, list(found.pages), found.start_page)

    def _reading(self, number: int) -> Reading:
        start, before, depth = self._start[number]
        end = self._end[number]
        # what the element's own reading leaves out: left-out ranges one level inside it
        inner = depth + (2 if number in self._own else 1)
        kept: list[tuple[int, int]] = []
        at = start
        for i in range(bisect.bisect_left(self._out_starts, start), len(self._out)):
            lo, hi, level = self._out[i]
            if lo >= end:
                break
            if level == inner:
                kept.append((at, lo))
                at = hi
        kept.append((at, end))
        text = _TOKEN.sub("", "".join([self._text[a:b] for a, b in kept]))
        if _JOINED in text:
            text = _JOIN.sub("", text)
        text = _SPACE.sub(" ", text).strip()
        start_page = self._pages[before - 1][2] if before else None
        return Reading(text, self._text_pages(kept, before, start_page), start_page)

    def _text_pages(self, kept: list[tuple[int, int]], before: int,
                    page: str | None) -> list[str]:
        """The pages of the text in the ``kept`` ranges (page events from ``before`` on)."""
        pages: list[str] = []
        events = self._pages
        k = before
        for a, b in kept:
            while a < b:
                while k < len(events) and events[k][0] <= a:
                    a = max(a, events[k][1])
                    page = events[k][2]
                    k += 1
                upto = min(b, events[k][0]) if k < len(events) else b
                if page is not None and page not in pages and a < upto and \
                        _TEXT.search(self._text, a, upto):
                    pages.append(page)
                a = upto
        return pages


# The Readings of the documents alive: a TeiDocument holds its own (TeiDocument.readings);
# the latest few are kept here too, for callers without one.
_READINGS: weakref.WeakValueDictionary[int, Readings] = weakref.WeakValueDictionary()
_RECENT: deque[Readings] = deque(maxlen=16)
_LOCK = threading.Lock()


def readings(el: etree._Element) -> Readings:
    """The readings of the document ``el`` belongs to (taken on first use, once while a
    TeiDocument of it, or this module's last few, hold them)."""
    root = el.getroottree().getroot()
    found = _READINGS.get(id(root))
    if found is None or found.root is not root:
        found = Readings(root)
        with _LOCK:
            _READINGS[id(root)] = found
            _RECENT.append(found)
    return found


def read(el: etree._Element) -> Reading:
    """The corrected reading text of ``el`` and the pages it lies on (:meth:`Readings.read`)."""
    return readings(el).read(el)


def reading_text(el: etree._Element) -> str:
    """The reading text of ``el``, without its pages."""
    return readings(el).read(el).text


def plain(el: etree._Element | None) -> str:
    """The reading text of ``el`` ("" for None): header fields, names, headings."""
    return "" if el is None else reading_text(el)


def in_reading(el: etree._Element) -> bool:
    """False if ``el`` lies in content the reading leaves out (a note, a ``del``, a ``sic``)."""
    return readings(el).in_reading(el)


def take_all(roots: Iterable[etree._Element], batch: int = 250) -> None:
    """Take the readings of many documents (a corpus), ``batch`` per transformation."""
    pending = [r for r in (readings(root) for root in roots) if not r._taken]
    for i in range(0, len(pending), batch):
        chunk = pending[i:i + batch]
        streams = _run([r.root for r in chunk]).split(_NEXT_DOCUMENT)
        if len(streams) != len(chunk):
            raise TransformError(f"the readings of {len(chunk)} documents came back as "
                                 f"{len(streams)}")
        for r, stream in zip(chunk, streams, strict=True):
            r._take(stream)


_executable: Any = None


def _run(roots: list[etree._Element]) -> str:
    """export-reading.xsl's result for the documents of ``roots`` (several: a batch)."""
    from saxonche import PySaxonApiError

    from .. import saxon
    from ..render.xslt import _Compiled, _first_line, source_text, stylesheet_path

    global _executable
    if _executable is None:  # compiled once per process
        _executable = _Compiled.get(stylesheet_path(STYLESHEET))
    executable = _executable
    proc = saxon.processor()
    texts = [source_text(root.getroottree(), "<document>") for root in roots]
    text = texts[0] if len(texts) == 1 else (
        f'<tt:batch xmlns:tt="{_TT}">' + "".join(texts) + "</tt:batch>")
    with _Compiled._lock:
        try:
            result = executable.transform_to_string(xdm_node=proc.parse_xml(xml_text=text))
        except PySaxonApiError as exc:
            raise TransformError(f"the reading could not be taken: {_first_line(exc)}") from None
    return str(result or "")
