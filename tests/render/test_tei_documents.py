"""TEI's own test documents through the default processing model (tei_simplePrint):
each gives HTML the Nu checker accepts, carrying every word of text/ in order, and a
plain-text edition with the same words in the same order (notes after the text)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from teitools.errors import InvalidDocumentError, NotRenderableError
from teitools.model import default_module
from teitools.render import html_edition, load_tei, text_edition

from .conftest import ARTIFACTS, DATA, REPO

TEI = "{http://www.tei-c.org/ns/1.0}"
SHARED = REPO.parent / "shared" / "tei-p5" / "test-documents"
LOCAL = DATA / "tei-test-documents"


def _tei_documents() -> list[Path]:
    found: dict[str, Path] = {p.name: p for p in sorted(LOCAL.glob("*.xml"))}
    if SHARED.is_dir():
        for p in sorted(SHARED.glob("*.xml")):
            found.setdefault(p.name, p)
    out = []
    for path in found.values():
        try:
            load_tei(path)
        except (InvalidDocumentError, NotRenderableError):
            continue  # not TEI (an Ant build file, DocBook, a bare <div>, P4): not for editions
        out.append(path)
    return sorted(out, key=lambda p: p.name)


DOCUMENTS = _tei_documents()


def test_shared_documents_or_local_copies() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} absent: only the {len(list(LOCAL.glob('*.xml')))} local copies run")
    assert len(DOCUMENTS) >= 40


# ------------------------------------------------------------------------ words

#: choice children an edition does not show as the reading (when their pair is there)
_ALTERNATES = {"sic": "corr", "orig": "reg", "abbr": "expan"}
#: note/@place values shown where the note is (common/rendition.xsl, tt:notes-in-place)
IN_PLACE = {None, "inline", "margin", "left", "right", "marginLeft", "marginRight", "margin-left",
            "margin-right", "inspace", "above", "below", "interlinear"}


#: what the reading leaves out besides (xslt/common/reading.xsl): the plain text prints
#: the reading, the HTML shows deletions, running heads and figure descriptions too
_UNREAD = {"del", "fw", "figDesc"}


def _skipped(e: etree._Element, reading: bool = False) -> bool:
    name = etree.QName(e).localname
    if reading and name in _UNREAD:
        return True
    parent = e.getparent()
    if parent is not None and parent.tag == TEI + "choice" and name in _ALTERNATES:
        return parent.find(TEI + _ALTERNATES[name]) is not None
    return name == "note" and e.get("place") not in IN_PLACE  # a footnote


def tei_tokens(root: etree._Element, *, notes: bool = False, reading: bool = False) -> list[str]:
    """The words of every text/ in document order; element boundaries separate words
    (``notes``: the words of the footnotes instead; ``reading``: without what the
    reading leaves out)."""
    out: list[str] = []

    def walk(e: etree._Element, inside: bool) -> None:
        if not isinstance(e.tag, str):
            return
        skip = _skipped(e, reading)
        is_note = etree.QName(e).localname == "note" and skip
        here = inside or (notes and is_note)
        if skip and not (notes and is_note):
            return
        if (not notes or here) and e.text:
            out.append(e.text)
        out.append(" ")
        for child in e:
            walk(child, here)
            if (not notes or here) and child.tail:
                out.append(child.tail)
            out.append(" ")

    texts = [t for t in root.iter(TEI + "text") if t.getparent() is not None
             and t.getparent().tag == TEI + "TEI"]
    for t in texts:
        walk(t, False)
    return re.findall(r"\w+", "".join(out))


def assert_in_order(expected: list[str], actual_text: str, what: str) -> None:
    """Each expected word occurs in the output after the previous one (words the output
    adds, like note numbers or a gap's extent, are allowed; none may be missing)."""
    stream = "".join(re.findall(r"\w+", actual_text))
    pos = 0
    for i, word in enumerate(expected):
        found = stream.find(word, pos)
        if found < 0:
            context = " ".join(expected[max(0, i - 5):i + 5])
            pytest.fail(f"{what}: word {i} {word!r} missing (around: {context})")
        pos = found + len(word)


def _render(path: Path) -> tuple[str, str]:
    return (html_edition(path, model=default_module("html")),
            text_edition(path, model=default_module("text"), width=0))


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_word_in_order(path: Path) -> None:
    root = load_tei(path).tree.getroot()
    html_text, plain = _render(path)
    page = lxml_html.document_fromstring(html_text)
    body = " ".join(" ".join(t.itertext()) for t in
                    page.xpath("//article/*[contains(concat(' ', @class, ' '), ' tei-text ')]"))
    expected = tei_tokens(root)
    assert expected or not body.strip()
    assert_in_order(expected, body, "html")
    plain_body, _, plain_notes = plain.partition("\nNotes\n-----\n")
    assert_in_order(tei_tokens(root, reading=True), plain_body, "text")
    note_words = tei_tokens(root, notes=True)
    notes_html = " ".join(" ".join(s.itertext()) for s in page.xpath("//section[@class='notes']"))
    assert_in_order(note_words, notes_html, "html notes")
    assert_in_order(tei_tokens(root, notes=True, reading=True), plain_notes, "text notes")


@pytest.mark.slow
def test_nu_checker_accepts_every_page(vnu: list[str], tmp_path: Path) -> None:
    files = []
    for path in DOCUMENTS:
        out = tmp_path / f"{path.stem}.html"
        out.write_text(html_edition(path, model=default_module("html")), encoding="utf-8")
        files.append(str(out))
    run = subprocess.run([*vnu, *files], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, (run.stderr or run.stdout)[:3000]
    ARTIFACTS.mkdir(exist_ok=True)
