"""A TEI document opened for export: parsing, ids, references, context, warnings.

Every exporter works on a :class:`TeiDocument`.  It knows where an element sits
(paragraph, section, enclosing quotation), resolves ``#id`` pointers and turns
problems into :class:`~teitools.diagnostics.Diagnostic` warnings, so that the
format modules contain only the mapping from TEI to their format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, Severity, source_line
from ..xmlio import TEI_NS, XML_NS, parse_tei, read_bytes
from .kinds import Kind, detect
from .reading import Readings, readings

NS = {"tei": TEI_NS, "xml": XML_NS}
XML_ID = f"{{{XML_NS}}}id"
PHASE = "export"

# Containers whose names are the editors' descriptions, not mentions in the text.
LIST_ELEMENTS = frozenset(
    f"{{{TEI_NS}}}{name}"
    for name in ("listPerson", "listPlace", "listOrg", "listBibl", "listNym", "standOff")
)


# Compiled XPath expressions, shared by all documents (compiling is most of the cost).
_XPATHS: dict[str, etree.XPath] = {}


def tei(name: str) -> str:
    """Clark name of a TEI element: ``tei("p")`` → ``{http://www.tei-c.org/ns/1.0}p``."""
    return f"{{{TEI_NS}}}{name}"


def local_name(el: etree._Element) -> str:
    return etree.QName(el).localname


def xml_id(el: etree._Element) -> str | None:
    return el.get(XML_ID)


def pointer_ids(value: str | None) -> list[str]:
    """The local ids of a TEI pointer attribute: ``"#a #b"`` → ``["a", "b"]``.

    Pointers that are not same-document references (``http://…``) are left out.
    """
    if not value:
        return []
    return [token[1:] for token in value.split() if token.startswith("#") and len(token) > 1]


@dataclass
class TeiDocument:
    """A parsed TEI document with an id index, a page index and a warning list."""

    tree: etree._ElementTree
    name: str
    stem: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root: etree._Element = self.tree.getroot()
        #: the reading of every element (:mod:`.reading`), taken on first use
        self.readings: Readings = readings(self.root)
        self.ids: dict[str, etree._Element] = {}
        self._generated: dict[etree._Element, str] = {}
        self._taken: set[str] = set()
        for el in self.root.iter(etree.Element):
            ident = xml_id(el)
            if ident is not None and ident not in self.ids:
                self.ids[ident] = el

    # -- lookup -------------------------------------------------------------

    def find(self, path: str, context: etree._Element | None = None) -> etree._Element | None:
        """First match of a ``tei:``-prefixed XPath (relative to ``context`` or the root)."""
        found = self.xpath(path, context)
        return found[0] if found else None

    def xpath(self, path: str, context: etree._Element | None = None) -> list[etree._Element]:
        node = self.root if context is None else context
        compiled = _XPATHS.get(path)
        if compiled is None:
            compiled = _XPATHS[path] = etree.XPath(path, namespaces=NS)
        result = compiled(node)
        assert isinstance(result, list)
        return [el for el in result if isinstance(el, etree._Element)]

    def in_reading(self, el: etree._Element) -> bool:
        return self.readings.in_reading(el)

    @cached_property
    def kind(self) -> Kind:
        """What the document is (letter, play, article, …): see :mod:`.kinds`."""
        return detect(self.root)

    @cached_property
    def is_register(self) -> bool:
        """A register file: no text but ``standOff`` lists, or a body that is only lists.

        Registers (``persons.xml``) lend their entries to the documents that point
        into them; they are not documents to publish themselves.
        """
        body = self.find("tei:text/tei:body")
        if body is None:
            return self.find("tei:standOff") is not None
        blocks = [c for c in body if isinstance(c.tag, str)]
        lists = {tei(n) for n in ("listPerson", "listPlace", "listOrg", "listBibl", "head")}
        return bool(blocks) and all(c.tag in lists for c in blocks) and any(
            c.tag != tei("head") for c in blocks)

    def ident(self, el: etree._Element) -> tuple[str, bool]:
        """(id, generated): the element's xml:id, else a stable generated one.

        A generated id is ``ANCHOR.NAMEn``: the xml:id of the nearest ancestor that
        has one (``text`` if none does), the element's name and its position among
        the elements of that name inside the anchor (1-based, document order).  It
        changes only when an element of the same name is added or removed before it
        inside the same anchor; it never collides with an existing xml:id.
        """
        own = xml_id(el)
        if own is not None:
            return own, False
        if el not in self._generated:
            self._generate(el)
        return self._generated[el], True

    @staticmethod
    def _anchor(el: etree._Element) -> etree._Element | None:
        return next((a for a in el.iterancestors() if xml_id(a) is not None), None)

    def _generate(self, el: etree._Element) -> None:
        """Generate the ids of every element named like ``el`` under ``el``'s anchor."""
        anchor = self._anchor(el)
        prefix = xml_id(anchor) if anchor is not None else "text"
        scope = anchor if anchor is not None else self.root
        name = local_name(el)
        siblings = (o for o in scope.iter(el.tag) if self._anchor(o) is anchor)
        for n, other in enumerate(siblings, start=1):
            if xml_id(other) is not None:
                continue
            candidate = f"{prefix}.{name}{n}"
            while candidate in self.ids or candidate in self._taken:
                candidate += "_"
            self._generated[other] = candidate
            self._taken.add(candidate)

    def resolve(self, pointer: str | None) -> etree._Element | None:
        """The element a ``#id`` pointer points to (the first id if there are several)."""
        ids = pointer_ids(pointer)
        return self.ids.get(ids[0]) if ids else None

    @cached_property
    def text(self) -> etree._Element | None:
        return self.find("tei:text")

    @cached_property
    def local_id(self) -> str:
        """The document's identifier for harvesters: its local idno, else the file stem."""
        idno = self.find("tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type='local']")
        value = " ".join((idno.text or "").split()) if idno is not None else ""
        return value or self.stem

    # -- context of a node ----------------------------------------------------

    @staticmethod
    def ancestor(el: etree._Element, *names: str) -> etree._Element | None:
        """Nearest ancestor (not ``el`` itself) with one of the TEI local ``names``."""
        tags = {tei(n) for n in names}
        for anc in el.iterancestors():
            if anc.tag in tags:
                return anc
        return None

    def paragraph_id(self, el: etree._Element) -> str | None:
        """The id of the paragraph ``el`` is in: its xml:id, else the generated one."""
        p = el if el.tag == tei("p") else self.ancestor(el, "p")
        return self.ident(p)[0] if p is not None else None

    def section(self, el: etree._Element) -> etree._Element | None:
        return el if el.tag == tei("div") else self.ancestor(el, "div")

    def section_id(self, el: etree._Element) -> str | None:
        div = self.section(el)
        return xml_id(div) if div is not None else None

    def quotation_id(self, el: etree._Element) -> str | None:
        """xml:id of the nearest enclosing ``said`` or ``quote`` (not ``el`` itself)."""
        q = self.ancestor(el, "said", "quote")
        return xml_id(q) if q is not None else None

    @staticmethod
    def in_lists(el: etree._Element) -> bool:
        """True for elements inside the standoff lists (editors' entries, not text)."""
        return any(anc.tag in LIST_ELEMENTS for anc in el.iterancestors())

    def exportable(
        self, *names: str, what: str
    ) -> Iterator[tuple[etree._Element, str]]:
        """Elements ``names`` of ``<text>`` that are part of the reading, with their xml:id.

        Warns when there is no ``<text>``, and for each such element
        without an xml:id, which is then skipped: exports never invent identifiers.
        """
        text = self.text
        if text is None:
            self.warn(f"no <text>: no {what} to export", self.root, rule="export-no-text")
            return
        for el in text.iter(*(tei(n) for n in names)):
            if self.in_lists(el) or not self.in_reading(el):
                continue
            ident = xml_id(el)
            if ident is None:
                self.warn(f"<{local_name(el)}> without xml:id is not exported", el,
                          rule="export-missing-id")
                continue
            yield el, ident

    # -- diagnostics ----------------------------------------------------------

    def warn(self, message: str, el: etree._Element | None = None, *, rule: str) -> None:
        line = source_line(el)
        self.diagnostics.append(
            Diagnostic(self.name, line, None, Severity.WARNING, message, rule, PHASE)
        )


def load_bytes(data: bytes, name: str, *, stem: str | None = None) -> TeiDocument:
    """Parse ``data`` as a TEI document.

    Raises :class:`InvalidDocumentError` (exit code 1) if it is not well-formed
    XML or not TEI (:func:`teitools.xmlio.require_tei`: ``<TEI>`` or ``<teiCorpus>``).
    """
    tree, _ = parse_tei(data, name)
    return TeiDocument(tree, name, stem or Path(name).stem)


def load(path: str | Path) -> TeiDocument:
    """Read and parse a TEI file (``InputError``, exit 2, if it cannot be read)."""
    p = Path(path)
    return load_bytes(read_bytes(p), str(p), stem=p.stem)
