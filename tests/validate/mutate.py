"""Randomly damaged copies of valid documents, for verdict-equivalence tests."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from lxml import etree

from teitools.validate import relaxng
from teitools.xmlio import TEI_NS

from .conftest import DATA, REPO

NAMES = ["p", "item", "head", "list", "hi", "title", "note", "div", "q", "ab", "lg", "l",
         "seg", "name", "said", "quote", "bibl", "date", "author", "foo"]
ATTRS = ["rend", "type", "n", "foo", "when", "{http://www.w3.org/XML/1998/namespace}id"]


def sources() -> list[Path]:
    docs = [DATA / "valid.xml"]
    article = REPO / "tei" / "kotkin-1991-rustbelt.xml"
    if article.is_file():
        docs.append(article)
    return docs


def mutants(path: Path, count: int, seed: int = 6) -> list[etree._ElementTree]:
    """The document itself plus ``count`` randomly damaged copies."""
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


def verdicts_beside_jing(schema: Path, out: Path, count: int, seed: int
                         ) -> list[tuple[Path, bool, bool]]:
    """(file, teitools' verdict, jing's) for the sources and ``count`` mutants of each.

    teitools' verdict is the production path: the grammar :class:`relaxng.Grammar`
    compiles for the document (reduced and simplified as it would be).
    """
    files: list[Path] = []
    for src in sources():
        for i, tree in enumerate(mutants(src, count, seed=seed)):
            if any(not str(v)[:1].isalpha() for v in
                   tree.xpath("//@xml:id")):  # type: ignore[union-attr]
                continue  # lxml refuses to read a malformed xml:id back
            path = out / f"{src.stem}-{i:02}.xml"
            tree.write(str(path), encoding="UTF-8", xml_declaration=True)
            files.append(path)
    proc = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True,
                          text=True, timeout=120)
    jing_invalid = {Path(line.split(":", 1)[0]) for line in proc.stdout.splitlines()
                    if ": error:" in line}
    grammar = relaxng.Grammar(schema)
    verdicts = []
    for f in files:
        tree = etree.parse(str(f))
        ok = grammar.validator(relaxng.element_names(tree)).validate(tree)
        verdicts.append((f, bool(ok), f not in jing_invalid))
    return verdicts
