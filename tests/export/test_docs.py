"""docs/export.md documents the formats as they are: CSV headers and JSON shapes."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema

from support.paths import REPO
from teitools.export import ExportResult, json_schema

DOC = REPO / "docs" / "export.md"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_csv_parses_and_has_the_documented_header(exported: ExportResult) -> None:
    documented = {block.splitlines()[0] for block in blocks("csv")}
    for fmt in ("entities-csv", "quotations-csv"):
        rows = list(csv.reader(io.StringIO(exported.outputs[fmt])))
        assert ",".join(rows[0]) in documented, fmt
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_csv_rows_match_the_json(exported: ExportResult) -> None:
    entities = json.loads(exported.outputs["entities-json"])["entities"]
    rows = list(csv.DictReader(io.StringIO(exported.outputs["entities-csv"])))
    assert len(rows) == sum(max(1, len(e["mentions"])) for e in entities)
    quotations = json.loads(exported.outputs["quotations-json"])["quotations"]
    rows = list(csv.DictReader(io.StringIO(exported.outputs["quotations-csv"])))
    assert [r["id"] for r in rows] == [q["id"] for q in quotations]
    assert [r["text"] for r in rows] == [q["text"] for q in quotations]


def test_json_examples_have_the_schema_shapes() -> None:
    examples = [json.loads(b) for b in blocks("json")]
    article = next(e for e in examples if e.get("@type") == "ScholarlyArticle")
    jsonschema.validate(article, json_schema("metadata-jsonld"))
    entities = next(e for e in examples if "entities" in e)
    jsonschema.validate(entities, json_schema("entities-json"))
    quotation = next(e for e in examples if "speaker_id" in e)
    jsonschema.validate({"document": "x", "quotations": [quotation]},
                        json_schema("quotations-json"))
    unit = next(e for e in examples if "part" in e)
    jsonschema.validate(unit, json_schema("units-jsonl"))


def test_kind_and_corpus_examples_have_the_schema_shapes() -> None:
    from teitools.export.corpus import corpus_schema

    examples = [json.loads(b) for b in blocks("json")]
    letter = next(e for e in examples if e.get("@type") == "Message")
    jsonschema.validate(letter, json_schema("metadata-jsonld"))
    corpus = next(e for e in examples if "entities" in e and "document" not in e)
    jsonschema.validate(corpus, corpus_schema("entities.json"))
    generated = next(e for e in examples if e.get("id_generated") is True)
    jsonschema.validate(generated, json_schema("units-jsonl"))
