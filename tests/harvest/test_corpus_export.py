"""Corpus-level exports (``teitools export tei/ -o build/export``) on the generated corpus."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from support.cli import invoke
from teitools.export.corpus import Corpus, CorpusExport, corpus_schema, export_corpus

from .conftest import LETTERS
from .letters import authority, expected


@pytest.fixture(scope="module")
def exported(corpus: Corpus) -> CorpusExport:
    return export_corpus(corpus)


def lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_every_file_is_valid_against_its_schema(exported: CorpusExport) -> None:
    for name in ("entities.json", "correspondence.json", "quotations.json"):
        jsonschema.validate(json.loads(exported.outputs[name]), corpus_schema(name))
    for name in ("units.jsonl", "metadata.jsonl"):
        records = lines(exported.outputs[name])
        assert records
        for record in records:
            jsonschema.validate(record, corpus_schema(name))


def test_one_entities_table_with_mentions_per_document(exported: CorpusExport) -> None:
    entities = json.loads(exported.outputs["entities.json"])["entities"]
    register = {e["id"]: e for e in entities if e["defined_in"] == "persons"}
    assert set(register) >= {"anna", "karl", "luebeck", "berlin"}
    assert register["anna"]["name"] == "Anna Muster" and register["anna"]["type"] == "person"
    # expected mentions in <text>: the recipient three times, the sender once (signed);
    # the place of sending twice (dateline, weather), the place of receipt once
    want: Counter[tuple[str, str]] = Counter()
    for letter in expected(LETTERS):
        want[(letter.recipient[0], letter.ident)] += 3
        want[(letter.sender[0], letter.ident)] += 1
        want[(letter.place_sent[0], letter.ident)] += 2
        want[(letter.place_received[0], letter.ident)] += 1
    got: Counter[tuple[str, str]] = Counter()
    for ident, entity in register.items():
        for mention in entity["mentions"]:
            got[(ident, mention["document"])] += 1
    assert got == want
    # the article's own lists are there too, with its mentions
    article = [e for e in entities if e["defined_in"] == "kotkin-1991-rustbelt"]
    assert len(article) > 90 and sum(len(e["mentions"]) for e in article) > 300
    rows = list(csv.DictReader(io.StringIO(exported.outputs["entities.csv"])))
    assert sum(1 for r in rows if r["defined_in"] == "persons" and r["document"]) == sum(
        want.values())


def test_postscript_mention_names_its_generated_paragraph(exported: CorpusExport) -> None:
    entities = json.loads(exported.outputs["entities.json"])["entities"]
    mentions = [m for e in entities for m in e["mentions"] if m["document"] == "letter-0001"]
    assert "letter-0001-letter.p4" in {m["paragraph"] for m in mentions}


def test_correspondence_table_has_the_cmif_fields(exported: CorpusExport) -> None:
    letters = json.loads(exported.outputs["correspondence.json"])["letters"]
    assert [x["document"] for x in letters] == [x.ident for x in expected(LETTERS)]
    for row, letter in zip(letters, expected(LETTERS), strict=True):
        assert row["sender"] == [letter.sender_name]
        assert row["sender_ref"] == [f"../persons.xml#{letter.sender[0]}"]
        assert row["recipient"] == [letter.recipient_name]
        assert row["date"] == letter.date
        assert (row["place_sent"], row["place_received"]) == (letter.place_sent[1],
                                                              letter.place_received[1])
        assert row["place_sent_ref"] == f"../persons.xml#{letter.place_sent[0]}"
        # the authority URIs CMIF asks for, from the register entries' idno
        assert row["sender_authority"] == [authority("person", letter.sender[0])]
        assert row["recipient_authority"] == [authority("person", letter.recipient[0])]
        assert row["place_received_authority"] == authority("place", letter.place_received[0])
    rows = list(csv.DictReader(io.StringIO(exported.outputs["correspondence.csv"])))
    assert [r["date"] for r in rows] == [x.date for x in expected(LETTERS)]


def test_units_are_the_reading_of_every_paragraph(exported: CorpusExport) -> None:
    units = lines(exported.outputs["units.jsonl"])
    for letter in expected(LETTERS):
        mine = [u for u in units if u["document"] == letter.ident]
        assert [u["text"] for u in mine] == letter.readings
        assert [u["id_generated"] for u in mine] == [False, False, False, True]
        assert "lange" not in mine[0]["text"]  # deleted
    documents = {u["document"] for u in units}
    assert {"kotkin-1991-rustbelt", "testdrama", "testtranscr"} <= documents


def test_quotations_and_metadata_of_every_document(exported: CorpusExport,
                                                   corpus: Corpus) -> None:
    quotes = json.loads(exported.outputs["quotations.json"])["quotations"]
    letter_quotes = [q for q in quotes if q["document"].startswith("letter-")]
    assert [q["text"] for q in letter_quotes] == ["schlecht"] * LETTERS
    assert [(q["speaker_id"], q["speaker_name"]) for q in letter_quotes] == [
        (x.sender[0], x.sender_name) for x in expected(LETTERS)]
    metadata = lines(exported.outputs["metadata.jsonl"])
    assert [m["identifier"] for m in metadata] == [d.local_id for d in corpus.documents]
    kinds = Counter(m["@type"] for m in metadata)
    assert kinds["Message"] == LETTERS and kinds["ScholarlyArticle"] == 1 and kinds["Play"] >= 1


def test_cli_writes_the_tables_and_schemas(corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = invoke("export", str(corpus_dir), "-o", str(out))
    assert result.code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["entities.json", "entities.csv", "correspondence.json",
                            "correspondence.csv", "quotations.json", "quotations.csv",
                            "units.jsonl", "metadata.jsonl", "schemas"])
    assert len(list((out / "schemas").iterdir())) == 5
    assert f"{LETTERS + 4} documents, 1 register, 0 left out" in result.out


def test_a_broken_document_is_reported_and_the_rest_exported(corpus_dir: Path,
                                                             tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "tei"
    shutil.copytree(corpus_dir, root)
    (root / "letters" / "broken.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'>",
                                                 encoding="utf-8")
    result = invoke("export", str(root), "-o", str(tmp_path / "out"))
    assert result.code == 1
    assert "broken.xml:" in result.err and "1 left out" in result.out
    assert (tmp_path / "out" / "units.jsonl").read_text(encoding="utf-8").count("\n") > 100


@pytest.mark.parametrize(("args", "message"), [
    (["-f", "units-jsonl"], "drop --format"), ([], "give a directory with -o")])
def test_corpus_usage_errors(corpus_dir: Path, args: list[str], message: str) -> None:
    result = invoke("export", str(corpus_dir), *args)
    assert result.code == 2 and message in result.err


def test_each_tei_of_a_tei_corpus_is_a_document(tmp_path: Path) -> None:
    member = ("<TEI><teiHeader><fileDesc><titleStmt><title>{t}</title></titleStmt>"
              "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
              "</teiHeader><text><body><p>{t} text</p></body></text></TEI>")
    (tmp_path / "c.xml").write_text(
        "<teiCorpus xmlns='http://www.tei-c.org/ns/1.0'><teiHeader><fileDesc><titleStmt>"
        "<title>C</title></titleStmt><publicationStmt><p/></publicationStmt><sourceDesc><p/>"
        "</sourceDesc></fileDesc></teiHeader>" + member.format(t="One")
        + member.format(t="Two") + "</teiCorpus>", encoding="utf-8")
    from teitools.export.corpus import load_corpus

    corpus = load_corpus([tmp_path])
    assert corpus.diagnostics == []
    assert [(d.local_id, d.name.endswith(f"c.xml#{n}")) for n, d in
            enumerate(corpus.documents, start=1)] == [("c-1", True), ("c-2", True)]
    units = lines(export_corpus(corpus).outputs["units.jsonl"])
    assert [(u["document"], u["text"]) for u in units] == [("c-1", "One text"),
                                                          ("c-2", "Two text")]
