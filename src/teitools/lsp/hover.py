"""Hover: the ODD's documentation for the element or attribute at the cursor, in context;
the register entry for a pointer."""

from __future__ import annotations

from lsprotocol import types as lsp

from .completion import attribute_markdown, element_of_tag, local_name
from .context import Here, context_values, in_context, which
from .document import Snapshot
from .knowledge import knowledge
from .odddoc import attribute_name
from .registers import POINTER_ATTRIBUTES, Entry
from .scan import resolve_attribute
from .workspace import Workspace

MAX_LISTED = 25


def hover(ws: Workspace, snap: Snapshot, position: lsp.Position) -> lsp.Hover | None:
    offset = snap.lines.offset(position)
    ctx = snap.context(offset)
    if ctx.tag is None:
        return None
    know = knowledge(snap)
    element = element_of_tag(ctx)
    if ctx.kind in ("tag-name", "end-tag-name"):
        rng = snap.lines.range(ctx.tag.name_start, ctx.tag.name_end)
        if ctx.kind == "end-tag-name":
            # in an end tag the element itself is the innermost open one
            parent = ctx.stack[-2] if len(ctx.stack) >= 2 else None
            element = ctx.stack[-1].name if ctx.stack else element
        else:
            parent = ctx.parent
        return _markdown(_element_hover(snap, element, parent.name if parent else None,
                                        parent.child_tokens() if parent and ctx.kind ==
                                        "tag-name" else None,
                                        in_context(know.grammar, ctx, element)), rng)
    attr = ctx.attribute
    if attr is None:
        return None
    clark = resolve_attribute(attr.name, ctx.parent) if ctx.parent else attr.name
    adoc = know.docs.attribute(element, clark)
    here = in_context(know.grammar, ctx, element)
    values = context_values(here, clark)
    if ctx.kind == "attribute-name":
        rng = snap.lines.range(attr.start, attr.name_end)
        where = f"(on `<{local_name(element)}>`)"
        if values is not None:
            where += "\n\nHere (" + which(here) + "): one of " + ", ".join(
                f"`{v}`" for v in values)
        if adoc is None:
            known = know.grammar is not None and clark in know.grammar.attributes(element)
            text = (f"**@{attr.name}** " + where +
                    ("" if known else "\n\nNot an attribute of this element in the schema."))
            return _markdown(text, rng)
        return _markdown(attribute_markdown(adoc) + "\n\n" + where, rng)
    # attribute value
    value = attr.value or ""
    rel = offset - attr.value_start
    start = value.rfind(" ", 0, rel) + 1
    end = value.find(" ", rel)
    end = len(value) if end < 0 else end
    token = value[start:end]
    rng = snap.lines.range(attr.value_start + start, attr.value_start + end)
    if attr.name in POINTER_ATTRIBUTES and "#" in token:
        target = ws.resolve(snap, token)
        if target is None:
            return _markdown(f"`{token}`: no such entry or xml:id", rng)
        if target.entry is not None:
            return _markdown(entry_markdown(target.entry), rng)
        el_text = target.snapshot.text[target.start:target.start + 200].split(">", 1)[0] + ">"
        return _markdown(f"`{token}` → `{el_text}`", rng)
    if adoc is not None and adoc.values is not None:
        for item in adoc.values.items:
            if item.ident == token:
                return _markdown(f"**{token}** (@{attr.name} on `<{local_name(element)}>`)\n\n"
                                 + (item.doc or ""), rng)
    if values is not None:
        verdict = "allowed" if token in values else "not allowed"
        return _markdown(f"**{token}** (@{attr.name} on `<{local_name(element)}>`): {verdict} "
                         f"here ({which(here)}: one of " +
                         ", ".join(f"`{v}`" for v in values) + ")", rng)
    return None


def entry_markdown(entry: Entry) -> str:
    lines = [f"**{entry.label}** — `#{entry.id}`", f"{entry.detail}"]
    if entry.note:
        lines.append(entry.note)
    if entry.list:
        lines.append(f"*in {entry.list}*")
    return "\n\n".join(lines)


def _element_hover(snap: Snapshot, element: str, parent: str | None,
                   before: list[str] | None,
                   here: Here | None = None) -> str:
    know = knowledge(snap)
    doc = know.docs.element(element)
    name = local_name(element)
    lines: list[str] = []
    if doc is not None:
        lines.append(f"**{name}**" + (f" ({doc.gloss})" if doc.gloss else ""))
        if doc.description:
            lines.append(doc.description)
    else:
        lines.append(f"**{name}**")
    grammar = know.grammar
    if here is not None:
        lines.extend(_definition_lines(here, parent))
        if grammar is not None and parent is not None and before is not None:
            names, _ = grammar.allowed(parent, before)
            if element not in names:
                lines.append(f"Not allowed here in `<{local_name(parent)}>`.")
        return "\n\n".join(lines)
    if grammar is not None and parent is not None:
        pname = local_name(parent)
        if not grammar.knows(element):
            lines.append(f"Not an element of {grammar.path.name}.")
        elif element not in grammar.children(parent):
            lines.append(f"Not allowed in `<{pname}>` by {grammar.path.name}.")
        elif before is not None:
            names, _ = grammar.allowed(parent, before)
            where = "here" if element in names else "in this position"
            lines.append(f"In `<{pname}>`: " + ("allowed here." if element in names else
                                                 f"allowed in `<{pname}>`, but not {where} "
                                                 "(check the order of its children)."))
    if grammar is not None and grammar.knows(element):
        kids = sorted({local_name(n) for n in grammar.children(element) if n != "*"}, key=str.lower)
        if kids:
            shown = ", ".join(kids[:MAX_LISTED]) + (f" … ({len(kids) - MAX_LISTED} more)"
                                                    if len(kids) > MAX_LISTED else "")
            lines.append(f"May contain: {shown}")
    if doc is not None:
        atts = []
        for adoc in sorted(doc.attributes.values(), key=lambda a: (not a.required, a.name)):
            if adoc.values is not None and adoc.values.type == "closed" and adoc.values.items:
                vals = "|".join(v.ident for v in adoc.values.items[:12])
                atts.append(f"@{adoc.name}" + (" (required)" if adoc.required else "") +
                            f" = {vals}")
            elif adoc.required:
                atts.append(f"@{adoc.name} (required)")
        if atts:
            lines.append("Attributes: " + "; ".join(atts[:MAX_LISTED]))
        lines.append(f"*{doc.source}*" + (f", module {doc.module}" if doc.module else ""))
    return "\n\n".join(lines)


def _definition_lines(here: Here, parent: str | None) -> list[str]:
    """What the definitions that apply here say (the grammar has several for the name)."""
    defs = here[0]
    where = f"in `<{local_name(parent)}>`" if parent else "as the root"
    lines = [f"Here ({where}): {which(here)}."]
    for d in defs:
        if d.doc:
            lines.append(d.doc)
    kids = sorted({local_name(n) for d in defs for n in d.children if n != "*"},
                  key=str.lower)
    if kids:
        lines.append("May contain: " + ", ".join(kids[:MAX_LISTED]) + (
            f" … ({len(kids) - MAX_LISTED} more)" if len(kids) > MAX_LISTED else ""))
    elif defs:
        lines.append("May contain: no elements.")
    atts = []
    for att in sorted({a for d in defs for a in d.attributes}):
        values = context_values(here, att)
        atts.append(f"@{attribute_name(att)}" + (f" = {'|'.join(values)}" if values else ""))
    if atts:
        lines.append("Attributes: " + "; ".join(atts[:MAX_LISTED]))
    return lines


def _markdown(text: str, rng: lsp.Range) -> lsp.Hover:
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
                     range=rng)
