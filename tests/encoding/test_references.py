"""Pointers in the encoded article resolve to entries of the right kind, and
every standoff entry is used."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from lxml import etree

from .conftest import NS

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
TEI = "{http://www.tei-c.org/ns/1.0}"

# pointer attribute on an element → the kinds of entry it may point to
EXPECTED = {
    ("said", "who"): {"person", "personGrp"},
    ("persName", "ref"): {"person", "personGrp"},
    ("placeName", "ref"): {"place"},
    ("orgName", "ref"): {"org"},
    ("quote", "source"): {"bibl", "biblStruct"},
}


def _ids(tree: etree._ElementTree) -> dict[str, etree._Element]:
    return {el.get(XML_ID): el for el in tree.iter() if el.get(XML_ID)}


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname


def test_xml_ids_are_unique_and_readable(article: etree._ElementTree) -> None:
    ids = [el.get(XML_ID) for el in article.iter() if el.get(XML_ID)]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes
    assert all(re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", i) for i in ids), [
        i for i in ids if not re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", i)
    ]


@pytest.mark.parametrize("name", ["div", "p", "said", "quote"])
def test_citable_elements_carry_ids(article: etree._ElementTree, name: str) -> None:
    missing = [
        article.getpath(el)
        for el in article.iterfind(f".//tei:text//tei:{name}", NS)
        if not el.get(XML_ID)
    ]
    assert not missing


@pytest.mark.parametrize(("element", "attribute"), sorted(EXPECTED))
def test_pointers_resolve_to_the_right_kind(
    article: etree._ElementTree, element: str, attribute: str
) -> None:
    ids = _ids(article)
    bad = []
    seen = 0
    for el in article.iterfind(f".//tei:{element}[@{attribute}]", NS):
        for token in el.get(attribute, "").split():
            seen += 1
            target = ids.get(token.removeprefix("#")) if token.startswith("#") else None
            if target is None or _local(target) not in EXPECTED[(element, attribute)]:
                bad.append(f"line {el.sourceline}: <{element} {attribute}={token!r}>")
    assert seen > 0
    assert not bad, "\n".join(bad)


def test_said_speakers_are_in_particdesc(article: etree._ElementTree) -> None:
    part = {
        el.get(XML_ID)
        for el in article.iterfind(".//tei:particDesc//*[@xml:id]", NS)
    }
    whos = {t.removeprefix("#") for s in article.iterfind(".//tei:said", NS)
            for t in s.get("who", "").split()}
    assert whos and whos <= part, whos - part


def test_every_pointer_attribute_resolves(article: etree._ElementTree) -> None:
    ids = _ids(article)
    bad = []
    for el in article.iter():
        for attr in ("who", "ref", "corresp", "source", "next", "prev", "target"):
            for token in (el.get(attr) or "").split():
                if token.startswith("#") and token[1:] not in ids:
                    bad.append(f"line {el.sourceline}: {attr}={token}")
    assert not bad, "\n".join(bad)


def test_every_standoff_entry_is_used(article: etree._ElementTree) -> None:
    pointed = set()
    for el in article.iter():
        for attr in ("who", "ref", "corresp", "source"):
            pointed.update(t[1:] for t in (el.get(attr) or "").split() if t.startswith("#"))
    entries = [
        el.get(XML_ID)
        for el in article.iter(f"{TEI}person", f"{TEI}personGrp", f"{TEI}place",
                               f"{TEI}org", f"{TEI}bibl")
        if el.get(XML_ID) and el.getparent() is not None
        and _local(el.getparent()) in {"listPerson", "listPlace", "listOrg", "listBibl"}
    ]
    assert len(entries) > 50
    unused = [e for e in entries if e not in pointed]
    assert not unused, unused


def test_page_breaks_run_from_1_to_16(article: etree._ElementTree) -> None:
    pages = [int(pb.get("n")) for pb in article.iterfind(".//tei:text//tei:pb", NS)]
    assert pages == list(range(1, 17))


def test_monologue_paragraphs_are_each_attributed(article: etree._ElementTree) -> None:
    # Paragraphs of the skilled worker's monologue all carry their own said.
    div = article.find(".//tei:div[@xml:id='honor']", NS)
    worker_ps = [p for p in div.iterfind("tei:p", NS)
                 if p.find("tei:said[@who='#worker']", NS) is not None]
    assert len(worker_ps) >= 15


def test_nested_quotations_are_tagged(article: etree._ElementTree) -> None:
    nested = article.findall(".//tei:said//tei:said", NS) + article.findall(
        ".//tei:quote//tei:quote", NS
    )
    assert len(nested) >= 3
