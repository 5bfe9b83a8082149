"""Schematron compilation: each pattern visits only what its rules can match."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from teitools.validate.locate import Locator
from teitools.validate.schematron import Schematron
from teitools.validate.schematron.passes import targets as _targets
from teitools.validate.wellformed import check_bytes

from .conftest import DATA, REPO, reference
from .mutate import mutants, sources

E = "key('tt:elements', '{}')".format
A = "key('tt:attributes', '{}')".format


@pytest.mark.parametrize(("contexts", "select"), [
    (["tei:p"], E("p")),
    (["tei:text//tei:div | tei:p"], f"{E('div')} | {E('p')}"),
    (["tei:p", "tei:div[@type]"], f"{E('p')} | {E('div')}"),
    (["tei:*[@when]"], A("when") + "/.."),
    (["tei:*[@xml:lang and @n]"], A("lang") + "/.."),
    (["@ident", "tei:l/@part"], f"{A('ident')} | {A('part')}"),
    (["/tei:TEI"], E("TEI")),
    (["tei:p[contains(., 'a|b')]"], E("p")),
    (["tei:p[@n]/tei:hi[1]"], E("hi")),
    (["tei:*[@a or @b]"], "//tei:*[@a or @b]"),
    (["*"], "//*"),
    (["text()"], "//text()"),
    (["/"], "/"),
    (["child::tei:p"], "//child::tei:p"),
    (["tei:a except tei:a[@n]"], "//(tei:a except tei:a[@n])"),
])
def test_contexts_become_one_selection(contexts: list[str], select: str) -> None:
    assert _targets(contexts) == select


@pytest.mark.parametrize("contexts", [
    ["key('k', 'v')"], ["id('x')"], ["$nodes"], ["(tei:a | tei:b)"], ["document-node()"],
    ["tei:p[. = current()/@n]"], ["tei:p", "doc('x.xml')//tei:p"], [""],
])
def test_contexts_that_keep_the_tree_walk(contexts: list[str]) -> None:
    assert _targets(contexts) is None


def _documents() -> list[tuple[str, bytes]]:
    docs = []
    for src in sources():
        for i, tree in enumerate(mutants(src, 15, seed=41)):
            docs.append((f"{src.stem}-{i}", etree.tostring(tree)))
    small = (DATA / "valid.xml").read_bytes().replace(
        b"<p>See above.</p>", b'<p> </p><p><hi rend="x">a</hi>  .</p><hi rend="bold">b</hi>')
    docs.append(("broken-small", small))
    article = REPO / "tei" / "kotkin-1991-rustbelt.xml"
    if article.is_file():
        text = re.sub(r"<\?xml-model[^>]*\?>\s*", "", article.read_text(encoding="utf-8"))
        broken = re.sub(r'ref="#[^"]+"', 'ref="#nobody"', text, count=5)
        broken = broken.replace("<pb ", '<pb when="1991" notBefore="1990" ', 1)
        broken = re.sub(r'who="#[^"]+"', 'who="nobody"', broken, count=3)
        docs.append(("broken-article", broken.encode("utf-8")))
    return docs


@pytest.mark.parametrize("schema", ["rustbelt.sch", "tei_all.sch", "mini.sch"])
def test_targeted_patterns_report_what_the_tree_walk_reports(schema: str) -> None:
    if schema == "rustbelt.sch":
        path = REPO / "schema" / schema
    elif schema == "mini.sch":
        path = DATA / "schema" / schema
    else:
        path = reference(schema)
    targeted, walking = Schematron(path), Schematron(path, targeted=False)
    visits = re.compile(r'apply-templates select="(key\(|//)')
    assert visits.search(targeted.xslt.decode())
    assert not visits.search(walking.xslt.decode())
    total = 0
    for name, data in _documents():
        parsed, _ = check_bytes(data, name)
        assert parsed is not None
        locator = Locator(parsed.tree, parsed.text)
        found = targeted.run(parsed.tree, name, locator)
        assert found == walking.run(parsed.tree, name, locator), name
        total += len(found)
    assert total > 0  # the documents did break rules


def test_saxon_reading_the_file_reports_what_it_reports_on_the_lxml_tree(
        tmp_path: Path) -> None:
    """The file route (no DOCTYPE) and the re-serialised tree give the same diagnostics."""
    from teitools.validate import ValidationOptions, validate_bytes
    from teitools.validate.discover import SchemaOptions

    options = ValidationOptions(schemas=SchemaOptions(
        rng=DATA / "schema" / "mini.rng", sch=DATA / "schema" / "mini.sch"))
    for doctype in ("", "<!DOCTYPE TEI>\n"):
        data = _documents()[0 if doctype else -2][1]
        data = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
        data = doctype.encode() + data.replace(
            b"<p>", b'<p>\n   <hi rend="x">a</hi> <hi rend="y">b</hi>', 2)
        path = tmp_path / "a dóc.xml"  # Saxon gets a file URI, not a bare name
        path.write_bytes(data)
        from_file = validate_bytes(data, str(path), path, options, from_file=True)
        from_text = validate_bytes(data, str(path), path, options)
        found = [d for d in from_file.diagnostics if d.phase == "schematron"]
        assert found == [d for d in from_text.diagnostics if d.phase == "schematron"]
        assert len(found) >= 2 and all(d.line and d.column for d in found), found
