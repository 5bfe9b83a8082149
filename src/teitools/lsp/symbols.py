"""The outline (``div``/``head``, the registers) and workspace symbols (register entries)."""

from __future__ import annotations

import re

from lsprotocol import types as lsp
from lxml import etree

from ..xmlio import TEI_NS
from .cancel import check_cancelled
from .document import Snapshot, path_to_uri
from .registers import LISTS, entries_of, project
from .workspace import Workspace

T = f"{{{TEI_NS}}}"
_WS = re.compile(r"\s+")
_KINDS = {
    "TEI": lsp.SymbolKind.Namespace, "teiCorpus": lsp.SymbolKind.Namespace,
    "teiHeader": lsp.SymbolKind.Module, "text": lsp.SymbolKind.Module,
    "front": lsp.SymbolKind.Package, "body": lsp.SymbolKind.Package,
    "back": lsp.SymbolKind.Package, "standOff": lsp.SymbolKind.Package,
    "div": lsp.SymbolKind.Class, "group": lsp.SymbolKind.Class,
}
_ENTRY_KIND = {"person": lsp.SymbolKind.Object, "personGrp": lsp.SymbolKind.Object,
               "place": lsp.SymbolKind.Object, "org": lsp.SymbolKind.Struct,
               "bibl": lsp.SymbolKind.String, "biblStruct": lsp.SymbolKind.String}


def _text(el: etree._Element) -> str:
    return _WS.sub(" ", "".join(str(t) for t in el.itertext())).strip()


def _name(el: etree._Element, local: str) -> str:
    if local == "div" or local == "group":
        head = el.find(f"{T}head")
        bits = [f"div[{el.get('type')}]" if el.get("type") else "div"]
        if head is not None and _text(head):
            bits.append(_text(head)[:60])
        elif el.get("n"):
            bits.append(el.get("n") or "")
        return " ".join(bits)
    return local


def document_symbols(snap: Snapshot) -> list[lsp.DocumentSymbol]:
    tree = snap.tree
    if tree is None:
        return []
    scanned = snap.scanned
    entries = {(e.start): e for e in entries_of(snap)}
    lines = snap.lines
    out: list[lsp.DocumentSymbol] = []

    def walk(el: etree._Element, into: list[lsp.DocumentSymbol]) -> None:
        check_cancelled()
        for child in el:
            if not isinstance(child.tag, str):
                continue
            tag = child.tag
            local = tag[len(T):] if tag.startswith(T) else None
            found = scanned.get(child)
            symbol: lsp.DocumentSymbol | None = None
            if local is not None and found is not None:
                end = found.end if found.end >= 0 else found.start_end
                rng = lines.range(found.start, end)
                sel = lines.range(found.tag.name_start, found.tag.name_end)
                entry = entries.get(found.start)
                if entry is not None:
                    symbol = lsp.DocumentSymbol(name=entry.label, detail=f"#{entry.id}",
                                                kind=_ENTRY_KIND.get(entry.kind,
                                                                     lsp.SymbolKind.Object),
                                                range=rng, selection_range=sel, children=[])
                elif local in _KINDS or local in LISTS:
                    symbol = lsp.DocumentSymbol(
                        name=_name(child, local), kind=_KINDS.get(local, lsp.SymbolKind.Array),
                        detail=child.get("n") if local == "div" else None,
                        range=rng, selection_range=sel, children=[])
            if symbol is not None:
                into.append(symbol)
                walk(child, symbol.children)  # type: ignore[arg-type]
            else:
                walk(child, into)

    root = tree.getroot()
    top = scanned.get(root)
    if top is not None:
        local = str(root.tag)[len(T):] if str(root.tag).startswith(T) else str(root.tag)
        end = top.end if top.end >= 0 else len(snap.text)
        sym = lsp.DocumentSymbol(name=local, kind=_KINDS.get(local, lsp.SymbolKind.Namespace),
                                 range=lines.range(top.start, end),
                                 selection_range=lines.range(top.tag.name_start,
                                                             top.tag.name_end),
                                 children=[])
        out.append(sym)
        walk(root, sym.children)  # type: ignore[arg-type]
    return out


def workspace_symbols(ws: Workspace, query: str) -> list[lsp.WorkspaceSymbol]:
    """Register entries of the open documents and the workspace folders' files."""
    q = query.lower().strip()
    out: list[lsp.WorkspaceSymbol] = []
    seen: set[str] = set()
    snaps: list[Snapshot] = [s for s in list(ws.documents.values())]
    for folder in ws.folders:
        proj = project(folder.resolve())
        for path in proj.paths():
            uri = path_to_uri(path)
            if uri in {s.uri for s in snaps}:
                continue
            snap = proj.snapshot(path)
            if snap is not None:
                snaps.append(snap)
    for snap in snaps:
        if snap.uri in seen:
            continue
        seen.add(snap.uri)
        for entry in entries_of(snap):
            if q and q not in entry.label.lower() and q not in entry.id.lower():
                continue
            out.append(lsp.WorkspaceSymbol(
                name=entry.label,
                kind=_ENTRY_KIND.get(entry.kind, lsp.SymbolKind.Object),
                container_name=f"{entry.list} #{entry.id}",
                location=lsp.Location(uri=entry.uri, range=snap.lines.range(entry.start,
                                                                            entry.end))))
            if len(out) >= 1000:
                return out
    return out
