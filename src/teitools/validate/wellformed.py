"""Phase 1: is it a well-formed, safe, TEI document at all?

Every check here turns a bad input into one :class:`Diagnostic` (never an
exception): empty and binary files, bad encodings, DOCTYPEs that refer to
external DTDs or entities (refused *before* parsing, so nothing is ever read or
fetched), entity declarations (no expansion: no billion laughs), files over the
size limit, nesting beyond libxml2's depth guard, and roots outside the TEI
namespace.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError
from ..xmlio import TEI_NS, parse_bytes
from .locate import source_line

PHASE = "wellformed"
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.S)
_ENTITY_DECL = re.compile(rb"<!ENTITY\s+(?:%\s+)?([^\s\"']+)")
_EXTERNAL_ID = re.compile(rb"""\b(SYSTEM|PUBLIC)\s*(["'])(.*?)\2""", re.S)


@dataclass
class Parsed:
    """A well-formed document and the text it came from (for column numbers)."""

    tree: etree._ElementTree
    text: str

    @cached_property
    def names(self) -> tuple[frozenset[str], frozenset[str]]:
        """(element names, attribute names) of the document: :func:`document_names`."""
        return document_names(self.tree)


def document_names(tree: etree._ElementTree) -> tuple[frozenset[str], frozenset[str]]:
    """(element names, attribute names), Clark notation, from one pass over the tree.

    RELAX NG reduces large grammars to the first set; Schematron skips the
    patterns whose rules need names the document does not have.
    """
    elements: set[str] = set()
    attributes: set[str] = set()
    for el in tree.getroot().iter(etree.Element):
        elements.add(el.tag)
        if el.attrib:
            attributes.update(el.attrib.keys())  # type: ignore[arg-type]
    return frozenset(elements), frozenset(attributes)


def _diag(name: str, message: str, rule: str, line: int | None = None,
          column: int | None = None, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(name, line, column, severity, message, rule, PHASE)


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return line, column


def _encoding(data: bytes) -> str | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    m = _DECL_ENCODING.match(data[:200])
    return m.group(1).decode("ascii") if m else None


def _doctype(data: bytes) -> tuple[int, bytes] | None:
    """Offset and text of the DOCTYPE declaration, if the prolog has one."""
    pos = 3 if data.startswith(codecs.BOM_UTF8) else 0
    while True:
        m = _PROLOG_ITEM.match(data, pos)
        if not m:
            break
        pos = m.end()
    if not data.startswith(b"<!DOCTYPE", pos):
        return None
    depth, quote, i = 0, 0, pos + 9
    while i < len(data):
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):
            quote = c
        elif c == 0x5B:  # [
            depth += 1
        elif c == 0x5D:  # ]
            depth -= 1
        elif c == 0x3E and depth <= 0:  # >
            return pos, data[pos:i + 1]
        i += 1
    return pos, data[pos:]


def _entities(name: str, entities: list[str], line: int) -> Diagnostic:
    listed = ", ".join(f"&{n};" for n in entities[:5]) + (" …" if len(entities) > 5 else "")
    return _diag(name, f"DOCTYPE declares entities ({listed}); teitools does not expand "
                 "entities (entity bombs): use characters or character references instead",
                 "entity", line, 1)


def check_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                base_url: str | None = None, require_tei: bool = True,
                ) -> tuple[Parsed | None, list[Diagnostic]]:
    """Parse ``data``; return the tree (None if unusable) and the problems found."""
    if len(data) > max_bytes:
        raise InputError(
            f"file is {len(data) / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "(raise it with --max-size)", file=name)
    if not data.strip():
        return None, [_diag(name, "empty file, expected an XML document", "empty")]
    encoding = _encoding(data)
    if encoding is None or encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        head = data[:8192]
        if b"\x00" in head:
            return None, [_diag(name, "binary file, not XML", "binary")]
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, col = _line_col(data, exc.start)
            byte = data[exc.start]
            what = "declared UTF-8" if encoding else "not UTF-8 and has no encoding declaration"
            return None, [_diag(
                name, f"{what}: byte 0x{byte:02X} is not valid UTF-8; re-save the file as "
                'UTF-8 or declare its encoding (<?xml version="1.0" encoding="..."?>)',
                "encoding", line, col)]
    else:
        try:
            text = data.decode(encoding, "replace")
        except LookupError:
            return None, [_diag(name, f"unknown encoding {encoding!r} in the XML declaration",
                                "encoding", 1, 1)]
    found = _doctype(data)
    if found is not None:
        offset, decl = found
        ext = _EXTERNAL_ID.search(decl)
        if ext is not None:
            line, col = _line_col(data, offset + ext.start())
            url = ext.group(3).decode("utf-8", "replace")
            return None, [_diag(
                name, f"DOCTYPE refers to an external DTD or entity ({url!r}); teitools never "
                "reads or fetches those: remove the DOCTYPE", "external-entity", line, col)]
        declared = _ENTITY_DECL.findall(decl)
        if declared:
            return None, [_entities(name, [d.decode("utf-8", "replace") for d in declared],
                                    _line_col(data, offset)[0])]
    try:
        tree = parse_bytes(data, name, base_url=base_url)
    except InputError as err:
        message = err.message
        if "Excessive depth" in message:
            message = ("elements nested deeper than 256 levels (libxml2's huge-tree guard); "
                       "this is not a plausible TEI document")
        elif "Document is empty" in message or "Start tag expected" in message:
            message = "not XML: no root element found"
        return None, [_diag(name, message, "not-wellformed", err.line, err.column)]
    dtd = tree.docinfo.internalDTD
    if dtd is not None:
        entities = [str(e.name) for e in dtd.iterentities()]  # type: ignore[attr-defined]
        if entities:
            return None, [_entities(name, entities, 1)]
    root = tree.getroot()
    qname = etree.QName(root)
    if require_tei and qname.namespace != TEI_NS:
        where = f"namespace {qname.namespace!r}" if qname.namespace else "no namespace"
        return None, [_diag(
            name, f"not a TEI document: the root element <{qname.localname}> is in {where}; "
            f'expected <TEI> or <teiCorpus> in xmlns="{TEI_NS}"', "not-tei",
            source_line(root), None)]
    return Parsed(tree, text), []
