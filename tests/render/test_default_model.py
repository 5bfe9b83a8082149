"""Any TEI document through the default processing model (TEI's tei_simplePrint):
one test per construct, on the HTML and on the plain text, and a teiCorpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from teitools.model import default_module
from teitools.render import html_edition, text_edition

TEI_NS = "http://www.tei-c.org/ns/1.0"


def doc(body: str, tmp_path: Path, *, front: str = "", back: str = "", header: str = "",
        name: str = "d.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
        f"</fileDesc>{header}</teiHeader><text>{front}<body>{body}</body>{back}</text></TEI>",
        encoding="utf-8")
    return path


def html_of(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(html_edition(path, model=default_module("html")))


def text_of(path: Path) -> str:
    return text_edition(path, model=default_module("text"))


def norm(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def blocks(text: str) -> list[str]:
    return [b.strip() for b in text.split("\n\n") if b.strip()]


def test_speaker_apart_from_speech(tmp_path: Path) -> None:
    p = doc("<div><sp><speaker>Francisco</speaker><l>Who's there?</l></sp>"
            "<sp><speaker>Bernardo</speaker><p>Nay, answer me.</p></sp></div>", tmp_path)
    page = html_of(p)
    speakers = page.xpath("//*[contains(@class, 'tei-speaker')]")
    assert [s.tag for s in speakers] == ["div", "div"]
    assert [norm(s) for s in speakers] == ["Francisco", "Bernardo"]
    for s in speakers:
        assert "there" not in norm(s) and "answer" not in norm(s)
    lines = text_of(p).splitlines()
    assert "Francisco" in lines and "Who's there?" in lines
    assert "Bernardo" in lines and "Nay, answer me." in lines


def test_each_verse_line_on_its_own_line(tmp_path: Path) -> None:
    p = doc("<lg><l>First line of verse</l><l>Second line of verse</l></lg>", tmp_path)
    page = html_of(p)
    ls = page.xpath("//*[contains(@class, 'tei-l ')]")
    assert [(e.tag, norm(e)) for e in ls] == [("div", "First line of verse"),
                                               ("div", "Second line of verse")]
    text = text_of(p)
    assert "First line of verse\nSecond line of verse" in text


def test_notes_apart_from_the_sentence(tmp_path: Path) -> None:
    p = doc('<p>They went to Lübeck.<note place="foot">Travemünde was the port.</note> '
            "Then home.</p>", tmp_path)
    page = html_of(p)
    para = page.xpath("//p[contains(@class, 'tei-p')]")[0]
    assert "Travemünde" not in norm(para)
    ref = para.xpath(".//a[contains(@class, 'note-ref')]")[0]
    note = page.get_element_by_id(ref.get("href")[1:])
    assert "Travemünde was the port." in norm(note)
    back = note.xpath(".//a[contains(@class, 'backlink')]")[0]
    assert back.get("href") == "#" + ref.get("id")
    text = text_of(p)
    assert "They went to Lübeck.[1] Then home." in text
    assert text.rstrip().endswith("[1] Travemünde was the port.")


@pytest.mark.parametrize("element", ["del", "add", "unclear", "supplied", "gap"])
def test_editorial_marks(tmp_path: Path, element: str) -> None:
    content = "" if element == "gap" else "word"
    p = doc(f'<p>before <{element} reason="illegible">{content}</{element}> after</p>', tmp_path)
    page = html_of(p)
    marked = page.xpath(f"//p//*[contains(concat(' ', @class, ' '), ' tei-{element} ')]")
    assert len(marked) == 1 and norm(marked[0]) == content
    css = page.findtext(".//style")
    assert f".tei-{element}" in css or any(f".{c}" in css for c in marked[0].get("class").split()
                                           if c.startswith("tt-"))
    text = text_of(p)
    if element == "supplied":
        assert "before [word] after" in text
    elif element == "gap":
        assert "before [...] after" in text
    elif element == "unclear":
        assert "before word [?] after" in text
    elif element == "del":  # the reading: a deletion is left out
        assert "before after" in text and "word" not in text
    elif element == "add":
        assert "before word after" in text


def test_del_and_add_apart(tmp_path: Path) -> None:
    p = doc("<p>es war <del>nichts</del><add>lange nichts</add> mehr</p>", tmp_path)
    page = html_of(p)
    assert norm(page.xpath("//*[contains(@class, 'tei-del')]")[0]) == "nichts"
    assert norm(page.xpath("//*[contains(@class, 'tei-add')]")[0]) == "lange nichts"
    assert "es war lange nichts mehr" in text_of(p)  # the reading: del out, add kept


def test_table_cells(tmp_path: Path) -> None:
    p = doc('<table><head>Prices</head><row role="label"><cell>Item</cell><cell>Cost</cell></row>'
            '<row><cell cols="2">Bread 2d</cell></row></table>', tmp_path)
    page = html_of(p)
    table = page.xpath("//table")[0]
    assert [norm(td) for td in table.xpath(".//td")] == ["Item", "Cost", "Bread 2d"]
    assert table.xpath(".//td")[2].get("colspan") == "2"
    assert norm(table.xpath("caption")[0]) == "Prices"
    assert "Item | Cost" in text_of(p)


def test_graphic_is_an_img(tmp_path: Path) -> None:
    p = doc('<figure><graphic url="images/p1.png" width="300px"/><head>Plate 1</head>'
            "<figDesc>A harbour</figDesc></figure>", tmp_path)
    page = html_of(p)
    img = page.xpath("//img")[0]
    assert img.get("src") == "images/p1.png" and img.get("alt") is not None
    assert "width: 300px" in img.get("style")


def test_ref_target_is_a_link(tmp_path: Path) -> None:
    p = doc('<p>See <ref target="https://tei-c.org/">the TEI</ref>, <ptr target="#s2"/> and '
            '<ref target="#nowhere">a dangling pointer</ref>.</p><div xml:id="s2"><p>x</p></div>',
            tmp_path)
    page = html_of(p)
    links = {a.get("href"): norm(a) for a in page.xpath("//main//p//a")}
    assert links["https://tei-c.org/"] == "the TEI"
    assert links["#s2"] == "#s2"
    assert "#nowhere" not in links  # no link to an id that is not on the page
    assert "a dangling pointer" in norm(page.xpath("//main")[0])


def test_items_are_list_items(tmp_path: Path) -> None:
    p = doc('<list><head>Things</head><item>one</item><item>two</item></list>'
            '<list type="ordered"><item>first</item><item>second</item></list>', tmp_path)
    page = html_of(p)
    assert [norm(li) for li in page.xpath("//ul/li")] == ["one", "two"]
    assert [norm(li) for li in page.xpath("//ol/li")] == ["first", "second"]
    text = text_of(p)
    assert "* one\n* two" in text and "1. first\n2. second" in text


LETTER = ("<div type='letter'><opener><dateline>Paris, 3 May 1890</dateline>"
          "<salute>Dear Theo,</salute></opener><p>The body of the letter.</p>"
          "<closer><salute>Yours ever,</salute><signed>Vincent</signed></closer>"
          "<postscript><p>PS. Write soon.</p></postscript></div>")


@pytest.mark.parametrize("element", ["opener", "closer", "dateline", "signed", "postscript",
                                     "salute"])
def test_letter_parts_are_blocks(tmp_path: Path, element: str) -> None:
    p = doc(LETTER, tmp_path)
    page = html_of(p)
    found = page.xpath(f"//*[contains(concat(' ', @class, ' '), ' tei-{element} ')]")
    assert found
    if element != "salute":  # simplePrint: a salute inside closer runs on with it
        assert all(e.tag in ("div", "p", "section") for e in found)
    text = text_of(p)
    for piece in ("Paris, 3 May 1890", "Dear Theo,", "The body of the letter.", "Vincent",
                  "PS. Write soon."):
        assert any(piece in b for b in blocks(text)), piece
    assert not any("1890" in b and "Dear Theo" in b and "body" in b for b in blocks(text))


def test_letter_has_no_contents_nor_printed_issue_footer(tmp_path: Path) -> None:
    page = html_of(doc(LETTER, tmp_path))
    assert not page.xpath("//nav")  # no headed divisions, no table of contents
    assert "printed issue" not in norm(page)


def test_msdesc_sections(tmp_path: Path) -> None:
    ms = ("<msDesc><msIdentifier><settlement>Oxford</settlement><repository>Bodleian</repository>"
          "<idno>MS Bodl. 264</idno></msIdentifier><msContents><msItem><title>Romance of "
          "Alexander</title></msItem></msContents><physDesc><objectDesc><p>Parchment, 274 "
          "leaves.</p></objectDesc></physDesc><history><origin><p>Flanders, 1338-44.</p>"
          "</origin></history></msDesc>")
    p = doc(f"<div>{ms}</div>", tmp_path)
    page = html_of(p)
    for part in ("msIdentifier", "msContents", "physDesc", "history"):
        el = page.xpath(f"//*[contains(concat(' ', @class, ' '), ' tei-{part} ')]")
        assert el and el[0].tag == "div", part
    text = text_of(p)
    assert "Parchment, 274 leaves." in text and "Flanders, 1338-44." in text
    assert not any("Bodleian" in b and "Parchment" in b for b in blocks(text))


def test_choice_shows_one_reading_and_offers_the_other(tmp_path: Path) -> None:
    p = doc("<p>a <choice><sic>mistak</sic><corr>mistake</corr></choice> here</p>", tmp_path)
    page = html_of(p)
    alt = page.xpath("//*[contains(@class, 'alternate')]")[0]
    assert norm(alt.xpath(".//*[@class='alt-default']")[0]) == "mistake"
    assert norm(alt.xpath(".//*[@class='alt-other']")[0]) == "mistak"
    assert alt.get("title") == "mistak"
    assert "a mistake here" in text_of(p) and "mistak " not in text_of(p)


def test_page_breaks_and_glyphs(tmp_path: Path) -> None:
    header = ('<encodingDesc><charDecl><char xml:id="ct"><charName>LATIN SMALL LIGATURE CT'
              '</charName><mapping type="standard">ct</mapping></char></charDecl></encodingDesc>')
    p = doc('<p>one <pb n="2"/>two <pb n="2"/>three a<g ref="#ct"/>ion</p>', tmp_path,
            header=header)
    page = html_of(p)
    pbs = page.xpath("//a[contains(@class, ' pb')]")
    assert [a.get("id") for a in pbs] == ["page-2", "page-2-2"]  # unique ids
    assert "action" in norm(page.xpath("//main//p")[0]).replace(" ", "")
    assert "action" in text_of(p)
    marked = text_edition(p, model=default_module("text"), page_markers=True)
    assert "one [p. 2] two [p. 2] three" in marked


def test_persons_from_standoff_link_and_index(tmp_path: Path) -> None:
    body = '<p><persName ref="#ann">Ann</persName> met <persName ref="#bob">Bob</persName>.</p>'
    path = tmp_path / "s.xml"
    path.write_text(
        f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>'
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
        f"</fileDesc></teiHeader><standOff><listPerson><person xml:id='ann'><persName>Ann Smith"
        f"</persName></person></listPerson><listPlace><place xml:id='x'><placeName>X</placeName>"
        f"</place></listPlace></standOff><text><body>{body}</body></text></TEI>", encoding="utf-8")
    page = html_of(path)
    ids = set(page.xpath("//@id"))
    ann = page.xpath("//main//p//*[contains(@class, 'tei-persName')]")
    assert ann[0].tag == "a" and ann[0].get("href")[1:] in ids
    assert ann[1].tag != "a"  # bob is on no list: no dangling link
    index = page.xpath("//section[contains(@class, 'index-persons')]")[0]
    assert "Ann Smith" in norm(index)
    assert index.xpath(".//a[@class='backlink']/@href") == ["#" + ann[0].get("id")]
    assert page.xpath("//section[contains(@class, 'index-places')]")  # listed, unmentioned
    assert not page.xpath("//section[contains(@class, 'index-organisations')]")  # empty: absent
    hrefs = [h[1:] for h in page.xpath("//a/@href") if h.startswith("#")]
    assert not set(hrefs) - ids


def test_tei_corpus_renders_each_member(tmp_path: Path) -> None:
    member = ('<TEI><teiHeader><fileDesc><titleStmt><title>{t}</title></titleStmt>'
              "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
              "</fileDesc></teiHeader><text><body><div><head>H</head><p>{t} text"
              '<note place="foot">n</note></p></div></body></text></TEI>')
    path = tmp_path / "c.xml"
    path.write_text(
        f'<teiCorpus xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>Corpus</title>'
        "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>"
        f"</sourceDesc></fileDesc></teiHeader>{member.format(t='First')}"
        f"{member.format(t='Second')}</teiCorpus>", encoding="utf-8")
    page = html_of(path)
    articles = page.xpath("//article")
    assert [a.xpath(".//h1")[0].text for a in articles] == ["First", "Second"]
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))
    text = text_of(path)
    assert text.index("First text") < text.index("Second text")


def test_not_tei_root_is_one_line_error(tmp_path: Path) -> None:
    from teitools.errors import NotRenderableError

    bad = tmp_path / "b.xml"
    bad.write_text(f'<div xmlns="{TEI_NS}"><p>x</p></div>', encoding="utf-8")
    with pytest.raises(NotRenderableError) as err:
        html_edition(bad, model=default_module("html"))
    assert err.value.exit_code == 2
    assert "not a TEI document" in str(err.value) and "\n" not in str(err.value)


def test_break_inside_a_word_keeps_the_word(tmp_path: Path) -> None:
    p = doc('<p>from Lon<lb break="no"/>\n   don and Ham<pb n="3" break="no"/>\n burg</p>',
            tmp_path)
    para = norm(html_of(p).xpath("//main//p")[0])
    assert "from London and Ham" in para and "burg" in para
    text = text_of(p)
    assert "from London and Hamburg" in text
