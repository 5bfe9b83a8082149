"""Reducing a RELAX NG grammar to a document's element names never changes a verdict."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from teitools.validate import relaxng

from .conftest import reference
from .mutate import mutants, sources


@pytest.mark.parametrize("schema", ["tei_lite.rng", "tei_bare.rng"])
def test_reduced_verdicts_equal_full_grammar(schema: str) -> None:
    path = reference(schema)
    full = etree.RelaxNG(etree.parse(str(path)))
    grammar = relaxng.Grammar(path)
    verdicts = []
    for src in sources():
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
    for src in sources():
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
