"""Randomly damaged copies of valid documents, for verdict-equivalence tests.

(The systematic mutations of the conformance corpus are in :mod:`support.conformance`.)
"""

from __future__ import annotations

import random
from pathlib import Path

from lxml import etree

from .paths import ARTICLE, DATA, TEI_NS

NAMES = ["p", "item", "head", "list", "hi", "title", "note", "div", "q", "ab", "lg", "l",
         "seg", "name", "said", "quote", "bibl", "date", "author", "foo"]
ATTRS = ["rend", "type", "n", "foo", "when", "{http://www.w3.org/XML/1998/namespace}id"]


def sources() -> list[Path]:
    """The valid documents mutants are made from: a small one and the article."""
    docs = [DATA / "validate" / "valid.xml"]
    if ARTICLE.is_file():
        docs.append(ARTICLE)
    return docs


def mutants(path: Path, count: int, seed: int = 6) -> list[etree._ElementTree]:
    """The document itself plus ``count`` randomly damaged copies (renamed, removed or
    moved element, added attribute, stray text), the same for the same ``seed``."""
    rng = random.Random(seed)
    base = etree.parse(str(path))
    out = [base]
    for _ in range(count):
        tree = etree.ElementTree(etree.fromstring(etree.tostring(base)))
        elements = list(tree.getroot().iter(etree.Element))[1:]
        victim = rng.choice(elements)
        op = rng.randrange(5)
        if op == 0:
            victim.tag = f"{{{TEI_NS}}}{rng.choice(NAMES)}"
        elif op == 1 and victim.getparent() is not None:
            victim.getparent().remove(victim)  # type: ignore[union-attr]
        elif op == 2:
            target = rng.choice(elements)
            if victim not in target.iterancestors() and victim is not target:
                target.insert(rng.randrange(len(target) + 1), victim)
        elif op == 3:
            victim.set(rng.choice(ATTRS), rng.choice(["x", "2020-01-01", "italic", "p1"]))
        else:
            victim.text = (victim.text or "") + "stray text"
        out.append(tree)
    return out
