"""``teitools export``: clean, documented data for harvesters, without TEI.

Formats (see docs/export.md):

==================  =========================================================
``metadata-dc``     the teiHeader as Dublin Core, ``oai_dc`` XML
``metadata-jsonld`` the teiHeader as schema.org JSON-LD (``ScholarlyArticle``)
``entities-json``   persons, groups, places, organisations with their mentions
``entities-csv``    the same, one row per mention
``quotations-json`` every ``said``/``quote`` with speaker, page, paragraph, text
``quotations-csv``  the same as CSV
``units-jsonl``     one JSON line per paragraph, for a search index
==================  =========================================================

Every id in an export is the ``xml:id`` of the TEI element it comes from.
Library functions return strings and :class:`~teitools.diagnostics.Diagnostic`
warnings; :func:`write_outputs` writes through :func:`teitools.xmlio.atomic_write`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic
from ..errors import OutputError
from ..xmlio import atomic_write
from . import entities, metadata, quotations, units
from .document import TeiDocument, load, load_bytes

__all__ = [
    "ALL", "FORMATS", "ExportFormat", "ExportResult", "TeiDocument", "export_document",
    "export_file", "json_schema", "load", "load_bytes", "write_outputs",
]  # fmt: skip

ALL = "all"


@dataclass(frozen=True)
class ExportFormat:
    name: str
    suffix: str  # appended to the document's file stem
    description: str
    collect: Callable[[TeiDocument], Any]
    render: Callable[[Any], str]
    schema: str | None = None  # file name in teitools/export/schemas/


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("metadata-dc", ".dc.xml", "Dublin Core (oai_dc XML)",
                     metadata.collect, metadata.Metadata.to_dc),
        ExportFormat("metadata-jsonld", ".jsonld", "schema.org JSON-LD",
                     metadata.collect, metadata.Metadata.to_jsonld, "metadata.schema.json"),
        ExportFormat("entities-json", ".entities.json", "entities and mentions (JSON)",
                     entities.collect, entities.Entities.to_json, "entities.schema.json"),
        ExportFormat("entities-csv", ".entities.csv", "entity mentions (CSV)",
                     entities.collect, entities.Entities.to_csv),
        ExportFormat("quotations-json", ".quotations.json", "quotations (JSON)",
                     quotations.collect, quotations.Quotations.to_json,
                     "quotations.schema.json"),
        ExportFormat("quotations-csv", ".quotations.csv", "quotations (CSV)",
                     quotations.collect, quotations.Quotations.to_csv),
        ExportFormat("units-jsonl", ".units.jsonl", "paragraphs as JSON lines",
                     units.collect, units.Units.to_jsonl, "units.schema.json"),
    )
}  # fmt: skip


@dataclass
class ExportResult:
    """The rendered exports (format name → text) and the warnings of the run."""

    stem: str
    outputs: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def filename(self, fmt: str) -> str:
        return self.stem + FORMATS[fmt].suffix


def expand(formats: Sequence[str]) -> list[str]:
    """Format names in registry order, ``all`` expanded; unknown names raise KeyError."""
    wanted = set(FORMATS) if ALL in formats else set(formats)
    for name in wanted:
        if name not in FORMATS:
            raise KeyError(name)
    return [name for name in FORMATS if name in wanted]


def export_document(doc: TeiDocument, formats: Sequence[str]) -> ExportResult:
    """Render ``formats`` of ``doc``; each underlying collection runs once."""
    result = ExportResult(doc.stem)
    collected: dict[Callable[[TeiDocument], Any], Any] = {}
    for name in expand(formats):
        fmt = FORMATS[name]
        if fmt.collect not in collected:
            collected[fmt.collect] = fmt.collect(doc)
        result.outputs[name] = fmt.render(collected[fmt.collect])
    result.diagnostics = list(doc.diagnostics)
    return result


def export_file(path: str | Path, formats: Sequence[str]) -> ExportResult:
    return export_document(load(path), formats)


def write_outputs(result: ExportResult, out: Path) -> list[Path]:
    """Write every output atomically.

    ``out`` is a directory (created if needed; files named ``<stem><suffix>``),
    or — for a single output — a file path.
    """
    if len(result.outputs) == 1 and not out.is_dir():
        ((_, text),) = result.outputs.items()
        return [atomic_write(out, text)]
    if out.exists() and not out.is_dir():
        raise OutputError("exists and is not a directory (several outputs need a directory)",
                          file=out)
    return [atomic_write(out / result.filename(name), text)
            for name, text in result.outputs.items()]


def json_schema(fmt: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a JSON format's output (one line for JSON lines)."""
    name = FORMATS[fmt].schema
    if name is None:
        raise KeyError(f"{fmt} has no JSON Schema")
    text = resources.files(__name__).joinpath("schemas").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
