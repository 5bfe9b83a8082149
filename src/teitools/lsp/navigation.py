"""Go to definition (pointer → entry, across files) and find references (entry → mentions)."""

from __future__ import annotations

from lsprotocol import types as lsp

from .document import Snapshot, uri_to_path
from .registers import POINTER_ATTRIBUTES
from .scan import element_at
from .workspace import Workspace


def _pointer_at(snap: Snapshot, offset: int) -> str | None:
    ctx = snap.context(offset)
    attr = ctx.attribute
    if ctx.kind != "attribute-value" or attr is None or attr.name not in POINTER_ATTRIBUTES:
        return None
    value = attr.value or ""
    rel = offset - attr.value_start
    start = value.rfind(" ", 0, rel) + 1
    end = value.find(" ", rel)
    token = value[start: len(value) if end < 0 else end]
    return token if "#" in token else None


def definition(ws: Workspace, snap: Snapshot, position: lsp.Position) -> list[lsp.Location]:
    token = _pointer_at(snap, snap.lines.offset(position))
    if token is None:
        return []
    target = ws.resolve(snap, token)
    if target is None:
        return []
    lines = target.snapshot.lines
    return [lsp.Location(uri=target.uri, range=lines.range(target.start, target.start))]


def _subject(ws: Workspace, snap: Snapshot, offset: int) -> tuple[str, str] | None:
    """(uri, id) of the entry the cursor is on: its xml:id, its element, or a pointer to it."""
    token = _pointer_at(snap, offset)
    if token is not None:
        target = ws.resolve(snap, token)
        if target is None:
            return None
        return target.uri, token.partition("#")[2]
    el = element_at(snap.elements, offset)
    while el is not None:  # the nearest element with an xml:id, from the cursor outwards
        value = el.tag.attribute("xml:id")
        if value is not None and value.value:
            return snap.uri, value.value
        el = snap.elements[el.parent] if el.parent >= 0 else None
    return None


def references(ws: Workspace, snap: Snapshot, position: lsp.Position,
               include_declaration: bool = True) -> list[lsp.Location]:
    subject = _subject(ws, snap, snap.lines.offset(position))
    if subject is None:
        return []
    uri, ident = subject
    target_path = uri_to_path(uri)
    target_file = str(target_path.resolve()) if target_path is not None else None
    out: list[lsp.Location] = []
    if include_declaration:
        target_snap = ws.snapshot_for(uri)
        if target_snap is not None:
            target = ws.resolve(target_snap, f"#{ident}")
            if target is not None:
                out.append(lsp.Location(uri=uri, range=target_snap.lines.range(
                    target.start, target.start)))
    seen_snaps: dict[str, Snapshot] = {}
    for mention in ws.mentions(snap):
        if mention.id != ident:
            continue
        if mention.target_file is None:
            if mention.uri != uri:
                # "#id" in another file: a register entry kept elsewhere in the project
                here = seen_snaps.get(mention.uri) or ws.snapshot_for(mention.uri)
                if here is None:
                    continue
                seen_snaps[mention.uri] = here
                resolved = ws.resolve(here, f"#{ident}")
                if resolved is None or resolved.uri != uri:
                    continue
        elif mention.target_file != target_file:
            continue
        msnap = seen_snaps.get(mention.uri) or ws.snapshot_for(mention.uri)
        if msnap is None:
            continue
        seen_snaps[mention.uri] = msnap
        out.append(lsp.Location(uri=mention.uri,
                                range=msnap.lines.range(mention.start, mention.end)))
    return out
