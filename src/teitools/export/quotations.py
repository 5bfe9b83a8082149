"""Quotations: every ``said`` (spoken) and ``quote`` (written) with its speaker.

The speaker of a ``said`` is its ``@who`` (a person of ``particDesc``); the
speaker of a ``quote`` is the author of the ``bibl`` its ``@source`` points to
(``bibl/author/persName/@ref`` or ``orgName/@ref``).  A ``quote
type="saying"`` without a source (a proverb) has neither speaker nor mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .document import TeiDocument, pointer_ids, tei
from .entities import entity_names
from .output import to_csv, to_json
from .reading import plain
from .registers import Registers

CSV_HEADER = (
    "id", "mode", "type", "speaker_id", "speaker_name", "source_id", "page", "pages",
    "paragraph", "section", "within", "prev", "next", "text",
)  # fmt: skip


@dataclass
class Quotations:
    document: str
    quotations: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return to_json({"document": self.document, "quotations": self.quotations})

    def to_csv(self) -> str:
        return to_csv(CSV_HEADER, self.quotations)


def _pointer(doc: TeiDocument, el: etree._Element, attr: str, what: str) -> str | None:
    """The id ``el/@attr`` points to, if it exists; warn otherwise."""
    ids = pointer_ids(el.get(attr))
    if not ids:
        return None
    if ids[0] not in doc.ids:
        doc.warn(f"@{attr} '#{ids[0]}' of {what} points to no element", el,
                 rule="export-dangling-ref")
        return None
    return ids[0]


def _speaker(doc: TeiDocument, q: etree._Element, ident: str, source: str | None,
             registers: Registers) -> tuple[str | None, str | None]:
    """(speaker id, speaker name) of a said (``@who``) or quote (author of its source).

    A ``@who`` into a register (``persons.xml#karl``) gives the register entry's id.
    """
    if q.tag == tei("said"):
        external = [t for t in (q.get("who") or "").split() if registers.is_external(t)]
        if external and not pointer_ids(q.get("who")):
            found = registers.resolve(doc, external[0])
            if found is None:
                doc.warn(f"@who '{external[0]}' of '{ident}' points to no element", q,
                         rule="export-dangling-ref")
                return None, None
            _, entry, entry_id = found
            return entry_id, entity_names(entry)[0]
        who = _pointer(doc, q, "who", f"'{ident}'")
        return who, (entity_names(doc.ids[who])[0] if who else None)
    author = doc.find("tei:author", doc.ids[source]) if source else None
    if author is None:
        return None, None
    named = doc.find("tei:persName[@ref]|tei:orgName[@ref]|tei:name[@ref]", author)
    target = _pointer(doc, named if named is not None else author, "ref",
                      f"the author of '{source}'")
    if target is not None:
        return target, entity_names(doc.ids[target])[0] or plain(author) or None
    return None, plain(author) or None


def _mode(q: etree._Element) -> str | None:
    if q.tag == tei("said"):
        return "spoken"
    if q.get("type") == "saying" and not q.get("source"):
        return None
    return "written"


def collect(doc: TeiDocument, registers: Registers | None = None) -> Quotations:
    """Every quotation of ``<text>`` in document order (nested ones included)."""
    result = Quotations(doc.local_id)
    registers = registers if registers is not None else Registers()
    for q, ident in doc.exportable("said", "quote", what="quotations"):
        source = _pointer(doc, q, "source", f"'{ident}'") if q.tag == tei("quote") else None
        speaker_id, speaker_name = _speaker(doc, q, ident, source, registers)
        reading = doc.readings.read(q)
        result.quotations.append({
            "id": ident,
            "mode": _mode(q),
            "type": q.get("type"),
            "speaker_id": speaker_id,
            "speaker_name": speaker_name,
            "source_id": source,
            "page": reading.page,
            "pages": reading.pages,
            "paragraph": doc.paragraph_id(q),
            "section": doc.section_id(q),
            "within": doc.quotation_id(q),
            "prev": _pointer(doc, q, "prev", f"'{ident}'"),
            "next": _pointer(doc, q, "next", f"'{ident}'"),
            "text": reading.text,
        })
    return result
