"""Verdict agreement with the TEI Consortium's reference schemas (needs ../shared).

RELAX NG: the teitools grammar and the reference grammar must accept and
reject the same documents of a generated corpus (see tests/support/conformance.py).  Small
exemplars are validated with lxml; the big ones (which libxml2 compiles very
slowly) with jing, only when TEITOOLS_CONFORMANCE=full.  Schematron: both
schemas must report the same failed constraints (constraintSpec ident) on the
same elements.  The only accepted differences are listed in
support.conformance.is_known_difference (documented in docs/odd.md).
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from lxml import etree

from support import conformance as C
from teitools.odd.compile import compile_odd
from teitools.odd.derive import derive

pytestmark = [
    pytest.mark.conformance,
    pytest.mark.skipif(not C.TEI_P5.is_dir(), reason=f"{C.TEI_P5} not present"),
]

SMALL = ["tei_bare", "tei_minimal", "tei_lite", "tei_tite", "tei_simplePrint"]
BIG = ["tei_speech", "tei_drama", "tei_corpus", "tei_ms", "tei_all"]
FEATURES = [
    "modes",
    "chain-base",
    "chain",
    "ns",
    "datatypes",
    # issue 18: what real project ODDs do
    "egxml-ids",
    "include-empty",
    "semi-vallist",
    "xmlns-att",
    "no-ns",
    "change-unknown",
    "library-base",
    "library-child",
    "ref-source",
    "versions",
    "moduleref-url",
    "list-occurs",
    # issue 18, "go looking": the styles real projects use
    "chain3",
    "xinclude",
    "start-list",
    "constraintdecl",
    "schns",
    "validuntil",
    "altident",
    "attref",
    "equiv",
    "targetlang",
    # issue 18 item 14: global attributes re-declared, feature structures mixed in
    "redeclare",
    "fs-mix",
    "constraints-placement",
    "anyelement",
]


@pytest.fixture(scope="module")
def all_elements() -> set[str]:
    schema = compile_odd(C.EXEMPLARS / "tei_all.odd")
    return {s.ident for s in schema.specs.values() if s.kind == "element"}


def _built(odd: Path, tmp: Path) -> tuple[object, etree._ElementTree, Path]:
    schema = compile_odd(odd)
    data = derive(schema, odd)
    sch = tmp / f"{schema.ident}.sch"
    sch.write_bytes(data["sch"])
    return schema, etree.ElementTree(etree.fromstring(data["rng"])), sch


def _assert_agreement(rep: C.Report, accepted_min: int = 1) -> None:
    print(
        f"\n{rep.odd}: {rep.agree}/{rep.total} agree ({rep.ratio:.2%}), "
        f"{len(rep.known)} documented differences"
    )
    assert not rep.disagreements, rep.disagreements[:10]


@pytest.mark.parametrize("name", SMALL)
def test_rng_small_exemplars(name: str, all_elements: set[str], tmp_path: Path) -> None:
    schema, ours, _ = _built(C.EXEMPLARS / f"{name}.odd", tmp_path)
    ref = etree.parse(str(C.REFERENCE / f"{name}.rng"))
    samples = C.build_corpus(schema, ours, ref, all_elements)  # type: ignore[arg-type]
    _assert_agreement(C.compare_rng(name, ours, ref, samples))


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")
@pytest.mark.parametrize("name", BIG)
def test_rng_big_exemplars(name: str, all_elements: set[str], tmp_path: Path) -> None:
    schema, ours, _ = _built(C.EXEMPLARS / f"{name}.odd", tmp_path)
    ref = etree.parse(str(C.REFERENCE / f"{name}.rng"))
    samples = C.build_corpus(schema, ours, ref, all_elements)  # type: ignore[arg-type]
    _assert_agreement(C.compare_rng_jing(name, ours, ref, samples))


@pytest.mark.parametrize("name", SMALL + BIG)
def test_schematron_exemplars(name: str, all_elements: set[str], tmp_path: Path) -> None:
    schema, ours, sch = _built(C.EXEMPLARS / f"{name}.odd", tmp_path)
    ref = etree.parse(str(C.REFERENCE / f"{name}.rng"))
    samples = C.build_corpus(
        schema,
        ours,
        ref,
        all_elements,  # type: ignore[arg-type]
        max_fragments=40,
    )
    rep = C.compare_schematron(name, sch, C.REFERENCE / f"{name}.sch", samples)
    assert rep.fired > 0
    _assert_agreement(rep)


@pytest.mark.parametrize("name", FEATURES)
def test_feature_odds(name: str, all_elements: set[str], tmp_path: Path) -> None:
    schema, ours, sch = _built(C.FEATURES / f"{name}.odd", tmp_path)
    ref = etree.parse(str(C.FEATURE_REFERENCE / f"{name}.rng"))
    samples = C.feature_corpus(name, schema, ours, ref, all_elements)  # type: ignore[arg-type]
    rep = C.compare_rng(name, ours, ref, samples)
    any_root = etree.RelaxNG(C.any_root(ours))
    accepted = sum(1 for s in samples if any_root.validate(s.doc))
    assert 0 < accepted < len(samples)  # the corpus has both verdicts
    _assert_agreement(rep)
    mine = [s for s in samples if not s.label.startswith("eg")][:300]
    _assert_agreement(C.compare_schematron(name, sch, C.FEATURE_REFERENCE / f"{name}.sch", mine))


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")
def test_list_text_reference_is_wrong(tmp_path: Path) -> None:
    """Text inside list (list-text.odd): the TEI Stylesheets write list//text, which RELAX NG
    forbids (section 7.1), so jing refuses their grammar; teitools makes each item a token."""
    odd = C.FEATURES / "list-text.odd"
    schema, ours, _ = _built(odd, tmp_path)
    ref = etree.parse(str(C.FEATURE_REFERENCE / "list-text.rng"))
    doc = etree.parse(str(C.FEATURES / "docs" / "list-text-1.xml"))
    with pytest.raises(RuntimeError, match="list pattern must not contain a text pattern"):
        C.jing_verdicts(ref, [doc])
    body_ps = [p for p in doc.getroot().iter(f"{{{C.TEI}}}p") if p.get("words") is not None]
    first, second = copy.deepcopy(doc), copy.deepcopy(doc)
    for tree, drop in ((first, 1), (second, 0)):
        ps = [p for p in tree.getroot().iter(f"{{{C.TEI}}}p") if p.get("words") is not None]
        ps[drop].getparent().remove(ps[drop])
    assert len(body_ps) == 2
    # words="a b" tokens="" manyNodes="x y z": lists of tokens; words=" " manyNodes="": empty
    assert C.jing_verdicts(ours, [first, second]) == [True, False]
    lxml_rng = etree.RelaxNG(ours)
    assert lxml_rng.validate(first) and not lxml_rng.validate(second)
    assert schema.specs["p"].atts["words"].datatype is not None


@pytest.mark.skipif(shutil.which("jing") is None, reason="jing not installed")
def test_redeclared_inherited_attribute_reference_is_wrong(tmp_path: Path) -> None:
    """An inherited attribute re-declared with mode="add" (redeclare-dup.odd: list/@type over
    att.typed): the TEI Stylesheets declare it twice, which RELAX NG forbids, so jing refuses
    their grammar; teitools lets the element's own definition (a closed list) win."""
    _schema, ours, _ = _built(C.FEATURES / "redeclare-dup.odd", tmp_path)
    ref = etree.parse(str(C.FEATURE_REFERENCE / "redeclare-dup.rng"))
    doc = etree.parse(str(C.FEATURES / "docs" / "redeclare-dup-1.xml"))
    with pytest.raises(RuntimeError, match="duplicate attribute"):
        C.jing_verdicts(ref, [doc])
    lists = [copy.deepcopy(e) for e in doc.getroot().iter(f"{{{C.TEI}}}list")]
    for e in lists:
        e.tail = None
    ordered, gloss = (etree.ElementTree(e) for e in lists)
    assert ordered.getroot().get("type") == "ordered" and gloss.getroot().get("type") == "gloss"
    assert C.jing_verdicts(C.any_root(ours), [ordered, gloss]) == [True, False]


def test_tei_all_rng_loads_in_lxml(tmp_path: Path) -> None:
    _schema, ours, _ = _built(C.EXEMPLARS / "tei_all.odd", tmp_path)
    rng = etree.RelaxNG(ours)
    assert rng.validate(etree.parse(str(C.DOCS / "lite.xml"))), rng.error_log


def test_xsd_accepts_what_rng_accepts(all_elements: set[str], tmp_path: Path) -> None:
    import xmlschema

    for name in ("tei_lite",):
        odd = C.EXEMPLARS / f"{name}.odd"
        schema = compile_odd(odd)
        data = derive(schema, odd)
        rng = etree.RelaxNG(etree.fromstring(data["rng"]))
        xsd = xmlschema.XMLSchema(data["xsd"].decode("utf-8"))
        ref = etree.parse(str(C.REFERENCE / f"{name}.rng"))
        samples = C.build_corpus(
            schema,
            etree.ElementTree(etree.fromstring(data["rng"])),
            ref,
            all_elements,
            max_fragments=60,
        )
        full = [s for s in samples if not s.fragment]
        accepted = [s for s in full if rng.validate(s.doc)]
        assert accepted
        for s in accepted:
            assert xsd.is_valid(s.doc), (s.label, list(xsd.iter_errors(s.doc))[:1])
        assert any(not xsd.is_valid(s.doc) for s in full)  # and it does check something
