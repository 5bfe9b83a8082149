"""Every bad input of issue 6: one line naming the file, the right exit code, no traceback,
no hang, and the input left untouched."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import DATA, digest, run_cli

MINI_RNG = DATA / "schema" / "mini.rng"
MINI_SCH = DATA / "schema" / "mini.sch"
TEI = 'xmlns="http://www.tei-c.org/ns/1.0"'
VALID = f'<TEI {TEI}><text><body><p>ok</p></body></text></TEI>\n'.encode()

Maker = Callable[[Path], tuple[Path, list[str]]]


def _file(name: str, data: bytes, *extra: str) -> Maker:
    def make(tmp: Path) -> tuple[Path, list[str]]:
        path = tmp / name
        path.write_bytes(data)
        return path, ["--rng", str(MINI_RNG), "--sch", str(MINI_SCH), *extra]

    return make


def _bomb() -> bytes:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)]
    return (f'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n{"".join(ents)}\n]>\n'
            f'<TEI {TEI}><text><body><p>&lol9;</p></body></text></TEI>').encode()


def _secret_entity(tmp: Path) -> tuple[Path, list[str]]:
    secret = tmp / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp / "xxe.xml"
    path.write_bytes(f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n'
                     f'<TEI {TEI}><text><body><p>&s;</p></body></text></TEI>'.encode())
    return path, ["--rng", str(MINI_RNG)]


def _secret_inner(tmp: Path) -> tuple[Path, list[str]]:
    secret = tmp / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = tmp / "inner.xml"
    path.write_bytes(_entity_doc(f'<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY a "[&s;]">',
                                 "&a;"))
    return path, ["--rng", str(MINI_RNG)]


def _external_dtd(tmp: Path) -> tuple[Path, list[str]]:
    dtd = tmp / "broken.dtd"
    dtd.write_text("<!ELEMENT this is not a DTD")  # reading it would be an error
    path = tmp / "dtd.xml"
    path.write_bytes(f'<!DOCTYPE TEI SYSTEM "{dtd}">\n'
                     f'<TEI {TEI}><text><body><p>x</p></body></text></TEI>'.encode())
    return path, ["--rng", str(MINI_RNG)]


def _quadratic() -> bytes:
    big = "x" * 100_000
    return (f'<!DOCTYPE TEI [<!ENTITY big "{big}">]>\n'
            f'<TEI {TEI}><text><body><p>{"&big;" * 200}</p></body></text></TEI>').encode()


def _entity_doc(subset: str, body: str) -> bytes:
    return (f"<?xml version='1.0'?>\n<!DOCTYPE TEI [{subset}]>\n"
            f"<TEI {TEI}><text><body><p>{body}</p></body></text></TEI>").encode()


def _huge_file(path: Path, megabytes: int) -> Path:
    chunk = b"<p>" + b"x" * 1000 + b"</p>\n"
    with path.open("wb") as fh:
        fh.write(f"<TEI {TEI}><text><body>\n".encode())
        for _ in range(megabytes * 1024):
            fh.write(chunk)
        fh.write(b"</body></text></TEI>\n")
    return path


def _huge(tmp: Path) -> tuple[Path, list[str]]:
    return _huge_file(tmp / "huge.xml", 60), ["--rng", str(MINI_RNG), "--max-size", "50"]


def _deep(tmp: Path) -> tuple[Path, list[str]]:
    path = tmp / "deep.xml"
    path.write_bytes(f"<TEI {TEI}><text><body>".encode() + b"<p>" * 10_000 + b"</p>" * 10_000
                     + b"</body></text></TEI>")
    return path, ["--rng", str(MINI_RNG)]


def _missing(tmp: Path) -> tuple[Path, list[str]]:
    return tmp / "missing.xml", ["--rng", str(MINI_RNG)]


def _empty_dir(tmp: Path) -> tuple[Path, list[str]]:
    d = tmp / "no xml here"
    d.mkdir()
    (d / "notes.txt").write_text("not xml")
    return d, ["--rng", str(MINI_RNG)]


def _broken_href(tmp: Path) -> tuple[Path, list[str]]:
    path = tmp / "href.xml"
    path.write_bytes(b'<?xml-model href="../nowhere/missing.rng" '
                     b'schematypens="http://relaxng.org/ns/structure/1.0"?>\n' + VALID)
    return path, []


def _bad_schema(content: bytes, option: str) -> Maker:
    def make(tmp: Path) -> tuple[Path, list[str]]:
        schema = tmp / f"bad{option.replace('-', '.')}"
        schema.write_bytes(content)
        path = tmp / "doc.xml"
        path.write_bytes(VALID)
        return path, [option, str(schema)]

    return make


# (id, maker, exit code, expected fragment of the message)
CASES: list[tuple[str, Maker, int, str]] = [
    ("not-wellformed", _file("broken.xml", f"<TEI {TEI}><text>\n<p></TEI>".encode()), 1,
     "not well-formed"),
    ("empty", _file("empty.xml", b""), 1, "empty file"),
    ("whitespace-only", _file("blank.xml", b"  \n\n"), 1, "empty file"),
    ("binary", _file("image.xml", bytes(range(256)) * 16), 1, "binary file"),
    ("latin1-no-declaration", _file("latin1.xml", f"<TEI {TEI}><text><body><p>café</p>"
                                    "</body></text></TEI>".encode("latin-1")), 1, "not UTF-8"),
    ("non-tei-root", _file("html.xml", b"<html><body/></html>"), 1, "not a TEI document"),
    ("tei-without-namespace", _file("nons.xml", b"<TEI><text/></TEI>"), 1, "no namespace"),
    ("other-namespace", _file("ns.xml", b'<TEI xmlns="urn:x"/>'), 1, "not a TEI document"),
    ("external-entity", _secret_entity, 1, "&s; is an external entity"),
    ("billion-laughs", _file("bomb.xml", _bomb()), 1, "entity bomb"),
    ("quadratic-blowup", _file("quadratic.xml", _quadratic()), 1, "entity bomb"),
    ("entity-refers-to-itself", _file("loop.xml", _entity_doc(
        '<!ENTITY a "x&b;"><!ENTITY b "&a;">', "&a;")), 1, "refers to itself"),
    ("entity-through-parameter-entity", _file("pe.xml", _entity_doc(
        '<!ENTITY % p "x"><!ENTITY a "%p;">', "&a;")), 1, "uses a parameter entity"),
    ("undeclared-entity", _file("undeclared.xml", _entity_doc("", "&nbsp;")), 1,
     "Entity 'nbsp' not defined"),
    ("external-entity-inside-entity", _secret_inner, 1, "&s; is an external entity"),
    ("over-max-size", _huge, 2, "over the 50 MB limit"),
    ("10000-levels", _deep, 1, "nested deeper than 256"),
    ("missing-file", _missing, 2, "no such file"),
    ("directory-without-xml", _empty_dir, 2, "no *.xml files"),
    ("spaces and non-ascii", _file("Kotkin – été 1991.xml", f"<TEI {TEI}><text><body><p>x<q/>"
                                   "</p></body></text></TEI>".encode()), 1, "<q>"),
    ("broken-xml-model-href", _broken_href, 2, "points to a missing file"),
    ("rng-not-xml", _bad_schema(b"<grammar", "--rng"), 2, "not well-formed"),
    ("rng-not-a-grammar", _bad_schema(
        b'<grammar xmlns="http://relaxng.org/ns/structure/1.0"><start><ref name="nope"/>'
        b"</start></grammar>", "--rng"), 2, "does not load"),
    ("sch-bad-xpath", _bad_schema(
        b'<schema xmlns="http://purl.oclc.org/dsdl/schematron"><pattern><rule context="*">'
        b'<assert test="((">x</assert></rule></pattern></schema>', "--sch"), 2,
     "does not compile"),
    ("sch-not-schematron", _bad_schema(b"<foo/>", "--sch"), 2, "not a Schematron schema"),
]


@pytest.mark.parametrize(("maker", "code", "fragment"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input(tmp_path: Path, maker: Maker, code: int, fragment: str) -> None:
    target, options = maker(tmp_path)
    before = {p: digest(p) for p in tmp_path.rglob("*") if p.is_file()}
    run = run_cli(*options, target, timeout=60)
    assert "Traceback" not in run.out + run.err
    assert run.code == code, (run.out, run.err)
    assert len(run.lines) == 2, run.out  # one diagnostic line, then the summary line
    assert run.lines[1].startswith("1 file, "), run.out
    diag = run.lines[0]
    assert diag.startswith(str(target)), diag
    assert fragment in diag, diag
    assert "TOP-SECRET" not in run.out + run.err
    after = {p: digest(p) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before  # validation never modifies a file


def test_network_entity_is_never_fetched(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.1)
    port = server.getsockname()[1]
    hits: list[object] = []

    def watch() -> None:
        with contextlib.suppress(OSError):
            hits.append(server.accept())

    thread = threading.Thread(target=watch)
    thread.start()
    doc = tmp_path / "net.xml"
    doc.write_bytes(f'<!DOCTYPE TEI [<!ENTITY n SYSTEM "http://127.0.0.1:{port}/x">]>\n'
                    f'<TEI {TEI}><text><body><p>&n;</p></body></text></TEI>'.encode())
    run = run_cli("--rng", MINI_RNG, doc)
    thread.join()
    server.close()
    assert run.code == 1
    assert "&n; is an external entity" in run.out
    assert not hits


def test_stdin(tmp_path: Path) -> None:
    run = run_cli("--rng", MINI_RNG, "-", stdin=VALID)
    assert run.code == 0, run.out + run.err
    run = run_cli("--rng", MINI_RNG, "-", stdin=b"<TEI")
    assert run.code == 1
    assert run.lines[0].startswith("<stdin>:1:")


def test_missing_schema_option(tmp_path: Path) -> None:
    doc = tmp_path / "ok.xml"
    doc.write_bytes(VALID)
    run = run_cli("--rng", tmp_path / "nope.rng", doc)
    assert run.code == 2
    assert "Traceback" not in run.err
    assert run.err.strip().splitlines() == [
        f"teitools: error: {tmp_path / 'nope.rng'}: no such schema file"]


# --------------------------------------------------------------------------- DOCTYPEs that are fine

def _legacy_dtd(tmp: Path) -> tuple[Path, list[str]]:
    path, options = _external_dtd(tmp)
    return path, [*options, "-v"]


def _legacy_entities(tmp: Path) -> tuple[Path, list[str]]:
    path = tmp / "entities.xml"
    path.write_bytes(
        f'<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "../DTD/tei.dtd" [\n'
        f'<!ENTITY % TEI.drama "INCLUDE">\n%TEI.drama;\n<!ENTITY ed "the editors">\n'
        f'<!ENTITY ack "thanks to &ed;">\n<!ATTLIST TEI n CDATA "defaulted">\n]>\n'
        f'<TEI {TEI}><text><body><p>&ack; &#38; &amp;</p></body></text></TEI>'.encode())
    return path, ["--rng", str(MINI_RNG), "-v"]


SAFE_DOCTYPES: list[tuple[str, Maker, str]] = [
    ("external-dtd-never-read", _legacy_dtd, "its external DTD"),
    ("internal-entities-expanded", _legacy_entities, "entities &ed;, &ack; expanded"),
    ("parameter-entities-ignored", _legacy_entities, "1 parameter entity ignored"),
]


@pytest.mark.parametrize(("maker", "note"), [c[1:] for c in SAFE_DOCTYPES],
                         ids=[c[0] for c in SAFE_DOCTYPES])
def test_doctype_is_not_an_attack(tmp_path: Path, maker: Maker, note: str) -> None:
    target, options = maker(tmp_path)
    run = run_cli(*options, target, timeout=60)
    assert run.code == 0, (run.out, run.err)
    assert "Traceback" not in run.out + run.err
    assert "DOCTYPE TEI ignored: " in run.err and note in run.err, run.err


def test_expanded_entities_are_validated(tmp_path: Path) -> None:
    # an entity whose text has an element the schema does not allow: reported on the line of
    # the element holding the reference (libxml2 numbers it from the declaration, line 3)
    path = tmp_path / "bad-entity.xml"
    path.write_bytes(_entity_doc('\n<!ENTITY q "<q>x</q>">\n', "&q;"))
    run = run_cli("--rng", MINI_RNG, path)
    assert run.code == 1, run.out
    assert run.lines[0].startswith(f"{path}:5:"), run.lines
    assert "<q>" in run.lines[0]


def test_default_size_limit_is_well_above_100_mb() -> None:
    from teitools.cli import validate
    from teitools.xmlio import DEFAULT_MAX_BYTES

    assert DEFAULT_MAX_BYTES >= 4 * 100 * 2**20
    option = next(p for p in validate.params if p.name == "max_size")
    assert option.default * 2**20 == DEFAULT_MAX_BYTES


@pytest.mark.slow
def test_100_mb_file_validates_by_default(tmp_path: Path) -> None:
    run = run_cli("--rng", MINI_RNG, _huge_file(tmp_path / "huge.xml", 100), timeout=300)
    assert run.code == 0, (run.out, run.err)
