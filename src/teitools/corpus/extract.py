"""What one document contributes to the corpus: metadata, ids, entries, pointers, mentions.

:func:`extract` reads a parsed TEI tree once and returns a :class:`DocumentData`,
a plain, JSON-serialisable record (it is cached and sent between processes):
the index row (title, authors, sender → recipient, date, place, kind, words),
every ``xml:id`` with its element and line, the register entries the document
defines (``person``/``personGrp``, ``place``, ``org``, ``bibl``/``biblStruct``
in a ``listBibl``), every pointer it makes (``@ref``, ``@who``, ``@target``, …)
and its name mentions, numbered as the HTML edition numbers them (``m-1``, …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from lxml import etree

from ..xmlio import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"

#: Attributes whose values are pointers (space-separated URI references).
POINTER_ATTRIBUTES = ("ref", "target", "who", "corresp", "sameAs", "source", "next", "prev",
                      "resp")

#: Register entries by element: element local name -> register kind.
ENTRY_KINDS = {"person": "person", "personGrp": "person", "place": "place", "org": "org",
               "bibl": "work", "biblStruct": "work"}

#: What a pointer must point to, by (element, attribute); absent: anything.
EXPECTED_KINDS = {
    ("persName", "ref"): "person", ("placeName", "ref"): "place",
    ("orgName", "ref"): "org", ("author", "ref"): "person", ("title", "ref"): "work",
    ("quote", "source"): "work", ("said", "who"): "person", ("sp", "who"): "person",
    ("u", "who"): "person",
}

#: Name elements that are mentions in the text, and the register each belongs to.
MENTION_KINDS = {"persName": "person", "placeName": "place", "orgName": "org"}

#: Register-only bodies: a document whose body holds nothing but these is a register file.
LIST_ELEMENTS = {"listPerson", "listPlace", "listOrg", "listBibl", "listNym", "listEvent",
                 "head", "divGen"}

_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(slots=True)  # one per pointer, name, … of the corpus
class Entry:
    """A register entry a document defines."""

    kind: str  # person, place, org, work
    id: str
    label: str
    note: str = ""
    line: int | None = None


@dataclass(slots=True)  # one per pointer, name, … of the corpus
class Pointer:
    """One pointer token (``#karl``, ``persons.xml#karl``) written in the document."""

    token: str
    element: str
    attribute: str
    line: int | None  # the attribute's line (the element's, when its source is not known)
    expected: str | None = None  # person / place / org / work
    column: int | None = None  # of the attribute's name, 1-based


@dataclass(slots=True)  # one per pointer, name, … of the corpus
class Mention:
    """A name in the text pointing somewhere; ``anchor`` is its id in the HTML edition."""

    token: str
    kind: str
    anchor: str | None  # m-N, or None for names outside the text (correspDesc)
    text: str


@dataclass(slots=True)  # one per pointer, name, … of the corpus
class Party:
    """A sender or recipient of a letter (``correspAction``)."""

    name: str = ""
    ref: str = ""
    date: str = ""  # @when (or the date's text)
    date_text: str = ""
    place: str = ""
    place_ref: str = ""


@dataclass(slots=True)
class DocumentData:
    """One document's contribution to the site, the registers and the corpus checks."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    kind: str = "text"  # letter, register, or the text's @type / "text"
    date: str = ""  # sortable (ISO) date, when known
    date_text: str = ""
    place: str = ""
    words: int = 0
    doc_id: str = ""  # TEI/@xml:id
    doc_id_line: int | None = None
    idnos: list[tuple[str, int | None]] = field(default_factory=list)  # "type:value", line
    ids: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sender: list[Party] = field(default_factory=list)
    recipient: list[Party] = field(default_factory=list)
    prev: str = ""  # correspContext ref[@type=prev]/@target
    next: str = ""

    def to_json(self) -> dict[str, Any]:
        # by hand: dataclasses.asdict deep-copies field by field, ten times slower here
        data = _fields(self)
        for name in ("entries", "pointers", "mentions", "sender", "recipient"):
            data[name] = [_fields(item) for item in data[name]]
        data["authors"] = list(self.authors)
        data["idnos"] = [list(i) for i in self.idnos]
        data["ids"] = {k: list(v) for k, v in self.ids.items()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentData:
        doc = cls(**{k: v for k, v in data.items() if k not in (
            "entries", "pointers", "mentions", "sender", "recipient", "ids", "idnos")})
        doc.ids = {k: (v[0], v[1]) for k, v in data["ids"].items()}
        doc.idnos = [(v[0], v[1]) for v in data["idnos"]]
        doc.entries = [Entry(**e) for e in data["entries"]]
        doc.pointers = [Pointer(**p) for p in data["pointers"]]
        doc.mentions = [Mention(**m) for m in data["mentions"]]
        doc.sender = [Party(**p) for p in data["sender"]]
        doc.recipient = [Party(**p) for p in data["recipient"]]
        return doc


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _text(elem: etree._Element | None) -> str:
    return norm("".join(str(t) for t in elem.itertext())) if elem is not None else ""


def _line(elem: etree._Element) -> int | None:
    line = elem.sourceline
    return line if isinstance(line, int) else None


def _local(elem: etree._Element) -> str:
    tag = elem.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _entry_label(elem: etree._Element, kind: str) -> str:
    if kind == "work":
        title = elem.find(f".//{T}title")
        if title is not None and _text(title):
            return _text(title)
        return _text(elem)[:120]
    names = [c for c in elem if _local(c) in ("persName", "placeName", "orgName", "name",
                                               "geogName", "settlement", "country")]
    chosen = next((n for n in names if n.get("type") != "variant"), names[0] if names else None)
    return _text(chosen) or elem.get(XML_ID, "")


def _entry_note(elem: etree._Element) -> str:
    parts = []
    for tag in ("birth", "death"):
        e = elem.find(f"{T}{tag}")
        if e is not None:
            when = e.get("when") or _text(e)
            if when:
                parts.append(("b. " if tag == "birth" else "d. ") + when)
    note = elem.find(f"{T}note")
    if note is None and _local(elem) == "place":
        note = elem.find(f"{T}desc")
    if note is not None:
        text = _text(note)
        parts.append(text if len(text) <= 240 else text[:239] + "…")
    return "; ".join(parts)


def _party(action: etree._Element) -> Party:
    name = action.find(f"{T}persName")
    if name is None:
        name = action.find(f"{T}orgName")
    if name is None:
        name = action.find(f"{T}name")
    date = action.find(f"{T}date")
    place = action.find(f"{T}placeName")
    when = ""
    if date is not None:
        when = date.get("when") or date.get("notBefore") or date.get("from") or ""
    return Party(
        name=_text(name), ref=(name.get("ref") or "") if name is not None else "",
        date=when, date_text=_text(date),
        place=_text(place), place_ref=(place.get("ref") or "") if place is not None else "")


def _is_register_body(body: etree._Element | None) -> bool:
    if body is None:
        return False
    children = [c for c in body if isinstance(c.tag, str)]
    lists = 0
    for child in children:
        name = _local(child)
        if name == "div":
            inner = [c for c in child if isinstance(c.tag, str)]
            if inner and all(_local(c) in LIST_ELEMENTS for c in inner):
                lists += 1
                continue
            return False
        if name not in LIST_ELEMENTS:
            return False
        if name != "head":
            lists += 1
    return lists > 0


def _in_standoff_div(elem: etree._Element) -> bool:
    return any(anc.get("type") == "standoff" for anc in elem.iterancestors(f"{T}div"))


def _fields(item: Any) -> dict[str, Any]:
    """A slotted dataclass's fields by name (what vars() gives for a plain one)."""
    return {name: getattr(item, name) for name in item.__slots__}


def extract(tree: etree._ElementTree, source: str | None = None) -> DocumentData:
    """Read one TEI document's corpus data (see the module docstring).

    ``source``: the text ``tree`` was parsed from; with it, each pointer carries the
    line:column of its attribute, as the schemas' diagnostics do (without, the line of
    its element and no column).
    """
    root = tree.getroot()
    data = DocumentData()
    header = root.find(f"{T}teiHeader")
    title_stmt = header.find(f"{T}fileDesc/{T}titleStmt") if header is not None else None
    if title_stmt is not None:
        titles = title_stmt.findall(f"{T}title")
        main = next((t for t in titles if t.get("type") == "main"), titles[0] if titles else None)
        data.title = _text(main)
        data.authors = [a for a in (_text(a) for a in title_stmt.findall(f"{T}author")) if a]
    data.doc_id = root.get(XML_ID, "")
    data.doc_id_line = _line(root)
    if header is not None:
        for idno in header.iterfind(f"{T}fileDesc/{T}publicationStmt/{T}idno"):
            value = _text(idno)
            if value:
                data.idnos.append((f"{idno.get('type', '')}:{value}", _line(idno)))
    text = root.find(f"{T}text")
    body = text.find(f"{T}body") if text is not None else None
    standoff = root.find(f"{T}standOff")

    # kind, date, place
    corresp = header.find(f"{T}profileDesc/{T}correspDesc") if header is not None else None
    if corresp is not None:
        data.kind = "letter"
        for action in corresp.iterfind(f"{T}correspAction"):
            party = _party(action)
            if action.get("type") == "received":
                data.recipient.append(party)
            elif action.get("type") in ("sent", None):
                data.sender.append(party)
        for ref in corresp.iterfind(f"{T}correspContext/{T}ref"):
            if ref.get("type") == "prev" and not data.prev:
                data.prev = ref.get("target", "")
            elif ref.get("type") == "next" and not data.next:
                data.next = ref.get("target", "")
        if data.sender:
            data.date, data.date_text = data.sender[0].date, data.sender[0].date_text
            data.place = data.sender[0].place
    elif _is_register_body(body) or (standoff is not None and (body is None or not _text(body))):
        data.kind = "register"
    elif text is not None and text.get("type"):
        data.kind = norm(text.get("type", ""))
    if not data.date and header is not None:
        for path in (f"{T}profileDesc/{T}creation//{T}date",
                     f"{T}fileDesc/{T}sourceDesc//{T}date"):
            date = header.find(path)
            if date is not None:
                data.date = date.get("when") or date.get("notBefore") or ""
                data.date_text = _text(date)
                break
    if not data.place and header is not None:
        place = header.find(f"{T}profileDesc/{T}creation//{T}placeName")
        data.place = _text(place)
    if data.kind != "register":
        # text/body, or the bodies of a text/group's texts or a teiCorpus's members
        data.words = _running_words(body) if body is not None else sum(
            _running_words(b) for b in _nodes(_OUTERMOST_BODIES, root))
    if root.tag == f"{T}teiCorpus":  # published as one page of its TEI members
        data.kind = "corpus" if data.kind == "text" else data.kind

    # ids, entries, pointers, mentions: XPath finds the few elements that matter (in
    # document order), so a 100 MB dictionary is not walked element by element in Python
    for elem in _nodes(_WITH_ID, root):
        name = _local(elem)
        xml_id = elem.get(XML_ID, "")
        data.ids.setdefault(xml_id, (name, _line(elem)))
        kind = ENTRY_KINDS.get(name)
        if kind is not None and (kind != "work" or _parent_is(elem, "listBibl")):
            data.entries.append(Entry(kind, xml_id, _entry_label(elem, kind),
                                      _entry_note(elem), _line(elem)))
    pointing: list[etree._Element] = []
    for attribute in _nodes(_POINTER_VALUES, root):
        parent = attribute.getparent()
        if parent is not None and (not pointing or pointing[-1] is not parent):
            pointing.append(parent)
    places = _AttributePlaces(source) if source is not None else None
    for elem in pointing:
        name = _local(elem)
        attrs = [(attr, pvalue) for attr in POINTER_ATTRIBUTES if (pvalue := elem.get(attr))]
        where = places.find(elem, attrs) if places is not None and attrs else {}
        for attr, pvalue in attrs:
            expected = EXPECTED_KINDS.get((name, attr))
            line, column = where[attr] if attr in where else (_line(elem), None)
            for token in pvalue.split():
                data.pointers.append(Pointer(token, name, attr, line, expected, column))
    mention_no = 0
    for elem in _nodes(_MENTIONS, root):
        kind = MENTION_KINDS[_local(elem)]
        in_text = text is not None and _is_descendant(elem, text)
        if in_text and not _in_standoff_div(elem):
            mention_no += 1
            # the edition's id of the name (xslt/common/mentions.xsl, tt:mention-id)
            anchor: str | None = elem.get(XML_ID) or f"m-{mention_no}"
        elif _is_in(elem, "correspDesc"):
            anchor = None
        else:
            continue
        for token in (elem.get("ref") or "").split():
            data.mentions.append(Mention(token, kind, anchor, _text(elem)))
    return data


#: Subtrees of a body that are not running text: lists of entries, notes, standoff
#: divisions (their tails are text of their parents, so they count).
_NOT_RUNNING = etree.XPath(
    ".//*[local-name() = 'listPerson' or local-name() = 'listPlace' or local-name() = 'listOrg'"
    " or local-name() = 'listBibl' or local-name() = 'note'"
    " or (local-name() = 'div' and @type = 'standoff')]")
_WITH_ID = etree.XPath("//*[@xml:id]")
#: The bodies of a text/group's texts or a teiCorpus's members (a body in a body, as in
#: a floatingText, is counted with the outer one).
_OUTERMOST_BODIES = etree.XPath("//tei:body[not(ancestor::tei:body)]",
                                namespaces={"tei": TEI_NS})
#: Pointer attributes (in document order; each value's getparent() is its element).
_POINTER_VALUES = etree.XPath("//@*[" + " or ".join(
    f"local-name() = '{a}'" for a in POINTER_ATTRIBUTES) + "]")
_MENTIONS = etree.XPath("//*[@ref][" + " or ".join(
    f"local-name() = '{n}'" for n in MENTION_KINDS) + "]")


#: A start tag: its name, its attributes (a value holds no "<", so a tag is the text from
#: one "<" to the first ">" outside quotes).
_START_TAG = re.compile(
    r"<([^\s/>!?][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
#: What makes a value as written differ from the parsed one (references, normalized spaces).
_NOT_VERBATIM = re.compile(r"[&\t\n\r]")


class _AttributePlaces:
    """line:column of the attributes of elements, from a document's source text and the
    line where each start tag ends (libxml2's sourceline): only that line and the tag's
    own text are read, walking forward, since the elements come in document order."""

    __slots__ = ("_line", "_start", "_tags", "_tags_line", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._line, self._start = 1, 0  # a line and the offset where it begins
        self._tags: list[re.Match[str]] = []  # the start tags ending on _tags_line, unused
        self._tags_line = 0

    def _line_start(self, line: int) -> int | None:
        if line < self._line:
            self._line, self._start = 1, 0
        text, pos, todo = self._text, self._start, line - self._line
        chunk = 1 << 16
        while todo > 64:  # pass whole chunks of lines, counted in C
            count = text.count("\n", pos, pos + chunk)
            if count >= todo:
                if chunk <= 1024:
                    break
                chunk //= 2
                continue
            if pos + chunk >= len(text):
                return None
            pos, todo = pos + chunk, todo - count
        while todo > 0:
            pos = text.find("\n", pos) + 1
            if pos == 0:
                return None
            todo -= 1
        self._line, self._start = line, pos
        return pos

    def _position(self, offset: int) -> tuple[int, int]:
        """line:column (1-based) of an offset at or before the current line's end."""
        text = self._text
        line = self._line - text.count("\n", offset, self._start)
        return line, offset - (text.rfind("\n", 0, offset) + 1) + 1

    def find(self, elem: etree._Element, attributes: list[tuple[str, str]]
             ) -> dict[str, tuple[int, int]]:
        """Where each of ``attributes`` (name, parsed value) of ``elem`` is; {} if its tag
        is not found."""
        line = _line(elem)
        if line is None:
            return {}
        if line != self._tags_line:
            start = self._line_start(line)
            if start is None:
                return {}
            text = self._text
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            # the tags ending on this line, from the last "<" before it (a tag may span lines)
            begin = max(text.rfind("<", 0, start), 0)
            self._tags = [m for m in _START_TAG.finditer(text, begin, end) if m.end() > start]
            self._tags_line = line
        qname = f"{elem.prefix}:{_local(elem)}" if elem.prefix else _local(elem)
        for i, tag in enumerate(self._tags):
            if tag.group(1) != qname:
                continue
            found = {m.group(1): m for m in _ATTRIBUTE.finditer(
                self._text, tag.start(2), tag.end(2))}
            if all(a in found and _written_as(found[a], value) for a, value in attributes):
                del self._tags[:i + 1]  # the next element's tag comes after this one
                return {a: self._position(found[a].start(1)) for a, _ in attributes}
        return {}


def _written_as(attribute: re.Match[str], value: str) -> bool:
    """Whether an attribute as written (an :data:`_ATTRIBUTE` match) can have ``value``."""
    written = attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
    return written == value or _NOT_VERBATIM.search(written) is not None


def _nodes(xpath: etree.XPath, node: etree._Element) -> list[etree._Element]:
    """The node-set ``xpath`` selects (elements, or attribute values that know their
    element through ``getparent()``)."""
    return cast("list[etree._Element]", xpath(node))


def _count_words(texts: Iterable[str | bytes]) -> int:
    # counted, not listed: a dictionary's millions of words never exist as a list
    return sum(1 for _ in _WORD.finditer(" ".join(str(t) for t in texts)))


def _running_words(body: etree._Element) -> int:
    """Words of ``body`` outside :data:`_NOT_RUNNING`: all its words less those of the
    outermost excluded subtrees (text nodes are joined by spaces, so counts add up)."""
    excluded = _nodes(_NOT_RUNNING, body)
    if not excluded:
        return _count_words(body.itertext())
    marked = set(excluded)
    outermost = [e for e in excluded if not any(a in marked for a in e.iterancestors())]
    return _count_words(body.itertext()) - sum(
        [_count_words(e.itertext()) for e in outermost])


def _parent_is(elem: etree._Element, name: str) -> bool:
    parent = elem.getparent()
    return parent is not None and _local(parent) == name


def _is_descendant(elem: etree._Element, ancestor: etree._Element) -> bool:
    return any(a is ancestor for a in elem.iterancestors())


def _is_in(elem: etree._Element, name: str) -> bool:
    return any(_local(a) == name for a in elem.iterancestors())
