"""Corpus-level exports: one table per kind of data for all the documents of a corpus.

``teitools export tei/ -o build/export`` writes:

========================  =====================================================
``entities.json`` / .csv  every person, group, place, organisation of every list
                          and register, with its mentions in every document
``correspondence.json``   one record per letter: sender, recipient, date, places
/ .csv                    (the CMIF fields of ``correspDesc``)
``quotations.json`` / csv every quotation of every document
``units.jsonl``           every text unit of every document
``metadata.jsonl``        every document's schema.org JSON-LD, one a line
``schemas/*.json``        the JSON Schema of each JSON file
========================  =====================================================

Documents are every ``*.xml`` under the given paths (recursively, hidden
directories skipped), in path order, each ``TEI`` of a ``teiCorpus`` one of
them; register files (:attr:`TeiDocument.is_register`) lend their entries but
are not documents.  A file that is not well-formed TEI
is reported (an error) and left out; the others are still exported.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError, InvalidDocumentError, OutputError
from ..xmlio import TEI_NS, atomic_write
from . import entities, metadata, quotations, units
from .document import TeiDocument, load
from .output import to_csv, to_json_records
from .reading import plain, take_all
from .registers import Registers

ENTITY_HEADER = (
    "id", "defined_in", "type", "category", "name", "note", "speaker",
    "document", "page", "paragraph", "section", "quotation", "surface",
)  # fmt: skip
CORRESPONDENCE_HEADER = (
    "document", "title", "sender", "sender_ref", "sender_authority", "recipient",
    "recipient_ref", "recipient_authority", "date", "date_not_before", "date_not_after",
    "place_sent", "place_sent_ref", "place_sent_authority", "place_received",
    "place_received_ref", "place_received_authority",
)  # fmt: skip
QUOTATION_HEADER = ("document", *quotations.CSV_HEADER)

SCHEMAS = {
    "entities.json": "corpus-entities.schema.json",
    "correspondence.json": "correspondence.schema.json",
    "quotations.json": "corpus-quotations.schema.json",
    "units.jsonl": "units.schema.json",
    "metadata.jsonl": "metadata.schema.json",
}


@dataclass
class Corpus:
    """The documents of a corpus (registers apart) and what went wrong reading them."""

    documents: list[TeiDocument] = field(default_factory=list)
    registers: list[TeiDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: int = 0

    @property
    def all(self) -> list[TeiDocument]:
        """Documents and registers, in path order: what DTS and OAI-PMH publish."""
        return sorted([*self.documents, *self.registers], key=lambda d: d.name)


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every ``*.xml`` file named or under the directories named, sorted, hidden ones skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.xml")) if p.is_file() and not any(
                part.startswith(".") for part in p.relative_to(path).parts))
        elif path.exists():
            found.append(path)
        else:
            raise InputError("no such file or directory", file=path)
    return sorted(dict.fromkeys(found))


def load_corpus(paths: Iterable[str | Path]) -> Corpus:
    """Read every document; one that is not well-formed TEI becomes an error and is skipped."""
    corpus = Corpus()
    files = corpus_files(paths)
    if not files:
        raise InputError("no *.xml documents here", file=", ".join(map(str, paths)) or ".")
    seen: dict[str, str] = {}
    loaded: list[TeiDocument] = []
    for path in files:
        loaded.extend(_readable(path, corpus))
    for doc in loaded:
        if _first_with_its_id(doc, seen, corpus):
            (corpus.registers if doc.is_register else corpus.documents).append(doc)
    return corpus


def iter_corpus(files: Sequence[Path], corpus: Corpus, batch: int) -> Iterator[list[TeiDocument]]:
    """:func:`load_corpus` a batch of ``batch`` files at a time (registers and documents
    together, in file order): what went wrong goes to ``corpus``, which holds no document."""
    seen: dict[str, str] = {}
    for start in range(0, len(files), batch):
        docs = [doc for path in files[start:start + batch] for doc in _readable(path, corpus)]
        yield [doc for doc in docs if _first_with_its_id(doc, seen, corpus)]


def _readable(path: Path, corpus: Corpus) -> list[TeiDocument]:
    try:
        return _documents_in(path)
    except InvalidDocumentError as err:
        corpus.failed += 1
        corpus.diagnostics.append(Diagnostic(err.file or str(path), err.line, err.column,
                                             Severity.ERROR, err.message, None, "export"))
        return []


def _first_with_its_id(doc: TeiDocument, seen: dict[str, str], corpus: Corpus) -> bool:
    """False (and an error in ``corpus``) when another document has ``doc``'s id."""
    if doc.local_id in seen:
        corpus.failed += 1
        corpus.diagnostics.append(Diagnostic(
            doc.name, None, None, Severity.ERROR,
            f"the document id {doc.local_id!r} is already used by {seen[doc.local_id]}; "
            "this document is left out", "export-duplicate-id", "export"))
        return False
    seen[doc.local_id] = doc.name
    return True


def _documents_in(path: Path) -> list[TeiDocument]:
    """The document in ``path``; for a ``teiCorpus``, each of its ``TEI`` members.

    A member is named ``FILE#N`` (N from 1) and, without a local idno of its own,
    identified as ``STEM-N``.
    """
    doc = load(path)
    if doc.root.tag != f"{{{TEI_NS}}}teiCorpus":
        return [doc]
    members = list(doc.root.iter(f"{{{TEI_NS}}}TEI"))
    return [TeiDocument(etree.ElementTree(copy.deepcopy(member)), f"{path}#{n}",
                        f"{path.stem}-{n}") for n, member in enumerate(members, start=1)]


@dataclass
class CorpusExport:
    """The corpus tables, rendered (file name → text), and the warnings of the run."""

    outputs: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    documents: int = 0
    failed: int = 0


def export_corpus(corpus: Corpus) -> CorpusExport:
    """Collect every table over all documents of ``corpus``, in document order."""
    take_all(doc.root for doc in corpus.all)  # the readings: a few transformations, not one each
    registers = Registers(corpus.all)
    result = CorpusExport(documents=len(corpus.documents), failed=corpus.failed)
    all_entities: dict[tuple[str, str], dict[str, Any]] = {}
    for register in corpus.registers:  # every register entry, mentioned or not
        for el, ident in entities.entries(register):
            entry = entities.entry_record(register, el, ident)
            all_entities[(register.local_id, ident)] = _corpus_entity(entry, register.local_id)
    letters: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    unit_lines: list[str] = []
    metadata_lines: list[str] = []
    for doc in corpus.documents:
        ents = entities.collect(doc, registers)
        for ent in ents.entities:
            defined_in = ent["register"] or doc.local_id
            key = (defined_in, ent["id"])
            if key not in all_entities:
                all_entities[key] = _corpus_entity(ent, defined_in)
            all_entities[key]["mentions"].extend(
                {"document": doc.local_id, **m} for m in ent["mentions"])
        said = quotations.collect(doc, registers).quotations
        quotes.extend({"document": doc.local_id, **q} for q in said)
        unit_lines.append(units.collect(doc).to_jsonl())
        md = metadata.collect(doc)
        metadata_lines.append(json.dumps(md.to_jsonld_data(), ensure_ascii=False) + "\n")
        if doc.kind.name == "letter":
            letters.append(correspondence(doc, md, registers))
        result.diagnostics.extend(doc.diagnostics)
    entity_list = list(all_entities.values())
    result.outputs["entities.json"] = to_json_records("entities", entity_list)
    result.outputs["entities.csv"] = _entities_csv(entity_list)
    result.outputs["correspondence.json"] = to_json_records("letters", letters)
    result.outputs["correspondence.csv"] = to_csv(CORRESPONDENCE_HEADER, letters)
    result.outputs["quotations.json"] = to_json_records("quotations", quotes)
    result.outputs["quotations.csv"] = to_csv(QUOTATION_HEADER, quotes)
    result.outputs["units.jsonl"] = "".join(unit_lines)
    result.outputs["metadata.jsonl"] = "".join(metadata_lines)
    return result


def _corpus_entity(entry: dict[str, Any], defined_in: str) -> dict[str, Any]:
    out = {k: v for k, v in entry.items() if k not in ("register", "mentions")}
    return {"id": out.pop("id"), "defined_in": defined_in, **out, "mentions": []}


def _entities_csv(entity_list: Sequence[dict[str, Any]]) -> str:
    rows: list[dict[str, Any]] = []
    for ent in entity_list:
        base = {k: v for k, v in ent.items() if k not in ("mentions", "variants")}
        rows.extend({**base, **m} for m in ent["mentions"])
        if not ent["mentions"]:
            rows.append(base)
    return to_csv(ENTITY_HEADER, rows)


def correspondence(doc: TeiDocument, md: metadata.Metadata,
                   registers: Registers | None = None) -> dict[str, Any]:
    """A letter's CMIF fields from ``correspDesc/correspAction`` (sent / received).

    ``*_ref`` is the ``@ref`` as written; ``*_authority`` the authority URI CMIF asks
    for: the ``@ref`` itself when it is a web address, else, for a pointer to an entry
    (``#karl``, ``persons.xml#karl``), the entry's first ``idno`` that is one.
    """
    registers = registers if registers is not None else Registers()
    sent = doc.find("tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction"
                    "[@type='sent']")
    received = doc.find("tei:teiHeader/tei:profileDesc/tei:correspDesc/tei:correspAction"
                        "[@type='received']")
    date = doc.find("tei:date", sent) if sent is not None else None

    def authority(ref: str | None) -> str | None:
        token = (ref or "").split()[0] if (ref or "").split() else ""
        if token.startswith(("http://", "https://")):
            return token
        if token.startswith("#"):
            owner: TeiDocument | None = doc
            entry = doc.ids.get(token[1:])
        else:
            found = registers.resolve(doc, token) if registers.is_external(token) else None
            owner, entry = (found[0], found[1]) if found else (None, None)
        if owner is None or entry is None:
            return None
        for idno in owner.xpath("tei:idno", entry):
            value = plain(idno)
            if value.startswith(("http://", "https://")):
                return value
        return None

    def names(action: etree._Element | None) -> dict[str, list[Any]]:
        found = doc.xpath("tei:persName|tei:orgName|tei:name", action) if action is not None \
            else []
        refs = [n.get("ref") for n in found]
        return {"": [plain(n) for n in found], "_ref": refs,
                "_authority": [authority(r) for r in refs]}

    def place(action: etree._Element | None) -> dict[str, str | None]:
        el = doc.find("tei:placeName|tei:settlement", action) if action is not None else None
        ref = el.get("ref") if el is not None else None
        return {"": (plain(el) or None) if el is not None else None, "_ref": ref,
                "_authority": authority(ref)}

    record: dict[str, Any] = {"document": doc.local_id, "title": md.title}
    record.update({f"sender{k}": v for k, v in names(sent).items()})
    record.update({f"recipient{k}": v for k, v in names(received).items()})
    record["date"] = md.date
    record["date_not_before"] = (date.get("notBefore") or date.get("from")) \
        if date is not None else None
    record["date_not_after"] = (date.get("notAfter") or date.get("to")) \
        if date is not None else None
    record.update({f"place_sent{k}": v for k, v in place(sent).items()})
    record.update({f"place_received{k}": v for k, v in place(received).items()})
    return record


def corpus_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of a corpus file (``entities.json``, ``units.jsonl``: one line, …)."""
    text = resources.files("teitools.export").joinpath("schemas").joinpath(
        SCHEMAS[name]).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def write_corpus(result: CorpusExport, out: Path) -> list[Path]:
    """Write every table and its schema (``out/schemas/``) atomically, file by file."""
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a directory (a corpus export is several files)",
                          file=out)
    written = [atomic_write(out / name, text) for name, text in result.outputs.items()]
    for schema in dict.fromkeys(SCHEMAS.values()):
        text = resources.files("teitools.export").joinpath("schemas").joinpath(
            schema).read_text(encoding="utf-8")
        written.append(atomic_write(out / "schemas" / schema, text))
    return written


__all__ = [
    "Corpus", "CorpusExport", "corpus_files", "corpus_schema", "correspondence",
    "export_corpus", "load_corpus", "write_corpus",
]  # fmt: skip
