"""Metadata: the teiHeader as Dublin Core (``oai_dc``) and as schema.org JSON-LD.

Both describe the *work* the edition encodes, as its kind (:mod:`.kinds`) has it:

* every kind: the title (``titleStmt``), authors, language, keywords, the
  licence of the encoding (``publicationStmt/availability``), the source
  (``sourceDesc``: a ``bibl``, a ``biblStruct``, a ``msDesc/msIdentifier``),
  the date and place of creation (``profileDesc/creation``);
* an **article**: title, author and date from ``sourceDesc/biblStruct[@type='article']``,
  the periodical issue from its ``monogr``, the digitized copy from
  ``biblStruct[@type='digitized']``;
* a **letter**: sender (``dc:creator``), recipient (``dc:contributor``), date
  (``dc:date``) and places (``dc:coverage``) from ``correspDesc/correspAction``,
  the previous and next letters (``dc:relation``) from ``correspContext``;
  schema.org ``Message`` with ``sender``, ``recipient``, ``dateSent``;
* a **play**: its characters (``castList``, schema.org ``character``);
* a **manuscript**: its identifier (settlement, repository, idno) as ``dc:source``.

Whatever the header lacks *for its kind* is left out, with a warning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..xmlio import XML_NS
from .document import TeiDocument, pointer_ids
from .kinds import ARTICLE, LETTER, MANUSCRIPT, PLAY, TEXT, Kind
from .output import to_json
from .reading import plain

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
TEI_MEDIA_TYPE = "application/tei+xml"
XML_LANG = f"{{{XML_NS}}}lang"

_FILE = "tei:teiHeader/tei:fileDesc"
_ARTICLE = f"{_FILE}/tei:sourceDesc/tei:biblStruct[@type='article']"
_DIGITIZED = f"{_FILE}/tei:sourceDesc/tei:biblStruct[@type='digitized']"
_CORRESP = "tei:teiHeader/tei:profileDesc/tei:correspDesc"
_CREATION = "tei:teiHeader/tei:profileDesc/tei:creation"


@dataclass
class Agent:
    """A person or organisation named in the header."""

    name: str
    given: str | None = None
    family: str | None = None
    ref: str | None = None  # xml:id of the standoff entry, when the header points to one

    @property
    def inverted(self) -> str:
        """``Family, Given`` for Dublin Core, or the name as given."""
        return f"{self.family}, {self.given}" if self.family and self.given else self.name


@dataclass
class Work:
    """A related publication (the book the article is drawn from)."""

    title: str
    authors: list[Agent] = field(default_factory=list)
    publisher: str | None = None
    place: str | None = None
    date: str | None = None

    def citation(self) -> str:
        who = "; ".join(a.inverted for a in self.authors)
        imprint = ": ".join(x for x in (self.place, self.publisher) if x)
        parts = [p for p in (who, self.title, imprint, self.date) if p]
        return ". ".join(parts) + "."


@dataclass
class Metadata:
    document: str
    kind: Kind = TEXT
    title: str | None = None
    subtitle: str | None = None
    authors: list[Agent] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    date: str | None = None
    language: str | None = None
    keywords: list[str] = field(default_factory=list)
    periodical: str | None = None
    issn: str | None = None
    periodical_publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    page_start: str | None = None
    page_end: str | None = None
    pagination: str | None = None
    licence_url: str | None = None
    licence_text: str | None = None
    rights: str | None = None
    edition_publisher: str | None = None
    edition_date: str | None = None
    digitized_url: str | None = None
    digitized_id: str | None = None
    digitized_title: str | None = None
    digitized_publisher: str | None = None
    digitized_date: str | None = None
    based_on: Work | None = None
    # letters (correspDesc)
    senders: list[Agent] = field(default_factory=list)
    recipients: list[Agent] = field(default_factory=list)
    place_sent: str | None = None
    place_received: str | None = None
    related: list[str] = field(default_factory=list)  # previous / next letter, as given
    # every kind
    place_created: str | None = None
    sources: list[str] = field(default_factory=list)  # sourceDesc, besides the article's
    characters: list[str] = field(default_factory=list)  # plays: castList roles

    # -- Dublin Core ------------------------------------------------------------

    def source_citation(self) -> str | None:
        """``The Harriman Institute Forum 4, no. 2 (1991-02): 1–16. ISSN 0896-114X``."""
        if not self.periodical:
            return None
        text = self.periodical
        if self.volume:
            text += f" {self.volume}"
        if self.issue:
            text += f", no. {self.issue}"
        if self.date:
            text += f" ({self.date})"
        if self.pagination:
            text += f": {self.pagination}"
        text += "."
        if self.issn:
            text += f" ISSN {self.issn}"
        return text

    def dc_fields(self) -> list[tuple[str, str]]:
        """(element, value) pairs in the conventional oai_dc order."""
        out: list[tuple[str, str]] = []

        def add(name: str, *values: str | None) -> None:
            out.extend((name, v) for v in values if v)

        add("title", self.title)
        add("creator", *dict.fromkeys(a.inverted for a in self.creators))
        add("subject", *self.keywords)
        add("description", self.subtitle)
        add("publisher", self.periodical_publisher or self.edition_publisher)
        add("contributor", *dict.fromkeys([*(a.inverted for a in self.recipients),
                                           *self.contributors]))
        add("date", self.date)
        add("type", "Text", self.kind.label)
        add("format", TEI_MEDIA_TYPE)
        add("identifier", self.document, self.digitized_url)
        add("source", self.source_citation(), *self.sources)
        add("language", self.language)
        add("coverage", *self.coverage)
        add("relation", self.based_on.citation() if self.based_on else None, *self.related)
        add("rights", self.licence_url, self.licence_text, self.rights)
        return out

    @property
    def creators(self) -> list[Agent]:
        """The ``dc:creator``s: a letter's senders, else the authors."""
        return self.senders or self.authors if self.kind is LETTER else self.authors

    @property
    def coverage(self) -> list[str]:
        """Places of the work: where a letter was sent from and to, where it was made."""
        return list(dict.fromkeys(p for p in (self.place_sent, self.place_received,
                                              self.place_created) if p))

    def to_dc(self) -> str:
        nsmap = {"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
        root = etree.Element(f"{{{OAI_DC_NS}}}dc", nsmap=nsmap)  # type: ignore[arg-type]
        root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
        for name, value in self.dc_fields():
            etree.SubElement(root, f"{{{DC_NS}}}{name}").text = value
        data: bytes = etree.tostring(
            root, encoding="UTF-8", xml_declaration=True, pretty_print=True
        )
        return data.decode("utf-8")

    # -- schema.org JSON-LD -------------------------------------------------------

    def to_jsonld_data(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"@context": "https://schema.org", "@type": self.kind.schema_type}

        def put(target: dict[str, Any], key: str, value: Any) -> None:
            if value:
                target[key] = value

        put(doc, "identifier", self.document)
        put(doc, "name", self.title)
        put(doc, "headline", self.title)
        put(doc, "description", self.subtitle)
        put(doc, "author", [_person(a) for a in self.authors])
        if self.kind is LETTER:
            put(doc, "sender", [_person(a) for a in self.senders])
            put(doc, "recipient", [_person(a) for a in self.recipients])
            put(doc, "dateSent", self.date)
            put(doc, "locationCreated", _place(self.place_sent or self.place_created))
        elif self.kind is ARTICLE:
            put(doc, "datePublished", self.date)
        else:
            put(doc, "dateCreated", self.date)
        if self.kind is not LETTER:
            put(doc, "locationCreated", _place(self.place_created))
        put(doc, "character", [{"@type": "Person", "name": c} for c in self.characters])
        put(doc, "spatialCoverage", [_place(p) for p in self.coverage
                                     if p not in (self.place_sent, self.place_created)])
        put(doc, "inLanguage", self.language)
        put(doc, "keywords", self.keywords)
        put(doc, "pageStart", self.page_start)
        put(doc, "pageEnd", self.page_end)
        put(doc, "pagination", self.pagination)
        put(doc, "isPartOf", self._issue())
        if self.based_on:
            book: dict[str, Any] = {"@type": "Book", "name": self.based_on.title}
            put(book, "author", [_person(a) for a in self.based_on.authors])
            put(book, "publisher", _org(self.based_on.publisher))
            put(book, "datePublished", self.based_on.date)
            doc["isBasedOn"] = book
        put(doc, "sameAs", self.digitized_url)
        if self.digitized_url:
            media: dict[str, Any] = {"@type": "MediaObject", "url": self.digitized_url}
            put(media, "identifier", self.digitized_id)
            put(media, "name", self.digitized_title)
            put(media, "publisher", _org(self.digitized_publisher))
            put(media, "dateCreated", self.digitized_date)
            doc["associatedMedia"] = media
        put(doc, "license", self.licence_url or self.licence_text)
        put(doc, "copyrightNotice", self.rights)
        put(doc, "encodingFormat", TEI_MEDIA_TYPE)
        put(doc, "sdPublisher", _org(self.edition_publisher))
        put(doc, "sdDatePublished", self.edition_date)
        return doc

    def _issue(self) -> dict[str, Any] | None:
        if not (self.periodical or self.issue or self.volume):
            return None
        part: dict[str, Any] = {"@type": "Periodical"}
        if self.periodical:
            part["name"] = self.periodical
        if self.issn:
            part["issn"] = self.issn
        if self.periodical_publisher:
            part["publisher"] = _org(self.periodical_publisher)
        if self.volume:
            part = {"@type": "PublicationVolume", "volumeNumber": self.volume, "isPartOf": part}
        if self.issue:
            issue: dict[str, Any] = {"@type": "PublicationIssue", "issueNumber": self.issue}
            if self.date:
                issue["datePublished"] = self.date
            part = {**issue, "isPartOf": part}
        return part

    def to_jsonld(self) -> str:
        return to_json(self.to_jsonld_data())


def _person(agent: Agent) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Person", "name": agent.name}
    if agent.given:
        out["givenName"] = agent.given
    if agent.family:
        out["familyName"] = agent.family
    if agent.ref:
        out["identifier"] = agent.ref
    return out


def _org(name: str | None) -> dict[str, Any] | None:
    return {"@type": "Organization", "name": name} if name else None


def _place(name: str | None) -> dict[str, Any] | None:
    return {"@type": "Place", "name": name} if name else None


# -- reading the header ---------------------------------------------------------


def _date(el: etree._Element | None) -> str | None:
    """ISO 8601 from the attributes (``@when``; ``@from``/``@to`` or ``@notBefore``/
    ``@notAfter`` as an interval ``1450/1475``, or the one given), else the date as written."""
    if el is None:
        return None
    if el.get("when"):
        return el.get("when")
    for start, end in (("from", "to"), ("notBefore", "notAfter")):
        first, last = el.get(start), el.get(end)
        if first and last:
            return f"{first}/{last}"
        if first or last:
            return first or last
    return plain(el) or None


def _agents(doc: TeiDocument, context: etree._Element | None, path: str) -> list[Agent]:
    if context is None:
        return []
    agents = []
    for el in doc.xpath(path, context):
        given = " ".join(plain(f) for f in doc.xpath(".//tei:forename", el)) or None
        family = " ".join(plain(s) for s in doc.xpath(".//tei:surname", el)) or None
        refs = [ref for ref in pointer_ids(el.get("ref")) if ref in doc.ids]
        external = [t for t in (el.get("ref") or "").split() if not t.startswith("#")]
        name = plain(el)
        if name:
            ref = refs[0] if refs else (external[0] if external else None)
            agents.append(Agent(name, given, family, ref))
    return agents


def _text(doc: TeiDocument, path: str, context: etree._Element | None = None) -> str | None:
    return plain(doc.find(path, context)) or None


def collect(doc: TeiDocument) -> Metadata:
    """Read the teiHeader; warn about every part the document's kind needs and lacks."""
    kind = doc.kind
    md = Metadata(doc.local_id, kind)
    header = doc.find("tei:teiHeader")
    if header is None:
        doc.warn("no teiHeader: the metadata has only the document identifier", doc.root,
                 rule="export-no-header")
        return md
    article = doc.find(_ARTICLE) if kind is ARTICLE else None
    monogr = doc.find("tei:monogr", article) if article is not None else None

    md.title = (_text(doc, "tei:analytic/tei:title", article) if article is not None else None) \
        or _text(doc, f"{_FILE}/tei:titleStmt/tei:title[@type='main' or not(@type)]")
    md.subtitle = _text(doc, f"{_FILE}/tei:titleStmt/tei:title[@type='sub']")
    md.authors = _agents(doc, article, "tei:analytic/tei:author") or _agents(
        doc, doc.find(f"{_FILE}/tei:titleStmt"), "tei:author")
    md.contributors = list(dict.fromkeys(
        [a.name for a in _agents(doc, monogr, "tei:editor")]
        + [a.name for a in _agents(doc, doc.find(f"{_FILE}/tei:titleStmt"), "tei:editor")]
        + [plain(n) for n in doc.xpath(f"{_FILE}/tei:titleStmt/tei:respStmt/tei:name"
                                       "|" f"{_FILE}/tei:titleStmt/tei:respStmt/tei:persName"
                                       "|" f"{_FILE}/tei:titleStmt/tei:respStmt/tei:orgName")]
    ))
    language = doc.find("tei:profileDesc/tei:langUsage/tei:language[@ident]", header)
    md.language = doc.root.get(XML_LANG) or (language.get("ident") if language is not None
                                            else None)
    terms = doc.xpath("tei:profileDesc/tei:textClass/tei:keywords/tei:term", header)
    md.keywords = [text for text in map(plain, terms) if text]
    creation = doc.find(_CREATION)
    if creation is not None:
        md.date = _date(doc.find(".//tei:date|.//tei:origDate", creation))
        md.place_created = _text(doc, ".//tei:placeName|.//tei:origPlace", creation)
    _read_sources(doc, md)
    if monogr is not None:
        _read_monogr(doc, md, monogr)
    elif kind is ARTICLE:
        doc.warn("no sourceDesc/biblStruct[@type='article']/monogr: periodical, issue and "
                 "pages are left out", header, rule="export-no-source")
    if kind is LETTER:
        _read_correspondence(doc, md, header)
    if kind is PLAY:
        roles = doc.xpath("tei:text//tei:castList//tei:role", doc.root)
        md.characters = list(dict.fromkeys(text for text in map(plain, roles) if text))
    if md.date is None and kind not in (ARTICLE, LETTER):
        md.date = _date(doc.find(f"{_FILE}/tei:sourceDesc//tei:date"
                                 f"|{_FILE}/tei:sourceDesc//tei:origDate"))
    pub = doc.find(f"{_FILE}/tei:publicationStmt")
    if pub is not None:
        licence = doc.find("tei:availability/tei:licence", pub)
        if licence is not None:
            md.licence_url = licence.get("target")
            md.licence_text = plain(licence) or None
        md.rights = " ".join(plain(p) for p in doc.xpath("tei:availability/tei:p", pub)) or None
        md.edition_publisher = _text(doc, "tei:publisher|tei:distributor|tei:authority", pub)
        md.edition_date = _date(doc.find("tei:date", pub))
    if md.licence_url is None and md.licence_text is None:
        doc.warn("no publicationStmt/availability/licence: the rights are left out",
                 pub if pub is not None else header, rule="export-no-licence")
    if kind is ARTICLE:
        _read_digitized(doc, md, header)
    for name, value in _required(md):
        if not value:
            doc.warn(f"the header gives no {name} of the {kind.label}", header,
                     rule="export-no-" + name.split()[0])
    return md


def _required(md: Metadata) -> list[tuple[str, Any]]:
    """What a document of ``md.kind`` must have: (name, value) pairs to warn about."""
    required: list[tuple[str, Any]] = [("title", md.title)]
    if md.kind is ARTICLE:
        required += [("author", md.authors), ("date", md.date)]
    elif md.kind is LETTER:
        required += [("sender", md.senders), ("recipient", md.recipients),
                     ("date", md.date), ("place of sending", md.place_sent)]
    elif md.kind is PLAY:
        required += [("author", md.authors)]
    elif md.kind is MANUSCRIPT:
        required += [("identifier (msDesc/msIdentifier)", md.sources)]
    elif md.kind is TEXT:
        required += [("author", md.authors)]
    return required


def _read_digitized(doc: TeiDocument, md: Metadata, header: etree._Element) -> None:
    digitized = doc.find(_DIGITIZED)
    if digitized is None:
        doc.warn("no sourceDesc/biblStruct[@type='digitized']: no link to a digitized copy",
                 header, rule="export-no-digitized")
        return
    md.digitized_url = _text(doc, "tei:monogr/tei:idno[@type='URI']|tei:idno[@type='URI']",
                             digitized)
    md.digitized_id = _text(doc, "tei:monogr/tei:idno[@type='IA']|tei:idno[@type='IA']",
                            digitized)
    md.digitized_title = _text(doc, "tei:monogr/tei:title", digitized)
    md.digitized_publisher = _text(doc, "tei:monogr/tei:imprint/tei:publisher", digitized)
    md.digitized_date = _date(doc.find("tei:monogr/tei:imprint/tei:date", digitized))


def _read_sources(doc: TeiDocument, md: Metadata) -> None:
    """``dc:source``: each ``msIdentifier``, ``bibl`` and ``biblStruct`` of sourceDesc.

    The article's own ``biblStruct`` and the digitized copy are described elsewhere.
    """
    source_desc = doc.find(f"{_FILE}/tei:sourceDesc")
    if source_desc is None:
        return
    for ms in doc.xpath(".//tei:msDesc/tei:msIdentifier", source_desc):
        parts = [plain(c) for c in ms if isinstance(c.tag, str)]
        text = ", ".join(p for p in parts if p)
        if text:
            md.sources.append(text)
    for bibl in doc.xpath("tei:bibl|tei:biblStruct[not(@type='article' or @type='digitized')]"
                          "|tei:biblFull|tei:listBibl/tei:bibl", source_desc):
        text = plain(bibl)
        if text:
            md.sources.append(text)
    for p in doc.xpath("tei:p", source_desc):
        text = plain(p)
        if text:
            md.sources.append(text)


def _read_correspondence(doc: TeiDocument, md: Metadata, header: etree._Element) -> None:
    corresp = doc.find(_CORRESP)
    assert corresp is not None  # the kind says so
    sent = doc.find("tei:correspAction[@type='sent']", corresp)
    received = doc.find("tei:correspAction[@type='received']", corresp)
    names = "tei:persName|tei:orgName|tei:name"
    md.senders = _agents(doc, sent, names)
    md.recipients = _agents(doc, received, names)
    if sent is not None:
        md.date = _date(doc.find("tei:date", sent)) or md.date
        md.place_sent = _text(doc, "tei:placeName|tei:settlement", sent)
    if received is not None:
        md.place_received = _text(doc, "tei:placeName|tei:settlement", received)
    for ref in doc.xpath("tei:correspContext/tei:ref|tei:correspContext/tei:ptr", corresp):
        value = ref.get("target") or plain(ref)
        if value:
            md.related.append(value)


def _read_monogr(doc: TeiDocument, md: Metadata, monogr: etree._Element) -> None:
    md.periodical = _text(doc, "tei:title[@level='j']|tei:title[not(@level)]", monogr)
    md.issn = _text(doc, "tei:idno[@type='ISSN']", monogr)
    md.periodical_publisher = _text(doc, "tei:imprint/tei:publisher", monogr)
    md.date = _date(doc.find("tei:imprint/tei:date", monogr))
    md.volume = _scope(doc, monogr, "volume")
    md.issue = _scope(doc, monogr, "issue")
    pages = doc.find("tei:biblScope[@unit='page']", monogr)
    if pages is not None:
        md.page_start = pages.get("from")
        md.page_end = pages.get("to")
        md.pagination = plain(pages) or None
    article = monogr.getparent()
    book = doc.find("tei:relatedItem/tei:biblStruct/tei:monogr|tei:relatedItem/tei:bibl",
                    article) if article is not None else None
    if book is not None:
        md.based_on = Work(
            title=_text(doc, "tei:title", book) or "",
            authors=_agents(doc, book, "tei:author"),
            publisher=_text(doc, "tei:imprint/tei:publisher|tei:publisher", book),
            place=_text(doc, "tei:imprint/tei:pubPlace|tei:pubPlace", book),
            date=_date(doc.find("tei:imprint/tei:date|tei:date", book)),
        )


def _scope(doc: TeiDocument, monogr: etree._Element, unit: str) -> str | None:
    el = doc.find(f"tei:biblScope[@unit='{unit}']", monogr)
    if el is None:
        return None
    return el.get("n") or plain(el) or None
