"""The disk cache: off switch, size bound (least recently used first), clear/info;
the XML Schema cache (pickled schema, per-document results) and the Validator's state."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from teitools.validate import SchemaOptions, ValidationOptions, Validator
from teitools.validate.cache import DiskCache

from .conftest import DATA

TEI = "http://www.tei-c.org/ns/1.0"


def test_store_and_load_round_trip(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    assert cache.load("kind", "k", ".x") is None
    cache.store("kind", "k", b"data", ".x")
    assert cache.load("kind", "k", ".x") == b"data"
    assert (tmp_path / "kind" / "k.x").read_bytes() == b"data"


def test_off_switch_reads_and_writes_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    DiskCache(tmp_path).store("kind", "k", b"old")
    monkeypatch.setenv("TEITOOLS_CACHE", "off")
    cache = DiskCache(tmp_path)
    assert not cache.enabled
    assert cache.load("kind", "k") is None
    cache.store("kind", "new", b"x")
    assert not (tmp_path / "kind" / "new").exists()
    monkeypatch.delenv("TEITOOLS_CACHE")
    assert cache.enabled and cache.load("kind", "k") == b"old"  # read when used
    assert DiskCache(tmp_path, enabled=False).load("kind", "k") is None


def test_size_bound_drops_least_recently_used(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, max_bytes=250)
    for i, name in enumerate(("a", "b", "c")):
        cache.store("kind", name, b"x" * 100)
        os.utime(tmp_path / "kind" / name, (1000 + i, 1000 + i))
    # a, b, c (300 bytes) would not fit: the oldest went when c was stored
    assert not (tmp_path / "kind" / "a").exists()
    assert cache.load("kind", "b") is not None  # a hit: b is now the most recent
    cache.store("kind", "d", b"x" * 100)
    left = sorted(p.name for p in (tmp_path / "kind").iterdir())
    assert left == ["b", "d"]


def test_the_entry_just_stored_stays_even_over_the_bound(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path, max_bytes=10)
    cache.store("kind", "big", b"x" * 100)
    assert cache.load("kind", "big") == b"x" * 100


def test_bound_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TEITOOLS_CACHE_MAX_MB", "0.5")
    assert DiskCache(tmp_path).max_bytes == 2**19
    monkeypatch.setenv("TEITOOLS_CACHE_MAX_MB", "lots")
    assert DiskCache(tmp_path).max_bytes == 256 * 2**20


def test_clear_and_info(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path)
    cache.store("one", "a", b"12")
    cache.store("one", "b", b"345")
    cache.store("two", "c", b"6")
    info = cache.info()
    assert info.entries == {"one": 2, "two": 1} and info.total_bytes == 6
    assert cache.clear() == 3
    assert cache.info().entries == {}
    assert DiskCache(tmp_path / "missing").info().total_bytes == 0


def test_validator_state_is_its_own(tmp_path: Path) -> None:
    """Two validators share nothing in memory; clear() forgets compiled schemas."""
    cache = DiskCache(tmp_path)
    one, two = Validator(cache), Validator(DiskCache(tmp_path))
    rng = DATA / "schema" / "mini.rng"
    assert one.grammar(rng) is one.grammar(rng)
    assert one.grammar(rng) is not two.grammar(rng)
    first = one.grammar(rng)
    result = one.validate_file(DATA / "doc-mini.xml",
                               ValidationOptions(SchemaOptions(rng=rng)))
    assert not result.failed
    one.clear()
    assert one.grammar(rng) is not first and sum(one.built.values()) == 0


@pytest.mark.parametrize("enabled, said", [(True, "cached for the next run"),
                                            (False, "not cached: the cache is off")])
def test_notes_say_whether_a_built_schema_was_cached(tmp_path: Path, enabled: bool,
                                                     said: str) -> None:
    validator = Validator(DiskCache(tmp_path, enabled=enabled))
    schemas = SchemaOptions(rng=DATA / "schema" / "mini.rng", sch=DATA / "schema" / "mini.sch")
    notes = validator.validate_file(DATA / "doc-mini.xml", ValidationOptions(schemas)).notes
    built = [n for n in notes if "compiled to XSLT" in n or "propagated" in n]
    assert len(built) == 2 and all(said in n for n in built), notes
    assert any((tmp_path / "schematron").glob("*.xsl")) is enabled


# ------------------------------------------------------------------ XML Schema


def _xsd(tmp: Path, extra: str = "") -> Path:
    """A schema for <TEI> with p children, its type in an included file."""
    (tmp / "types.xsd").write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{TEI}"'
        f' xmlns:t="{TEI}" elementFormDefault="qualified">'
        '<xs:complexType name="doc"><xs:sequence>'
        '<xs:element name="p" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>'
        f'{extra}</xs:sequence></xs:complexType></xs:schema>', encoding="utf-8")
    main = tmp / "main.xsd"
    main.write_text(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{TEI}"'
        f' xmlns:t="{TEI}" elementFormDefault="qualified">'
        '<xs:include schemaLocation="types.xsd"/>'
        '<xs:element name="TEI" type="t:doc"/></xs:schema>', encoding="utf-8")
    return main


def _check(validator: Validator, xsd: Path, doc: Path) -> tuple[list[str], list[str]]:
    result = validator.validate_file(doc, ValidationOptions(SchemaOptions(xsd=xsd)))
    assert not result.failed, result.diagnostics
    return [d.message for d in result.diagnostics if d.phase == "xsd"], result.notes


def test_xml_schema_is_loaded_once_then_from_the_cache(tmp_path: Path) -> None:
    xsd = _xsd(tmp_path)
    doc = tmp_path / "d.xml"
    doc.write_text(f'<TEI xmlns="{TEI}"><p>a</p><q>b</q></TEI>', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cold = Validator(DiskCache(cache_dir))
    errors, notes = _check(cold, xsd, doc)
    assert len(errors) == 1 and "q" in errors[0]
    assert cold.built["xsd"] == 1 and "XSD: schema loaded (cached for the next run)" in notes
    # a new process, the same document: the result, without loading the schema
    warm = Validator(DiskCache(cache_dir))
    assert _check(warm, xsd, doc) == (errors, [*notes[:-1],
                                               "XSD: result for this document from the cache"])
    assert warm.built["xsd"] == 0 and warm.xml_schema(xsd)._schema is None
    # another document: the schema unpickled, not built
    other = tmp_path / "e.xml"
    other.write_text(f'<TEI xmlns="{TEI}">\n<r/></TEI>', encoding="utf-8")
    errors2, notes2 = _check(warm, xsd, other)
    assert len(errors2) == 1 and "r" in errors2[0]
    assert warm.built["xsd"] == 0 and "XSD: loaded schema from the cache" in notes2


def test_a_changed_included_file_is_not_served_from_the_cache(tmp_path: Path) -> None:
    xsd = _xsd(tmp_path)
    doc = tmp_path / "d.xml"
    doc.write_text(f'<TEI xmlns="{TEI}"><p>a</p><q>b</q></TEI>', encoding="utf-8")
    cache_dir = tmp_path / "cache"
    assert len(_check(Validator(DiskCache(cache_dir)), xsd, doc)[0]) == 1
    _xsd(tmp_path, extra='<xs:element name="q" type="xs:string" minOccurs="0"/>')
    fresh = Validator(DiskCache(cache_dir))
    assert _check(fresh, xsd, doc)[0] == []  # q is allowed now
    assert fresh.built["xsd"] == 1


def test_file_bytes_and_parsed_give_the_same_result(tmp_path: Path) -> None:
    """The Validator's three entry points agree (a language server uses bytes/parsed)."""
    from teitools.validate.wellformed import check_bytes

    doc = tmp_path / "d.xml"
    doc.write_text(f'<TEI xmlns="{TEI}">\n<text><body><p>one</p>\n<list><p>x</p></list>'
                   '</body></text></TEI>\n', encoding="utf-8")
    options = ValidationOptions(SchemaOptions(rng=DATA / "schema" / "mini.rng",
                                              sch=DATA / "schema" / "mini.sch"))
    validator = Validator(DiskCache(tmp_path / "cache"))
    from_file = validator.validate_file(doc, options)
    from_bytes = validator.validate_bytes(doc.read_bytes(), str(doc), doc, options)
    parsed, problems = check_bytes(doc.read_bytes(), str(doc))
    assert parsed is not None and not problems
    from_tree = validator.validate_parsed(parsed, str(doc), doc, options)
    assert from_file.diagnostics == from_bytes.diagnostics == from_tree.diagnostics
    assert from_file.diagnostics and from_file.diagnostics[0].line == 3
    assert from_file.schemas == from_tree.schemas
    assert "Schematron: compiled stylesheet reused" in from_tree.notes


def test_stores_scan_the_directory_once_until_the_bound_is_near(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = DiskCache(tmp_path, max_bytes=1000)
    scans = 0
    files = cache._files

    def counting() -> list[tuple[float, int, Path]]:
        nonlocal scans
        scans += 1
        return files()

    monkeypatch.setattr(cache, "_files", counting)
    for i in range(8):
        cache.store("kind", f"k{i}", b"x" * 100)
    assert scans == 1  # 800 bytes: under the bound, counted, not rescanned
    cache.store("kind", "k8", b"x" * 300)  # 1100: over, so the directory is read again
    assert scans == 2 and cache.info().total_bytes <= 1000
