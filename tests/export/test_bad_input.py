"""Documents missing parts still export what they have, with warnings; bad input fails cleanly."""

from __future__ import annotations

import json

import jsonschema
import pytest

from teitools.errors import InputError, InvalidDocumentError
from teitools.export import FORMATS, export_file, json_schema, load

from .conftest import DATA

BARE = DATA / "bare.xml"


def test_document_without_header_or_lists_exports_with_warnings() -> None:
    result = export_file(BARE, ["all"])
    assert list(result.outputs) == list(FORMATS)
    rules = {d.rule for d in result.diagnostics}
    assert {"export-no-header", "export-no-lists", "export-dangling-ref",
            "export-missing-id", "export-unlinked-name"} <= rules
    assert all(not d.is_error for d in result.diagnostics)
    assert all(d.line for d in result.diagnostics)
    units = [json.loads(line) for line in result.outputs["units-jsonl"].splitlines()]
    # the paragraph without an id is a unit too, with a generated id that says so
    assert [(u["id"], u["id_generated"]) for u in units] == [
        ("d1-p1", False), ("d1.p2", True), ("d1-p3", False)]
    quotes = json.loads(result.outputs["quotations-json"])["quotations"]
    assert [(q["id"], q["speaker_id"], q["source_id"]) for q in quotes] == [
        ("d1-p1-q1", None, None), ("d1-p3-q2", None, None)]
    assert json.loads(result.outputs["entities-json"])["entities"] == []
    assert json.loads(result.outputs["metadata-jsonld"])["identifier"] == "bare"
    for fmt, spec in FORMATS.items():
        if spec.schema:
            text = result.outputs[fmt]
            docs = [json.loads(x) for x in text.splitlines()] if fmt.endswith("jsonl") \
                else [json.loads(text)]
            for doc in docs:
                jsonschema.validate(doc, json_schema(fmt))


def test_not_well_formed_is_invalid_input() -> None:
    with pytest.raises(InvalidDocumentError) as info:
        load(DATA / "broken.xml")
    assert info.value.exit_code == 1 and info.value.line
    assert "\n" not in str(info.value)


def test_not_tei_is_invalid_input() -> None:
    with pytest.raises(InvalidDocumentError, match="not a TEI document"):
        load(DATA / "not-tei.xml")


def test_missing_file_is_an_io_error() -> None:
    with pytest.raises(InputError) as info:
        load(DATA / "no-such-file.xml")
    assert info.value.exit_code == 2


def test_unknown_format_is_rejected() -> None:
    with pytest.raises(KeyError):
        export_file(BARE, ["rdf"])
