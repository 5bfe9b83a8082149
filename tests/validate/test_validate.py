"""Phases, messages, schema discovery, formats, caching and parallel runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from teitools.diagnostics import Diagnostic, Severity
from teitools.errors import NO_SCHEMA, InputError, NoSchemaError
from teitools.validate import (
    SchemaOptions,
    ValidationOptions,
    default_validator,
    validate_paths,
)
from teitools.validate.discover import expand_paths
from teitools.validate.results import FileResult

from .conftest import DATA, REPO, digest, forget_compiled, reference, run_cli

MINI_RNG = DATA / "schema" / "mini.rng"
MINI_SCH = DATA / "schema" / "mini.sch"
TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'


def opts(**kw: object) -> ValidationOptions:
    schemas = SchemaOptions(**{k: kw.pop(k) for k in ("rng", "sch", "xsd") if k in kw})  # type: ignore[arg-type]
    return ValidationOptions(schemas=schemas, **kw)  # type: ignore[arg-type]


def write(tmp: Path, name: str, body: str, *, header: str = "") -> Path:
    path = tmp / name
    path.write_text(f"{header}<TEI {TEI}>\n<text>\n<body>\n{body}\n</body>\n</text>\n</TEI>\n",
                    encoding="utf-8")
    return path


# ------------------------------------------------------------------ RELAX NG messages


def test_valid_document_against_tei_bare_rng_and_sch() -> None:
    result = validate_paths([str(DATA / "valid.xml")],
                            opts(rng=reference("tei_bare.rng"), sch=reference("tei_bare.sch")))
    assert result.exit_code() == 0, result.diagnostics


def test_element_not_allowed_names_parent_and_allowed_children(tmp_path: Path) -> None:
    doc = write(tmp_path, "d.xml", "<p>one</p>\n<list>\n  <item>a</item>\n  <p>stray</p>\n</list>")
    result = validate_paths([str(doc)], opts(rng=MINI_RNG))
    assert result.exit_code() == 1
    [d] = result.diagnostics
    assert (d.line, d.column, d.severity, d.phase) == (7, 3, Severity.ERROR, "relaxng")
    assert d.message == "<p> is not allowed in <list>; <list> allows: item"


def test_attribute_and_text_messages(tmp_path: Path) -> None:
    doc = write(tmp_path, "d.xml", '<p foo="1">x</p>\n<list>text<item>a</item></list>')
    messages = [d.message for d in validate_paths([str(doc)], opts(rng=MINI_RNG)).diagnostics]
    assert messages == [
        "attribute foo is not allowed on <p>; <p> allows: @n, @rend",
        "text is not allowed in <list>; expected here: item",
    ]


def test_missing_required_child(tmp_path: Path) -> None:
    doc = write(tmp_path, "d.xml", "<list/>")
    [d] = validate_paths([str(doc)], opts(rng=MINI_RNG)).diagnostics
    assert d.message == "<list> is incomplete: missing item"
    assert (d.line, d.column) == (4, 1)


def test_wrong_root_with_reduced_grammar(tmp_path: Path) -> None:
    doc = tmp_path / "root.xml"
    doc.write_text(f"<p {TEI}>x</p>")
    [d] = validate_paths([str(doc)], opts(rng=reference("tei_all.rng"))).diagnostics
    assert d.message.startswith("<p> cannot be the root element; tei_all.rng allows: ")
    assert "TEI" in d.message and "teiCorpus" in d.message


def test_tei_all_messages_in_encoder_terms(tmp_path: Path) -> None:
    src = (DATA / "valid.xml").read_text()
    doc = tmp_path / "d.xml"
    doc.write_text(src.replace("<item>coke</item>", "<item>coke</item><head>late</head>"))
    result = validate_paths([str(doc)], opts(rng=reference("tei_all.rng")))
    [d] = result.diagnostics
    assert d.message.startswith("<head> is not allowed here in <list> (after <item>); expected: ")
    assert d.message.endswith(", or the end of <list>")
    assert (d.line, d.column) == (26, 28)


# ------------------------------------------------------------------ Schematron


def test_schematron_features() -> None:
    result = validate_paths([str(DATA / "features.xml")],
                            opts(rng=MINI_RNG, sch=DATA / "features.sch"))
    found = [(d.line, d.column, d.severity.value, d.rule, d.message) for d in result.diagnostics]
    assert found == [
        (5, 7, "warning", "p-n", '@n "a c" uses tokens outside a, b.'),
        (5, 23, "error", "hi-needs-rend", "hi without @rend."),
        (6, 7, "error", "required-attr", "<list> lacks a required attribute."),
        (6, 7, "error", "too-many-items",
         "Too many items (3). Split the list or raise $maxItems."),
    ]
    only = validate_paths([str(DATA / "features.xml")],
                          opts(sch=DATA / "features.sch", phase="items-only"))
    assert [d.rule for d in only.diagnostics] == ["too-many-items"]


def test_schematron_warnings_and_strict(tmp_path: Path) -> None:
    doc = write(tmp_path, "w.xml", '<p>Spaced  .</p>\n<p><hi rend="small">x</hi></p>')
    result = validate_paths([str(doc)], opts(rng=MINI_RNG, sch=MINI_SCH))
    found = [(d.line, d.column, d.severity.value, d.rule) for d in result.diagnostics]
    assert found == [(4, 1, "warning", "space-before-punct"), (5, 4, "error", "hi-rend-value")]
    assert result.diagnostics[1].message == 'rend="small" is not one of italic, bold. (@rend)'
    ok = write(tmp_path, "ok.xml", "<p>Spaced  .</p>")
    assert validate_paths([str(ok)], opts(sch=MINI_SCH)).exit_code() == 0
    assert validate_paths([str(ok)], opts(sch=MINI_SCH)).exit_code(strict=True) == 1
    assert run_cli("--sch", MINI_SCH, "--strict", ok).code == 1


def test_tei_embedded_schematron_from_rng(tmp_path: Path) -> None:
    src = (DATA / "valid.xml").read_text().replace('type="section"', 'subtype="x"')
    doc = tmp_path / "d.xml"
    doc.write_text(src)
    for sch in (reference("tei_bare.sch"), reference("tei_all.rng")):
        result = validate_paths([str(doc)], opts(sch=sch))
        [d] = result.diagnostics
        assert (d.line, d.column, d.severity) == (19, 7, Severity.ERROR)
        assert "should not be categorized in detail with @subtype" in d.message


# ------------------------------------------------------------------ discovery


def test_command_line_wins_and_verbose_says_why(tmp_path: Path) -> None:
    shutil.copytree(DATA / "schema", tmp_path / "schema")
    header = ('<?xml-model href="schema/mini.rng" '
              'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
    doc = write(tmp_path, "d.xml", "<p>x</p>", header=header)
    run = run_cli("-v", doc)
    assert run.code == 0, run.out + run.err
    assert "named by the document's <?xml-model?>" in run.err
    run = run_cli("-v", "--rng", reference("tei_bare.rng"), doc)  # needs a teiHeader
    assert run.code == 1, run.out + run.err
    assert "given on the command line" in run.err
    assert "the document's <?xml-model?> ('schema/mini.rng') overridden by --rng/--sch" in run.err


def test_relative_href_resolved_against_document(tmp_path: Path) -> None:
    shutil.copytree(DATA / "schema", tmp_path / "schema")
    (tmp_path / "tei").mkdir()
    header = ('<?xml-model href="../schema/mini.rng" '
              'schematypens="http://relaxng.org/ns/structure/1.0"?>\n')
    doc = write(tmp_path / "tei", "d.xml", "<q/>", header=header)
    result = validate_paths([str(doc)])
    assert result.exit_code() == 1
    assert "mini.rng" in result.files[0].schemas


def test_pyproject_then_schema_dir(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "tei").mkdir(parents=True)
    shutil.copytree(DATA / "schema", project / "schema")
    doc = write(project / "tei", "d.xml", "<p>x</p>")
    result = validate_paths([str(doc)])
    assert result.exit_code() == 0
    assert "the project's schemas in" in result.files[0].schemas
    (project / "pyproject.toml").write_text('[tool.teitools]\nrng = "schema/mini.rng"\n')
    result = validate_paths([str(doc)])
    assert result.files[0].schemas.startswith("RELAX NG ")
    assert "[tool.teitools] in" in result.files[0].schemas


def test_no_schema_anywhere(tmp_path: Path) -> None:
    doc = write(tmp_path, "d.xml", "<p>x</p>")
    run = run_cli(doc, cwd=tmp_path)
    assert run.code == 2
    assert run.lines[0].startswith(f"{doc}: error: no schema found")


def test_directories_recurse_with_excludes(tmp_path: Path) -> None:
    for rel in ("a.xml", "sub/b.xml", "drafts/c.xml", "sub/old-d.xml", ".hidden/e.xml",
                "notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<x/>")
    names = [t.name for t in expand_paths([str(tmp_path)], ["drafts/", "old-*"])]
    assert names == [str(tmp_path / "a.xml"), str(tmp_path / "sub" / "b.xml")]


# ------------------------------------------------------------------ formats


def test_formats(tmp_path: Path) -> None:
    doc = write(tmp_path, "d.xml", "<q/>")
    run = run_cli("--rng", MINI_RNG, "--format", "json", doc)
    assert run.code == 1
    data = json.loads(run.out)
    assert isinstance(data, list) and data[0]["file"] == str(doc)
    assert data[0]["line"] == 4 and data[0]["severity"] == "error"
    run = run_cli("--rng", MINI_RNG, "--format", "github", doc)
    assert run.out.startswith(f"::error file={doc},line=4,col=1,")
    run = run_cli("--rng", MINI_RNG, "--format", "junit", doc)
    suite = etree.fromstring(run.out.encode())
    assert suite.get("failures") == "1"
    run = run_cli("--rng", MINI_RNG, doc)
    assert run.lines[0] == (f"{doc}:4:1: error: <q> in <body> is not an element of this "
                            "schema; <body> allows: list, p [unknown-element]")
    assert run.lines[-1].startswith("1 file, 0 valid, 1 invalid, 1 error, 0 warnings in ")


# ------------------------------------------------------------------ cache and speed


def test_second_run_compiles_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path / "cache"))
    doc = DATA / "valid.xml"
    options = opts(rng=reference("tei_all.rng"), sch=reference("tei_all.sch"))
    forget_compiled()
    first = validate_paths([str(doc)], options)
    assert first.exit_code() == 0
    built = default_validator().built
    assert built["schematron"] == 1 and built["rng-reduced"] == 1
    forget_compiled()
    second = validate_paths([str(doc)], options)
    assert second.exit_code() == 0
    assert sum(default_validator().built.values()) == 0
    assert "from the cache" in " ".join(second.files[0].notes)


def test_parallel_equals_serial(tmp_path: Path) -> None:
    src = (DATA / "valid.xml").read_text()
    for i in range(12):
        text = src if i % 3 else src.replace("<item>coke</item>", f"<item>c</item><q>{i}</q>")
        (tmp_path / f"doc{i:02}.xml").write_text(text)
    before = {p: digest(p) for p in tmp_path.iterdir()}
    options = opts(rng=reference("tei_bare.rng"), sch=reference("tei_bare.sch"))
    serial = validate_paths([str(tmp_path)], ValidationOptions(options.schemas, jobs=1))
    parallel = validate_paths([str(tmp_path)], ValidationOptions(options.schemas, jobs=2))
    assert [f.name for f in serial.files] == [f.name for f in parallel.files]
    assert serial.diagnostics == parallel.diagnostics
    assert len(serial.diagnostics) == 4
    assert {p: digest(p) for p in tmp_path.iterdir()} == before


def test_schematron_pattern_skipping_changes_nothing(tmp_path: Path) -> None:
    """Patterns skipped because the document lacks their names report nothing anyway."""
    from teitools.validate.locate import Locator
    from teitools.validate.wellformed import check_bytes

    src = (DATA / "valid.xml").read_bytes().replace(
        b'type="section"', b'subtype="x" when="2020" from="2019"').replace(
        b"<item>coke</item>", b"<item>coke</item><item><p>in</p><p>item</p></item>")
    parsed, problems = check_bytes(src, "d.xml")
    assert parsed is not None and not problems
    sch = default_validator().schematron(reference("tei_all.sch"))
    locator = Locator(parsed.tree, parsed.text)
    pruned = sch.run(parsed.tree, "d.xml", locator)
    needs = sch.needs
    sch.needs = [["*"]] * len(needs)
    try:
        everything = sch.run(parsed.tree, "d.xml", locator)
    finally:
        sch.needs = needs
    assert pruned == everything
    assert len(pruned) >= 2


def test_unknown_element_next_to_foreign_subtree_is_one_error(tmp_path: Path) -> None:
    """Elements under an ``anyName`` wildcard are not each 'not an element of this schema'."""
    items = "".join(f'<rdf:Description rdf:about="x{i}"><dc:title>t{i}</dc:title></rdf:Description>'
                    for i in range(50))
    doc = tmp_path / "d.xml"
    doc.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><xenoData>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        f' xmlns:dc="http://purl.org/dc/elements/1.1/">{items}</rdf:RDF></xenoData>\n'
        '<p>ok</p>\n<pp>bad</pp></TEI>')
    result = validate_paths([str(doc)], opts(rng=DATA / "wildcard.rng"))
    diags = result.diagnostics
    assert len(diags) == 1, diags
    assert diags[0].line == 3 and diags[0].rule == "unknown-element"
    assert "<pp>" in diags[0].message and "p, xenoData" in diags[0].message


def test_document_level_lets_are_hoisted_without_changing_results() -> None:
    from teitools.validate.schematron.passes import document_level as _document_level

    assert _document_level("//(tei:person | tei:personGrp)/@xml:id")
    assert _document_level("//@*[local-name() = ('ref', 'who')]/tokenize(normalize-space(.), ' ')")
    assert _document_level("//tei:*[@xml:id]")
    assert _document_level("distinct-values(//@ref/tokenize(normalize-space(.), ' '))")
    assert _document_level("string-join(//tei:p/@n, ', ')")
    for local in ("substring(@next, 2)", "//tei:*[@xml:id = $id]", "concat('#', @xml:id)",
                  "//tei:p | @ref", "//tei:p[. = current()]", "/a = 'x'", "tokenize(@a)",
                  "distinct-values(@n)", "count(tei:p)", "name()", "position()",
                  "string-join(//tei:p, $sep)", "id(@next)"):
        assert not _document_level(local), local


def test_project_rules_fire_on_the_article(tmp_path: Path) -> None:
    """The rewritten (linear) project constraints still report what they did."""
    article = REPO / "tei" / "kotkin-1991-rustbelt.xml"
    if not article.is_file():
        pytest.skip("article not available")
    text = re.sub(r"<\?xml-model[^>]*\?>\s*", "", article.read_text(encoding="utf-8"))
    ids = re.findall(r'<(?:person|place|org)\b[^>]*xml:id="([^"]+)"', text)
    assert ids
    unused = ids[0]
    broken = re.sub(rf'(ref|who|source|corresp)="#{re.escape(unused)}"', r'\1="#nobody"', text)
    broken = broken.replace("</listPerson>", '<person xml:id="ghost"><persName>G</persName>'
                            "</person></listPerson>", 1)
    doc = tmp_path / "a.xml"
    doc.write_text(broken, encoding="utf-8")
    result = validate_paths([str(doc)], opts(rng=REPO / "schema" / "rustbelt.rng",
                                             sch=REPO / "schema" / "rustbelt.sch"))
    messages = " ".join(d.message for d in result.diagnostics)
    assert "“ghost” is not used" in messages
    assert f"“{unused}” is not used" in messages
    assert 'ref="#nobody"' in messages or 'who="#nobody"' in messages


@pytest.mark.parametrize(("element", "attribute", "target", "message"), [
    ("said", "who", "#magnitogorsk", "does not point to a speaker"),
    ("said", "who", "nobody", "does not point to a speaker"),
    ("quote", "source", "#worker", "does not point to a written source"),
    ("persName", "ref", "#magnitogorsk", "does not point to a person"),
    ("placeName", "ref", "#worker", "does not point to a place"),
    ("orgName", "ref", "#magnitogorsk", "does not point to an organisation"),
    ("author", "ref", "#magnitogorsk", "does not point to an entry"),
])
def test_project_pointer_rules_check_the_kind_of_entry(
        tmp_path: Path, element: str, attribute: str, target: str, message: str) -> None:
    """Each pointer rule of the project ODD rejects a missing target and one of the wrong kind."""
    article = REPO / "tei" / "kotkin-1991-rustbelt.xml"
    if not article.is_file():
        pytest.skip("article not available")
    text = re.sub(r"<\?xml-model[^>]*\?>\s*", "", article.read_text(encoding="utf-8"))
    broken, n = re.subn(rf'(<{element}\b[^>]*\b{attribute}=")[^"]*"', rf'\g<1>{target}"', text,
                        count=1)
    assert n == 1
    doc = tmp_path / "a.xml"
    doc.write_text(broken, encoding="utf-8")
    result = validate_paths([str(doc)], opts(rng=REPO / "schema" / "rustbelt.rng",
                                             sch=REPO / "schema" / "rustbelt.sch"))
    found = [d for d in result.diagnostics if message in d.message]
    assert len(found) == 1, result.diagnostics
    assert f'{attribute}="{target}"' in found[0].message


def test_a_file_without_a_schema_is_judged_by_its_other_diagnostics() -> None:
    file = FileResult.failure("a.xml", NoSchemaError("no schema found"))
    pointer = Diagnostic("a.xml", 3, 5, Severity.ERROR, "no element", "corpus-pointer", "corpus")
    file.diagnostics.append(pointer)
    no_schema, judged = file.no_schema_apart()
    assert [d.rule for d in no_schema] == [NO_SCHEMA] and judged == [pointer]
    assert file.unchecked
    unreadable = FileResult.failure("b.xml", InputError("cannot read"))
    assert unreadable.no_schema_apart() == ([], unreadable.diagnostics)
    assert not unreadable.unchecked
