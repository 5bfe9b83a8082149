"""The hardened parser and atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from teitools.errors import InputError, OutputError
from teitools.xmlio import atomic_write, parse, parse_bytes


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
    tree = parse_bytes(doc, "doc.xml")
    assert "TOP-SECRET" not in "".join(tree.getroot().itertext())


def test_billion_laughs_does_not_expand() -> None:
    lol = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    doc = f"<!DOCTYPE a [{lol}]><a>&l9;</a>".encode()
    try:
        tree = parse_bytes(doc, "bomb.xml")
    except InputError as exc:  # libxml2 may refuse outright: also fine
        assert "bomb.xml" in str(exc)
        return
    assert len("".join(tree.getroot().itertext())) < 1000


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
