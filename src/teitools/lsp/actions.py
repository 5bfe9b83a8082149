"""Code actions: did-you-mean renames, missing attributes and children, ``<?xml-model?>``
PIs, and wrapping a selection in ``persName``/``placeName``/``orgName`` with ``@ref``."""

from __future__ import annotations

import difflib
import os
import re

from lsprotocol import types as lsp

from ..errors import TeiToolsError
from ..validate.discover import SchemaOptions, choose_schemas
from .completion import display_name, local_name
from .document import Snapshot
from .knowledge import knowledge
from .odddoc import ElementDoc
from .registers import entries_of, wanted_kinds
from .scan import element_at
from .workspace import Workspace

WRAPPERS = ("persName", "placeName", "orgName")
_MISSING = re.compile(r"missing ([\w:]+)|<([\w:]+)> is required")


def _edit(snap: Snapshot, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
    return lsp.WorkspaceEdit(changes={snap.uri: edits})


def _action(title: str, snap: Snapshot, edits: list[lsp.TextEdit],
            diagnostic: lsp.Diagnostic | None = None, preferred: bool = False
            ) -> lsp.CodeAction:
    kind = lsp.CodeActionKind.QuickFix if diagnostic is not None else \
        lsp.CodeActionKind.RefactorRewrite
    return lsp.CodeAction(title=title, kind=kind, edit=_edit(snap, edits),
                          diagnostics=[diagnostic] if diagnostic is not None else None,
                          is_preferred=preferred or None)


def code_actions(ws: Workspace, snap: Snapshot, params: lsp.CodeActionParams
                 ) -> list[lsp.CodeAction]:
    out: list[lsp.CodeAction] = []
    for diag in params.context.diagnostics:
        out.extend(_fixes(snap, diag))
    start = snap.lines.offset(params.range.start)
    end = snap.lines.offset(params.range.end)
    out.extend(_required_attributes(snap, start))
    out.extend(_xml_model(snap))
    if end > start:
        out.extend(_wraps(ws, snap, start, end))
    return out


def _fixes(snap: Snapshot, diag: lsp.Diagnostic) -> list[lsp.CodeAction]:
    code = str(diag.code or "")
    offset = snap.lines.offset(diag.range.start)
    el = element_at(snap.elements, offset)
    if el is None:
        return []
    know = knowledge(snap)
    grammar = know.grammar
    out: list[lsp.CodeAction] = []
    tag = el.tag
    parent = snap.elements[el.parent] if el.parent >= 0 else None
    if code in ("unknown-element", "element-not-allowed") and grammar is not None:
        pool = {local_name(n) for n in (grammar.children(parent.name) if parent is not None
                                    else grammar.root_elements()) if n != "*"}
        pool = pool or {local_name(n) for n in grammar.element_names()}
        for better in difflib.get_close_matches(tag.qname, sorted(pool), n=3, cutoff=0.6):
            edits = [lsp.TextEdit(range=snap.lines.range(tag.name_start, tag.name_end),
                                  new_text=better)]
            if el.end > el.start_end:
                close = snap.text.rfind("</" + tag.qname, el.start_end, el.end)
                if close >= 0:
                    edits.append(lsp.TextEdit(range=snap.lines.range(
                        close + 2, close + 2 + len(tag.qname)), new_text=better))
            out.append(_action(f"Rename <{tag.qname}> to <{better}>", snap, edits, diag,
                               preferred=not out))
    elif code == "attribute-not-allowed" and grammar is not None:
        allowed = sorted({n.split("}", 1)[-1] if not n.startswith("{http://www.w3.org/XML")
                          else "xml:" + n.split("}", 1)[1] for n in grammar.attributes(el.name)
                          if n != "*"})
        for attr in tag.attributes:
            if attr.name in allowed or attr.name.startswith("xmlns"):
                continue
            for better in difflib.get_close_matches(attr.name, allowed, n=3, cutoff=0.6):
                out.append(_action(
                    f"Rename @{attr.name} to @{better}", snap,
                    [lsp.TextEdit(range=snap.lines.range(attr.start, attr.name_end),
                                  new_text=better)], diag, preferred=not out))
    elif code in ("incomplete", "missing") or "incomplete" in diag.message:
        names: set[str] = set()
        if grammar is not None:
            kids = [snap.elements[i].name for i in range(el.index + 1, len(snap.elements))
                    if snap.elements[i].parent == el.index]
            names = grammar.required_next(el.name, kids)
        if not names:
            m = _MISSING.search(diag.message)
            if m:
                names = {m.group(1) or m.group(2)}
        where = snap.text.rfind("</", el.start_end, el.end) if el.end > el.start_end else -1
        for clark in sorted(names)[:5]:
            name = display_name(clark, None) if clark.startswith("{") else clark
            child = f"<{name}{_required_markup(know.docs.element(clark))}></{name}>"
            if where >= 0:
                edit = lsp.TextEdit(range=snap.lines.range(where, where), new_text=child)
            else:  # <x/>: open it
                stop = el.start_end - 2
                edit = lsp.TextEdit(range=snap.lines.range(stop, el.start_end),
                                    new_text=f">{child}</{tag.qname}>")
            out.append(_action(f"Add the missing <{name}>", snap, [edit], diag))
    return out


def _first_value(doc: ElementDoc, name: str) -> str:
    adoc = doc.attributes.get(name)
    if adoc is not None and adoc.values is not None and adoc.values.type == "closed" \
            and adoc.values.items:
        return adoc.values.items[0].ident
    return ""


def _required_markup(doc: ElementDoc | None) -> str:
    """`` a="v"`` for each required attribute (its first closed value, else empty)."""
    if doc is None:
        return ""
    return "".join(f' {a}="{_first_value(doc, a)}"' for a in doc.required())


def _required_attributes(snap: Snapshot, offset: int) -> list[lsp.CodeAction]:
    el = element_at(snap.elements, offset)
    if el is None or offset > el.start_end:
        return []
    doc = knowledge(snap).docs.element(el.name)
    if doc is None:
        return []
    tag = el.tag
    missing = [a for a in doc.required() if tag.attribute(a) is None]
    if not missing:
        return []
    at = tag.attributes[-1].value_end + 1 if tag.attributes and tag.attributes[-1].value \
        is not None else tag.name_end
    out = []
    for name in missing:
        value = _first_value(doc, name)
        out.append(_action(f"Add the required @{name}", snap, [lsp.TextEdit(
            range=snap.lines.range(at, at), new_text=f' {name}="{value}"')]))
    return out


def _xml_model(snap: Snapshot) -> list[lsp.CodeAction]:
    if "<?xml-model" in snap.text[:4096] or snap.path is None:
        return []
    try:
        from lxml import etree

        choice = choose_schemas(etree.ElementTree(etree.Element("x")), snap.path, snap.name,
                                SchemaOptions())
    except TeiToolsError:
        return []
    pis = []
    base = snap.path.resolve().parent
    if choice.rng is not None:
        href = os.path.relpath(choice.rng.resolve(), base)
        pis.append(f'<?xml-model href="{href}" type="application/xml" '
                   'schematypens="http://relaxng.org/ns/structure/1.0"?>')
    if choice.sch is not None:
        href = os.path.relpath(choice.sch.resolve(), base)
        pis.append(f'<?xml-model href="{href}" type="application/xml" '
                   'schematypens="http://purl.oclc.org/dsdl/schematron"?>')
    if not pis:
        return []
    text = snap.text
    at = text.find("?>") + 2 if text.startswith("<?xml ") else 0
    insert = ("\n" if at else "") + "\n".join(pis) + ("" if at else "\n")
    names = " and ".join(p.name for p in (choice.rng, choice.sch) if p is not None)
    return [_action(f"Insert <?xml-model?> for {names}", snap,
                    [lsp.TextEdit(range=snap.lines.range(at, at), new_text=insert)])]


def _score(label: str, selected: str) -> float:
    a, b = label.lower(), selected.lower()
    if a == b:
        return 1.0
    if b in a or a in b:
        return 0.8
    return difflib.SequenceMatcher(None, a, b).ratio()


def _wraps(ws: Workspace, snap: Snapshot, start: int, end: int) -> list[lsp.CodeAction]:
    selected = snap.text[start:end]
    if "<" in selected or ">" in selected or not selected.strip() or len(selected) > 200:
        return []
    ctx = snap.context(start)
    if ctx.kind != "text":
        return []
    know = knowledge(snap)
    parent = ctx.parent
    allowed: set[str] | None = None
    if know.grammar is not None and parent is not None:
        allowed = {local_name(n) for n in know.grammar.children(parent.name)}
    entries = ws.entries(snap) if ws is not None else entries_of(snap)
    out: list[lsp.CodeAction] = []
    rng = snap.lines.range(start, end)
    for wrapper in WRAPPERS:
        if allowed is not None and wrapper not in allowed:
            continue
        kinds = wanted_kinds(wrapper, "ref") or set()
        scored = sorted(((_score(e.label, selected), e) for e in entries if e.kind in kinds),
                        key=lambda p: -p[0])
        for score, entry in [p for p in scored if p[0] >= 0.5][:3]:
            token = f"#{entry.id}" if entry.uri == snap.uri else f"{entry.id}"
            if entry.uri != snap.uri:
                from .completion import pointer_token

                token = pointer_token(snap, entry)
            out.append(_action(
                f"Wrap in <{wrapper} ref=\"{token}\"> ({entry.label})", snap,
                [lsp.TextEdit(range=rng, new_text=f'<{wrapper} ref="{token}">{selected}'
                              f"</{wrapper}>")], preferred=score == 1.0 and not out))
        out.append(_action(f"Wrap in <{wrapper}>", snap, [lsp.TextEdit(
            range=rng, new_text=f'<{wrapper} ref="">{selected}</{wrapper}>')]))
    return out
