"""Bad input: one-line OddError/SourceError with file:line, exit 2, nothing written."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from support import paths
from support.cli import invoke
from teitools.errors import OddError, SourceError
from teitools.odd.compile import compile_odd
from teitools.odd.derive import build_schemas

FEATURES = paths.DATA / "odd" / "features"

HEAD = """<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>
<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>
<text><body>
"""
TAIL = "\n</body></text></TEI>\n"
BASE = (
    '<moduleRef key="tei"/><moduleRef key="core"/><moduleRef key="header"/>'
    '<moduleRef key="textstructure"/>'
)


def odd(tmp_path: Path, body: str, name: str = "x.odd") -> Path:
    p = tmp_path / name
    p.write_text(HEAD + body + TAIL, encoding="utf-8")
    return p


CASES = {
    "not-well-formed": ('<schemaSpec ident="x">' + BASE, 7, "not well-formed"),
    "unknown-module": (
        '<schemaSpec ident="x">\n<moduleRef key="nosuch"/></schemaSpec>',
        7,
        "unknown module 'nosuch'",
    ),
    "unknown-spec-key": (
        f'<schemaSpec ident="x">{BASE}\n<elementRef key="nosuch"/></schemaSpec>',
        7,
        "unknown spec key 'nosuch'",
    ),
    "no-schemaSpec": ("<p>nothing</p>", 1, "no schemaSpec"),
    "no-start": (
        '<schemaSpec ident="x" start="nosuch">' + BASE + "</schemaSpec>",
        6,
        "no start element",
    ),
    "bad-mode": (
        f'<schemaSpec ident="x">{BASE}\n<elementSpec ident="p" mode="bogus"/></schemaSpec>',
        7,
        "unknown @mode 'bogus'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_odd(tmp_path: Path, case: str) -> None:
    body, line, text = CASES[case]
    path = odd(tmp_path, body)
    with pytest.raises(OddError) as info:
        compile_odd(path)
    err = info.value
    assert text in err.message
    assert err.file == str(path) and err.line == line
    assert "\n" not in str(err)
    out = tmp_path / "out"
    result = invoke("schema", "build", str(path), "--out", str(out))
    assert result.code == 2
    assert result.output.count("\n") == 1 and f"{path}:{line}" in result.output
    assert not out.exists()


def test_chaining_cycle(tmp_path: Path) -> None:
    odd(tmp_path, f'<schemaSpec ident="a" source="b.odd">{BASE}</schemaSpec>', "a.odd")
    odd(tmp_path, f'<schemaSpec ident="b" source="a.odd">{BASE}</schemaSpec>', "b.odd")
    with pytest.raises(OddError, match=r"chaining cycle: a\.odd -> b\.odd -> a\.odd") as info:
        compile_odd(tmp_path / "a.odd")
    assert info.value.line is not None


def test_missing_chained_source(tmp_path: Path) -> None:
    path = odd(tmp_path, f'<schemaSpec ident="a" source="nope.odd">{BASE}</schemaSpec>')
    with pytest.raises(OddError, match="chained source") as info:
        compile_odd(path)
    assert info.value.line == 6


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="not found") as info:
        compile_odd(FEATURES / "modes.odd", tmp_path / "nope.xml")
    assert info.value.file == str(tmp_path / "nope.xml")
    result = invoke("schema", "build", FEATURES / "modes.odd", "--source", tmp_path / "nope.xml",
                    "--out", tmp_path / "out")
    assert result.code == 2 and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "content",
    [
        b"<notTEI/>",
        b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><text/></TEI>",
        b"<broken",
        gzip.compress(b"<broken", mtime=0),
    ],
    ids=["not-tei", "no-specs", "not-well-formed", "gzipped-broken"],
)
def test_wrong_source(tmp_path: Path, content: bytes) -> None:
    src = tmp_path / "p5subset.xml"
    src.write_bytes(content)
    with pytest.raises(SourceError) as info:
        compile_odd(FEATURES / "modes.odd", src)
    assert info.value.file == str(src) and info.value.line is not None


def test_env_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEI_P5_SOURCE", str(tmp_path / "missing.xml"))
    with pytest.raises(SourceError):
        compile_odd(FEATURES / "modes.odd")


def test_failed_build_keeps_previous_outputs(tmp_path: Path) -> None:
    good = FEATURES / "modes.odd"
    out = tmp_path / "out"
    result = build_schemas(good, out_dir=out)
    before = {p: p.read_bytes() for p in result.outputs.values()}
    bad = odd(tmp_path, '<schemaSpec ident="modes">\n<moduleRef key="nosuch"/></schemaSpec>')
    with pytest.raises(OddError):
        build_schemas(bad, out_dir=out)
    assert {p: p.read_bytes() for p in before} == before
    assert sorted(out.iterdir()) == sorted(before)
