"""The ODD merge and the emitters, on the feature ODDs of tests/data/odd/features."""

from __future__ import annotations

import pytest
from lxml import etree

from support import paths
from teitools.odd.attributes import AttributeResolver
from teitools.odd.compile import compile_odd
from teitools.odd.derive import derive
from teitools.odd.emit.relaxng import emit_rng

FEATURES = paths.DATA / "odd" / "features"
DOCS = FEATURES / "docs"
TEI = "http://www.tei-c.org/ns/1.0"


def rng_for(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(emit_rng(compile_odd(FEATURES / f"{name}.odd")))


def frag(xml: str) -> etree._ElementTree:
    """A whole document whose body holds ``xml`` (in the TEI namespace)."""
    doc = (
        f"<TEI xmlns='{TEI}'><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>"
        "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
        f"</fileDesc></teiHeader><text><body>{xml}</body></text></TEI>"
    )
    return etree.fromstring(doc).getroottree()


def test_modes_attributes() -> None:
    schema = compile_odd(FEATURES / "modes.odd")
    res = AttributeResolver(schema)
    p = res.effective(schema.specs["p"])
    assert p["status"].usage == "req"
    assert [i.ident for i in p["status"].vallist.items] == ["draft", "final"]  # type: ignore[union-attr]
    assert "xml:base" not in p and "resp" not in p  # class attDef delete, classSpec delete
    div = res.effective(schema.specs["div"])
    assert div["type"].usage == "req" and "subtype" not in div
    assert "subtype" in res.effective(schema.specs["title"])  # div's change is local to div
    assert "note" not in schema.specs and "att.global.responsibility" not in schema.specs
    assert schema.specs["hi"].member_of == ["model.hiLike"]  # replace
    assert "model.emphLike" not in schema.specs["title"].member_of  # memberOf delete
    assert "div-has-head" in schema.specs["div"].constraints
    assert "abstractModel-structure-p-in-ab-or-p" not in schema.specs["p"].constraints
    assert "no-empty-q" in schema.constraints


def test_modes_documents() -> None:
    rng = rng_for("modes")
    assert rng.validate(etree.parse(str(DOCS / "modes-1.xml"))), rng.error_log
    assert not rng.validate(etree.parse(str(DOCS / "modes-2.xml")))


def test_chaining_from_compiled_and_uncompiled_odd_agree() -> None:
    a = compile_odd(FEATURES / "chain.odd")
    b = compile_odd(FEATURES / "chain-direct.odd")
    els = {s.ident for s in a.specs.values() if s.kind == "element"}
    assert els == {s.ident for s in b.specs.values() if s.kind == "element"}
    assert "placeName" not in els and "list" not in els and "persName" in els
    rng = rng_for("chain-direct")
    good = frag("<p><hi rend='b'>x</hi> <persName ref='#a'>A</persName></p>")
    assert rng.validate(good), rng.error_log
    assert etree.RelaxNG(emit_rng(a)).validate(good)
    assert not rng.validate(frag("<p><hi>no rend</hi></p>"))
    assert not rng.validate(frag("<p><persName>no ref</persName></p>"))
    assert not rng.validate(frag("<p><placeName>excluded</placeName></p>"))


def test_namespaces_and_prefix() -> None:
    schema = compile_odd(FEATURES / "ns.odd")
    grammar = emit_rng(schema)
    names = {d.get("name") for d in grammar.iter("{http://relaxng.org/ns/structure/1.0}define")}
    assert "tei_p" in names and "tei_mark" in names
    rng = etree.RelaxNG(grammar)
    assert rng.validate(etree.parse(str(DOCS / "ns-1.xml"))) is False  # the second p is bad


def test_datatypes() -> None:
    rng = etree.RelaxNG(emit_rng(compile_odd(FEATURES / "datatypes.odd")))
    grammar = emit_rng(compile_odd(FEATURES / "datatypes.odd"))
    start = grammar.find("{http://relaxng.org/ns/structure/1.0}start")
    assert start is not None
    assert not rng.validate(etree.parse(str(DOCS / "datatypes-1.xml")))


def test_output_is_deterministic() -> None:
    odd = FEATURES / "modes.odd"
    assert derive(compile_odd(odd), odd) == derive(compile_odd(odd), odd)


def test_exemplar_warnings_not_errors() -> None:
    shared = paths.EXEMPLARS
    if not shared.is_dir():
        pytest.skip("../shared/tei-p5 not present")
    schema = compile_odd(shared / "tei_simplePrint.odd")
    assert any("simplechanges" in w.message for w in schema.warnings)
