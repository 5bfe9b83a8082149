"""Text units: one JSON line per paragraph of ``<text>``, ready for a search index."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .document import TeiDocument, local_name, tei, xml_id
from .output import to_jsonl
from .reading import plain, read


@dataclass
class Units:
    document: str
    units: list[dict[str, Any]] = field(default_factory=list)

    def to_jsonl(self) -> str:
        return to_jsonl(self.units)


def collect(doc: TeiDocument) -> Units:
    """Every ``p`` of ``<text>`` (outside the standoff lists and notes), in document order."""
    result = Units(doc.local_id)
    for p, ident in doc.exportable("p", what="text units"):
        div = doc.section(p)
        head = div.find(tei("head")) if div is not None else None
        reading = read(p, doc.pages)
        result.units.append({
            "document": result.document,
            "id": ident,
            "section": xml_id(div) if div is not None else None,
            "section_type": div.get("type") if div is not None else None,
            "heading": plain(head) or None,
            "part": _part(p),
            "pages": reading.pages,
            "text": reading.text,
        })
    return result


def _part(p: etree._Element) -> str | None:
    """``front``, ``body`` or ``back``: where in ``<text>`` the paragraph lies."""
    for anc in p.iterancestors(tei("front"), tei("body"), tei("back")):
        return local_name(anc)
    return None
