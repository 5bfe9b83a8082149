"""Citation trees: declared (refsDecl/citeStructure), structural by kind, pages."""

from __future__ import annotations

from teitools.export import load_bytes
from teitools.harvest.citation import citation_trees, safe_identifier

TEI = "http://www.tei-c.org/ns/1.0"


def poems(cite: str) -> bytes:
    lines = "".join(
        f"<div type='book' n='{b}'>" + "".join(
            f"<div type='poem' n='{p}'><head>Poem {b}.{p}</head>"
            + "".join(f"<l n='{n}'>line {n}</l>" for n in (1, 2)) + "</div>"
            for p in (1, 2)) + "</div>" for b in (1, 2))
    return (f"<TEI xmlns='{TEI}'><teiHeader><fileDesc><titleStmt><title>P</title></titleStmt>"
            "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
            f"<encodingDesc><refsDecl>{cite}</refsDecl></encodingDesc></teiHeader>"
            f"<text><body><pb n='i'/>{lines}<pb n='ii'/><p>end</p></body></text></TEI>").encode()


DECLARED = ("<citeStructure unit='book' match='/TEI/text/body/div' use='@n'>"
            "<citeStructure unit='poem' match='div' use='@n' delim='.'>"
            "<citeStructure unit='line' match='l' use='@n' delim='.'/>"
            "</citeStructure></citeStructure>")


def test_declared_cite_structure_with_unprefixed_names() -> None:
    doc = load_bytes(poems(DECLARED), "p.xml")
    default, pages = citation_trees(doc)
    assert default.description == "the document's refsDecl/citeStructure"
    ids = [(u.identifier, u.cite_type, u.level, u.parent) for u in default.walk()]
    assert ids[:4] == [("1", "book", 1, None), ("1.1", "poem", 2, "1"),
                       ("1.1.1", "line", 3, "1.1"), ("1.1.2", "line", 3, "1.1")]
    assert len(ids) == 2 + 4 + 8
    assert default.find("2.2") is not None and default.find("2.2").title == "Poem 2.2"
    assert default.structure() == [{"@type": "CiteStructure", "citeType": "book",
                                    "citeStructure": [{"@type": "CiteStructure",
                                                       "citeType": "poem", "citeStructure": [
                                                           {"@type": "CiteStructure",
                                                            "citeType": "line"}]}]}]
    assert [u.identifier for u in pages.units] == ["i", "ii"]


def test_prefixed_xpath_works_too() -> None:
    cite = DECLARED.replace("match='/TEI/text/body/div'",
                            "match='/tei:TEI/tei:text/tei:body/tei:div'")
    cite = cite.replace("<citeStructure unit='book'",
                        f"<citeStructure xmlns:tei='{TEI}' unit='book'")
    doc = load_bytes(poems(cite), "p.xml")
    (default, _) = citation_trees(doc)
    assert [u.identifier for u in default.walk()][:3] == ["1", "1.1", "1.1.1"]
    assert doc.diagnostics == []


def test_a_broken_match_falls_back_with_a_warning() -> None:
    doc = load_bytes(poems(DECLARED.replace("match='div'", "match='div[['")), "p.xml")
    default, _ = citation_trees(doc)
    assert default.description.startswith("the text's divisions")
    assert [d.rule for d in doc.diagnostics] == ["dts-cite-structure"]
    assert [u.cite_type for u in default.units] == ["book", "book", "paragraph"]


def test_identifiers_are_path_safe_and_unique() -> None:
    assert safe_identifier("12 recto/verso?") == "12_recto_verso"
    doc = load_bytes(poems("").replace(b"n='ii'", b"n='i'"), "p.xml")
    (_, pages) = citation_trees(doc)
    assert [u.identifier for u in pages.units] == ["i", "i_2"]
