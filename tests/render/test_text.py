"""The plain-text edition: golden files, nothing lost, layout rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from teitools.render import text_edition
from teitools.xmlio import parse

from .conftest import SAMPLE, TEI, reading_words, text_parts, words

VARIANTS: dict[str, dict[str, object]] = {
    "": {},
    ".pages": {"page_markers": True},
    ".w0": {"width": 0},
}


@pytest.mark.parametrize("suffix", list(VARIANTS), ids=lambda s: s.strip(".") or "default")
def test_golden(document: Path, suffix: str, golden: Callable[[str, str], None]) -> None:
    text = text_edition(document, **VARIANTS[suffix])  # type: ignore[arg-type]
    golden(f"{document.stem}{suffix}.txt", text)


@pytest.mark.parametrize("options", [{}, {"page_markers": True}, {"width": 0},
                                     {"width": 20, "page_markers": True}],
                         ids=["default", "pages", "w0", "w20-pages"])
def test_nothing_lost(document: Path, options: dict[str, object]) -> None:
    """The words of front, body and back, in order, are the words of the edition's parts."""
    tree = parse(document)
    text = text_edition(document, **options)  # type: ignore[arg-type]
    parts = text_parts(text)[1:]  # after the title block
    tei_parts = [e for e in tree.getroot().find(TEI + "text") if isinstance(e.tag, str)]
    assert len(parts) == len(tei_parts)
    for tei_part, part in zip(tei_parts, parts, strict=True):
        name = etree.QName(tei_part).localname
        expected, actual = reading_words(tei_part), words(part)
        if expected != actual:
            n = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False))
                      if a != b), min(len(expected), len(actual)))
            pytest.fail(f"{name}: word {n} differs: TEI {expected[n:n + 8]} "
                        f"vs text {actual[n:n + 8]}")
    body = tree.getroot().find(f"{TEI}text/{TEI}body")
    assert body is not None and words(parts[[etree.QName(e).localname for e in tei_parts]
                                             .index("body")]) == reading_words(body)


def test_corrections_applied_and_markers() -> None:
    text = text_edition(SAMPLE)
    assert "an invading" in text and "aninvading" not in text
    assert "much evil" in text and "muchevil" not in text
    assert "When I arrived" in text
    assert "[p." not in text
    assert "however," in text  # pb break="no" inside "how-ever" keeps the word whole
    marked = text_edition(SAMPLE, page_markers=True, width=0)
    assert "however, [p. 12] watched" in marked
    assert "dependent on them. [p. 5] Food" in marked
    assert "\n\n[p. 13]\n\n" in marked  # a pb between paragraphs is a line of its own
    assert [int(n) for n in __import__("re").findall(r"\[p\. (\d+)\]", marked)] == \
        [1, 2, 5, 12, 13]


@pytest.mark.parametrize("width", [0, 20, 40, 72, 100])
def test_wrapping(document: Path, width: int) -> None:
    text = text_edition(document, width=width, page_markers=True)
    body = text_parts(text)[2]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    for line in text.splitlines():
        if width:
            assert len(line) <= width or " " not in line.strip(), line
    if width == 0:
        # one line per paragraph (a heading is its line plus its underline)
        assert all(len(p.strip().splitlines()) == 1 or set(p.strip().splitlines()[1]) == {"-"}
                   for p in paragraphs)
    assert "[p. " in text and not any(line.endswith("[p.") for line in text.splitlines())


def test_plain_utf8_deterministic(document: Path) -> None:
    first = text_edition(document)
    assert first == text_edition(document)
    assert first.endswith("\n") and not first.endswith("\n\n")
    assert "\r" not in first and "\t" not in first
    assert not any(0xE000 <= ord(c) <= 0xF8FF for c in first), "private-use placeholder leaked"
    for leak in ("<", "&lt;", "&amp;", "xmlns", "tei:"):
        assert leak not in first
    first.encode("utf-8")
    assert "“" in first and "’" in first  # quotation marks as printed
    assert "  " not in "\n".join(line.lstrip() for line in first.splitlines())


def test_tree_input_equals_path_input() -> None:
    assert text_edition(parse(SAMPLE)) == text_edition(SAMPLE)


def test_bad_width() -> None:
    from teitools.errors import InputError

    with pytest.raises(InputError):
        text_edition(SAMPLE, width=-1)
