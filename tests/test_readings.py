"""The reading the exports carry and the text editions' words are the same.

The reading is defined once (``xslt/common/reading.xsl``); the exports take it through
``export-reading.xsl`` (teitools.export.reading), the text editions apply the same mode
with a layout of their own.  This test checks the one against the other, for the
processing model each document renders with (the repository's: schema/rustbelt.odd's)
and for the default one (tei_simplePrint): ``choice`` → ``corr``, ``del`` left
out, ``pb break="no"`` joining a word, verse lines, list labels and table cells as
words of their own.

What an edition prints besides the text is taken out of the comparison: notes (the
exports leave them out of a paragraph's text, the editions print them where they stand
or as footnotes), the standoff lists (the editions' indexes) and pointers (an edition
prints a ``ptr``'s target), all removed from a copy of the document, and the numbers
of an ordered list.  ``read()`` reads one block (a paragraph, a heading); the edition's
parts are compared with the words of their blocks in document order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from support.paths import ARTICLE, DATA, TEI_NS
from teitools.export.reading import in_reading, read
from teitools.model import default_module, find_model
from teitools.render import text_edition

T = f"{{{TEI_NS}}}"
#: Elements the text edition sets as blocks of their own.
BLOCKS = {f"{T}{name}" for name in (
    "p", "head", "item", "label", "list", "div", "ab", "lg", "l", "titlePage", "titlePart",
    "docTitle", "docAuthor", "docImprint", "docDate", "byline", "dateline", "address",
    "addrLine", "opener", "closer", "salute", "signed", "trailer", "argument", "epigraph",
    "quote", "sp", "speaker", "stage", "table", "row", "cell", "figure", "listBibl", "bibl")}

DOCUMENTS = [
    ARTICLE,
    DATA / "render" / "sample.xml",
    DATA / "export" / "small.xml",
    DATA / "export" / "bare.xml",
    DATA / "validate" / "valid.xml",
    DATA / "validate" / "doc-mini.xml",
    DATA / "odd" / "docs" / "lite.xml",
    DATA / "odd" / "docs" / "minimal.xml",
    DATA / "odd" / "docs" / "bare.xml",
]

_RULE = re.compile(r"^_{8,}$", re.M)
_NUMBER = re.compile(r"^( *)\d+\. ", re.M)  # an ordered list's item number


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _blocks(el: etree._Element) -> list[etree._Element]:
    """The innermost blocks of ``el`` in document order (``el`` itself if it has none
    or has text of its own beside them)."""
    children = [c for c in el if isinstance(c.tag, str)]
    own_text = (el.text or "").strip() or any((c.tail or "").strip() for c in children)
    if own_text or not any(c.tag in BLOCKS for c in children):
        return [el]
    out: list[etree._Element] = []
    for child in children:
        if child.tag == f"{T}div" and child.get("type") == "standoff":
            continue  # the edition's indexes, not its text
        out.extend(_blocks(child))
    return out


def _without_notes(path: Path, tmp: Path) -> Path:
    """A copy of ``path`` without notes, standoff lists and pointers."""
    tree = etree.parse(str(path))
    for note in [*tree.iter(f"{T}note", f"{T}ptr"),
                 *tree.iterfind(f".//{T}div[@type='standoff']")]:
        parent = note.getparent()
        assert parent is not None
        if note.tail:
            prev = note.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + note.tail
            else:
                parent.text = (parent.text or "") + note.tail
        parent.remove(note)
    out = tmp / path.name
    tree.write(str(out), encoding="UTF-8", xml_declaration=True)
    return out


def _label(path: Path) -> str:
    return f"{path.stem}-odd" if path.parent.name == "docs" else path.stem


#: The editions compared: the model the document renders with (the repository's,
#: schema/rustbelt.text.xsl) and the default processing model (tei_simplePrint).
EDITIONS = {"own": None, "simplePrint": default_module("text")}


@pytest.mark.parametrize("edition", list(EDITIONS))
@pytest.mark.parametrize("path", DOCUMENTS, ids=_label)
def test_export_reading_and_text_edition_have_the_same_words(path: Path, edition: str,
                                                              tmp_path: Path) -> None:
    copy = _without_notes(path, tmp_path)
    root = etree.parse(str(copy)).getroot()
    text = root.find(f"{T}text")
    assert text is not None
    # the stylesheet the document itself renders with (the copy lies outside its project)
    model = EDITIONS[edition] or find_model(path, "text").path
    edition_text = _NUMBER.sub(r"\1", text_edition(copy, width=0, model=model))
    parts = _RULE.split(edition_text)[1:]  # after the title block
    # the export reading of each part, block by block (a part without text is not printed)
    readings = [[w for block in _blocks(part) if in_reading(block)
                 for w in words(read(block).text)]
                for part in text if isinstance(part.tag, str)]
    readings = [r for r in readings if r]
    assert len(parts) == len(readings)
    for python, edition_part in zip(readings, parts, strict=True):
        xslt = words(edition_part)
        if python != xslt:
            n = next((i for i, (a, b) in enumerate(zip(python, xslt, strict=False)) if a != b),
                     min(len(python), len(xslt)))
            pytest.fail(f"word {n}: export reading {python[max(0, n - 3):n + 5]} vs text "
                        f"edition {xslt[max(0, n - 3):n + 5]}")
    assert sum(len(words(p)) for p in parts) > 0
