"""Reading texts of the encoded article, and the seed OCR cut into the same parts.

``reading(elem, "sic")`` is the text as the OCR had it (choice → sic),
``reading(elem, "corr")`` the edited text (choice → corr).  Both drop the
standoff lists, which are the editors' words, not the article's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"

# How the seed OCR maps onto the TEI document (line numbers are 1-based).
# These are the encoding decisions recorded in the teiHeader (editorialDecl):
# the Internet Archive's added leaf goes to the header, the page-1 title block
# and footer to <front>, the duplicated passage is encoded once, and running
# heads and folios are omitted.
IA_LEAF = range(1, 18)
FRONT_LINES = [*range(18, 27), *range(56, 72), *range(101, 107)]
DUPLICATE = range(1777, 1794)  # running head + OCR repeat of lines 1761–1774
BACK_START = 1840
RUNNING_HEAD = re.compile(r"^\s*(The Harriman Institute Forum|Stephen Kotkin|\d{1,2}|e)\s*$")


def seed_parts(lines: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Split the seed into front / body / back line lists of (line number, text)."""
    front_set = set(FRONT_LINES)
    parts: dict[str, list[tuple[int, str]]] = {"front": [], "body": [], "back": []}
    for number, text in enumerate(lines, start=1):
        if number in IA_LEAF or number in DUPLICATE:
            continue
        if number >= BACK_START:
            parts["back"].append((number, text))
        elif number in front_set:
            parts["front"].append((number, text))
        elif RUNNING_HEAD.match(text):
            continue
        else:
            parts["body"].append((number, text))
    return parts


_SPLIT = re.compile(r"[\s\u2014\u2013]+")
_NONWORD = re.compile(r"[^\w]+")


def words(text: str) -> list[str]:
    """Word tokens: split on space and dashes, keep only letters and digits."""
    out = []
    for raw in _SPLIT.split(text):
        token = _NONWORD.sub("", raw)
        if token:
            out.append(token)
    return out


def seed_words(numbered: Iterable[tuple[int, str]]) -> list[tuple[str, int]]:
    """Seed tokens with their line numbers; a line-end hyphen joins the word halves.

    Because ``words`` drops the hyphen, "gar-/den" and the encoded "garden"
    compare equal, and so do "long-/range" and a kept "long-range".
    """
    tokens: list[tuple[str, int]] = []
    carry: tuple[str, int] | None = None
    for number, text in numbered:
        stripped = text.rstrip()
        if not stripped:
            continue
        line_tokens = [(w, number) for w in words(stripped)]
        if carry and line_tokens:
            first, _ = line_tokens[0]
            line_tokens[0] = (carry[0] + first, carry[1])
            carry = None
        elif carry:
            tokens.append(carry)
            carry = None
        if re.search(r"[A-Za-z]-$", stripped) and line_tokens:
            carry = line_tokens.pop()
        tokens.extend(line_tokens)
    if carry:
        tokens.append(carry)
    return tokens


def _iter_text(elem: etree._Element, mode: str) -> Iterator[str]:
    tag = elem.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return
    if tag == f"{TEI}choice":
        wanted = f"{TEI}sic" if mode == "sic" else f"{TEI}corr"
        for child in elem:
            if child.tag == wanted:
                yield from _iter_text(child, mode)
        return
    if tag == f"{TEI}div" and elem.get("type") == "standoff":
        return
    if elem.text:
        yield elem.text
    for child in elem:
        yield from _iter_text(child, mode)
        if child.tail:
            yield child.tail


def reading(elem: etree._Element, mode: str = "corr") -> str:
    """The text of ``elem`` with every choice resolved to its sic or corr."""
    # Block elements are separated so that words never fuse across them.
    parts: list[str] = []
    for piece in _iter_text(elem, mode):
        parts.append(piece)
    return "".join(parts)


def block_reading(elem: etree._Element, mode: str = "corr") -> str:
    """Like ``reading`` but with a space after each paragraph-level element."""
    blocks = {f"{TEI}{n}" for n in ("p", "head", "titlePart", "byline", "docImprint",
                                    "docDate", "docAuthor", "item", "l", "ab")}
    copy = etree.fromstring(etree.tostring(elem))
    for el in copy.iter():
        if el.tag in blocks:
            el.tail = " " + (el.tail or "")
    return reading(copy, mode)
