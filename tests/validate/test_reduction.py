"""Reducing a RELAX NG grammar to a document's element names never changes a verdict."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teitools.validate import relaxng
from teitools.xmlio import TEI_NS

from .conftest import DATA, REPO, reference

NAMES = ["p", "item", "head", "list", "hi", "title", "note", "div", "q", "ab", "lg", "l",
         "seg", "name", "said", "quote", "bibl", "date", "author", "foo"]
ATTRS = ["rend", "type", "n", "foo", "when", "{http://www.w3.org/XML/1998/namespace}id"]


def _sources() -> list[Path]:
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


@pytest.mark.parametrize("schema", ["tei_lite.rng", "tei_bare.rng"])
def test_reduced_verdicts_equal_full_grammar(schema: str) -> None:
    path = reference(schema)
    full = etree.RelaxNG(etree.parse(str(path)))
    grammar = relaxng.Grammar(path)
    verdicts = []
    for src in _sources():
        for tree in mutants(src, 40):
            names = relaxng._element_names(tree)
            reduced = etree.RelaxNG(grammar.reduced(names))
            expected = full.validate(tree)
            assert reduced.validate(tree) == expected, etree.tostring(tree)[:300]
            verdicts.append(expected)
    assert True in verdicts and False in verdicts  # both kinds were exercised


@pytest.mark.slow
@pytest.mark.conformance
@pytest.mark.skipif(shutil.which("jing") is None, reason="jing is not installed")
def test_tei_all_verdicts_equal_jing(tmp_path: Path) -> None:
    schema = reference("tei_all.rng")
    files: list[Path] = []
    for src in _sources():
        for i, tree in enumerate(mutants(src, 12, seed=61)):
            out = tmp_path / f"{src.stem}-{i:02}.xml"
            tree.write(str(out), encoding="UTF-8", xml_declaration=True)
            files.append(out)
    proc = subprocess.run(["jing", str(schema), *map(str, files)], capture_output=True,
                          text=True, timeout=120)
    jing_invalid = {Path(line.split(":", 1)[0]) for line in proc.stdout.splitlines()
                    if ": error:" in line}
    grammar = relaxng.Grammar(schema)
    assert grammar.reducible
    for f in files:
        tree = etree.parse(str(f))
        ok = grammar.validator(relaxng._element_names(tree)).validate(tree)
        assert ok == (f not in jing_invalid), f
    assert jing_invalid and len(jing_invalid) < len(files)
