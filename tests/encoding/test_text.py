"""The encoded text against the seed OCR, word by word.

The TEI's *sic* reading (every recorded correction undone) must reproduce the
OCR's words exactly, in order; so every difference between the edition and the
OCR is a recorded ``choice``.  Hyphenation, quotation-mark normalisation and
the removed stray marks are invisible to the comparison by construction (it
compares letters and digits only); running heads, folios and the duplicated
passage are cut from the seed as the header declares.
"""

from __future__ import annotations

import difflib
from collections import Counter

import pytest
from lxml import etree

from .conftest import NS
from .reading import block_reading, seed_parts, seed_words, words


def _gaps(seed: list[tuple[str, int]], tei: list[str], limit: int = 25) -> list[str]:
    matcher = difflib.SequenceMatcher(a=[w for w, _ in seed], b=tei, autojunk=False)
    gaps = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        line = seed[a1][1] if a1 < len(seed) else seed[-1][1]
        gaps.append(
            f"seed l.{line}: {op} seed={[w for w, _ in seed[a1:a2]]} tei={tei[b1:b2]}"
        )
    return gaps[:limit]


@pytest.mark.parametrize(("part", "minimum"), [("body", 10_000), ("back", 150)])
def test_sic_reading_matches_seed_word_for_word(
    article: etree._ElementTree, seed_lines: list[str], part: str, minimum: int
) -> None:
    element = article.find(f".//tei:text/tei:{part}", NS)
    assert element is not None
    seed = seed_words(seed_parts(seed_lines)[part])
    tei = words(block_reading(element, "sic"))
    gaps = _gaps(seed, tei)
    assert not gaps, f"{part} differs from the seed:\n" + "\n".join(gaps)
    assert len(tei) > minimum


def test_front_matter_has_the_same_words_as_the_page_one_title_block(
    article: etree._ElementTree, seed_lines: list[str]
) -> None:
    # The title block is scattered through the OCR of page 1, so order is not compared.
    front = article.find(".//tei:text/tei:front", NS)
    assert front is not None
    seed = Counter(w for w, _ in seed_words(seed_parts(seed_lines)["front"]))
    tei = Counter(words(block_reading(front, "sic")))
    assert seed == tei, f"missing: {seed - tei}; extra: {tei - seed}"


def test_every_correction_changes_something(article: etree._ElementTree) -> None:
    choices = article.findall(".//tei:text//tei:choice", NS)
    assert len(choices) >= 40
    for choice in choices:
        sic = choice.find("tei:sic", NS)
        corr = choice.find("tei:corr", NS)
        assert sic is not None and corr is not None, etree.tostring(choice)
        assert "".join(sic.itertext()) != "".join(corr.itertext()), etree.tostring(choice)
        assert corr.get("type") in {"spacing", "character", "omission", "case", "punctuation"}


@pytest.mark.parametrize(
    ("sic", "corr"),
    [
        ("T", "I"),  # "T heard" → "I heard"
        ("aninvading", "an invading"),
        ("muchevil", "much evil"),
        ("Chesev", "Cheshev"),
    ],
)
def test_known_ocr_errors_are_recorded(article: etree._ElementTree, sic: str, corr: str) -> None:
    pairs = {
        ("".join(c.find("tei:sic", NS).itertext()), "".join(c.find("tei:corr", NS).itertext()))
        for c in article.findall(".//tei:choice", NS)
    }
    assert (sic, corr) in pairs


def test_duplicated_passage_is_encoded_once(article: etree._ElementTree) -> None:
    text = " ".join(words(block_reading(article.find(".//tei:body", NS), "corr")))
    assert text.count("Such a move which does not appear imminent") == 1
    header = " ".join(article.find("tei:teiHeader", NS).itertext())
    assert "1780" in header and "1793" in header  # the header says where the repeat was


def test_no_running_heads_in_the_body(article: etree._ElementTree) -> None:
    for p in article.findall(".//tei:body//tei:p", NS):
        text = " ".join("".join(p.itertext()).split())
        assert "Harriman Institute Forum" not in text
