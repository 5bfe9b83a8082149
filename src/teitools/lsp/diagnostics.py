"""Diagnostics: ``teitools validate`` on the editor's text, as LSP diagnostics.

The document goes through the public :func:`teitools.validate.validate_bytes`
(well-formedness, RELAX NG, Schematron, with the schemas the document names,
discovered exactly as ``validate`` does), so the editor shows the same
messages and rule ids as the command line.  Each ``line:column`` (the ``<``
of a start tag) becomes a range on the element's name, or on the attribute
the message is about; pointer problems carry the target entry (or the other
``xml:id``) as related information.
"""

from __future__ import annotations

import logging
import re
import time

from lsprotocol import types as lsp

from .. import diagnostics as core
from .document import Snapshot
from .grammar import validate
from .registers import POINTER_ATTRIBUTES, ids_of
from .scan import TOKEN, Tag, resolve_name, tag_of
from .workspace import Workspace

TEI_NS = "http://www.tei-c.org/ns/1.0"

log = logging.getLogger("teitools.lsp")

SOURCE = "teitools"
_SEVERITY = {
    core.Severity.ERROR: lsp.DiagnosticSeverity.Error,
    core.Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    core.Severity.INFO: lsp.DiagnosticSeverity.Information,
}
_ATTRIBUTE_HINTS = (
    re.compile(r"\(@([\w:.-]+)\)"),
    re.compile(r"\battribute @?([\w:.-]+)"),
    re.compile(r"\b([\w:.-]+)=\""),
    re.compile(r"@([\w:.-]+)"),
)


def diagnose(ws: Workspace, snap: Snapshot) -> list[lsp.Diagnostic]:
    """Everything ``validate`` says about the snapshot's text."""
    from . import oddfiles

    if oddfiles.is_odd(snap):
        return oddfiles.diagnose(snap)
    t0 = time.perf_counter()
    data = snap.data
    t1 = time.perf_counter()
    result = validate(data, snap.name, snap.path)
    t2 = time.perf_counter()
    found = [to_lsp(ws, snap, d) for d in result.diagnostics]
    t3 = time.perf_counter()
    log.info("%s v%d: encode %.0f ms, validation process %.0f ms (validating %.0f ms, the round "
             "trip %.0f ms), to LSP %.0f ms", snap.uri, snap.version, (t1 - t0) * 1000,
             (t2 - t1) * 1000, result.seconds * 1000, (t2 - t1 - result.seconds) * 1000,
             (t3 - t2) * 1000)
    return found


def tag_at(snap: Snapshot, offset: int) -> Tag | None:
    m = TOKEN.match(snap.text, offset)
    if m is None or not m.group(2) or m.group(1):
        return None
    return tag_of(m, snap.text)


def _attribute_of(message: str, tag: Tag) -> str | None:
    for rx in _ATTRIBUTE_HINTS:
        for m in rx.finditer(message):
            if tag.attribute(m.group(1)) is not None:
                return m.group(1)
    return None


def _invalid_value(snap: Snapshot, tag: Tag) -> str | None:
    """The attribute whose value is outside its closed list (libxml2 does not say which)."""
    from .knowledge import knowledge

    docs = knowledge(snap).docs
    element = resolve_name(tag.qname, (("", TEI_NS),))
    for attr in tag.attributes:
        adoc = docs.attribute(element, attr.name)
        if adoc is None or adoc.values is None or adoc.values.type != "closed":
            continue
        allowed = {v.ident for v in adoc.values.items}
        if any(token not in allowed for token in (attr.value or "").split()):
            return attr.name
    return None


def to_lsp(ws: Workspace, snap: Snapshot, diag: core.Diagnostic) -> lsp.Diagnostic:
    lines = snap.lines
    if diag.line is None:
        rng = lines.range(0, 0)
        tag = None
    else:
        offset = lines.line_column_offset(diag.line, diag.column)
        tag = tag_at(snap, offset) if diag.column is not None else None
        if tag is not None:
            attr_name = _attribute_of(diag.message, tag) or _invalid_value(snap, tag)
            attr = tag.attribute(attr_name) if attr_name else None
            if attr is not None and attr.value is not None:
                rng = lines.range(attr.start, max(attr.value_end + 1, attr.name_end))
            else:
                rng = lines.range(tag.name_start, tag.name_end)
        else:
            end = lines.line_end(diag.line - 1) if diag.column is None else offset + 1
            start = offset if diag.column is not None else lines.line_column_offset(diag.line, 1)
            rng = lines.range(start, max(end, start))
    related = _related(ws, snap, tag, diag) if tag is not None else None
    return lsp.Diagnostic(
        range=rng,
        message=diag.message,
        severity=_SEVERITY.get(diag.severity, lsp.DiagnosticSeverity.Error),
        code=diag.rule or None,
        source=f"{SOURCE} {diag.phase}" if diag.phase else SOURCE,
        related_information=related or None,
    )


def _related(ws: Workspace, snap: Snapshot, tag: Tag, diag: core.Diagnostic
             ) -> list[lsp.DiagnosticRelatedInformation]:
    """The entries a pointer names, and the other element with the same xml:id."""
    out: list[lsp.DiagnosticRelatedInformation] = []
    for attr in tag.attributes:
        if attr.name in POINTER_ATTRIBUTES and attr.value and "#" in attr.value:
            for token in attr.value.split()[:5]:
                target = ws.resolve(snap, token)
                if target is None:
                    continue
                what = (f"{target.entry.kind} “{target.entry.label}”" if target.entry
                        else f"the element with xml:id {token.partition('#')[2]!r}")
                out.append(lsp.DiagnosticRelatedInformation(
                    location=lsp.Location(uri=target.uri, range=target.snapshot.lines.range(
                        target.start, target.start + 1)),
                    message=f"@{attr.name} {token} points to {what}"))
        elif attr.name == "xml:id" and attr.value and "xml:id" in diag.message:
            first = ids_of(snap).get(attr.value)
            if first is not None and first.start != tag.start:
                out.append(lsp.DiagnosticRelatedInformation(
                    location=lsp.Location(uri=snap.uri, range=snap.lines.range(
                        first.start, first.start_end)),
                    message=f"the other xml:id {attr.value!r}"))
    return out
