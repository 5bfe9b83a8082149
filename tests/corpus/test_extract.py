"""What one document contributes to the corpus (teitools.corpus.extract)."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from teitools.corpus.extract import extract

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
