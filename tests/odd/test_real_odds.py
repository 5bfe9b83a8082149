"""What real project ODDs do (issue 18): warnings instead of errors, TEI versions, chains.

Verdict agreement with the TEI Stylesheets for the same feature ODDs is in
test_conformance.py (test_feature_odds); this module checks the compiler's own
behaviour: which warnings, which errors (one line, naming what to do), what is written.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from teitools.cli import main
from teitools.errors import OddError, SourceError
from teitools.odd.compile import compile_odd
from teitools.odd.config import _settings_of
from teitools.odd.derive import build_schemas, check_schemas, derive
from teitools.odd.source import PACKAGED, tei_version

from .test_bad_input import HEAD, TAIL

FEATURES = Path(__file__).resolve().parents[1] / "data" / "odd" / "features"
REFERENCE = Path(__file__).resolve().parents[1] / "data" / "odd" / "reference"
JING = shutil.which("jing")

BASE = (
    '<moduleRef key="tei"/><moduleRef key="core" include="p hi title"/>'
    '<moduleRef key="header" include="teiHeader fileDesc titleStmt publicationStmt sourceDesc"/>'
    '<moduleRef key="textstructure" include="TEI text body"/>'
)


def odd(tmp_path: Path, body: str, name: str = "x.odd") -> Path:
    p = tmp_path / name
    p.write_text(HEAD + body + TAIL, encoding="utf-8")
    return p


def rules(schema: object) -> list[str]:
    return [w.rule or "" for w in schema.warnings]  # type: ignore[attr-defined]


def fake_release(tmp_path: Path, version: str, extra: str = "") -> Path:
    """A copy of the shipped p5subset.xml that calls itself ``version`` (plus specs)."""
    text = gzip.decompress(PACKAGED.read_bytes()).decode("utf-8")
    text = text.replace(">4.9.0a</ref>", f">{version}</ref>", 1)
    if extra:
        head, tag, tail = text.rpartition("</body>")
        text = head + extra + tag + tail
    path = tmp_path / f"p5subset-{version}.xml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _no_env_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEI_P5_SOURCE", raising=False)
    _settings_of.cache_clear()


# ----------------------------------------------------------------------------- item 1


def test_example_ids_that_are_no_ncname_do_not_stop_the_odd() -> None:
    schema = compile_odd(FEATURES / "egxml-ids.odd")
    assert "hi" in schema.specs and schema.warnings == []


# ----------------------------------------------------------------------------- items 2, 3


def test_compiled_parent_is_self_contained_and_may_be_partial() -> None:
    parent = (FEATURES / "library-base.compiled.odd").read_text(encoding="utf-8")
    assert 'source="/C:/Program Files/Oxygen' in parent  # a path from another machine
    schema = compile_odd(FEATURES / "library-child.odd")
    elements = {s.ident for s in schema.specs.values() if s.kind == "element"}
    assert {"persName", "note", "p"} <= elements
    assert "placeName" not in elements and "app" not in elements  # not in the parent
    missing = [w for w in schema.warnings if w.rule == "odd-module-missing"]
    assert len(missing) == 1 and "'textcrit'" in missing[0].message
    assert schema.specs["persName"].atts["ref"].usage == "req"
    assert schema.specs["note"].atts["type"].usage == "req"  # the parent's change kept


def test_reference_with_its_own_source() -> None:
    schema = compile_odd(FEATURES / "ref-source.odd")
    elements = {s.ident for s in schema.specs.values() if s.kind == "element"}
    assert {"list", "item", "label"} <= elements  # from the full P5, not the library
    assert "att.sortable" in schema.specs
    assert schema.specs["list"].atts["type"].usage == "req"


def test_reference_source_unknown_key(tmp_path: Path) -> None:
    path = odd(
        tmp_path,
        f'<schemaSpec ident="x">{BASE}\n<elementRef key="nosuch" source="tei:4.9.0a"/>'
        "</schemaSpec>",
    )
    with pytest.raises(OddError, match="unknown spec key 'nosuch'") as info:
        compile_odd(path)
    assert info.value.line == 7


# ----------------------------------------------------------------------------- items 4, 13


def test_change_of_unknown_specs_is_a_warning() -> None:
    schema = compile_odd(FEATURES / "change-unknown.odd")
    changed = [w for w in schema.warnings if w.rule == "odd-change-unknown"]
    assert [w.message.split("'")[1] for w in changed] == ["att.responsibility", "listAnnotation2"]
    assert all("TEI 4.9.0a" in w.message and w.line for w in changed)
    assert schema.specs["p"].atts["n"].usage == "req"  # the rest of the ODD applies


def test_change_unknown_names_the_release_that_has_it(tmp_path: Path) -> None:
    spec = '<classSpec ident="att.responsibility" type="atts" module="tei"/>'
    newer = fake_release(tmp_path, "4.10.2", spec)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.teitools.sources]\n"4.10.2" = "{newer.name}"\n', encoding="utf-8"
    )
    path = odd(
        tmp_path,
        f'<schemaSpec ident="x">{BASE}\n'
        '<classSpec ident="att.responsibility" type="atts" mode="change"/></schemaSpec>',
    )
    (w,) = compile_odd(path).warnings
    assert w.rule == "odd-change-unknown" and "(it is in TEI 4.10.2)" in w.message


# ----------------------------------------------------------------------------- item 5


def test_processing_model_only_odd(tmp_path: Path) -> None:
    path = FEATURES / "pm-only.odd"
    schema = compile_odd(path)
    assert rules(schema) == ["odd-no-elements"]
    assert not schema.has_elements and schema.start == []
    # the processing models are kept for teitools.model, though no element is selected
    assert [etree.QName(m).localname for m in schema.models["p"]] == ["model"]
    assert [etree.QName(m).localname for m in schema.models["hi"]] == ["modelSequence"]
    assert [etree.QName(m).localname for m in schema.models["div"]] == ["modelGrp"]
    assert derive(schema, path) == {}
    out = tmp_path / "out"
    result = build_schemas(path, out_dir=out)
    assert result.outputs == {} and not out.exists()  # no broken grammar written
    check = check_schemas(path, out_dir=out)
    assert check.up_to_date and not check.stale and not check.missing
    run = CliRunner().invoke(main, ["schema", "check", str(path), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "defines no elements" in run.output


@pytest.mark.skipif(JING is None, reason="jing not installed")
def test_reference_grammar_of_processing_model_only_odd_does_not_load(tmp_path: Path) -> None:
    """The TEI Stylesheets write <start><choice/></start> for it: no validator loads that."""
    doc = tmp_path / "d.xml"
    doc.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', encoding="utf-8")
    proc = subprocess.run(
        [str(JING), str(REFERENCE / "pm-only.rng"), str(doc)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode != 0 and "pm-only.rng" in proc.stdout


def test_models_follow_chaining_and_change(tmp_path: Path) -> None:
    parent = odd(
        tmp_path,
        f'<schemaSpec ident="parent">{BASE}'
        '<elementSpec ident="p" mode="change"><model behaviour="paragraph"/></elementSpec>'
        '<elementSpec ident="hi" mode="change"><model behaviour="inline"/></elementSpec>'
        "</schemaSpec>",
        "parent.odd",
    )
    child = odd(
        tmp_path,
        '<schemaSpec ident="child" source="parent.odd">'
        '<moduleRef key="tei"/><moduleRef key="core"/><moduleRef key="header"/>'
        '<moduleRef key="textstructure"/>'
        '<elementSpec ident="hi" mode="change"><model behaviour="alternate"/></elementSpec>'
        "</schemaSpec>",
        "child.odd",
    )
    schema = compile_odd(child)
    assert compile_odd(parent).specs["p"].models
    assert schema.specs["p"].models[0].get("behaviour") == "paragraph"
    assert schema.specs["hi"].models[0].get("behaviour") == "alternate"
    assert schema.models["hi"][0].get("behaviour") == "alternate"


# ----------------------------------------------------------------------------- item 6


@pytest.mark.parametrize(
    ("ref", "version"),
    [
        ("tei:4.12.0", "4.12.0"),
        ("tei:", "current"),
        ("tei:current", "current"),
        ("https://www.tei-c.org/Vault/P5/4.10.2/xml/tei/odd/p5subset.xml", "4.10.2"),
        ("http://tei-c.org/Vault/P5/current/xml/tei/odd/p5subset.xml", "current"),
        ("https://www.tei-c.org/release/xml/tei/odd/p5subset.xml", "current"),
        ("../p5subset.xml", None),
        ("https://example.org/p5subset.xml", None),
    ],
)
def test_tei_version_of_a_source(ref: str, version: str | None) -> None:
    assert tei_version(ref) == version


def test_vault_url_of_the_shipped_release() -> None:
    schema = compile_odd(FEATURES / "versions.odd")
    assert schema.warnings == []
    assert schema.source is not None and schema.source.number == "4.9.0a"


def test_unknown_release_is_one_line_naming_it(tmp_path: Path) -> None:
    path = odd(tmp_path, f'<schemaSpec ident="x" source="tei:4.12.0">{BASE}</schemaSpec>')
    with pytest.raises(SourceError) as info:
        compile_odd(path)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(f"{path}:6:")
    assert "TEI 4.12.0 is not available locally" in msg
    assert "--source" in msg and "TEI_P5_SOURCE" in msg and "[tool.teitools.sources]" in msg
    run = CliRunner().invoke(main, ["schema", "build", str(path), "--out", str(tmp_path / "o")])
    assert run.exit_code == 2 and run.output.count("\n") == 1


def test_release_from_the_sources_table(tmp_path: Path) -> None:
    release = fake_release(tmp_path, "4.12.0")
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.teitools.sources]\n"4.12.0" = "{release.name}"\n', encoding="utf-8"
    )
    url = "https://www.tei-c.org/Vault/P5/4.12.0/xml/tei/odd/p5subset.xml"
    path = odd(tmp_path, f'<schemaSpec ident="x" source="{url}">{BASE}</schemaSpec>')
    schema = compile_odd(path)
    assert schema.source is not None and schema.source.number == "4.12.0"
    assert schema.warnings == []


def test_release_from_explicit_source_says_when_it_differs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = odd(tmp_path, f'<schemaSpec ident="x" source="tei:4.12.0">{BASE}</schemaSpec>')
    matching = fake_release(tmp_path, "4.12.0")
    assert compile_odd(path, matching).warnings == []
    monkeypatch.setenv("TEI_P5_SOURCE", str(PACKAGED))
    (w,) = compile_odd(path).warnings
    assert w.rule == "odd-source-version" and "TEI 4.12.0" in w.message
    assert "4.9.0a" in w.message


def test_remote_non_tei_source_is_refused(tmp_path: Path) -> None:
    path = odd(
        tmp_path,
        f'<schemaSpec ident="x" source="https://example.org/my.odd">{BASE}</schemaSpec>',
    )
    with pytest.raises(OddError, match="never uses the network") as info:
        compile_odd(path)
    assert "[tool.teitools.catalog]" in info.value.message


# ----------------------------------------------------------------------------- item 9


def test_remote_module_url_names_the_local_copy_to_supply(tmp_path: Path) -> None:
    url = "http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/mathml2-main.rng"
    path = odd(tmp_path, f'<schemaSpec ident="x">{BASE}<moduleRef url="{url}"/></schemaSpec>')
    with pytest.raises(OddError) as info:
        compile_odd(path)
    assert url in info.value.message and "local copy" in info.value.message
    assert info.value.line == 6


def test_module_url_through_the_catalog(tmp_path: Path) -> None:
    url = "https://www.w3.org/Math/RNG/mathml-mini.rng"
    shutil.copy(FEATURES / "mathml-mini.rng", tmp_path / "vendor.rng")
    shutil.copy(FEATURES / "mathml-mini-tokens.rng", tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.teitools.catalog]\n"{url}" = "vendor.rng"\n', encoding="utf-8"
    )
    path = odd(
        tmp_path,
        f'<schemaSpec ident="x">{BASE}<moduleRef url="{url}"/>'
        '<elementSpec ident="hi" mode="change"><content><rng:ref name="mathml.math" '
        'xmlns:rng="http://relaxng.org/ns/structure/1.0"/></content></elementSpec>'
        "</schemaSpec>",
    )
    rng = etree.RelaxNG(etree.fromstring(derive(compile_odd(path), path)["rng"]))
    ok = (
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t'
        "</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p>"
        "</sourceDesc></fileDesc></teiHeader><text><body><p><hi>"
        '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>'
        "</hi></p></body></text></TEI>"
    )
    assert rng.validate(etree.fromstring(ok)), rng.error_log
    assert not rng.validate(etree.fromstring(ok.replace("<mi>x</mi>", "")))


# ----------------------------------------------------------------------------- XInclude


def test_spec_groups_in_xincluded_files(tmp_path: Path) -> None:
    (tmp_path / "specs.xml").write_text(
        '<specGrp xmlns="http://www.tei-c.org/ns/1.0" xml:id="g">'
        '<elementSpec ident="p" mode="change"><attList>'
        '<attDef ident="n" mode="change" usage="req"/></attList></elementSpec></specGrp>',
        encoding="utf-8",
    )
    path = odd(
        tmp_path,
        '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="specs.xml"/>'
        f'<schemaSpec ident="x">{BASE}<specGrpRef target="#g"/></schemaSpec>',
    )
    assert compile_odd(path).specs["p"].atts["n"].usage == "req"


@pytest.mark.parametrize(
    ("href", "text"),
    [
        ("https://example.org/specs.xml", "never uses the network"),
        ("missing.xml", "not found"),
        ("x.odd", "XInclude cycle"),
    ],
)
def test_xinclude_errors(tmp_path: Path, href: str, text: str) -> None:
    path = odd(
        tmp_path,
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{href}"/>'
        f'<schemaSpec ident="x">{BASE}</schemaSpec>',
    )
    with pytest.raises(OddError, match=text) as info:
        compile_odd(path)
    assert info.value.line == 6 and "\n" not in str(info.value)


# ----------------------------------------------------------------------------- Schematron


def test_diagnostics_merged_at_the_top() -> None:
    """sch:diagnostics in constraints are merged into the schema's one sch:diagnostics (ISO
    Schematron allows it only there); the TEI Stylesheets leave them inside patterns/rules."""
    from teitools.odd.emit.schematron import emit_schematron

    sch = "{http://purl.oclc.org/dsdl/schematron}"
    ours = emit_schematron(compile_odd(FEATURES / "constraints-placement.odd"))
    (diags,) = ours.findall(f"{sch}diagnostics")
    assert {d.get("id") for d in diags} == {"too-many", "where"}
    assert not ours.findall(f"{sch}pattern//{sch}diagnostics")
    ref = etree.parse(str(REFERENCE / "constraints-placement.sch")).getroot()
    assert not ref.findall(f"{sch}diagnostics") and ref.findall(f"{sch}pattern//{sch}diagnostics")
