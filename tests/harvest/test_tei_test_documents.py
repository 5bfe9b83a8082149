"""TEI's own test documents (``../shared/tei-p5/test-documents/``): valid OAI and exports.

The three copied under ``tests/data/harvest/`` run always; the whole set where
``../shared`` is present.  Files whose root is not ``<TEI>`` (``teiCorpus``, P4's
``TEI.2``, fragments, other vocabularies) are reported by ``load_corpus`` and left out.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from lxml import etree

from teitools.export import FORMATS, export_document, json_schema
from teitools.export.corpus import Corpus, corpus_schema, export_corpus, load_corpus
from teitools.harvest.oai import write_oai

from .conftest import DATA, SHARED_TESTS, TEI_TESTS, needs_shared


@pytest.fixture(scope="module")
def shared_corpus() -> Corpus:
    if not SHARED_TESTS.exists():
        pytest.skip(f"{SHARED_TESTS} is absent (../shared is not checked out here)")
    return load_corpus([SHARED_TESTS])


def validators() -> dict[str, jsonschema.protocols.Validator]:
    """One validator per schema (building one per record costs more than the export)."""
    out = {}
    for fmt, spec in FORMATS.items():
        if spec.schema is not None:
            schema = json_schema(fmt)
            out[fmt] = jsonschema.validators.validator_for(schema)(schema)
    return out


def check_exports(corpus: Corpus) -> int:
    checked = 0
    validate = validators()
    for doc in corpus.documents + corpus.registers:
        result = export_document(doc, ["all"])
        assert all(not d.is_error for d in result.diagnostics), doc.name
        for fmt, spec in FORMATS.items():
            text = result.outputs[fmt]
            if spec.schema is None:
                continue
            records = [json.loads(x) for x in text.splitlines()] if fmt.endswith("jsonl") \
                else [json.loads(text)]
            for record in records:
                validate[fmt].validate(record)
                checked += 1
        etree.fromstring(result.outputs["metadata-dc"].encode("utf-8"))
    tables = export_corpus(corpus)
    for name in ("entities.json", "correspondence.json", "quotations.json"):
        jsonschema.validate(json.loads(tables.outputs[name]), corpus_schema(name))
    for name in ("units.jsonl", "metadata.jsonl"):
        schema = corpus_schema(name)
        validator = jsonschema.validators.validator_for(schema)(schema)
        for line in tables.outputs[name].splitlines():
            validator.validate(json.loads(line))
    return checked


def check_oai(corpus: Corpus, path: Path) -> None:
    result = write_oai(corpus.all, path, url="https://tei.example.org/tests/oai.xml")
    assert result.written
    tree = etree.parse(str(path))
    xmlschema.XMLSchema(str(DATA / "oai" / "static-repository.xsd")).validate(tree)
    dc = xmlschema.XMLSchema(str(DATA / "oai" / "oai_dc.xsd"))
    records = tree.findall(".//{http://www.openarchives.org/OAI/2.0/oai_dc/}dc")
    assert len(records) == len(corpus.all)
    for record in records:
        dc.validate(etree.ElementTree(record))


def test_the_copied_test_documents(tmp_path: Path) -> None:
    corpus = load_corpus([TEI_TESTS])
    assert corpus.diagnostics == [] and len(corpus.documents) == 3
    assert {d.kind.name for d in corpus.documents} == {"play", "text"}
    assert check_exports(corpus) > 50
    check_oai(corpus, tmp_path / "oai.xml")


@needs_shared(SHARED_TESTS)
def test_every_tei_test_document_exports_valid_files(shared_corpus: Corpus) -> None:
    assert len(shared_corpus.all) > 40
    assert check_exports(shared_corpus) > 1000


@needs_shared(SHARED_TESTS)
def test_every_tei_test_document_has_a_valid_oai_record(shared_corpus: Corpus,
                                                        tmp_path: Path) -> None:
    check_oai(shared_corpus, tmp_path / "oai.xml")
    kinds = {d.kind.name for d in shared_corpus.all}
    assert {"play", "manuscript", "text"} <= kinds
