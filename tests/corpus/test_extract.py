"""What one document contributes to the corpus (teitools.corpus.extract)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from support.paths import REPO
from teitools.corpus.extract import extract
from teitools.model import default_module
from teitools.render import html_edition

TEI = "http://www.tei-c.org/ns/1.0"


def _doc(body: str, header: str = "") -> etree._ElementTree:
    return etree.fromstring(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        f"</fileDesc>{header}</teiHeader><text><body>{body}</body></text></TEI>").getroottree()


@pytest.mark.parametrize("body, words", [
    ("<p>one two three</p>", 3),
    # the words after a note are text; the note's are not
    ("<p>one<note>not counted here</note> two three</p>", 3),
    ("<p>a <pb/>b</p><listPerson><person><persName>Karl</persName></person></listPerson>", 2),
    ('<div type="standoff"><p>left out</p></div><p>one</p>', 1),
    # a note inside a note inside a list: subtracted once
    ("<p>x</p><listBibl><bibl>y<note>z<note>w</note></note></bibl></listBibl>", 1),
    ("<p>one<!-- a comment is not text -->two</p>", 2),
])
def test_words_are_the_running_text(body: str, words: int) -> None:
    assert extract(_doc(body)).words == words


def test_words_of_grouped_texts_count_each_body_once() -> None:
    # a floatingText's body lies inside its text's body: its words are counted once
    header = "<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt></fileDesc></teiHeader>"
    grouped = etree.fromstring(
        f'<TEI xmlns="{TEI}">{header}<text><group><text><body><p>one two</p>'
        "<floatingText><body><p>three</p></body></floatingText></body></text>"
        "<text><body><p>four</p></body></text></group></text></TEI>").getroottree()
    assert extract(grouped).words == 4
    corpus = etree.fromstring(
        f'<teiCorpus xmlns="{TEI}">{header}<TEI>{header}<text><body><p>a b c</p></body></text>'
        f"</TEI><TEI>{header}<text><body><p>d</p></body></text></TEI></teiCorpus>").getroottree()
    assert extract(corpus).words == 4


def test_ids_pointers_and_mentions_in_document_order() -> None:
    data = extract(_doc(
        '<p xml:id="p1">Letter from <persName ref="#karl">Karl</persName> at '
        '<placeName ref="#b #c">Berlin</placeName><ptr target="x.xml#p2"/></p>'
        '<listPerson><person xml:id="karl"><persName>Karl Marx</persName>'
        '<birth when="1818"/></person></listPerson>'))
    assert list(data.ids) == ["p1", "karl"]
    assert [(p.token, p.element, p.attribute, p.expected) for p in data.pointers] == [
        ("#karl", "persName", "ref", "person"), ("#b", "placeName", "ref", "place"),
        ("#c", "placeName", "ref", "place"), ("x.xml#p2", "ptr", "target", None)]
    assert [(m.token, m.anchor) for m in data.mentions] == [
        ("#karl", "m-1"), ("#b", "m-2"), ("#c", "m-2")]
    assert [(e.kind, e.id, e.label, e.note) for e in data.entries] == [
        ("person", "karl", "Karl Marx", "b. 1818")]


def test_to_json_round_trips() -> None:
    data = extract(_doc('<p xml:id="a"><persName ref="#k">K</persName></p>'))
    again = type(data).from_json(json.loads(json.dumps(data.to_json())))
    assert again == data


@pytest.mark.parametrize("model", ["default", "article"])
def test_editions_give_the_mentions_the_ids_the_registers_link_to(
        model: str, tmp_path: Path) -> None:
    # front and body, nested names, an xml:id (it still takes its number), a name in a
    # standoff div and one in the header (neither numbered)
    path = tmp_path / "d.xml"
    path.write_text(
        f'<TEI xmlns="{TEI}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
        '</fileDesc><profileDesc><correspDesc><correspAction type="sent"><persName ref="#k">'
        "K</persName></correspAction></correspDesc></profileDesc></teiHeader><text><front>"
        '<p><persName ref="#k">front</persName></p></front><body><p><placeName ref="#b #c">'
        'bc</placeName>, <orgName ref="#o"><placeName ref="#b">b</placeName> works</orgName>, '
        '<persName xml:id="own" ref="#k">own</persName>, <persName ref="#x">x</persName>.</p>'
        '<div type="standoff"><listPerson><person xml:id="k"><persName ref="#y">listed'
        '</persName></person></listPerson></div><p><persName ref="#k">last</persName></p>'
        "</body></text></TEI>", encoding="utf-8")
    expected = {(m.anchor, m.text) for m in extract(etree.parse(str(path))).mentions
                if m.anchor is not None}
    assert len(expected) == 7 and ("m-7", "last") in expected
    stylesheet = default_module("html") if model == "default" else REPO / "schema/rustbelt.html.xsl"
    page = lxml_html.document_fromstring(html_edition(path, model=stylesheet))
    ids = {(e.get("id"), e.text_content())
           for e in page.xpath("//main//*[starts-with(@id, 'm-') or @id = 'own']")}
    assert ids == expected
