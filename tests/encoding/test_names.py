"""No name form listed for an entity appears in the body outside its markup."""

from __future__ import annotations

import re

from lxml import etree

from .conftest import NS

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KIND = {"person": "persName", "personGrp": "persName", "place": "placeName", "org": "orgName"}


def _name_forms(article: etree._ElementTree) -> dict[str, tuple[str, set[str]]]:
    """id → (name element expected, surface forms to look for)."""
    forms: dict[str, tuple[str, set[str]]] = {}
    for kind, name_el in KIND.items():
        for entry in article.iter(f"{TEI}{kind}"):
            ident = entry.get(XML_ID)
            if not ident:
                continue
            surface: set[str] = set()
            for name in entry.iterfind(f"tei:{name_el}", NS):
                text = " ".join("".join(name.itertext()).split())
                if not text or name.get("type") == "descriptive":
                    continue
                surface.add(text)
                if kind == "person" and name.find("tei:surname", NS) is not None:
                    surface.add("".join(name.find("tei:surname", NS).itertext()).strip())
            forms[ident] = (name_el, {s for s in surface if len(s) > 2})
    return forms


def _unmarked(body: etree._Element, name_el: str, ref: str, form: str) -> list[str]:
    pattern = re.compile(rf"(?<![\w-]){re.escape(form)}(?!\w)")
    hits = []
    for node in body.iter():
        if not isinstance(node.tag, str):
            continue
        for text, owner in ((node.text, node), (node.tail, node.getparent())):
            if not text or owner is None or not pattern.search(text):
                continue
            inside = owner
            ok = False
            while inside is not None:
                if inside.tag == f"{TEI}{name_el}" and inside.get("ref") == ref:
                    ok = True
                    break
                if inside.tag in (f"{TEI}sic",):
                    ok = True  # the uncorrected reading is not a mention
                    break
                inside = inside.getparent()
            if not ok:
                hits.append(f"line {node.sourceline}: {form!r} not inside <{name_el} ref={ref!r}>")
    return hits


def test_no_unmarked_mentions(article: etree._ElementTree) -> None:
    body = article.find(".//tei:text/tei:body", NS)
    problems = []
    for ident, (name_el, forms) in sorted(_name_forms(article).items()):
        for form in sorted(forms):
            problems += _unmarked(body, name_el, f"#{ident}", form)
    assert not problems, "\n".join(problems)


def test_every_entry_has_a_normalized_name(article: etree._ElementTree) -> None:
    for kind, name_el in KIND.items():
        for entry in article.iter(f"{TEI}{kind}"):
            if entry.getparent().tag.endswith(("listPerson", "listPlace", "listOrg")):
                assert entry.find(f"tei:{name_el}", NS) is not None, entry.get(XML_ID)


def test_people_have_a_role_note(article: etree._ElementTree) -> None:
    for entry in article.iter(f"{TEI}person", f"{TEI}personGrp"):
        assert entry.find("tei:note", NS) is not None, entry.get(XML_ID)
