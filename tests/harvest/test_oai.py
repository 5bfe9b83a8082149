"""The OAI-PMH static repository: valid, and each record checked against the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
import xmlschema
from lxml import etree

from teitools.export.corpus import Corpus
from teitools.harvest import oai

from .conftest import DATA, LETTERS
from .letters import expected

NS = {"sr": oai.STATIC_NS, "oai": oai.OAI_NS, "dc": "http://purl.org/dc/elements/1.1/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "tei": "http://www.tei-c.org/ns/1.0"}
URL = "https://letters.example.org/edition/oai.xml"
SCHEMAS = DATA / "oai"


@pytest.fixture(scope="module")
def repository(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> etree._ElementTree:
    path = tmp_path_factory.mktemp("oai") / "oai.xml"
    result = oai.write_oai(corpus.all, path, url=URL, name="Briefe",
                           admin_email="edition@letters.example.org")
    assert result.written and result.records == len(corpus.all) and result.diagnostics == []
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    return etree.parse(str(path))


def xp(node: etree._Element | etree._ElementTree, path: str) -> list[etree._Element]:
    result = node.xpath(path, namespaces=NS)
    assert isinstance(result, list)
    return [r for r in result if isinstance(r, etree._Element)]


def text(node: etree._Element, path: str) -> list[str]:
    return [el.text or "" for el in xp(node, path)]


def test_valid_against_the_static_repository_and_oai_dc_schemas(
        repository: etree._ElementTree) -> None:
    xmlschema.XMLSchema(str(SCHEMAS / "static-repository.xsd")).validate(repository)
    dc_schema = xmlschema.XMLSchema(str(SCHEMAS / "oai_dc.xsd"))
    records = xp(repository, "//oai_dc:dc")
    assert records
    for record in records:
        dc_schema.validate(etree.ElementTree(record))


def test_schemas_reject_what_oai_pmh_forbids(repository: etree._ElementTree) -> None:
    schema = xmlschema.XMLSchema(str(SCHEMAS / "static-repository.xsd"))
    for path, value in (("//oai:protocolVersion", "1.1"), ("//oai:granularity", "YYYY"),
                        ("//oai:adminEmail", "nobody"), ("//oai:datestamp", "1871-13-02")):
        broken = etree.fromstring(etree.tostring(repository))
        xp(broken, path)[0].text = value
        assert not schema.is_valid(etree.ElementTree(broken)), path


def test_identify(repository: etree._ElementTree, corpus: Corpus) -> None:
    (identify,) = xp(repository, "/sr:Repository/sr:Identify")
    assert text(identify, "oai:repositoryName") == ["Briefe"]
    assert text(identify, "oai:baseURL") == [URL]
    assert text(identify, "oai:protocolVersion") == ["2.0"]
    assert text(identify, "oai:granularity") == ["YYYY-MM-DD"]
    stamps = sorted(oai.datestamp(d) for d in corpus.all)
    assert text(identify, "oai:earliestDatestamp") == [stamps[0]]


def test_one_list_per_format_and_a_record_per_document(repository: etree._ElementTree,
                                                       corpus: Corpus) -> None:
    prefixes = text(repository.getroot(), "sr:ListMetadataFormats/oai:metadataFormat"
                                          "/oai:metadataPrefix")
    assert prefixes == ["oai_dc", "tei"]
    for prefix in prefixes:
        (listing,) = xp(repository, f"/sr:Repository/sr:ListRecords[@metadataPrefix='{prefix}']")
        ids = text(listing, "oai:record/oai:header/oai:identifier")
        assert ids == [f"oai:letters.example.org:{d.local_id}" for d in corpus.all]
        assert len(set(ids)) == len(ids)


def test_each_letter_record_says_what_the_letter_says(repository: etree._ElementTree) -> None:
    letters = {f"oai:letters.example.org:{x.ident}": x for x in expected(LETTERS)}
    records = xp(repository, "/sr:Repository/sr:ListRecords[@metadataPrefix='oai_dc']/oai:record")
    seen = 0
    for record in records:
        (ident,) = text(record, "oai:header/oai:identifier")
        letter = letters.get(ident)
        if letter is None:
            continue
        seen += 1
        (dc,) = xp(record, "oai:metadata/oai_dc:dc")
        assert text(dc, "dc:title") == [letter.title]
        assert text(dc, "dc:creator") == [letter.sender_name]
        assert text(dc, "dc:contributor")[0] == letter.recipient_name
        assert text(dc, "dc:date") == [letter.date]
        assert text(dc, "dc:coverage") == [letter.place_sent[1], letter.place_received[1]]
        assert text(dc, "dc:type") == ["Text", "letter"]
        assert text(record, "oai:header/oai:datestamp") == ["2026-01-01"]
    assert seen == LETTERS


def test_tei_records_are_the_headers(repository: etree._ElementTree, corpus: Corpus) -> None:
    records = xp(repository, "/sr:Repository/sr:ListRecords[@metadataPrefix='tei']/oai:record")
    for record, doc in zip(records, corpus.all, strict=True):
        (header,) = xp(record, "oai:metadata/tei:teiHeader")
        original = doc.find("tei:teiHeader")
        assert original is not None
        assert etree.tostring(header, method="c14n", exclusive=True) == etree.tostring(
            original, method="c14n", exclusive=True)


def test_beyond_5000_records_nothing_is_written(corpus: Corpus, tmp_path: Path) -> None:
    many = [corpus.documents[0]] * (oai.MAX_RECORDS + 1)
    result = oai.write_oai(many, tmp_path / "oai.xml", url=URL)
    assert not result.written and not (tmp_path / "oai.xml").exists()
    (error,) = result.diagnostics
    assert error.is_error and "at most 5,000 records" in error.message


def test_gateway_base_url_and_default_admin_address(corpus: Corpus) -> None:
    data, _ = oai.static_repository(corpus.documents[:1], url=URL,
                                    gateway="https://gateway.example.net/oai/")
    root = etree.fromstring(data)
    assert text(root, "//oai:baseURL") == [
        "https://gateway.example.net/oai/letters.example.org/edition/oai.xml"]
    assert text(root, "//oai:adminEmail") == ["webmaster@letters.example.org"]


def test_ids_repeated_across_headers_stay_unique_in_the_file(corpus: Corpus) -> None:
    letter = corpus.documents[0]
    header = letter.find("tei:teiHeader")
    assert header is not None
    header.set("{http://www.w3.org/XML/1998/namespace}id", "h")
    title = letter.find("tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title")
    assert title is not None
    title.set("corresp", "#h")
    try:
        data, _ = oai.static_repository([letter, letter], url=URL)
    finally:
        del header.attrib["{http://www.w3.org/XML/1998/namespace}id"]
        del title.attrib["corresp"]
    root = etree.fromstring(data)  # duplicate ids would not parse
    ids = root.xpath("//tei:teiHeader/@xml:id", namespaces=NS)
    assert ids == ["h", f"{letter.local_id}.h"]
    assert root.xpath("//tei:title/@corresp", namespaces=NS) == ["#h", f"#{letter.local_id}.h"]
