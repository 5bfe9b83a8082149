"""Text units: one JSON line per paragraph of ``<text>``, ready for a search index.

Every paragraph (``p``, ``ab``, and verse lines ``l`` outside a paragraph) of
the reading is a unit, in document order — those in the standoff lists,
notes and deletions excepted.  A unit's id is the element's ``xml:id``; where
the source has none, a stable generated one (:meth:`TeiDocument.ident`) with
``"id_generated": true``.  The text is the reading (:mod:`.reading`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .document import TeiDocument, local_name, tei, xml_id
from .output import to_jsonl
from .reading import plain

UNIT_ELEMENTS = ("p", "ab", "l")
_BLOCKS = frozenset(tei(n) for n in ("p", "ab"))


@dataclass
class Units:
    document: str
    units: list[dict[str, Any]] = field(default_factory=list)

    def to_jsonl(self) -> str:
        return to_jsonl(self.units)


def unit_elements(doc: TeiDocument) -> list[etree._Element]:
    """The elements that are text units, in document order (empty without ``<text>``)."""
    text = doc.text
    if text is None:
        doc.warn("no <text>: no text units to export", doc.root, rule="export-no-text")
        return []
    found = []
    for el in text.iter(*(tei(n) for n in UNIT_ELEMENTS)):
        if doc.in_lists(el) or not doc.in_reading(el):
            continue
        if any(anc.tag in _BLOCKS for anc in el.iterancestors()):
            continue  # a p inside a p (in a quotation, a note) is part of the outer unit
        found.append(el)
    return found


def collect(doc: TeiDocument) -> Units:
    """Every unit of ``<text>``, in document order."""
    result = Units(doc.local_id)
    for el in unit_elements(doc):
        ident, generated = doc.ident(el)
        div = doc.section(el)
        head = div.find(tei("head")) if div is not None else None
        reading = doc.readings.read(el)
        result.units.append({
            "document": result.document,
            "id": ident,
            "id_generated": generated,
            "element": local_name(el),
            "section": xml_id(div) if div is not None else None,
            "section_type": div.get("type") if div is not None else None,
            "heading": plain(head) or None,
            "part": _part(el),
            "pages": reading.pages,
            "text": reading.text,
        })
    return result


def _part(el: etree._Element) -> str | None:
    """``front``, ``body`` or ``back``: where in ``<text>`` the unit lies."""
    for anc in el.iterancestors(tei("front"), tei("body"), tei("back")):
        return local_name(anc)
    return None
