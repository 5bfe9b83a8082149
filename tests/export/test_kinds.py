"""Exports that know what a document is: kind, schema.org type, Dublin Core, warnings."""

from __future__ import annotations

import json

import jsonschema
import pytest
from lxml import etree

from support.paths import REPO
from teitools.export import export_document, json_schema, load_bytes

TEI = "http://www.tei-c.org/ns/1.0"


def doc(header: str = "", text: str = "<body><p xml:id='p1'>x</p></body>") -> bytes:
    return (f"<TEI xmlns='{TEI}' xml:lang='de'><teiHeader><fileDesc><titleStmt>"
            f"<title>T</title></titleStmt><publicationStmt><availability><licence>CC0</licence>"
            f"</availability></publicationStmt><sourceDesc>{header}</sourceDesc></fileDesc>"
            f"</teiHeader><text>{text}</text></TEI>").encode()


def letter_bytes() -> bytes:
    # the header is assembled so that profileDesc follows fileDesc
    text = doc("<p>autograph</p>").decode()
    header = ("<profileDesc><correspDesc><correspAction type='sent'>"
              "<persName ref='persons.xml#anna'>Anna Muster</persName><placeName>Lübeck</placeName>"
              "<date when='1871-03-02'>2. März 1871</date></correspAction>"
              "<correspAction type='received'><persName>Karl Beispiel</persName>"
              "<placeName>Berlin</placeName></correspAction><correspContext>"
              "<ref type='next' target='letter-002.xml'>next</ref></correspContext>"
              "</correspDesc></profileDesc>")
    return text.replace("</fileDesc>", "</fileDesc>" + header).encode()


@pytest.mark.parametrize(
    ("source", "kind", "schema_type"),
    [
        (letter_bytes(), "letter", "Message"),
        (doc(text="<body><div><sp><speaker>A</speaker><p>Hi</p></sp></div></body>"),
         "play", "Play"),
        (doc("<biblStruct type='article'><analytic><title>A</title></analytic>"
             "<monogr><title>J</title><imprint><date when='1991'/></imprint></monogr>"
             "</biblStruct>"), "article", "ScholarlyArticle"),
        (doc("<msDesc><msIdentifier><settlement>Kiel</settlement><idno>Cod. 1</idno>"
             "</msIdentifier></msDesc>"), "manuscript", "Manuscript"),
        (doc(text="<body><entry><form><orth>Haus</orth></form></entry></body>"),
         "dictionary", "DefinedTermSet"),
        (doc("<p>born digital</p>"), "text", "CreativeWork"),
    ],
)
def test_kind_decides_the_schema_org_type(source: bytes, kind: str, schema_type: str) -> None:
    d = load_bytes(source, "x.xml")
    assert d.kind.name == kind
    result = export_document(d, ["metadata-jsonld", "metadata-dc"])
    data = json.loads(result.outputs["metadata-jsonld"])
    assert data["@type"] == schema_type
    jsonschema.validate(data, json_schema("metadata-jsonld"))
    assert f"<dc:type>{kind}</dc:type>" in result.outputs["metadata-dc"]
    # no warning about periodicals or pages unless it is an article
    rules = {x.rule for x in result.diagnostics}
    if kind != "article":
        assert not rules & {"export-no-source", "export-no-digitized"}, rules


def test_letter_dublin_core_and_jsonld_from_correspdesc() -> None:
    result = export_document(load_bytes(letter_bytes(), "l.xml"), ["metadata-jsonld",
                                                                    "metadata-dc"])
    dc = result.outputs["metadata-dc"]
    for field in ("<dc:creator>Anna Muster</dc:creator>",
                  "<dc:contributor>Karl Beispiel</dc:contributor>",
                  "<dc:date>1871-03-02</dc:date>", "<dc:coverage>Lübeck</dc:coverage>",
                  "<dc:coverage>Berlin</dc:coverage>", "<dc:relation>letter-002.xml</dc:relation>",
                  "<dc:source>autograph</dc:source>"):
        assert field in dc
    data = json.loads(result.outputs["metadata-jsonld"])
    assert data["sender"] == [{"@type": "Person", "name": "Anna Muster",
                               "identifier": "persons.xml#anna"}]
    assert data["recipient"][0]["name"] == "Karl Beispiel"
    assert data["dateSent"] == "1871-03-02"
    assert data["locationCreated"] == {"@type": "Place", "name": "Lübeck"}
    assert result.diagnostics == []  # a complete letter: nothing to warn about


def test_letter_warnings_name_what_a_letter_lacks() -> None:
    source = letter_bytes().replace(b"<persName>Karl Beispiel</persName>", b"")
    result = export_document(load_bytes(source, "l.xml"), ["metadata-dc"])
    assert [(d.rule, d.message) for d in result.diagnostics] == [
        ("export-no-recipient", "the header gives no recipient of the letter")]


def test_reading_leaves_del_out_and_keeps_add() -> None:
    text = ("<body><p xml:id='p1'>ich habe <del>lange</del><add>nichts</add> gehört, "
            "<choice><abbr>Hr.</abbr><expan>Herr</expan></choice> "
            "<choice><sic>Mustr</sic><corr>Muster</corr></choice><note>n</note>.</p>"
            "<postscript><p>PS ohne Id</p></postscript></body>")
    result = export_document(load_bytes(doc(text=text), "x.xml"), ["units-jsonl"])
    units = [json.loads(line) for line in result.outputs["units-jsonl"].splitlines()]
    assert [u["text"] for u in units] == ["ich habe nichts gehört, Herr Muster.", "PS ohne Id"]
    assert [(u["id"], u["id_generated"]) for u in units] == [("p1", False), ("text.p2", True)]
    for unit in units:
        jsonschema.validate(unit, json_schema("units-jsonl"))


def test_units_of_the_article_are_the_text_editions_paragraphs() -> None:
    """The one reading: every unit's text stands, as it is, in the golden text edition."""

    repo = REPO
    golden = repo / "tests" / "render" / "golden" / "kotkin-1991-rustbelt.txt"
    edition = " ".join(golden.read_text(encoding="utf-8").split())
    result = export_document(load_bytes((repo / "tei" / "kotkin-1991-rustbelt.xml")
                                        .read_bytes(), "kotkin.xml"), ["units-jsonl"])
    units = [json.loads(line) for line in result.outputs["units-jsonl"].splitlines()]
    tree = etree.parse(str(repo / "tei" / "kotkin-1991-rustbelt.xml"))
    paragraphs = tree.xpath("//tei:text//tei:p[not(ancestor::tei:note or ancestor::tei:listPerson"
                            " or ancestor::tei:listPlace or ancestor::tei:listOrg"
                            " or ancestor::tei:listBibl or ancestor::tei:p)]",
                            namespaces={"tei": TEI})
    assert len(units) == len(paragraphs)
    missing = [u["id"] for u in units if u["text"] not in edition]
    assert missing == []
