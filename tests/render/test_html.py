"""The HTML edition: golden files, structure, links, conformance (Nu HTML checker)."""

from __future__ import annotations

import itertools
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree, html

from teitools.render import html_edition
from teitools.xmlio import parse

from .conftest import ARTIFACTS, SAMPLE, TEI, documents


def page(document: Path) -> html.HtmlElement:
    return html.document_fromstring(html_edition(document))


#: A fixed generator name, so that the golden files do not change with the version.
GENERATOR = "teitools"


def test_golden(document: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"{document.stem}.html", html_edition(document, generator=GENERATOR))


def test_self_contained(document: Path) -> None:
    doc = page(document)
    assert doc.get("lang") == "en"
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //embed")
    assert not doc.xpath("//@src")
    assert "url(" not in doc.findtext(".//style") and "@import" not in doc.findtext(".//style")
    assert doc.xpath("//meta[@name='viewport']") and "@media print" in doc.findtext(".//style")


def test_landmarks_and_headings(document: Path) -> None:
    doc = page(document)
    body = doc.find("body")
    assert [e.tag for e in body if e.tag in ("header", "nav", "main", "footer")] == \
        ["header", "nav", "main", "footer"]
    assert len(doc.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    ids = Counter(doc.xpath("//@id"))
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"


def test_title_block(document: Path) -> None:
    doc = page(document)
    header = doc.find(".//header")
    assert header.findtext("h1") == "Perestroika in the Soviet Rustbelt"
    terms = [dt.text_content() for dt in header.iter("dt")]
    assert terms == ["Printed source", "Digitization", "Licence", "Cite this edition"]
    text = header.text_content()
    for needle in ("Stephen Kotkin", "The Harriman Institute Forum 4, no. 2 (February 1991): 1–16",
                   "0896-114X", "harrimaninstitut04unse_0",
                   "https://archive.org/details/harrimaninstitut04unse_0",
                   "Creative Commons Attribution 4.0", "TEI edition"):
        assert needle in text


def test_every_internal_link_has_a_target(document: Path) -> None:
    doc = page(document)
    ids = set(doc.xpath("//@id"))
    hrefs = [h[1:] for h in doc.xpath("//a/@href") if h.startswith("#")]
    assert hrefs and not sorted(set(hrefs) - ids)
    toc = [a.get("href")[1:] for a in doc.xpath("//nav//a")]
    tree = parse(document)
    divs = tree.xpath("/tei:TEI/tei:text/tei:body/tei:div/@xml:id", namespaces={"tei": TEI[1:-1]})
    assert set(divs) <= set(toc)


def test_page_markers(document: Path) -> None:
    tree = parse(document)
    pbs = [pb.get("n") for pb in tree.iter(TEI + "pb")]
    doc = page(document)
    markers = doc.xpath("//a[contains(concat(' ', @class, ' '), ' pb ')]")
    assert [m.get("data-page") for m in markers] == pbs
    assert [m.get("id") for m in markers] == [f"page-{n}" for n in pbs]


def test_speakers_and_voices(document: Path) -> None:
    tree = parse(document)
    said = [s for s in tree.iter(TEI + "said") if s.xpath("ancestor::tei:text",
                                                          namespaces={"tei": TEI[1:-1]})]
    doc = page(document)
    qs = doc.xpath("//main//q[contains(@class, 'said')]")
    assert len(qs) == len(said)
    for q in qs:
        assert q.get("data-speaker") and q.get("title", "").startswith(q.get("data-speaker"))
        assert any(c.startswith("who-") and c != "who-0" for c in q.get("class").split())
    # the Voices index lists each quotation once, linked
    voice_links = doc.xpath("//section[@id='voices']//section[contains(@class,'voice')]"
                            "[not(contains(@class,'written')) and not(contains(@class,'sayings'))]"
                            "//a/@href")
    assert sorted(h[1:] for h in voice_links) == sorted(q.get("id") for q in qs)
    # one colour class per speaker
    speakers = {q.get("data-speaker"): q.get("class").split()[1] for q in qs}
    assert len(set(speakers.values())) == len(speakers)


def test_entity_indexes(document: Path) -> None:
    tree = parse(document)
    ns = {"tei": TEI[1:-1]}
    mentions = tree.xpath("/tei:TEI/tei:text//*[self::tei:persName or self::tei:placeName or "
                          "self::tei:orgName][@ref][not(ancestor::tei:div[@type='standoff'])]",
                          namespaces=ns)
    doc = page(document)
    targets = doc.xpath("//main//*[contains(concat(' ', @class, ' '), ' name ')]")
    assert len(targets) == len(mentions)
    backlinks = doc.xpath("//section[contains(@class,'entities')]//ul[@class='mentions']//a")
    assert len(backlinks) == len(mentions)
    by_id = {t.get("id"): t for t in targets}
    for a in backlinks:
        entry = a.xpath("ancestor::li[@id][1]")[0].get("id").split("-", 1)[1]
        assert entry in by_id[a.get("href")[1:]].get("data-ref").split()
        assert a.text.startswith("p. ")


def test_corrections_foreign_titles() -> None:
    doc = page(SAMPLE)
    corr = doc.xpath("//span[@class='corr']")
    assert [c.text_content() for c in corr][:2] == ["The Harriman Institute Forum", "an invading"]
    assert corr[1].get("title") == "Source reads “aninvading” (word spacing)"
    assert [(i.get("lang"), i.text) for i in doc.xpath("//i[@class='foreign']")] == \
        [("ru-Latn", "gorkom"), ("la", "de facto")]
    levels = {c.get("class") for c in doc.xpath("//main//cite")}
    assert {"title title-a", "title title-j", "title title-m"} <= levels
    # nested names: no link inside a link
    assert not doc.xpath("//a//a")


@pytest.mark.slow
def test_valid_html5(vnu: list[str], tmp_path: Path) -> None:
    files = []
    for document in documents():
        out = tmp_path / f"{document.stem}.html"
        out.write_text(html_edition(document), encoding="utf-8")
        files.append(str(out))
    run = subprocess.run([*vnu, *files], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr or run.stdout


def test_html_is_well_formed_enough_for_xml_tools(document: Path) -> None:
    """Every element the HTML parser sees was closed where the stylesheet closed it."""
    text = html_edition(document)
    assert text.startswith("<!DOCTYPE HTML>")
    parser = etree.HTMLParser(recover=False)
    etree.fromstring(text.encode("utf-8"), parser)
    ARTIFACTS.mkdir(exist_ok=True)
