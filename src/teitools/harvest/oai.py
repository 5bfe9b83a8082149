"""An OAI-PMH static repository (``build/oai.xml``).

One XML file, as the *OAI-PMH Static Repository* guidelines define it
(http://www.openarchives.org/OAI/2.0/guidelines-static-repository.htm): an
``Identify``, a ``ListMetadataFormats`` (``oai_dc`` and ``tei`` — the
teiHeader itself) and one ``ListRecords`` per format, each record the
document's Dublin Core (the ``metadata-dc`` export, which follows the
document's kind) or its teiHeader.  UTF-8, no resumption tokens, no deleted
records, day granularity.

A harvester reaches it through a *static repository gateway*, which answers
the OAI-PMH verbs from the file; ``baseURL`` is then the gateway's URL for
it (``GATEWAY/HOST/PATH/oai.xml``).  Without a gateway the file's own URL is
written there.

**Limit.** A static repository holds at most 5,000 records (the guidelines'
limit, per metadata format).  For a larger corpus nothing is written and an
error says so: serve it through a full OAI-PMH data provider instead (the
``metadata-dc`` exports are its records).

The TEI records are the teiHeaders as they are, except that ``xml:id``s which
another record's header already used become ``LOCALID.id`` (with their ``#id``
pointers), so that the file stays well-formed XML with unique ids.

Datestamps: the latest full date (``YYYY-MM-DD``) of ``revisionDesc/change/@when``,
else of ``publicationStmt/date/@when``, else the day the file was last modified (UTC).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..export import metadata
from ..export.document import TeiDocument
from ..export.reading import take_all
from ..xmlio import TEI_NS, atomic_write

STATIC_NS = "http://www.openarchives.org/OAI/2.0/static-repository"
OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
STATIC_SCHEMA = "http://www.openarchives.org/OAI/2.0/static-repository.xsd"
TEI_SCHEMA = "https://tei-c.org/release/xml/tei/custom/schema/xsd/tei_all.xsd"
MAX_RECORDS = 5000
DEFAULT_URL = "http://localhost:8000/oai.xml"
_COMPACT = etree.XMLParser(remove_blank_text=True)
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_REPOSITORY_ID = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")


@dataclass
class OaiResult:
    path: Path
    records: int = 0
    written: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _o(name: str) -> str:
    return f"{{{OAI_NS}}}{name}"


def _s(name: str) -> str:
    return f"{{{STATIC_NS}}}{name}"


def datestamp(doc: TeiDocument) -> str:
    """The record's datestamp (``YYYY-MM-DD``): see the module's description."""
    for path in ("tei:teiHeader/tei:revisionDesc//tei:change/@when",
                 "tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:date/@when"):
        found = doc.root.xpath(path, namespaces={"tei": TEI_NS})
        assert isinstance(found, list)
        dates = sorted(str(v)[:10] for v in found if _FULL_DATE.match(str(v)))
        if dates:
            return dates[-1]
    try:
        mtime = Path(doc.name.split("#", 1)[0]).stat().st_mtime  # FILE#N: a teiCorpus member
    except OSError:
        mtime = 0.0
    return dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date().isoformat()


def repository_identifier(url: str) -> str:
    """The repository identifier of record ids ``oai:ID:local``: the host of ``url``."""
    host = urlsplit(url).hostname or "localhost"
    return host if _REPOSITORY_ID.match(host) else f"{host}.invalid"


def static_repository(documents: Sequence[TeiDocument], *, url: str = DEFAULT_URL,
                      name: str | None = None, admin_email: str | None = None,
                      gateway: str | None = None) -> tuple[bytes, list[Diagnostic]]:
    """The static repository of ``documents`` as bytes, and its warnings."""
    repo = StaticRepository(url=url, name=name, admin_email=admin_email, gateway=gateway)
    for doc in documents:
        repo.add(doc)
    return repo.to_bytes(), repo.diagnostics


class StaticRepository:
    """A static repository built a document at a time: of each document it keeps its
    record's parts (identifier, datestamp, Dublin Core, a copy of its teiHeader), not
    the document, so that a corpus is read a batch at a time."""

    def __init__(self, *, url: str = DEFAULT_URL, name: str | None = None,
                 admin_email: str | None = None, gateway: str | None = None) -> None:
        self.url = url
        self.name = name
        self.admin_email = admin_email
        self.gateway = gateway
        self.diagnostics: list[Diagnostic] = []
        self.repo_id = repository_identifier(url)
        #: (identifier, datestamp, oai_dc element, teiHeader copy) per record, in order
        self.records: list[tuple[str, str, etree._Element, etree._Element]] = []
        self._publisher: str | None = None
        self._email: str | None = None
        self._used_ids: set[str] = set()

    def add(self, doc: TeiDocument) -> None:
        md = metadata.collect(doc)
        if not self.records:
            self._publisher = md.edition_publisher
        if self._email is None:
            self._email = _email([doc])
        dc = etree.fromstring(md.to_dc().encode("utf-8"), _COMPACT)
        tei_header = doc.find("tei:teiHeader")
        if tei_header is not None:
            header = _unique_ids(_copy(tei_header), doc.local_id, self._used_ids)
        else:  # no header: an empty one, so that every record has metadata
            header = etree.Element(f"{{{TEI_NS}}}teiHeader",
                                   nsmap={None: TEI_NS})  # type: ignore[dict-item]
        self.records.append((f"oai:{self.repo_id}:{doc.local_id}", datestamp(doc), dc,
                             header))

    def __len__(self) -> int:
        return len(self.records)

    def to_bytes(self) -> bytes:
        nsmap = {None: STATIC_NS, "oai": OAI_NS, "xsi": XSI_NS}
        root = etree.Element(_s("Repository"), nsmap=nsmap)  # type: ignore[arg-type]
        root.set(f"{{{XSI_NS}}}schemaLocation", f"{STATIC_NS} {STATIC_SCHEMA}")

        identify = etree.SubElement(root, _s("Identify"))
        title = self.name or self._publisher or "TEI documents"
        # OAI-PMH requires one; without admin_email or an email in a publicationStmt,
        # the conventional webmaster@HOST (docs/harvest.md says so)
        email = self.admin_email or self._email or f"webmaster@{self.repo_id}"
        url = self.url
        base = self.gateway.rstrip("/") + "/" + url.split("://", 1)[-1] if self.gateway \
            else url
        earliest = min((stamp for _, stamp, _, _ in self.records), default="1970-01-01")
        for tag, value in (("repositoryName", title), ("baseURL", base),
                           ("protocolVersion", "2.0"), ("adminEmail", email),
                           ("earliestDatestamp", earliest), ("deletedRecord", "no"),
                           ("granularity", "YYYY-MM-DD")):
            etree.SubElement(identify, _o(tag)).text = value

        formats = etree.SubElement(root, _s("ListMetadataFormats"))
        for prefix, schema, namespace in (
                ("oai_dc", metadata.OAI_DC_SCHEMA, metadata.OAI_DC_NS),
                ("tei", TEI_SCHEMA, TEI_NS)):
            fmt = etree.SubElement(formats, _o("metadataFormat"))
            etree.SubElement(fmt, _o("metadataPrefix")).text = prefix
            etree.SubElement(fmt, _o("schema")).text = schema
            etree.SubElement(fmt, _o("metadataNamespace")).text = namespace

        for prefix in ("oai_dc", "tei"):
            listing = etree.SubElement(root, _s("ListRecords"), metadataPrefix=prefix)
            for identifier, stamp, dc, header in self.records:
                record = etree.SubElement(listing, _o("record"))
                head = etree.SubElement(record, _o("header"))
                etree.SubElement(head, _o("identifier")).text = identifier
                etree.SubElement(head, _o("datestamp")).text = stamp
                body = etree.SubElement(record, _o("metadata"))
                body.append(copy.deepcopy(dc if prefix == "oai_dc" else header))
        etree.cleanup_namespaces(root, top_nsmap={"oai": OAI_NS})  # type: ignore[arg-type]
        data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True,
                                     pretty_print=True)
        return data


def _copy(el: etree._Element) -> etree._Element:
    clone = copy.deepcopy(el)
    clone.tail = None
    return clone


_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _unique_ids(header: etree._Element, local_id: str, used: set[str]) -> etree._Element:
    """Keep the xml:ids of the copied header unique in the one repository file.

    The headers of several documents stand in one XML file, where an ``xml:id``
    may occur once.  A header whose ids are all new is copied as it is; in one
    whose ids were already used, every id becomes ``LOCALID.id`` and its
    same-document pointers (``#id``) follow.
    """
    ids = [el.get(_XML_ID) for el in header.iter() if el.get(_XML_ID) is not None]
    if not any(i in used for i in ids):
        used.update(i for i in ids if i)
        return header
    renamed = {i: f"{local_id}.{i}" for i in ids if i}
    for el in header.iter():
        if not isinstance(el.tag, str):
            continue
        for name, raw in el.attrib.items():
            value = str(raw)
            if name == _XML_ID:
                el.set(name, renamed[value])
            elif "#" in value:
                tokens = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed
                          else t for t in value.split()]
                el.set(name, " ".join(tokens))
    used.update(renamed.values())
    return header


_EMAIL = re.compile(r"^\S+@(\S+\.)+\S+$")  # OAI-PMH's emailType


def _email(documents: Sequence[TeiDocument]) -> str | None:
    """The first address of a ``publicationStmt//email`` that is one (not ``x at y.org``)."""
    for doc in documents:
        for found in doc.xpath("tei:teiHeader/tei:fileDesc/tei:publicationStmt//tei:email"):
            address = (found.text or "").strip()
            if _EMAIL.match(address):
                return address
    return None


def write_oai(documents: Sequence[TeiDocument], path: Path, *, url: str = DEFAULT_URL,
              name: str | None = None, admin_email: str | None = None,
              gateway: str | None = None) -> OaiResult:
    """Write the static repository to ``path`` (atomically), unless it would be too large."""
    result = OaiResult(Path(path), records=len(documents))
    if len(documents) > MAX_RECORDS:
        result.diagnostics.append(too_many(path, len(documents)))
        return result
    take_all(doc.root for doc in documents)  # the readings: a few transformations
    repo = StaticRepository(url=url, name=name, admin_email=admin_email, gateway=gateway)
    for doc in documents:
        repo.add(doc)
    return write_repository(repo, path, result)


def too_many(path: Path, records: int) -> Diagnostic:
    return Diagnostic(
        str(path), None, None, Severity.ERROR,
        f"{records} documents: an OAI-PMH static repository holds at most "
        f"{MAX_RECORDS:,} records; {path} not written (serve the corpus through an "
        "OAI-PMH data provider; the metadata-dc exports are its records)",
        "oai-too-many-records", "oai")


def write_repository(repo: StaticRepository, path: Path, result: OaiResult) -> OaiResult:
    """Write what ``repo`` gathered to ``path`` (atomically)."""
    result.diagnostics.extend(repo.diagnostics)
    atomic_write(path, repo.to_bytes())
    result.written = True
    return result
