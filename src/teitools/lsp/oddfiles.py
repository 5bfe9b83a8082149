"""ODD files: ``schema build``'s errors as diagnostics, spec idents completed from TEI P5.

The saved ODD is compiled (and its schemas derived, without writing them) as
``teitools schema build`` does, so its errors and warnings show where they
are.  While the buffer differs from the file, the buffer is checked for
well-formedness and for idents TEI does not know (``elementSpec/@ident`` with
``mode="change"``, ``moduleRef/@key``, ``@include``/``@except``), which
needs no compilation.
"""

from __future__ import annotations

from lsprotocol import types as lsp
from lxml import etree

from ..errors import TeiToolsError
from ..odd import compile_odd, load_source, locate_source
from ..odd.derive import derive
from ..odd.source import SourceIndex
from ..xmlio import make_parser
from .document import Snapshot
from .scan import Context

_SPEC_KIND = {"elementSpec": "element", "classSpec": "class", "macroSpec": "macro",
              "dataSpec": "data", "elementRef": "element", "classRef": "class",
              "macroRef": "macro", "dataRef": "data", "memberOf": "class"}


def is_odd(snap: Snapshot) -> bool:
    if snap.path is not None and snap.path.suffix == ".odd":
        return True
    return "<schemaSpec" in snap.text[:200_000]


def _source() -> SourceIndex | None:
    try:
        return load_source(locate_source())
    except TeiToolsError:
        return None


def _diag(snap: Snapshot, line: int | None, message: str, severity: lsp.DiagnosticSeverity,
          code: str | None = None, column: int | None = None) -> lsp.Diagnostic:
    lines = snap.lines
    if line is None:
        rng = lines.range(0, 0)
    else:
        start = lines.line_column_offset(line, column)
        first = lines.line_column_offset(line, 1)
        end = lines.line_end(line - 1)
        text = snap.text[first:end]
        indent = len(text) - len(text.lstrip())
        rng = lines.range(start if column else first + indent, end)
    return lsp.Diagnostic(range=rng, message=message, severity=severity, code=code,
                          source="teitools odd")


def diagnose(snap: Snapshot) -> list[lsp.Diagnostic]:
    try:
        etree.fromstring(snap.data, make_parser())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        return [_diag(snap, line, f"not well-formed XML: {exc.msg.split(', line ')[0]}",
                      lsp.DiagnosticSeverity.Error, "wellformed", col)]
    saved = False
    if snap.path is not None and snap.path.is_file():
        try:
            saved = snap.path.read_bytes().decode("utf-8", "replace") == snap.text
        except OSError:
            saved = False
    out = _ident_checks(snap)
    if not saved or snap.path is None:
        return out
    try:
        schema = compile_odd(snap.path)
        derive(schema, snap.path)
    except TeiToolsError as err:
        if err.file is not None and snap.path is not None and \
                str(snap.path.resolve()) != str(_resolved(err.file)):
            message = f"{err.file}" + (f":{err.line}" if err.line else "") + f": {err.message}"
            return [*out, _diag(snap, None, message, lsp.DiagnosticSeverity.Error, "odd")]
        return [*out, _diag(snap, err.line, err.message, lsp.DiagnosticSeverity.Error, "odd",
                            err.column)]
    for warning in schema.warnings:
        out.append(_diag(snap, warning.line, warning.message, lsp.DiagnosticSeverity.Warning,
                         warning.rule))
    return out


def _resolved(name: str) -> str:
    from pathlib import Path

    try:
        return str(Path(name).resolve())
    except OSError:
        return name


def _ident_checks(snap: Snapshot) -> list[lsp.Diagnostic]:
    source = _source()
    if source is None:
        return []
    out: list[lsp.Diagnostic] = []
    for el in snap.elements:
        local = el.name.split("}", 1)[-1]
        if local not in ("elementSpec", "classSpec", "macroSpec", "dataSpec", "moduleRef"):
            continue
        tag = el.tag
        if local == "moduleRef":
            key = tag.attribute("key")
            if key is None or not key.value:
                continue
            if key.value not in source.modules:
                out.append(_range_diag(snap, key.value_start, key.value_end,
                                       f"no TEI module {key.value!r}", "unknown-module"))
                continue
            members = set(source.modules[key.value])
            for attr_name in ("include", "except"):
                attr = tag.attribute(attr_name)
                if attr is None or not attr.value:
                    continue
                pos = 0
                for ident in attr.value.split():
                    at = attr.value.index(ident, pos)
                    pos = at + len(ident)
                    if ident not in members:
                        out.append(_range_diag(
                            snap, attr.value_start + at, attr.value_start + pos,
                            f"{ident!r} is not in module {key.value}", "unknown-ident"))
            continue
        mode = tag.attribute("mode")
        spec_ident = tag.attribute("ident")
        if spec_ident is None or not spec_ident.value or mode is None or mode.value not in (
                "change", "delete", "replace"):
            continue
        spec = source.specs.get(spec_ident.value)
        if spec is None or spec.kind != _SPEC_KIND[local]:
            out.append(_range_diag(snap, spec_ident.value_start, spec_ident.value_end,
                                   f"TEI has no {_SPEC_KIND[local]} {spec_ident.value!r} to "
                                   f"{mode.value}", "unknown-ident"))
    return out


def _range_diag(snap: Snapshot, start: int, end: int, message: str, code: str
                ) -> lsp.Diagnostic:
    return lsp.Diagnostic(range=snap.lines.range(start, end), message=message,
                          severity=lsp.DiagnosticSeverity.Error, code=code,
                          source="teitools odd")


def complete_value(snap: Snapshot, ctx: Context) -> list[lsp.CompletionItem]:
    """Spec idents from TEI P5 for ``@ident``, ``@key``, ``@include`` and ``@except``."""
    if ctx.tag is None or ctx.attribute is None:
        return []
    local = ctx.tag.qname.split(":")[-1]
    attr = ctx.attribute.name
    source = _source()
    if source is None:
        return []
    idents: list[str] = []
    if local == "moduleRef" and attr == "key":
        idents = sorted(m for m in source.modules if m)
    elif local == "moduleRef" and attr in ("include", "except"):
        key = ctx.tag.attribute("key")
        members = source.modules.get(key.value or "", []) if key is not None else []
        idents = sorted(members or [s.ident for s in source.specs.values()
                                    if s.kind == "element"])
    elif (local in _SPEC_KIND and attr in ("ident", "key")) and local != "memberOf":
        kind = _SPEC_KIND[local]
        idents = sorted(s.ident for s in source.specs.values() if s.kind == kind)
    elif local == "memberOf" and attr == "key":
        idents = sorted(s.ident for s in source.specs.values() if s.kind == "class")
    else:
        return []
    typed = ctx.prefix
    cut = typed.rfind(" ") + 1
    start = ctx.attribute.value_start + cut
    rng = snap.lines.range(start, ctx.offset)
    out = []
    for ident in idents:
        spec = source.specs.get(ident)
        out.append(lsp.CompletionItem(
            label=ident, kind=lsp.CompletionItemKind.Module if local == "moduleRef" and
            attr == "key" else lsp.CompletionItemKind.Class,
            detail=(spec.doc[:80] if spec is not None and spec.doc else None),
            documentation=(lsp.MarkupContent(kind=lsp.MarkupKind.Markdown,
                                             value=f"{spec.doc}\n\n*module {spec.module}*")
                           if spec is not None and spec.doc else None),
            text_edit=lsp.TextEdit(range=rng, new_text=ident)))
    return out
