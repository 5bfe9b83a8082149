"""The hardened parser and atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from teitools.errors import InputError, OutputError
from teitools.xmlio import (
    atomic_write,
    check_size,
    parse,
    parse_bytes,
    parse_document,
    parse_tei,
    read_bytes,
    read_doctype,
    require_tei,
)


def test_parse_reports_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI>\n  <p>unclosed\n</TEI>\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        parse(bad)
    assert exc.value.file == str(bad)
    assert exc.value.line == 3
    assert str(exc.value).startswith(f"{bad}:3:")
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not well-formed"),
        ("<a>caf\u00e9</a>".encode("latin-1"), "not well-formed"),
    ],
)
def test_bad_bytes_give_one_line_errors(content: bytes, fragment: str) -> None:
    with pytest.raises(InputError) as exc:
        parse_bytes(content, "doc.xml")
    assert fragment in str(exc.value)
    assert str(exc.value).startswith("doc.xml")


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doc = (
        f'<!DOCTYPE a [<!ENTITY x SYSTEM "{secret.as_uri()}">'
        '<!ENTITY y SYSTEM "http://example.invalid/x">]><a>&x;&y;</a>'
    ).encode()
    with pytest.raises(InputError, match="external entity") as exc:
        parse_bytes(doc, "doc.xml")
    assert "TOP-SECRET" not in str(exc.value)
    # declared but never referenced: harmless, and still not read
    tree = parse_bytes(doc.replace(b"&x;&y;", b"ok"), "doc.xml")
    assert "".join(tree.getroot().itertext()) == "ok"


BOMB = '<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
QUADRATIC = f'<!ENTITY q "{"x" * 50_000}">'


@pytest.mark.parametrize(("subset", "body", "fragment"), [
    (BOMB, "&l9;", "entity bomb"),
    (BOMB, "<x a='&l9;'/>", "entity bomb"),  # in an attribute value too
    (QUADRATIC, "&q;" * 300, "more than 10,000,000 characters"),
    ('<!ENTITY e "e">', "&e;" * 1_000_001, "more than 1,000,000 references"),
    ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "&a;", "refers to itself"),
    ('<!ENTITY % p "x"><!ENTITY a "%p;">', "&a;", "parameter entity"),
    ('<!ENTITY s SYSTEM "x.txt"><!ENTITY a "&s;">', "&a;", "&s; is an external entity"),
    ('<!ENTITY s SYSTEM "x.gif" NDATA gif>', "&s;", "&s; is an external entity"),
    ("<!ENTITY broken>", "x", "<!ENTITY broken is not well-formed"),
    ("<!ENTITY a 'x'", "x", "<!ENTITY a is not well-formed"),
], ids=["billion-laughs", "billion-laughs-attribute", "quadratic", "too-many-references",
        "recursive", "parameter-entity-in-value", "external-inside-internal", "unparsed",
        "malformed-declaration", "unclosed"])
def test_hostile_doctypes_fail_with_one_line(subset: str, body: str, fragment: str) -> None:
    doc = f"<?xml version='1.0'?>\n<!DOCTYPE a [{subset}]>\n<a>{body}</a>".encode()
    with pytest.raises(InputError) as exc:
        parse_bytes(doc, "bomb.xml")
    assert fragment in str(exc.value)
    assert str(exc.value).startswith("bomb.xml:") and "\n" not in str(exc.value)


@pytest.mark.parametrize(("subset", "body", "text"), [
    ('<!ENTITY ed "the editors">', "by &ed;", "by the editors"),
    ('<!ENTITY ed "&#233;d. &amp; co">', "&ed;", "éd. & co"),
    ('<!ENTITY a "[&b;]"><!ENTITY b "b">', "&a;&a;", "[b][b]"),
    ('<!ENTITY a "one"><!ENTITY a "two">', "&a;", "one"),  # the first declaration binds
    ('<!ENTITY % p "INCLUDE"> %p; <!ENTITY a "A">', "&a;", "A"),
    ('<!ENTITY % p "<!ENTITY inj \'INJECTED\'>"> %p;', "&amp;inj;", "&inj;"),
    ('<!-- ]> --><?pi ]>?><!ELEMENT a ANY><!ATTLIST a n CDATA "d">', "x", "x"),
    ("", "plain", "plain"),
    (QUADRATIC, "&q;", "x" * 50_000),
], ids=["text", "character-references", "nested", "first-binds", "parameter-entity-ignored",
        "parameter-entity-not-expanded", "other-declarations", "empty-subset", "one-big"])
def test_internal_entities_are_expanded(subset: str, body: str, text: str) -> None:
    doc = f'<!DOCTYPE a SYSTEM "../DTD/tei.dtd" [{subset}]>\n<a>{body}</a>'.encode()
    tree, doctype = parse_document(doc, "doc.xml")
    assert "".join(tree.getroot().itertext()) == text
    assert tree.getroot().get("n") is None  # ATTLIST defaults are not applied
    assert doctype is not None and doctype.external == "../DTD/tei.dtd"
    assert tree.getroot().sourceline == 2


def test_doctype_keeps_lines_and_columns() -> None:
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "tei.dtd" [\n'
           '<!ENTITY % TEI.drama "INCLUDE">\n<!ENTITY e "é">\n]>\n'
           "<TEI>\n  <p>&e;</p>\n  <q>x</q></TEI>").encode()
    tree, doctype = parse_document(doc, "doc.xml")
    assert doctype is not None and doctype.data.count(b"\n") == doc.count(b"\n")
    assert len(doctype.data) == len(doc)
    assert [(el.tag, el.sourceline) for el in tree.iter()] == [("TEI", 6), ("p", 7), ("q", 8)]
    with pytest.raises(InputError) as exc:
        parse_bytes(doc.replace(b"<q>x</q>", b"<q>x</r>"), "doc.xml")
    assert exc.value.line == 8


def test_doctype_note() -> None:
    doc = b'<!DOCTYPE TEI PUBLIC "-//TEI//DTD" "tei.dtd" [<!ENTITY % a "x"><!ENTITY b "b">]><a/>'
    doctype = read_doctype(doc, "doc.xml")
    assert doctype is not None
    assert doctype.note() == ("DOCTYPE TEI ignored: its external DTD 'tei.dtd' was not read; "
                              "1 parameter entity ignored; entities &b; expanded (0 references)")
    assert read_doctype(b"<a/>", "doc.xml") is None


@pytest.mark.parametrize(("xml", "problem"), [
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"/>', None),
    (b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"/>', None),
    (b"<TEI/>", "<TEI> is in no namespace"),
    (b'<text xmlns="http://www.tei-c.org/ns/1.0"/>', "<text> is in the TEI namespace, but"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "namespace 'http://www.w3.org/1999/xhtml'"),
], ids=["TEI", "teiCorpus", "no-namespace", "not-a-root", "xhtml"])
def test_one_tei_gate(xml: bytes, problem: str | None) -> None:
    from teitools.errors import InvalidDocumentError

    if problem is None:
        tree, _ = parse_tei(xml, "doc.xml")
        require_tei(tree, "doc.xml")
        return
    with pytest.raises(InvalidDocumentError, match=problem) as exc:
        parse_tei(xml, "doc.xml")
    assert exc.value.exit_code == 1 and exc.value.line == 1


def test_one_size_check(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    big.write_bytes(b"<a>" + b" " * 3 * 2**20 + b"</a>")
    with pytest.raises(InputError, match="over the 2 MB limit"):
        read_bytes(big, max_bytes=2 * 2**20)
    with pytest.raises(InputError, match=r"file is 3\.0 MB, over the 2 MB limit"):
        check_size(big.stat().st_size, big, 2 * 2**20)
    assert len(read_bytes(big)) > 3 * 2**20


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        parse(tmp_path / "nope.xml")
    with pytest.raises(InputError, match="is a directory"):
        parse(tmp_path)


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.txt"
    atomic_write(target, "first")
    atomic_write(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


def test_atomic_write_failure_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as exc:
        atomic_write(blocker / "child.txt", "data")
    assert str(blocker / "child.txt") in str(exc.value)
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_full_disk_gives_one_line_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_space(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "replace", no_space)
    with pytest.raises(OutputError) as exc:
        atomic_write(target, "new")
    assert str(exc.value) == f"{target}: no space left on device"
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_atomic_write_honours_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = atomic_write(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644


def test_external_dtd_is_never_opened(tmp_path: Path) -> None:
    # A resolver sees every resource libxml2 asks for: the DTD must not be among them.
    from lxml import etree

    from teitools.xmlio import make_parser

    dtd = tmp_path / "ext.dtd"
    dtd.write_text('<!ENTITY secret "TOP-SECRET">', encoding="utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<!DOCTYPE a SYSTEM "{dtd.as_uri()}"><a>&secret;</a>', encoding="utf-8")
    asked: list[str] = []

    class Spy(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            asked.append(url)

    parser = make_parser()
    parser.resolvers.add(Spy())
    tree = etree.parse(str(doc), parser)
    assert not [u for u in asked if u.endswith("ext.dtd")]
    assert "TOP-SECRET" not in "".join(tree.getroot().itertext())
