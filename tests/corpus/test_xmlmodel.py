"""``teitools xml-model``: PIs added or repaired, nothing else in the file touched."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from teitools.cli import main
from teitools.corpus.xmlmodel import add_xml_model

BODY = ('<!-- a comment -->\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
        '  <text><body><p>caf\u00e9 &amp; <hi rend="x">a</hi></p></body></text>\n</TEI>\n')


def _project(tmp_path: Path) -> Path:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "p.rng").write_text("<grammar/>")
    (tmp_path / "schema" / "p.sch").write_text("<schema/>")
    (tmp_path / "tei" / "sub").mkdir(parents=True)
    return tmp_path


def test_adds_both_pis_with_relative_hrefs_and_keeps_every_other_byte(tmp_path: Path) -> None:
    root = _project(tmp_path)
    doc = root / "tei" / "sub" / "a.xml"
    original = ('<?xml version="1.0" encoding="UTF-8"?>\n' + BODY).encode()
    doc.write_bytes(original)
    result = CliRunner().invoke(main, ["xml-model", str(doc)])
    assert result.exit_code == 0, result.output
    assert "added RELAX NG, Schematron" in result.output
    data = doc.read_bytes()
    decl = b'<?xml version="1.0" encoding="UTF-8"?>'
    assert data.startswith(decl + b'\n<?xml-model href="../../schema/p.rng" type="application/'
                           b'xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
                           b'<?xml-model href="../../schema/p.sch" type="application/xml" '
                           b'schematypens="http://purl.oclc.org/dsdl/schematron"?>\n')
    assert data.endswith(original[len(decl):])
    again = CliRunner().invoke(main, ["xml-model", str(doc)])
    assert "up to date" in again.output and doc.read_bytes() == data


def test_repairs_a_broken_href_in_place(tmp_path: Path) -> None:
    root = _project(tmp_path)
    doc = root / "tei" / "a.xml"
    doc.write_bytes(b'<?xml version="1.0"?>\r\n<?xml-stylesheet href="s.css"?>\r\n'
                    b"<?xml-model href='old/p.rng' schematypens='http://relaxng.org/ns/"
                    b"structure/1.0'?>\r\n" + BODY.replace("\n", "\r\n").encode())
    result = add_xml_model(doc)
    assert result.repaired == ["rng"] and result.added == ["sch"]
    data = doc.read_bytes()
    assert b'<?xml-stylesheet href="s.css"?>\r\n<?xml-model href="../schema/p.rng"' in data
    assert b'schematypens="http://relaxng.org/ns/structure/1.0"?>\r\n<?xml-model href="../' \
           b'schema/p.sch"' in data
    assert data.endswith(BODY.replace("\n", "\r\n").encode())


def test_without_declaration_and_with_explicit_schemas(tmp_path: Path) -> None:
    root = _project(tmp_path)
    other = root / "other.rng"
    other.write_text("<grammar/>")
    doc = root / "tei" / "a.xml"
    doc.write_bytes(BODY.encode())
    add_xml_model(doc, rng=other)
    data = doc.read_bytes()
    assert data.startswith(b'<?xml-model href="../other.rng"')
    assert b"p.sch" not in data  # only what was asked for
    assert data.endswith(BODY.encode())


def test_no_schema_is_one_line_exit_2(tmp_path: Path) -> None:
    doc = tmp_path / "a.xml"
    doc.write_bytes(BODY.encode())
    result = CliRunner().invoke(main, ["xml-model", str(doc)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "no schema" in result.output
    assert doc.read_bytes() == BODY.encode()
