"""Reducing a RELAX NG grammar to a document's element names never changes a verdict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from teitools.validate import relaxng

from .conftest import reference
from .mutate import mutants, sources, verdicts_beside_jing


@pytest.mark.parametrize("schema", ["tei_lite.rng", "tei_bare.rng"])
def test_reduced_verdicts_equal_full_grammar(schema: str) -> None:
    path = reference(schema)
    full = etree.RelaxNG(etree.parse(str(path)))
    grammar = relaxng.Grammar(path)
    verdicts = []
    for src in sources():
        for tree in mutants(src, 40):
            names = relaxng.element_names(tree)
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
    assert relaxng.Grammar(schema).reducible
    verdicts = verdicts_beside_jing(schema, tmp_path, 12, seed=61)
    for f, ours, jings in verdicts:
        assert ours == jings, f
    assert {jings for _, _, jings in verdicts} == {True, False}
