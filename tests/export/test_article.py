"""The exports of the encoded article, checked against the TEI itself.

Every expectation is computed here from the TEI with XPath (the article is
still being proof-read, so nothing about its content is hard-coded).
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from typing import Any

import jsonschema
import pytest
from lxml import etree

from teitools.export import FORMATS, ExportResult, export_file, json_schema

from .conftest import ARTICLE, IN_TEXT, NS, xp

NAMES = "*[self::tei:persName or self::tei:placeName or self::tei:orgName or self::tei:name]"
ENTRIES = (
    "//tei:listPerson/tei:person[@xml:id] | //tei:listPerson/tei:personGrp[@xml:id]"
    " | //tei:listPlace/tei:place[@xml:id] | //tei:listOrg/tei:org[@xml:id]"
)


def all_ids(tree: etree._ElementTree) -> set[str]:
    return {str(v) for v in xp(tree, "//@xml:id")}


def refs(el: etree._Element, attr: str = "ref") -> list[str]:
    return [t[1:] for t in (el.get(attr) or "").split() if t.startswith("#")]


def preceding_page(el: etree._Element) -> str | None:
    found = xp(el, "preceding::tei:pb[1]/@n")
    return str(found[0]) if found else None


def expected_pages(el: etree._Element) -> list[str]:
    """Pages of an element: the page before it, then every pb inside it; a page that
    holds none of the element's text (a pb before any text) is dropped."""
    pages: list[str] = []
    text_so_far = el.text or ""
    start = preceding_page(el)
    if start is not None:
        pages.append(start)
    for node in el.iter():
        if node is el:
            continue
        if node.tag == f"{{{NS['tei']}}}pb":
            if pages and not text_so_far.strip():
                pages.pop()
            pages.append(node.get("n", ""))
            text_so_far = node.tail or ""
        else:
            text_so_far += (node.text or "") + (node.tail or "")
    return list(dict.fromkeys(pages))


def oracle_text(el: etree._Element) -> str:
    """Corrected reading, computed by rewriting a copy of the tree (independent of teitools)."""
    el = copy.deepcopy(el)
    for note in xp(el, ".//tei:note"):
        prev, parent = note.getprevious(), note.getparent()
        if note.tail and prev is not None:
            prev.tail = (prev.tail or "") + note.tail
        elif note.tail:
            parent.text = (parent.text or "") + note.tail
        parent.remove(note)
    for choice in xp(el, ".//tei:choice"):
        corr = choice.find("tei:corr", NS)
        choice.text = "".join(corr.itertext()) if corr is not None else ""
        for child in list(choice):
            choice.remove(child)
    text = ""
    for piece in _events(el):
        text = text.rstrip() if piece == "\0" else text + piece  # "\0": pb break="no"
    return re.sub(r"\s+", " ", text).strip()


def _events(el: etree._Element) -> list[str]:
    out: list[str] = []
    joined = False

    def walk(node: etree._Element) -> None:
        nonlocal joined
        if node.text:
            out.append(node.text)
        for child in node:
            if child.tag == f"{{{NS['tei']}}}pb" and child.get("break") == "no":
                out.append("\0")
                if child.tail:
                    out.append(child.tail.lstrip())
                continue
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return out


# -- stable references -----------------------------------------------------------


def test_every_exported_id_exists_in_the_tei(
    tree: etree._ElementTree, entities: list[dict[str, Any]],
    quotations: list[dict[str, Any]], units: list[dict[str, Any]],
) -> None:
    ids = all_ids(tree)
    exported: set[str] = set()
    for ent in entities:
        exported.add(ent["id"])
        for m in ent["mentions"]:
            exported.update(v for k in ("paragraph", "section", "quotation") if (v := m[k]))
    for q in quotations:
        exported.update(
            v for k in ("id", "speaker_id", "source_id", "paragraph", "section", "within",
                        "prev", "next") if (v := q[k])
        )
    for u in units:
        exported.update(v for k in ("id", "section") if (v := u[k]))
    assert exported, "nothing exported"
    assert exported - ids == set()


def test_jsonld_author_identifiers_exist(exported: ExportResult, tree: Any) -> None:
    data = json.loads(exported.outputs["metadata-jsonld"])
    for author in data["author"]:
        if "identifier" in author:
            assert author["identifier"] in all_ids(tree)


# -- counts -------------------------------------------------------------------------


def test_entity_counts_match_the_lists(tree: Any, entities: list[dict[str, Any]]) -> None:
    entries = {e.get(f"{{{NS['xml']}}}id"): e for e in xp(tree, ENTRIES)}
    assert [e["id"] for e in entities] == list(entries)
    kinds = {"person": "person", "personGrp": "group", "place": "place", "org": "organisation"}
    expected = Counter(kinds[etree.QName(e).localname] for e in entries.values())
    assert Counter(e["type"] for e in entities) == expected
    speakers = {e.get(f"{{{NS['xml']}}}id") for e in xp(tree, "//tei:particDesc//tei:person"
                                                      " | //tei:particDesc//tei:personGrp")}
    assert {e["id"] for e in entities if e["speaker"]} == speakers


def test_every_mention_is_exported_with_its_page(
    tree: Any, entities: list[dict[str, Any]]
) -> None:
    names = xp(tree, f"//tei:text//{NAMES}[@ref][{IN_TEXT}]")
    assert names
    expected: dict[str, list[tuple[str | None, str | None]]] = {}
    for el in names:
        p = xp(el, "ancestor::tei:p[1]/@xml:id")
        for ident in refs(el):
            expected.setdefault(ident, []).append(
                (preceding_page(el), str(p[0]) if p else None)
            )
    got = {e["id"]: [(m["page"], m["paragraph"]) for m in e["mentions"]] for e in entities}
    for ident, mentions in expected.items():
        assert got.get(ident) == mentions, ident
    assert sum(len(v) for v in got.values()) == sum(len(v) for v in expected.values())


def test_page_spot_checks_around_every_page_break(
    tree: Any, entities: list[dict[str, Any]]
) -> None:
    """The first name after each pb is on that pb's page, the last one before it is not."""
    names = xp(tree, f"//tei:text//{NAMES}[@ref][{IN_TEXT}]")
    position: dict[Any, tuple[str, int]] = {}
    seen: Counter[str] = Counter()
    for el in names:
        ident = refs(el)[0]
        position[el] = (ident, seen[ident])
        seen[ident] += 1
    mentions = {e["id"]: e["mentions"] for e in entities}
    checked = 0
    for pb in xp(tree, "//tei:text//tei:pb[@n]"):
        after = xp(pb, f"following::{NAMES}[@ref][{IN_TEXT}][1]")
        before = xp(pb, f"preceding::{NAMES}[@ref][{IN_TEXT}][1]")
        for found, on_this_page in ((after, True), (before, False)):
            if not found or found[0] in list(pb.iterancestors()):
                continue
            ident, index = position[found[0]]
            mention = mentions[ident][index]
            assert mention["surface"] == oracle_text(found[0])
            assert (mention["page"] == pb.get("n")) is on_this_page, (ident, pb.get("n"))
            checked += 1
    assert checked >= 10


def test_quotation_counts_by_speaker(tree: Any, quotations: list[dict[str, Any]]) -> None:
    said = xp(tree, "//tei:text//tei:said[@xml:id]")
    quote = xp(tree, f"//tei:text//tei:quote[@xml:id][{IN_TEXT}]")
    assert len(quotations) == len(said) + len(quote)
    spoken = Counter(q["speaker_id"] for q in quotations if q["mode"] == "spoken")
    assert spoken == Counter(refs(s, "who")[0] for s in said)
    written: Counter[str | None] = Counter()
    for q in quote:
        sources = refs(q, "source")
        author = xp(tree, f"//tei:bibl[@xml:id='{sources[0]}']/tei:author/*/@ref") \
            if sources else []
        written[str(author[0])[1:] if author else None] += 1
    assert Counter(q["speaker_id"] for q in quotations if q["mode"] != "spoken") == written


def test_quotation_pages_paragraphs_and_links(
    tree: Any, quotations: list[dict[str, Any]]
) -> None:
    by_id = {q["id"]: q for q in quotations}
    for el in xp(tree, "//tei:text//tei:said[@xml:id] | //tei:text//tei:quote[@xml:id]"):
        q = by_id[el.get(f"{{{NS['xml']}}}id")]
        assert q["pages"] == expected_pages(el), q["id"]
        assert q["page"] == q["pages"][0]
        assert q["paragraph"] == str(xp(el, "ancestor::tei:p[1]/@xml:id")[0])
        assert q["next"] == (refs(el, "next") or [None])[0]
        assert q["prev"] == (refs(el, "prev") or [None])[0]
        assert q["mode"] == ("spoken" if etree.QName(el).localname == "said"
                             else None if el.get("type") == "saying" and not el.get("source")
                             else "written")
    for q in quotations:
        if q["next"]:
            assert by_id[q["next"]]["prev"] == q["id"]


def test_quotations_give_the_corrected_reading(
    tree: Any, quotations: list[dict[str, Any]]
) -> None:
    by_id = {q["id"]: q for q in quotations}
    checked = 0
    path = "//tei:text//tei:said[.//tei:choice] | //tei:text//tei:quote[.//tei:choice]"
    for el in xp(tree, path):
        q = by_id[el.get(f"{{{NS['xml']}}}id")]
        assert q["text"] == oracle_text(el)
        for choice in xp(el, ".//tei:choice"):
            corr = re.sub(r"\s+", " ", "".join(choice.find("tei:corr", NS).itertext())).strip()
            assert corr in q["text"]
            checked += 1
    assert checked


def test_units_one_per_paragraph_with_pages_and_text(
    tree: Any, units: list[dict[str, Any]]
) -> None:
    paragraphs = xp(tree, f"//tei:text//tei:p[@xml:id][{IN_TEXT}]")
    assert [u["id"] for u in units] == [p.get(f"{{{NS['xml']}}}id") for p in paragraphs]
    for p, unit in zip(paragraphs, units, strict=True):
        assert unit["pages"] == expected_pages(p), unit["id"]
        assert unit["text"] == oracle_text(p), unit["id"]
        div = xp(p, "ancestor::tei:div[1]")
        assert unit["section"] == (div[0].get(f"{{{NS['xml']}}}id") if div else None)
        head = xp(p, "ancestor::tei:div[1]/tei:head")
        if head:
            assert unit["heading"] == oracle_text(head[0])
    assert any(len(u["pages"]) > 1 for u in units), "no paragraph spans pages?"


def test_a_word_broken_across_pages_is_joined(tree: Any, units: list[dict[str, Any]]) -> None:
    broken = xp(tree, "//tei:text//tei:p[.//tei:pb[@break='no']]")
    if not broken:
        pytest.skip("the article has no pb break='no' at the moment")
    by_id = {u["id"]: u for u in units}
    for p in broken:
        for pb in xp(p, ".//tei:pb[@break='no']"):
            before = "".join(xp(pb, "preceding::text()[1]")).split()[-1]
            after = (pb.tail or "").split()[0]
            word = re.sub(r"\W+$", "", before + after)
            assert word in by_id[p.get(f"{{{NS['xml']}}}id")]["text"]


# -- formats ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", [f for f, spec in FORMATS.items() if spec.schema])
def test_json_output_validates_against_its_schema(exported: ExportResult, fmt: str) -> None:
    schema = json_schema(fmt)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    text = exported.outputs[fmt]
    documents = [json.loads(line) for line in text.splitlines()] if fmt.endswith("jsonl") \
        else [json.loads(text)]
    assert documents
    for doc in documents:
        validator.validate(doc)


def test_dublin_core_is_oai_dc_with_the_required_elements(
    exported: ExportResult, tree: Any
) -> None:
    root = etree.fromstring(exported.outputs["metadata-dc"].encode("utf-8"))
    oai = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    dc = "http://purl.org/dc/elements/1.1/"
    assert root.tag == f"{{{oai}}}dc"
    assert all(etree.QName(child).namespace == dc for child in root)
    values: dict[str, list[str]] = {}
    for child in root:
        values.setdefault(etree.QName(child).localname, []).append(child.text or "")
    for name in ("title", "creator", "date", "identifier", "source", "rights", "language",
                 "publisher"):
        assert values.get(name), f"dc:{name} missing"
    header = "tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:biblStruct"
    assert values["title"] == [" ".join(
        "".join(xp(tree, f"{header}[@type='article']/tei:analytic/tei:title")[0].itertext())
        .split())]
    surname = xp(tree, f"{header}[@type='article']/tei:analytic/tei:author//tei:surname")[0]
    assert values["creator"][0].startswith(f"{surname.text},")
    assert str(xp(tree, f"{header}[@type='digitized']//tei:idno[@type='URI']/text()")[0]) \
        in values["identifier"]
    assert str(xp(tree, "//tei:availability/tei:licence/@target")[0]) in values["rights"]
    assert str(xp(tree, f"{header}[@type='article']//tei:imprint/tei:date/@when")[0]) \
        == values["date"][0]
    issn = str(xp(tree, f"{header}[@type='article']//tei:idno[@type='ISSN']/text()")[0])
    assert issn in values["source"][0]


def test_jsonld_is_a_schema_org_scholarly_article(exported: ExportResult, tree: Any) -> None:
    data = json.loads(exported.outputs["metadata-jsonld"])
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ScholarlyArticle"
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue"
    assert issue["issueNumber"] == str(xp(tree, "//tei:biblScope[@unit='issue']/@n")[0])
    volume = issue["isPartOf"]
    assert volume["volumeNumber"] == str(xp(tree, "//tei:biblScope[@unit='volume']/@n")[0])
    assert volume["isPartOf"]["@type"] == "Periodical"
    assert volume["isPartOf"]["issn"] == str(xp(tree, "//tei:idno[@type='ISSN']/text()")[0])
    uri = str(xp(tree, "//tei:biblStruct[@type='digitized']//tei:idno[@type='URI']/text()")[0])
    assert data["sameAs"] == uri == data["associatedMedia"]["url"]
    assert data["license"] == str(xp(tree, "//tei:availability/tei:licence/@target")[0])
    assert data["author"][0]["familyName"] == str(
        xp(tree, "//tei:analytic/tei:author//tei:surname/text()")[0])
    assert data["datePublished"] == str(xp(tree, "//tei:analytic/../tei:monogr//tei:date/@when")[0])


def test_output_is_deterministic(exported: ExportResult) -> None:
    again = export_file(ARTICLE, ["all"])
    assert again.outputs == exported.outputs
    assert list(again.outputs) == list(FORMATS)


def test_the_article_exports_without_warnings(exported: ExportResult) -> None:
    assert [str(d) for d in exported.diagnostics] == []
