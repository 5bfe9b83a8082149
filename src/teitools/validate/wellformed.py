"""Phase 1: is it a well-formed, safe, TEI document at all?

Every check here turns a bad input into one :class:`Diagnostic` (never an
exception): empty and binary files, bad encodings, DOCTYPEs teitools cannot use
(a reference to an external entity, entities past the expansion bounds: see
:func:`teitools.xmlio.read_doctype`; the external DTD is never read or
fetched), nesting beyond libxml2's depth guard, and roots outside the TEI
namespace (:func:`teitools.xmlio.tei_root_problem`, the one TEI gate).  A file
over the size limit raises :class:`InputError` (:func:`teitools.xmlio.check_size`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError
from ..xmlio import (
    DEFAULT_MAX_BYTES,
    Doctype,
    DoctypeError,
    check_size,
    parse_document,
    tei_root_problem,
)
from .locate import source_line

PHASE = "wellformed"
__all__ = ["DEFAULT_MAX_BYTES", "Parsed", "check_bytes", "document_names"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass
class Parsed:
    """A well-formed document and the text it came from (for column numbers)."""

    tree: etree._ElementTree
    text: str
    #: Its DOCTYPE, if it has one (ignored but for the internal entities).
    doctype: Doctype | None = None

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


def check_bytes(data: bytes, name: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                base_url: str | None = None, require_tei: bool = True,
                ) -> tuple[Parsed | None, list[Diagnostic]]:
    """Parse ``data``; return the tree (None if unusable) and the problems found."""
    check_size(len(data), name, max_bytes)
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
    duplicates: list[Diagnostic] = []
    try:
        try:
            tree, doctype = parse_document(data, name, base_url=base_url)
        except InputError as err:
            if "already defined" not in err.message:
                raise
            # A repeated xml:id is a mistake of its own, not "not well-formed": parse
            # without libxml2's ID table and name both places.
            tree, doctype = parse_document(data, name, base_url=base_url, collect_ids=False)
            duplicates = duplicate_ids(tree, name)
    except DoctypeError as err:
        return None, [_diag(name, err.message, err.rule, err.line, err.column)]
    except InputError as err:
        message = err.message
        if "Excessive depth" in message:
            message = ("elements nested deeper than 256 levels (libxml2's huge-tree guard); "
                       "this is not a plausible TEI document")
        elif "Document is empty" in message or "Start tag expected" in message:
            message = "not XML: no root element found"
        return None, [_diag(name, message, "not-wellformed", err.line, err.column)]
    root = tree.getroot()
    # the schema decides which TEI element may be the root (an ODD may start at <div>)
    problem = tei_root_problem(root, fragment=True) if require_tei else None
    if problem is not None:
        return None, [_diag(name, problem, "not-tei", source_line(root), None)]
    return Parsed(tree, text, doctype), duplicates


_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def duplicate_ids(tree: etree._ElementTree, name: str) -> list[Diagnostic]:
    """One error per repeated ``xml:id``, naming the element that has it first."""
    first: dict[str, etree._Element] = {}
    out: list[Diagnostic] = []
    for el in tree.getroot().iter(etree.Element):
        value = el.get(_XML_ID)
        if value is None:
            continue
        seen = first.setdefault(value, el)
        if seen is el:
            continue
        where = f"line {source_line(seen)}" if source_line(seen) else "earlier"
        out.append(_diag(
            name, f'xml:id "{value}" is already used by <{etree.QName(seen).localname}> on '
            f"{where}; every xml:id must be unique", "duplicate-id", source_line(el), None))
    return out
