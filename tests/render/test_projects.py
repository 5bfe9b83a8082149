"""Documents in the manner of public TEI projects (tests/data/render/projects, written for
these tests): a DTA-style print, a Folger-style play, an EpiDoc inscription, a critical
edition, a letter with a CMIF-style correspDesc, a manuscript description, a dictionary,
an interview, a genetic transcription (sourceDoc, facsimile), a poem anthology, a
statistical report, collected works (text/group), a teiCorpus and a P4 document —
rendered by the default processing model, with the structural checks of issue 14 on the
HTML and on the text edition."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from teitools.errors import NotRenderableError
from teitools.model import default_module
from teitools.render import html_edition, load_tei, text_edition

from .conftest import DATA
from .test_tei_documents import assert_in_order, tei_tokens

PROJECTS = DATA / "projects"
DOCUMENTS = sorted(p for p in PROJECTS.glob("*.xml") if p.stem != "legacy-p4")
Page = lxml_html.HtmlElement
#: the notes after a document's text, up to the next document's title block
NOTES = re.compile(r"\nNotes\n-----\n.*?(?=\n[^\n]+\n=+\n|\Z)", re.S)


@cache
def html_text(name: str) -> str:
    return html_edition(PROJECTS / f"{name}.xml", model=default_module("html"))


def page(name: str) -> Page:
    return lxml_html.document_fromstring(html_text(name))


@cache
def text(name: str) -> str:
    return text_edition(PROJECTS / f"{name}.xml", model=default_module("text"))


def norm(el: Page) -> str:
    return " ".join(el.text_content().split())


def cls(name: str) -> str:
    """XPath: the elements of the TEI element ``name`` (class tei-NAME)."""
    return f"//*[contains(concat(' ', @class, ' '), ' tei-{name} ')]"


def lines(name: str) -> list[str]:
    return [ln.strip() for ln in text(name).splitlines()]


def blocks(name: str) -> list[str]:
    return [b.strip() for b in text(name).split("\n\n") if b.strip()]


def on_own_lines(name: str, pieces: list[str]) -> None:
    for piece in pieces:
        assert piece in lines(name), piece


def apart(name: str, element: str) -> None:
    """Each ``tei-ELEMENT`` of the page is an HTML block of its own."""
    found = page(name).xpath(cls(element))
    assert found, element
    for el in found:
        assert el.tag in ("div", "section", "p", "li", "dd", "figure", "blockquote"), el.tag


def notes_apart(name: str, sentence_word: str, note_text: str) -> None:
    pg = page(name)
    holder = next(p for p in pg.xpath("//main//p") if sentence_word in norm(p))
    assert note_text not in norm(holder)
    refs = holder.xpath(".//a[contains(@class, 'note-ref')]")
    target = [pg.get_element_by_id(r.get("href")[1:]) for r in refs]
    hit = [t for t in target if note_text in norm(t)]
    assert hit, note_text
    back = hit[0].xpath(".//a[contains(@class, 'backlink')]")
    assert back and back[0].get("href")[1:] in {r.get("id") for r in refs}


# ------------------------------------------------------------------ the checks

def dta_choice_and_breaks() -> None:
    para = norm(page("dta-print").xpath("//main//p")[0])
    assert "Handelsſtadt" in para and "unterschiedliche" in para
    assert "Handelsſtadt an der" in text("dta-print") and "verwaltet" in text("dta-print")


def dta_rendition_hi() -> None:
    pg = page("dta-print")
    hi = pg.xpath("//main//*[normalize-space(.)='Kurtze Beſchreibung']")
    assert hi
    css = pg.findtext(".//style") or ""
    assert "font-weight:bold" in css.replace(" ", "") or "bold" in (hi[0].get("style") or "")


def dta_footnote() -> None:
    notes_apart("dta-print", "Ratsherren", "Nach dem Recess von 1603.")
    assert text("dta-print").rstrip().endswith("Nach dem Recess von 1603.")


def dta_running_heads_not_read() -> None:
    assert "Von der Stadt Hamburg." not in text("dta-print")


def play_speakers() -> None:
    pg = page("folger-play")
    speakers = pg.xpath(cls("speaker"))
    assert [norm(s) for s in speakers] == ["KING", "QUEEN", "FOOL"]
    assert all(s.tag == "div" for s in speakers)
    on_own_lines("folger-play", ["KING", "QUEEN", "FOOL"])


def play_lines() -> None:
    ls = page("folger-play").xpath(cls("l"))
    assert len(ls) == 5 and all(e.tag == "div" for e in ls)
    on_own_lines("folger-play", ["How fares our cousin on this winter night?", "Well?",
                                 "Not well, my lord.", "Who goes there?"])  # w, c, pc as written
    assert norm(ls[-1]) == "Who goes there?"


def play_cast_and_stage() -> None:
    pg = page("folger-play")
    assert len(pg.xpath(cls("castItem"))) == 3
    assert len(pg.xpath(cls("stage"))) == 3
    assert any(b == "She weeps." for b in blocks("folger-play"))


def epidoc_editorial_marks() -> None:
    pg = page("epidoc-inscription")
    for element in ("supplied", "gap", "unclear"):
        assert pg.xpath(cls(element)), element
    t = text("epidoc-inscription")
    assert "Fel[ici]" in t or "Fel{ici}" in t


def epidoc_lines() -> None:
    t = text("epidoc-inscription")
    assert "Dis Manibus" in lines("epidoc-inscription")
    assert "Caio Iulio Fel" in t


def apparatus_readings_apart(name: str, lemma: str, reading: str) -> None:
    pg = page(name)
    rdg = [r for r in pg.xpath(cls("rdg")) if reading in norm(r)]
    assert rdg
    assert lemma + reading not in text(name)  # not run together
    assert lemma + reading not in norm(pg.xpath("//main")[0])


def critical_apparatus() -> None:
    apparatus_readings_apart("critical-edition", "Gaio", "Caio")
    apparatus_readings_apart("critical-edition", "memoriter", "memoriae")
    pg = page("critical-edition")
    rdg = next(r for r in pg.xpath(cls("rdg")) if "Caio" in norm(r))
    assert "C" in norm(rdg).replace("Caio", "")  # the witness is named


def epidoc_apparatus() -> None:
    apparatus_readings_apart("epidoc-inscription", "ici", "Felic")


def letter_parts() -> None:
    for element in ("opener", "dateline", "closer", "signed", "postscript"):
        apart("correspondence", element)
    for piece in ("Leipzig, den 12. März 1871", "Lieber Jonas,", "Vergiß den Schirm nicht."):
        assert any(b == piece for b in blocks("correspondence")), piece


def letter_notes() -> None:
    notes_apart("correspondence", "unterwegs", "Cf. the letter of 2 March.")
    pg = page("correspondence")
    for note_text in ("sent by rail", "Not preserved."):
        el = [n for n in pg.xpath("//main//*[contains(@class, 'note')]") if note_text in norm(n)]
        assert el, note_text
    holder = next(p for p in pg.xpath("//main//p") if "unterwegs" in norm(p))
    words = holder.text_content().split()
    assert "gestern" in words and "Bücher" in words  # a note in place is apart from its word


def letter_names_link() -> None:
    pg = page("correspondence")
    ids = set(pg.xpath("//@id"))
    hrefs = [h[1:] for h in pg.xpath("//a/@href") if h.startswith("#")]
    assert not set(hrefs) - ids
    persons = pg.xpath("//section[contains(@class, 'index-persons')]")
    assert persons and "Clara Weber" in norm(persons[0]) and "Jonas Brand" in norm(persons[0])
    assert pg.xpath("//section[contains(@class, 'index-places')]")
    mother = [e for e in pg.xpath(cls("persName")) if norm(e) == "Deine Mutter"]
    assert mother and mother[0].tag != "a"  # #xx is on no list
    to_jonas = [a for a in pg.xpath("//main//p//a") if norm(a) == "Dir"]
    assert to_jonas and to_jonas[0].get("href") == "#index-jb"  # a ref to a listed person


def msdesc_sections() -> None:
    pg = page("manuscript")
    for part in ("msIdentifier", "msContents", "physDesc", "history", "additional"):
        el = pg.xpath(cls(part))
        assert el and el[0].tag in ("div", "section"), part
    assert len(pg.xpath(cls("msItem"))) == 2
    assert "Richard Rolle" in norm(pg.xpath(cls("msItem"))[0])  # an author in the header's msDesc
    for piece in ("Richard Rolle", "Incendium amoris", "anglicana", "Carthusian",
                  "Catalogue of 1930."):
        assert piece in text("manuscript"), piece


def dictionary_entries() -> None:
    pg = page("dictionary")
    for part in ("entry", "form", "gramGrp", "sense", "def", "cit"):
        assert pg.xpath(cls(part)), part
    assert "bank" in norm(pg.xpath(cls("orth"))[0])
    form = norm(pg.xpath(cls("form"))[0])
    assert "bankbæŋk" not in form  # orth and pron are apart
    assert "bankbæŋk" not in text("dictionary")
    xr = pg.xpath(cls("xr") + "//a")
    assert xr and xr[0].get("href") == "#e-bench"


def interview_speakers() -> None:
    pg = page("interview")
    us = pg.xpath(cls("u"))
    assert len(us) == 4
    first = norm(us[0])
    assert "Mary Long" in first or "INT" in first  # who speaks is shown
    assert "Harald Petersen" in norm(us[1]) or "HP" in norm(us[1])
    t = text("interview")
    assert t.index("Mary Long") < t.index("When did you start")


def interview_vocal_marked() -> None:
    pg = page("interview")
    for element in ("pause", "vocal", "kinesic", "incident"):
        assert pg.xpath(cls(element)), element
    index = pg.xpath("//section[contains(@class, 'index-persons')]")
    assert index and "Harald Petersen" in norm(index[0])
    t = text("interview")
    assert "(laughs)" in t and "(points at the window)" in t


def genetic_lines() -> None:
    pg = page("genetic")
    ls = pg.xpath(cls("line"))
    assert len(ls) == 4 and all(e.tag == "div" for e in ls)
    assert pg.xpath(cls("del")) and pg.xpath(cls("add")) and pg.xpath(cls("gap"))
    t = text("genetic")
    assert "and all the birds are still" in lines("genetic") or "and all the birds [?] are still" \
        in lines("genetic")
    assert "comes down" in t and "over the water" in t


def genetic_source_then_text() -> None:
    # the transcription of the source, then the reading text: in document order in both
    assert html_text("genetic").index("revise!") < html_text("genetic").index("hill,")
    assert text("genetic").index("revise!") < text("genetic").index("hill,")


def genetic_facsimile() -> None:
    imgs = page("genetic").xpath("//img")
    assert [i.get("src") for i in imgs] == ["https://example.org/images/leaf1.jpg"]
    assert imgs[0].get("alt") == "Facsimile"


def anthology_stanzas() -> None:
    pg = page("anthology")
    assert len(pg.xpath(cls("l"))) == 6
    assert pg.xpath(cls("epigraph"))
    on_own_lines("anthology", ["A lamp was lit upon the stair,",
                               "and no one knew who set it there;", "what do you say to me?"])
    stanza = [b for b in blocks("anthology") if b.startswith("A lamp")]
    assert stanza and "it burned" not in stanza[0]  # stanzas apart


def statistics_table() -> None:
    pg = page("statistics")
    table = pg.xpath("//table")[0]
    cells = table.xpath(".//td | .//th")
    assert len(cells) == 10 and all(c.tag == "td" for c in table.xpath(".//tr/*"))
    assert [c.get("colspan") for c in cells if c.get("colspan")] == ["2"]
    assert [c.get("rowspan") for c in cells if c.get("rowspan")] == ["2"]
    assert norm(table.xpath("caption")[0]) == "Ships entered, by flag"
    assert "German | 1204 | 340512" in text("statistics")


def statistics_figure_and_ref() -> None:
    pg = page("statistics")
    img = pg.xpath("//img")[0]
    assert img.get("src") == "img/chart.png" and "Bar chart" in (img.get("alt") or "")
    link = [a for a in pg.xpath("//main//a") if norm(a) == "the second table"]
    assert link and link[0].get("href") == "#tab2" and pg.get_element_by_id("tab2") is not None


def corpus_members() -> None:
    pg = page("corpus")
    articles = pg.xpath("//article")
    assert [a.xpath(".//h1")[0].text for a in articles] == ["Sermon on Patience",
                                                             "Sermon on Charity"]
    ids = pg.xpath("//@id")
    assert len(ids) == len(set(ids))
    notes_apart("corpus", "Patience is", "Cf. Luke 21:19.")
    notes_apart("corpus", "Charity covers", "1 Peter 4:8.")
    t = text("corpus")
    assert t.index("Patience is") < t.index("Charity covers")
    on_own_lines("corpus", ["Love is patient,", "love is kind."])


def group_contents() -> None:
    pg = page("collected-works")
    navs = pg.xpath("//nav[contains(@class, 'toc')]")
    entries = [[(a.get("href"), norm(a)) for a in nav.xpath(".//a")] for nav in navs]
    assert [[t for _, t in e] for e in entries] == [
        ["A Journey", "The Return", "Notes to the prose"], ["A Song"]]
    for href, title in (x for e in entries for x in e):  # each leads to its own heading
        assert norm(pg.get_element_by_id(href[1:]).xpath("./h2 | ./h3")[0]) == title
    assert pg.xpath(cls("floatingText"))
    assert "Notes to the prose" in norm(pg)


def caesura_apart() -> None:
    line = norm(page("collected-works").xpath(cls("l"))[0])
    assert "wide the sea" in line
    assert "The sea is wide the sea is deep," in lines("collected-works")


CHECKS: dict[str, Callable[[], None]] = {f.__name__: f for f in (
    dta_choice_and_breaks, dta_rendition_hi, dta_footnote, dta_running_heads_not_read,
    play_speakers, play_lines, play_cast_and_stage, epidoc_editorial_marks, epidoc_lines,
    epidoc_apparatus, critical_apparatus, letter_parts, letter_notes, letter_names_link,
    msdesc_sections, dictionary_entries, interview_speakers, interview_vocal_marked,
    genetic_lines, genetic_source_then_text, genetic_facsimile, anthology_stanzas, statistics_table,
    statistics_figure_and_ref, corpus_members, group_contents, caesura_apart)}


@pytest.mark.parametrize("check", list(CHECKS), ids=str)
def test_construct(check: str) -> None:
    CHECKS[check]()


# ------------------------------------------------------------ every document

@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_word_in_order(path: Path) -> None:
    root = load_tei(path).tree.getroot()
    pg = page(path.stem)
    body = " ".join(" ".join(t.itertext()) for t in
                    pg.xpath("//article/*[contains(concat(' ', @class, ' '), ' tei-text ')]"))
    assert_in_order(tei_tokens(root), body, "html")
    # without the notes after each document (a corpus has one list per member)
    plain_body = NOTES.sub("", text(path.stem))
    assert_in_order(tei_tokens(root, reading=True), plain_body, "text")


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_links_resolve(path: Path) -> None:
    pg = page(path.stem)
    ids = pg.xpath("//@id")
    assert len(ids) == len(set(ids))
    hrefs = {h[1:] for h in pg.xpath("//a/@href") if h.startswith("#") and h != "#"}
    assert not hrefs - set(ids)


def test_nu_checker_accepts_every_page(vnu: list[str], tmp_path: Path) -> None:
    files = []
    for path in DOCUMENTS:
        out = tmp_path / f"{path.stem}.html"
        out.write_text(html_text(path.stem), encoding="utf-8")
        files.append(str(out))
    run = subprocess.run([*vnu, *files], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (run.stderr or run.stdout)[:3000]


def test_p4_document_is_refused_without_fetching_its_dtd() -> None:
    path = PROJECTS / "legacy-p4.xml"
    assert re.search(r'SYSTEM "https?://', path.read_text(encoding="latin-1"))
    with pytest.raises(NotRenderableError) as err:  # the parser has no network (xmlio)
        html_edition(path, model=default_module("html"))
    assert err.value.exit_code == 2 and "TEI.2" in str(err.value) and "P4" in str(err.value)
    assert etree.QName(etree.parse(str(path), etree.XMLParser(no_network=True, load_dtd=False))
                       .getroot()).localname == "TEI.2"
