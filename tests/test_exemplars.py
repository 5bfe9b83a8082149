"""TEI's own schemas, offline: the shipped exemplar ODDs, by name and by TEI's URLs."""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cli import invoke
from support.paths import DATA, EXEMPLARS
from teitools import exemplars

SHARED_EXEMPLARS = EXEMPLARS
VALID = DATA / "validate" / "valid.xml"  # valid against tei_bare and up
RNG_NS = "http://relaxng.org/ns/structure/1.0"
SCH_NS = "http://purl.oclc.org/dsdl/schematron"
SHIPPED = ("tei_all", "tei_bare", "tei_corpus", "tei_drama", "tei_lite", "tei_minimal",
           "tei_ms", "tei_simplePrint", "tei_speech", "tei_tite")


@pytest.fixture(autouse=True, scope="module")
def _cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    old = os.environ.get("TEITOOLS_CACHE_DIR")
    os.environ["TEITOOLS_CACHE_DIR"] = str(tmp_path_factory.mktemp("exemplar-cache"))
    yield
    if old is None:
        os.environ.pop("TEITOOLS_CACHE_DIR", None)
    else:
        os.environ["TEITOOLS_CACHE_DIR"] = old


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"network access attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _invoke(*args: str) -> tuple[int, str]:
    result = invoke(*args)
    return result.code, result.output


def test_the_exemplars_are_shipped_unmodified_with_their_licence() -> None:
    assert exemplars.names() == SHIPPED
    notice = (exemplars.DATA / "NOTICE.txt").read_text(encoding="utf-8")
    assert "CC-BY 3.0" in notice and "BSD 2-Clause" in notice and "unmodified" in notice
    if not SHARED_EXEMPLARS.is_dir():
        pytest.skip("../shared/tei-p5/exemplars not available to compare with")
    for name in SHIPPED:
        shipped = (exemplars.DATA / f"{name}.odd").read_bytes()
        original = (SHARED_EXEMPLARS / f"{name}.odd").read_bytes()
        assert hashlib.sha256(shipped).digest() == hashlib.sha256(original).digest(), name


URLS = [
    ("https://tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng", "tei_all", None),
    ("https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_all.rng", "tei_all", None),
    ("http://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_lite.rng", "tei_lite", None),
    ("http://tei-c.org/release/xml/tei/custom/schema/xsd/tei_bare.xsd", "tei_bare", None),
    ("https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_bare.rnc", "tei_bare", None),
    ("https://tei-c.org/release/xml/tei/custom/schema/schematron/tei_ms.isosch", "tei_ms", None),
    ("https://www.tei-c.org/Vault/P5/4.9.0/xml/tei/custom/schema/relaxng/tei_lite.rng",
     "tei_lite", "4.9.0"),
    ("http://www.tei-c.org/Vault/P5/3.0.0/xml/tei/custom/schema/relaxng/tei_drama.rng",
     "tei_drama", "3.0.0"),
]
NOT_TEI_URLS = [
    "https://example.org/schema/tei_all.rng",
    "https://tei-c.org/release/xml/tei/custom/schema/relaxng/my_project.rng",  # not shipped
    "https://tei-c.org.evil.example/release/xml/tei/custom/schema/relaxng/tei_all.rng",
    "https://raw.githubusercontent.com/TEIC/TEI/dev/P5/Exemplars/tei_all.odd",
]


@pytest.mark.parametrize(("url", "name", "version"), URLS)
def test_tei_urls_name_the_shipped_exemplars(url: str, name: str, version: str | None) -> None:
    ref = exemplars.from_url(url)
    assert ref is not None and (ref.name, ref.version) == (name, version)


@pytest.mark.parametrize("url", NOT_TEI_URLS)
def test_other_urls_are_not_exemplars(url: str) -> None:
    assert exemplars.from_url(url) is None


def _pis(*pairs: tuple[str, str]) -> str:
    return "".join(f'<?xml-model href="{href}" type="application/xml" schematypens="{ns}"?>\n'
                   for href, ns in pairs)


BARE = "https://www.tei-c.org/release/xml/tei/custom/schema/relaxng/tei_bare.rng"
BARE_SCH = "https://tei-c.org/release/xml/tei/custom/schema/schematron/tei_bare.sch"
VAULT_BARE = "https://www.tei-c.org/Vault/P5/4.9.0/xml/tei/custom/schema/relaxng/tei_bare.rng"


@pytest.mark.parametrize("pis", [
    _pis((BARE, RNG_NS)),
    _pis((BARE, RNG_NS), (BARE, SCH_NS)),  # oXygen's template: the .rng twice
    _pis((BARE, RNG_NS), (BARE_SCH, SCH_NS)),
    _pis((VAULT_BARE, RNG_NS)),
    _pis((BARE.replace("https://www.", "http://"), RNG_NS)),
], ids=["rng", "rng-with-embedded-schematron", "rng-and-sch", "vault", "http"])
def test_xml_model_urls_validate_offline(pis: str, tmp_path: Path, offline: None) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(VALID.read_text(encoding="utf-8").replace("<TEI ", pis + "<TEI ", 1),
                   encoding="utf-8")
    code, output = _invoke("validate", "-v", str(doc))
    assert code == 0, output
    assert "compiled from the ODD teitools ships" in output
    assert "tei_bare.rng" in output
    bad = tmp_path / "bad.xml"
    bad.write_text(doc.read_text(encoding="utf-8").replace("<body>", "<body><bogus/>", 1),
                   encoding="utf-8")
    code, output = _invoke("validate", str(bad))
    assert code == 1 and "bogus" in output, output


@pytest.mark.parametrize("url", NOT_TEI_URLS[:2])
def test_other_urls_are_one_line_errors_saying_what_to_do(url: str, tmp_path: Path,
                                                          offline: None) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_text(VALID.read_text(encoding="utf-8").replace(
        "<TEI ", _pis((url, RNG_NS)) + "<TEI ", 1), encoding="utf-8")
    code, output = _invoke("validate", str(doc))
    assert code == 2, output
    [line] = [ln for ln in output.splitlines() if "never downloads" in ln]
    pi_line = doc.read_text(encoding="utf-8").splitlines().index(_pis((url, RNG_NS)).strip()) + 1
    assert line.startswith(f"{doc}:{pi_line}:") and url in line
    assert "point the <?xml-model?> at the local copy" in line and "--rng" in line


@pytest.mark.parametrize("name", ["tei_bare", "tei_lite", "tei_all"])
def test_rng_by_name(name: str, offline: None) -> None:
    code, output = _invoke("validate", "-v", "--rng", name, "--sch", name, str(VALID))
    assert code == 0, output
    assert f"{name}.rng" in output and f"{name}.sch" in output
    assert "given on the command line" in output


def test_unknown_name_is_still_a_missing_file(offline: None) -> None:
    code, output = _invoke("validate", "--rng", "tei_nonesuch", str(VALID))
    assert code == 2 and "tei_nonesuch: no such schema file" in output, output


def test_compiled_once_then_cached() -> None:
    first = exemplars.schema_file("tei_minimal", "rng")
    stamp = first.stat().st_mtime_ns
    exemplars._compiled.cache_clear()  # a new process
    assert exemplars.schema_file("tei_minimal", "rng") == first
    assert first.stat().st_mtime_ns == stamp  # read from the cache, not rebuilt
    assert Path(os.environ["TEITOOLS_CACHE_DIR"]) in first.parents


@pytest.mark.parametrize("name", ["tei_lite", "tei_minimal"])
def test_schema_build_by_name(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                              offline: None) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _invoke("schema", "build", name)
    assert code == 0, output
    for kind in ("rng", "sch", "xsd"):
        assert (tmp_path / "schema" / f"{name}.{kind}").is_file()
        assert f"wrote schema/{name}.{kind}" in output
    code, output = _invoke("schema", "check", name)
    assert code == 0 and "up to date" in output, output
    assert not list(exemplars.DATA.glob("*.rng"))  # nothing written into the package
