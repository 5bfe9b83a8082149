"""Citation trees: how a document's parts are cited (DTS ``CitationTree``/``CitableUnit``).

The default tree comes, first rule that applies:

1. from ``encodingDesc/refsDecl/citeStructure`` where the document declares
   one (``@match`` XPath, nested levels relative to their parent, ``@use`` for
   the reference, ``@delim`` before it, ``@unit`` as the cite type; unprefixed
   names in the XPath are TEI elements);
2. else from the document's structure, by its kind: divisions (``div``,
   ``div1``…``div7``, titled by their ``head``) down to their blocks —
   paragraphs (``p``, ``ab``), verse groups (``lg``), dictionary entries,
   speeches (``sp``, titled by the ``speaker``) in a play, and in a letter its
   natural parts: ``opener``, the paragraphs, ``closer``, ``postscript``.

A second tree, ``pages``, has one unit per page (``pb/@n``) wherever the text
has page breaks.  Identifiers are the ``xml:id``s (else the stable generated
ids of :meth:`~teitools.export.document.TeiDocument.ident`; for pages the page
number), unique within their tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from ..export.document import LIST_ELEMENTS, TeiDocument, local_name, tei
from ..export.reading import plain
from ..xmlio import TEI_NS

_DIVS = frozenset(tei(n) for n in ("div", *(f"div{i}" for i in range(1, 8))))
# Blocks that are units (leaves of the tree) …
_UNIT_BLOCKS = frozenset(tei(n) for n in (
    "p", "ab", "lg", "entry", "entryFree", "superEntry", "sp", "opener", "closer",
    "postscript", "castList", "titlePage", "table", "list", "epigraph", "argument",
    "trailer", "floatingText", "l"))
# … and blocks that belong to their division without being units of their own.
_OTHER_BLOCKS = frozenset(tei(n) for n in (
    "head", "byline", "dateline", "salute", "signed", "stage", "docAuthor", "docDate",
    "docTitle", "pb", "lb", "cb", "milestone", "anchor", "gap"))
_CITE_TYPES = {"p": "paragraph", "ab": "paragraph", "lg": "verse group", "sp": "speech",
               "entry": "entry", "entryFree": "entry", "superEntry": "entry", "l": "line",
               "castList": "cast list", "titlePage": "title page"}
_SKIP = frozenset({*LIST_ELEMENTS, tei("note"), tei("fw"), tei("figure")})
_UNSAFE = re.compile(r"[\s/\\?#%]+")


@dataclass
class Unit:
    """A citable unit: an element (or, for pages, the text between two ``pb``)."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    element: etree._Element
    title: str | None = None
    end: etree._Element | None = None  # pages: the next pb (None: to the end of the text)
    children: list[Unit] = field(default_factory=list)

    def walk(self) -> Iterator[Unit]:
        """This unit and its descendants, in document order (pre-order, depth first)."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def depth(self) -> int:
        """Levels below this unit (0 for a leaf)."""
        return 1 + max((c.depth for c in self.children), default=-1)


@dataclass
class CitationTree:
    identifier: str | None  # None: the default tree
    description: str
    units: list[Unit] = field(default_factory=list)
    _index: dict[str, Unit] | None = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator[Unit]:
        for unit in self.units:
            yield from unit.walk()

    @property
    def depth(self) -> int:
        return 1 + max((u.depth for u in self.units), default=-1)

    def structure(self) -> list[dict[str, object]]:
        """The DTS ``citeStructure``: every cite type at each level, with the types below it."""
        return _structure(self.units)

    def find(self, identifier: str) -> Unit | None:
        if self._index is None:
            self._index = {u.identifier: u for u in self.walk()}
        return self._index.get(identifier)

    def siblings(self, unit: Unit) -> list[Unit]:
        if unit.parent is None:
            return self.units
        parent = self.find(unit.parent)
        return parent.children if parent is not None else [unit]


def _structure(units: list[Unit]) -> list[dict[str, object]]:
    by_type: dict[str, list[Unit]] = {}
    for unit in units:
        by_type.setdefault(unit.cite_type, []).extend(unit.children)
    out: list[dict[str, object]] = []
    for cite_type, children in by_type.items():
        entry: dict[str, object] = {"@type": "CiteStructure", "citeType": cite_type}
        if children:
            entry["citeStructure"] = _structure(children)
        out.append(entry)
    return out


def safe_identifier(value: str) -> str:
    """An identifier usable as a path segment of a static file (no ``/``, ``?``, spaces)."""
    cleaned = _UNSAFE.sub("_", value.strip()).strip("._") or "_"
    return cleaned


class _Ids:
    """Makes identifiers unique within one tree."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, value: str) -> str:
        base = candidate = safe_identifier(value)
        n = 2
        while candidate in self.seen:
            candidate = f"{base}_{n}"
            n += 1
        self.seen.add(candidate)
        return candidate


def citation_trees(doc: TeiDocument) -> list[CitationTree]:
    """The document's citation trees: the default first, then ``pages`` if it has any."""
    text = doc.text
    if text is None:
        return []
    trees = [_declared(doc) or _structural(doc, text)]
    pages = _pages(doc, text)
    if pages.units:
        trees.append(pages)
    return trees


# -- structure ------------------------------------------------------------------


def _title(doc: TeiDocument, el: etree._Element) -> str | None:
    if el.tag in _DIVS:
        head = el.find(tei("head"))
        return plain(head) or None if head is not None else None
    if el.tag == tei("sp"):
        speaker = el.find(tei("speaker"))
        return plain(speaker) or None if speaker is not None else None
    if el.tag in (tei("entry"), tei("entryFree")):
        orth = el.find(f".//{{{TEI_NS}}}orth")
        return plain(orth) or None if orth is not None else None
    return None


def _cite_type(el: etree._Element) -> str:
    if el.tag in _DIVS:
        return el.get("type") or "section"
    name = local_name(el)
    return _CITE_TYPES.get(name, name)


def _structural(doc: TeiDocument, text: etree._Element) -> CitationTree:
    ids = _Ids()
    tree = CitationTree(None, f"the {doc.kind.label}'s divisions and their blocks")

    def visit(el: etree._Element, level: int, parent: Unit | None,
              into: list[Unit]) -> None:
        for child in el:
            if not isinstance(child.tag, str) or child.tag in _SKIP:
                continue
            if child.tag in _DIVS and child.get("type") == "standoff":
                continue
            if child.tag in _OTHER_BLOCKS:
                continue
            if child.tag in _DIVS or child.tag in _UNIT_BLOCKS:
                ident, _ = doc.ident(child)
                unit = Unit(ids(ident), level, parent.identifier if parent else None,
                            _cite_type(child), child, _title(doc, child))
                into.append(unit)
                if child.tag in _DIVS:
                    visit(child, level + 1, unit, unit.children)
            else:  # a wrapper (front, body, back, group, text): its units are at this level
                visit(child, level, parent, into)

    visit(text, 1, None, tree.units)
    return tree



# -- refsDecl/citeStructure -------------------------------------------------------


_PREFIXED = re.compile(r"(?<![:\w.-])[A-Za-z_][\w.-]*:(?!:)[A-Za-z_*]")


class _Unprefixed:
    """Evaluates XPath written with unprefixed TEI names, mapping results back to ``root``."""

    def __init__(self, root: etree._Element) -> None:
        copy = etree.fromstring(etree.tostring(root))
        originals = list(root.iter())
        copies = list(copy.iter())
        for el in copies:
            if isinstance(el.tag, str) and el.tag.startswith(f"{{{TEI_NS}}}"):
                el.tag = etree.QName(el).localname
        etree.cleanup_namespaces(copy)
        self.to_copy = dict(zip(originals, copies, strict=True))
        self.to_original = dict(zip(copies, originals, strict=True))
        self.copy = copy

    def xpath(self, path: str, context: etree._Element,
              namespaces: dict[str, str] | None = None) -> list[object]:
        if namespaces is not None and _PREFIXED.search(path):
            # prefixed names (tei:div): the document as it is, with the declared prefixes
            found = context.xpath(path, namespaces=namespaces)
            return list(found) if isinstance(found, list) else [found]
        result = self.to_copy[context].xpath(path)
        items = result if isinstance(result, list) else [result]
        return [self.to_original.get(r, r) if isinstance(r, etree._Element) else r
                for r in items]


def _declared(doc: TeiDocument) -> CitationTree | None:
    root_structures = doc.xpath(
        "tei:teiHeader/tei:encodingDesc/tei:refsDecl[not(@type) or @type='default'][1]"
        "/tei:citeStructure")
    if not root_structures:
        return None
    evaluator = _Unprefixed(doc.root)
    ids = _Ids()
    tree = CitationTree(None, "the document's refsDecl/citeStructure")

    def evaluate(structure: etree._Element, context: etree._Element, level: int,
                 parent: Unit | None, into: list[Unit]) -> None:
        match, use = structure.get("match"), structure.get("use")
        if not match or not use:
            doc.warn("citeStructure without @match or @use is ignored", structure,
                     rule="dts-cite-structure")
            return
        namespaces = {"tei": TEI_NS, **{k: v for k, v in structure.nsmap.items() if k}}
        try:
            nodes = [n for n in evaluator.xpath(match, context, namespaces)
                     if isinstance(n, etree._Element)]
        except etree.XPathError as err:
            doc.warn(f"citeStructure/@match {match!r} is not XPath 1.0 ({err}); "
                     "the document's structure is used instead", structure,
                     rule="dts-cite-structure")
            raise _Fallback from None
        for node in nodes:
            try:
                value = evaluator.xpath(f"string({use})", node, namespaces)
            except etree.XPathError as err:
                doc.warn(f"citeStructure/@use {use!r} is not XPath 1.0 ({err})", structure,
                         rule="dts-cite-structure")
                raise _Fallback from None
            ref = str(value[0]) if value else ""
            if not ref:
                ref, _ = doc.ident(node)
            if parent is not None:
                ref = parent.identifier + (structure.get("delim") or "") + ref
            unit = Unit(ids(ref), level, parent.identifier if parent else None,
                        structure.get("unit") or local_name(node), node, _title(doc, node))
            into.append(unit)
            for sub in structure.iterchildren(tei("citeStructure")):
                evaluate(sub, node, level + 1, unit, unit.children)

    try:
        for structure in root_structures:
            evaluate(structure, doc.root, 1, None, tree.units)
    except _Fallback:
        return None
    return tree


class _Fallback(Exception):
    pass


# -- pages ----------------------------------------------------------------------


def _pages(doc: TeiDocument, text: etree._Element) -> CitationTree:
    tree = CitationTree("pages", "the pages of the source (pb/@n)")
    ids = _Ids()
    breaks = [pb for pb in text.iter(tei("pb")) if pb.get("n") and not doc.in_lists(pb)]
    for pb, following in zip(breaks, [*breaks[1:], None][:len(breaks)], strict=True):
        n = pb.get("n") or ""
        tree.units.append(Unit(ids(n), 1, None, "page", pb, f"Page {n}", end=following))
    return tree
