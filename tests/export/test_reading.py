"""teitools.export.reading: elements' readings taken from export-reading.xsl's one pass."""

from __future__ import annotations

from lxml import etree

from support.paths import TEI_NS
from teitools.export.reading import Readings, take_all

T = f"{{{TEI_NS}}}"
DOC = f"""<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>A <choice><sic>tilte</sic>
<corr>title</corr></choice><note>not in the title</note></title></titleStmt></fileDesc></teiHeader>
<text><body><pb n="8"/>
<p xml:id="p1">es war <del>nichts</del><add>lange nichts</add> mehr in Lon<pb n="9" break="no"/>
   don, <choice> <sic><persName>Bab</persName></sic>
   <corr><persName xml:id="n2">Babbage</persName></corr></choice> <choice>
   <sic>Sei</sic> <corr>Seite</corr> </choice>n
   <note xml:id="fn">a <pb n="10"/>note</note>.</p>
<lg><l>A line</l><l>Another</l></lg>
<p xml:id="p3"><pb n="11"/>Last</p></body></text></TEI>"""


def _tree() -> etree._Element:
    return etree.fromstring(DOC)


def _by_id(root: etree._Element, ident: str) -> etree._Element:
    found = root.xpath(f"//*[@xml:id='{ident}']")
    assert isinstance(found, list) and isinstance(found[0], etree._Element)
    return found[0]


def test_text_pages_and_what_is_left_out() -> None:
    root = _tree()
    readings = Readings(root)
    p1 = readings.read(_by_id(root, "p1"))
    # del out, add kept, the word across pb break="no" joined, sic out, the note apart
    assert p1.text == "es war lange nichts mehr in London, Babbage Seiten ."
    assert p1.pages == ["8", "9", "10"]  # the full stop after the note is on page 10
    note = readings.read(_by_id(root, "fn"))
    assert (note.text, note.pages) == ("a note", ["9", "10"])
    assert not readings.in_reading(_by_id(root, "fn"))
    bab = root.find(f".//{T}sic/{T}persName")
    assert bab is not None and not readings.in_reading(bab)
    assert readings.in_reading(_by_id(root, "n2"))
    title = root.find(f".//{T}title")
    assert title is not None and readings.read(title).text == "A title"
    lg = root.find(f".//{T}lg")
    assert lg is not None and readings.read(lg).text == "A line Another"
    p3 = readings.read(_by_id(root, "p3"))
    assert (p3.text, p3.pages, p3.start_page) == ("Last", ["11"], "10")


def test_a_batch_reads_as_documents_one_by_one() -> None:
    roots = [_tree(), etree.fromstring(DOC.replace("Last", "Other"))]
    take_all(roots)
    from teitools.export.reading import readings
    assert readings(roots[1]).read(_by_id(roots[1], "p3")).text == "Other"
    assert readings(roots[0]).read(_by_id(roots[0], "p1")) == Readings(roots[0]).read(
        _by_id(roots[0], "p1"))
