"""Completion: elements from the content model at the cursor, attributes, values, pointers.

* after ``<`` (or in text): the elements the grammar allows *at this point*
  of the parent's content model, given the children before the cursor (and
  keeping those after it valid), with the ODD's gloss as detail and its
  description as documentation; the closing tag of the open element;
* in a start tag: the element's attributes, required ones first, those
  already present left out;
* in an attribute value: the ODD's closed and semi-open value lists with
  their glosses; for pointers (``@ref``, ``@who``, ``@source``, …) the
  entries of the document's and the project's registers, labelled by name.
"""

from __future__ import annotations

from lsprotocol import types as lsp

from ..xmlio import TEI_NS
from . import oddfiles
from .context import context_values, in_context, path_of, which
from .document import Snapshot
from .knowledge import Knowledge, knowledge
from .odddoc import AttributeDoc, ElementDoc, attribute_name
from .registers import POINTER_ATTRIBUTES, Entry, ids_of, wanted_kinds
from .scan import Context, Frame, resolve_attribute, resolve_name
from .workspace import Workspace

MAX_POINTERS = 500


def local_name(clark: str) -> str:
    return clark.split("}", 1)[1] if clark.startswith("{") else clark


def display_name(clark: str, frame: Frame | None) -> str:
    """The name to write for ``clark`` with the namespaces in scope at ``frame``."""
    if not clark.startswith("{"):
        return clark
    ns, _, local = clark[1:].partition("}")
    nsmap = frame.nsmap if frame is not None else (("", TEI_NS),)
    for prefix, uri in nsmap:
        if uri == ns:
            return f"{prefix}:{local}" if prefix else local
    return local


def _doc_markup(text: str | None) -> lsp.MarkupContent | None:
    if not text:
        return None
    return lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text)


def complete(ws: Workspace, snap: Snapshot, position: lsp.Position,
             snippets: bool = True) -> lsp.CompletionList:
    offset = snap.lines.offset(position)
    ctx = snap.context(offset)
    items: list[lsp.CompletionItem] = []
    if ctx.kind in ("comment",):
        return lsp.CompletionList(is_incomplete=False, items=[])
    know = knowledge(snap)
    if ctx.kind == "tag-name":
        items = _elements(snap, ctx, know, offset, snippets=False)
    elif ctx.kind == "end-tag-name":
        items = _closing(snap, ctx, offset)
    elif ctx.kind == "text":
        items = _elements(snap, ctx, know, offset, snippets=snippets)
    elif ctx.kind in ("tag", "attribute-name"):
        items = _attributes(snap, ctx, know, offset, snippets)
    elif ctx.kind == "attribute-value":
        items = oddfiles.complete_value(snap, ctx) if oddfiles.is_odd(snap) else []
        if not items:
            items = _values(ws, snap, ctx, know, offset)
    return lsp.CompletionList(is_incomplete=False, items=items)


def resolve(ws: Workspace, item: lsp.CompletionItem) -> lsp.CompletionItem:
    """Add the documentation of an element or attribute item (``completionItem/resolve``):
    a list of 200 elements need not carry 200 descriptions."""
    data = item.data if isinstance(item.data, dict) else {}
    snap = ws.snapshot_for(str(data.get("uri", "")))  # open, or the file as saved
    element = data.get("element")
    if snap is None or not isinstance(element, str):
        return item
    docs = knowledge(snap).docs
    attribute = data.get("attribute")
    if isinstance(attribute, str):
        adoc = docs.element(element)
        found = adoc.attributes.get(attribute) if adoc is not None else None
        item.documentation = _doc_markup(attribute_markdown(found)) if found else None
    else:
        edoc = docs.element(element)
        item.documentation = _doc_markup(_element_markdown(edoc)) if edoc else None
    return item


def _edit_range(snap: Snapshot, start: int, offset: int) -> lsp.Range:
    return snap.lines.range(start, offset)


# --------------------------------------------------------------------------- elements


def _elements(snap: Snapshot, ctx: Context, know: Knowledge, offset: int, *,
              snippets: bool) -> list[lsp.CompletionItem]:
    parent = ctx.parent
    in_text = ctx.kind == "text"
    out: list[lsp.CompletionItem] = []
    if know.grammar is not None:
        before = parent.child_tokens() if parent is not None else []
        names, _text = know.grammar.allowed(parent.name if parent else None, before,
                                             ctx.following, closed=ctx.closed,
                                             path=path_of(ctx.stack))
        start = ctx.tag.name_start if ctx.tag is not None else offset
        rng = _edit_range(snap, start, offset)
        for clark in sorted(names, key=lambda n: local_name(n).lower()):
            name = display_name(clark, parent)
            doc = know.docs.element(clark)
            required = _required_attributes(doc)
            if in_text:
                atts = "".join(f' {a}="${i + 1}"' if snippets else f' {a}=""'
                               for i, a in enumerate(required))
                text = (f"<{name}{atts}>$0</{name}>" if snippets else
                        f"<{name}{atts}></{name}>")
                label = f"<{name}>"
            else:
                text = name
                label = name
            out.append(lsp.CompletionItem(
                label=label,
                kind=lsp.CompletionItemKind.Class,
                detail=(doc.gloss or _short(doc.description)) if doc else None,
                data={"uri": snap.uri, "element": clark} if doc else None,  # see resolve()
                filter_text=label,
                sort_text=f"1{local_name(clark).lower()}",
                insert_text_format=(lsp.InsertTextFormat.Snippet if in_text and snippets
                                    else lsp.InsertTextFormat.PlainText),
                text_edit=lsp.TextEdit(range=rng, new_text=text),
            ))
    if parent is not None:
        out.extend(_closing(snap, ctx, offset))
    return out


def _closing(snap: Snapshot, ctx: Context, offset: int) -> list[lsp.CompletionItem]:
    parent = ctx.parent
    if parent is None:
        return []
    if ctx.kind == "end-tag-name" and ctx.tag is not None:
        start, text = ctx.tag.start, f"</{parent.qname}>"
        end = ctx.tag.end if ctx.tag.terminated else offset
    elif ctx.kind == "tag-name" and ctx.tag is not None:
        start, text, end = ctx.tag.start, f"</{parent.qname}>", offset
    else:
        start, text, end = offset, f"</{parent.qname}>", offset
    return [lsp.CompletionItem(
        label=f"</{parent.qname}>",
        kind=lsp.CompletionItemKind.Keyword,
        detail=f"close <{parent.qname}>",
        sort_text="0",
        filter_text=text if ctx.kind != "end-tag-name" else f"</{parent.qname}",
        text_edit=lsp.TextEdit(range=snap.lines.range(start, end), new_text=text),
    )]


def _required_attributes(doc: ElementDoc | None) -> list[str]:
    return doc.required() if doc is not None else []


def _short(text: str | None, limit: int = 80) -> str | None:
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


_MARKDOWN: dict[tuple[str, str], str] = {}


def _element_markdown(doc: ElementDoc) -> str:
    key = (doc.source, doc.ident)
    hit = _MARKDOWN.get(key)
    if hit is None:
        hit = _MARKDOWN[key] = _element_markdown_text(doc)
    return hit


def _element_markdown_text(doc: ElementDoc) -> str:
    lines = [f"**{doc.ident}**" + (f" ({doc.gloss})" if doc.gloss else "")]
    if doc.description:
        lines.append(doc.description)
    required = doc.required()
    if required:
        lines.append("Required: " + ", ".join(f"@{a}" for a in required))
    lines.append(f"*{doc.source}*" + (f", module {doc.module}" if doc.module else ""))
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- attributes


def _attributes(snap: Snapshot, ctx: Context, know: Knowledge, offset: int,
                snippets: bool) -> list[lsp.CompletionItem]:
    tag = ctx.tag
    if tag is None:
        return []
    element = element_of_tag(ctx)
    doc = know.docs.element(element)
    present = {a.name for a in tag.attributes if a is not ctx.attribute}
    names: dict[str, AttributeDoc | None] = {}
    if know.grammar is not None and know.grammar.knows(element):
        for clark in know.grammar.attributes(element):
            if clark != "*":
                written = attribute_name(clark)
                names[written] = doc.attributes.get(written) if doc else None
    elif doc is not None:
        names = dict(doc.attributes)
    start = ctx.attribute.start if ctx.attribute is not None else offset
    end = ctx.attribute.name_end if ctx.attribute is not None else offset
    has_value = ctx.attribute is not None and ctx.attribute.value is not None
    out: list[lsp.CompletionItem] = []
    rng = snap.lines.range(start, max(end, offset))
    for name, adoc in sorted(names.items()):
        if name in present or name.startswith("xmlns"):
            continue
        required = adoc is not None and adoc.required
        text = name if has_value else (f'{name}="$1"' if snippets else f'{name}=""')
        out.append(lsp.CompletionItem(
            label=name,
            kind=lsp.CompletionItemKind.Field,
            detail=("required; " if required else "") + (_short(adoc.doc) or "") if adoc
            else None,
            data={"uri": snap.uri, "element": element, "attribute": name} if adoc else None,
            sort_text=("0" if required else "1") + name.lower(),
            insert_text_format=(lsp.InsertTextFormat.Snippet if snippets and not has_value
                                else lsp.InsertTextFormat.PlainText),
            text_edit=lsp.TextEdit(range=rng, new_text=text),
        ))
    return out


def element_of_tag(ctx: Context) -> str:
    """The Clark name of the element whose tag the cursor is in."""
    assert ctx.tag is not None
    nsmap = ctx.parent.nsmap if ctx.parent is not None else ()
    if ctx.tag.attribute("xmlns") is not None:
        nsmap = (("", ctx.tag.attribute("xmlns").value or ""), *nsmap)  # type: ignore[union-attr]
    return resolve_name(ctx.tag.qname, nsmap)


def attribute_markdown(adoc: AttributeDoc) -> str:
    lines = [f"**@{adoc.name}**" + (" (required)" if adoc.required else "")]
    if adoc.doc:
        lines.append(adoc.doc)
    if adoc.values is not None and adoc.values.items:
        kind = {"closed": "one of", "semi": "suggested values"}.get(adoc.values.type, "values")
        lines.append(f"{kind.capitalize()}: " + ", ".join(f"`{v.ident}`"
                                                          for v in adoc.values.items))
    if adoc.default:
        lines.append(f"Default: `{adoc.default}`")
    return "\n\n".join(lines)


# --------------------------------------------------------------------------- values


def _token_start(ctx: Context) -> int:
    """Start of the whitespace-separated token the cursor is in."""
    assert ctx.attribute is not None
    typed = ctx.prefix
    cut = max(typed.rfind(" "), typed.rfind("\t"), typed.rfind("\n"))
    return ctx.attribute.value_start + cut + 1


def _values(ws: Workspace, snap: Snapshot, ctx: Context, know: Knowledge, offset: int
            ) -> list[lsp.CompletionItem]:
    attr = ctx.attribute
    if attr is None or ctx.tag is None:
        return []
    element = element_of_tag(ctx)
    local = local_name(element)
    start = _token_start(ctx)
    rng = snap.lines.range(start, offset)
    out: list[lsp.CompletionItem] = []
    clark = resolve_attribute(attr.name, ctx.parent) if ctx.parent else attr.name
    adoc = know.docs.attribute(element, clark)
    # When the grammar defines the element more than once, the closed list of the
    # definitions that apply at the cursor (as hover says), not the ODD's list for the name.
    here = in_context(know.grammar, ctx, element)
    values = context_values(here, clark)
    if values is not None:
        glosses = {item.ident: item.doc for item in adoc.values.items} \
            if adoc is not None and adoc.values is not None else {}
        for i, value in enumerate(values):
            doc = glosses.get(value)
            out.append(lsp.CompletionItem(
                label=value,
                kind=lsp.CompletionItemKind.EnumMember,
                detail=_short(doc) or f"closed list ({which(here)})",
                documentation=_doc_markup(doc),
                sort_text=f"{i:04d}",
                text_edit=lsp.TextEdit(range=rng, new_text=value),
            ))
    elif adoc is not None and adoc.values is not None:
        for i, item in enumerate(adoc.values.items):
            out.append(lsp.CompletionItem(
                label=item.ident,
                kind=lsp.CompletionItemKind.EnumMember,
                detail=_short(item.doc) or adoc.values.type,
                documentation=_doc_markup(item.doc),
                sort_text=f"{i:04d}",
                text_edit=lsp.TextEdit(range=rng, new_text=item.ident),
            ))
    if attr.name in POINTER_ATTRIBUTES:
        out.extend(_pointers(ws, snap, local, attr.name, rng))
    return out


def _pointers(ws: Workspace, snap: Snapshot, element: str, attribute: str, rng: lsp.Range
              ) -> list[lsp.CompletionItem]:
    kinds = wanted_kinds(element, attribute)
    out: list[lsp.CompletionItem] = []
    seen: set[tuple[str, str]] = set()
    for entry in ws.entries(snap):
        if kinds is not None and entry.kind not in kinds:
            continue
        token = pointer_token(snap, entry)
        if (entry.uri, entry.id) in seen:
            continue
        seen.add((entry.uri, entry.id))
        out.append(lsp.CompletionItem(
            label=entry.label,
            kind=lsp.CompletionItemKind.Reference,
            detail=f"{token} — {entry.detail}",
            label_details=lsp.CompletionItemLabelDetails(detail=f" {token}",
                                                         description=entry.kind),
            documentation=_doc_markup(entry.note or None),
            filter_text=f"{token} {entry.label}",
            sort_text=("0" if entry.uri == snap.uri else "1") + entry.label.lower(),
            text_edit=lsp.TextEdit(range=rng, new_text=token),
        ))
        if len(out) >= MAX_POINTERS:
            break
    if kinds is None and attribute in ("target", "corresp", "next", "prev", "sameAs", "synch",
                                       "copyOf"):
        for ident, el in ids_of(snap).items():
            if (snap.uri, ident) in seen:
                continue
            name = local_name(el.name)
            out.append(lsp.CompletionItem(
                label=f"#{ident}", kind=lsp.CompletionItemKind.Reference,
                detail=f"<{name}> at line {snap.lines.position(el.start).line + 1}",
                sort_text="2" + ident.lower(),
                text_edit=lsp.TextEdit(range=rng, new_text=f"#{ident}")))
            if len(out) >= MAX_POINTERS:
                break
    return out


def pointer_token(snap: Snapshot, entry: Entry) -> str:
    if entry.uri == snap.uri or snap.path is None:
        return f"#{entry.id}"
    from .document import uri_to_path

    target = uri_to_path(entry.uri)
    if target is None:
        return f"#{entry.id}"
    import os

    rel = os.path.relpath(target, snap.path.parent)
    return f"{rel}#{entry.id}"
