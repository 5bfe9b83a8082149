"""Entities: every person, group, place and organisation of the lists, with its mentions.

Entities come from ``listPerson`` (the speakers in ``particDesc`` and the
standoff list), ``listPlace`` and ``listOrg``; mentions are the
``persName``/``placeName``/``orgName``/``name`` elements of ``<text>`` whose
``@ref`` points to one of them (nested names count for each entity; names in
a ``sic`` and in the lists themselves do not).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .document import TeiDocument, local_name, tei, xml_id
from .output import to_csv, to_json
from .reading import plain
from .registers import Registers

ENTITY_TYPES = {"person": "person", "personGrp": "group", "place": "place", "org": "organisation"}
_LISTS = {"person": "listPerson", "personGrp": "listPerson", "place": "listPlace", "org": "listOrg"}
_NAMES = ("persName", "placeName", "orgName", "name")
_VARIANT_TYPES = frozenset({"variant", "full", "alt", "abbr"})

CSV_HEADER = (
    "id", "register", "type", "category", "name", "note", "speaker",
    "page", "paragraph", "section", "quotation", "surface",
)  # fmt: skip


@dataclass
class Entities:
    document: str
    entities: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> str:
        return to_json({"document": self.document, "entities": self.entities})

    def to_csv(self) -> str:
        """One row per mention; an entity that is never mentioned has one row without one."""
        rows: list[dict[str, Any]] = []
        for ent in self.entities:
            base = {k: v for k, v in ent.items() if k not in ("mentions", "variants")}
            rows.extend({**base, **m} for m in ent["mentions"])
            if not ent["mentions"]:
                rows.append(base)
        return to_csv(CSV_HEADER, rows)


def entity_names(el: etree._Element) -> tuple[str | None, list[str]]:
    """(normalised name, other names) of a list entry.

    The normalised name is the first name child that is not typed as a variant
    (``variant``, ``full``, ``alt``, ``abbr``); the others are its variants.
    """
    names = [c for c in el if isinstance(c.tag, str) and local_name(c) in _NAMES]
    primary = next((n for n in names if n.get("type") not in _VARIANT_TYPES), None)
    if primary is None and names:
        primary = names[0]
    name = plain(primary) or None
    variants: list[str] = []
    for other in names:
        text = plain(other)
        if other is not primary and text and text != name and text not in variants:
            variants.append(text)
    return name, variants


def entry_record(doc: TeiDocument, el: etree._Element, ident: str,
           register: str | None = None) -> dict[str, Any]:
    name, variants = entity_names(el)
    note = " ".join(plain(n) for n in el.iterchildren(tei("note"))) or None
    if name is None:
        doc.warn(f"entity '{ident}' has no name", el, rule="export-entity-unnamed")
    return {
        "id": ident,
        "register": register,
        "type": ENTITY_TYPES[local_name(el)],
        "category": el.get("type"),
        "name": name,
        "variants": variants,
        "note": note,
        "speaker": doc.ancestor(el, "particDesc") is not None,
        "mentions": [],
    }


def entries(doc: TeiDocument) -> list[tuple[etree._Element, str]]:
    """(element, xml:id) of every entity of the document's lists, in document order."""
    found: list[tuple[etree._Element, str]] = []
    seen: set[str] = set()
    for el in doc.root.iter(*(tei(t) for t in ENTITY_TYPES)):
        if doc.ancestor(el, _LISTS[local_name(el)]) is None:
            continue
        ident = xml_id(el)
        if ident is None:
            doc.warn(f"<{local_name(el)}> without xml:id is not exported", el,
                     rule="export-missing-id")
        elif ident not in seen:
            seen.add(ident)
            found.append((el, ident))
    return found


def collect(doc: TeiDocument, registers: Registers | None = None) -> Entities:
    """All entities of the lists, in document order, each with its mentions in text order.

    Entities of register files the text points into (``persons.xml#karl``) follow,
    with ``register`` naming the file, in the order of their first mention.
    """
    result = Entities(doc.local_id)
    by_id: dict[str, dict[str, Any]] = {}
    for el, ident in entries(doc):
        by_id["#" + ident] = entry_record(doc, el, ident)
        result.entities.append(by_id["#" + ident])
    _mentions(doc, by_id, result, registers if registers is not None else Registers())
    if not result.entities:
        doc.warn("no listPerson, listPlace or listOrg entries: no entities to export",
                 doc.find("tei:text"), rule="export-no-lists")
    return result


def _mentions(doc: TeiDocument, by_id: dict[str, dict[str, Any]], result: Entities,
              registers: Registers) -> None:
    text = doc.text
    if text is None:
        return
    dangling: Counter[str] = Counter()
    first_dangling: dict[str, etree._Element] = {}
    unlinked: list[etree._Element] = []
    for el in text.iter(*(tei(n) for n in _NAMES)):
        if doc.in_lists(el) or not doc.in_reading(el):
            continue
        tokens = [t for t in (el.get("ref") or "").split()
                  if (t.startswith("#") and len(t) > 1) or registers.is_external(t)]
        if not tokens:
            unlinked.append(el)
            continue
        mention: dict[str, Any] | None = None
        for ident in tokens:
            entity = by_id.get(ident)
            if entity is None and not ident.startswith("#"):
                entity = _external(doc, ident, by_id, result, registers)
            if entity is None:
                dangling[ident] += 1
                first_dangling.setdefault(ident, el)
                continue
            if mention is None:  # the same for every entity the name points to
                reading = doc.readings.read(el)
                mention = {
                    "page": reading.page,
                    "paragraph": doc.paragraph_id(el),
                    "section": doc.section_id(el),
                    "quotation": doc.quotation_id(el),
                    "surface": reading.text,
                }
            entity["mentions"].append(dict(mention))
    for ident, count in dangling.items():
        doc.warn(f"@ref '{ident}' points to no person, place or organisation in the lists; "
                 f"{count} mention(s) not exported", first_dangling[ident],
                 rule="export-dangling-ref")
    if unlinked:
        doc.warn(f"{len(unlinked)} name(s) in the text have no @ref and are not exported as "
                 "mentions", unlinked[0], rule="export-unlinked-name")


def _external(doc: TeiDocument, token: str, by_id: dict[str, dict[str, Any]],
              result: Entities, registers: Registers) -> dict[str, Any] | None:
    """The entity a ``FILE#id`` pointer names, added to ``result`` on first use."""
    found = registers.resolve(doc, token)
    if found is None:
        return None
    register, el, ident = found
    if local_name(el) not in ENTITY_TYPES:
        return None
    key = f"{register.local_id}#{ident}"
    if key not in by_id:
        base = registers.records.get(key)
        if base is None:
            base = registers.records[key] = entry_record(register, el, ident, register.local_id)
        by_id[key] = {**base, "mentions": []}
        result.entities.append(by_id[key])
    by_id[token] = by_id[key]
    return by_id[key]
