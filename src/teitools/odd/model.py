"""The in-memory model of ODD specifications.

A :class:`Spec` is one ``elementSpec``, ``classSpec``, ``macroSpec`` or
``dataSpec`` reduced to what schema generation needs.  Content models,
datatypes and constraints stay lxml elements (shared, never mutated); the
rest is plain Python data so that customisations can be applied cheaply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

from ..diagnostics import source_line
from ..xmlio import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
SPEC_TAGS = {
    T + "elementSpec": "element",
    T + "classSpec": "class",
    T + "macroSpec": "macro",
    T + "dataSpec": "data",
}
SCHEMATRON_SCHEMES = {"schematron", "isoschematron"}
_WS = re.compile(r"\s+")


@dataclass
class ValItem:
    ident: str
    doc: str | None = None
    valid_until: str | None = None  # @validUntil: deprecated


@dataclass
class ValList:
    type: str  # closed | semi | open
    items: list[ValItem]


@dataclass
class Constraint:
    """A ``constraintSpec``: ``node`` is the constraintSpec element itself."""

    ident: str
    scheme: str
    node: etree._Element


@dataclass
class AttDef:
    """An attribute definition, or a change/delete record for an inherited one.

    Fields left ``None`` in a ``change`` record mean "keep the inherited value".
    """

    ident: str
    mode: str = "add"  # add | replace | change | delete
    ns: str | None = None
    alt: str | None = None  # altIdent: the name in documents, when it differs from @ident
    ref_class: str | None = None  # an attRef (mode "ref"): the class whose attribute it is
    valid_until: str | None = None  # @validUntil: deprecated
    usage: str | None = None
    datatype: etree._Element | None = None
    vallist: ValList | None = None
    vallist_mode: str | None = None
    vallist_el: etree._Element | None = None
    default: str | None = None
    doc: str | None = None
    constraints: dict[str, Constraint] = field(default_factory=dict)

    def clone(self) -> AttDef:
        return replace(self, constraints=dict(self.constraints))


@dataclass
class Spec:
    kind: str  # element | class | macro | data
    ident: str
    module: str | None = None
    ns: str | None = None
    type: str | None = None  # model | atts for classes
    prefix: str | None = None
    doc: str | None = None
    member_of: list[str] = field(default_factory=list)
    content: etree._Element | None = None
    atts: dict[str, AttDef] = field(default_factory=dict)
    constraints: dict[str, Constraint] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None
    alt: str | None = None  # altIdent: the element's name in documents
    valid_until: str | None = None  # @validUntil: deprecated
    # the spec element it was parsed from (the add/replace one; changes are merged
    # into the fields above and into ``models``)
    node: etree._Element | None = None
    #: The processing model: the spec's model / modelSequence / modelGrp children (lxml
    #: elements, never mutated) and the ODD they come from (for file:line in errors).
    models: list[etree._Element] = field(default_factory=list)
    models_file: str | None = None

    @property
    def name(self) -> str:
        """The element's (or attribute class's) name in documents."""
        return self.alt or self.ident

    def clone(self) -> Spec:
        return replace(
            self,
            member_of=list(self.member_of),
            models=list(self.models),
            atts={k: a.clone() for k, a in self.atts.items()},
            constraints=dict(self.constraints),
        )


# --------------------------------------------------------------------------- text


def _is_english(el: etree._Element) -> bool:
    lang = el.get(f"{{{XML_NS}}}lang")
    return lang is None or lang == "en"


#: libxml2's line number of an element, or None (the one helper: diagnostics.source_line).
line_of = source_line


def _text(el: etree._Element) -> str:
    return _WS.sub(" ", "".join(str(t) for t in el.itertext())).strip()


def documentation(spec_el: etree._Element) -> str | None:
    """``(gloss) desc`` from the English gloss and desc children, or None."""
    gloss = desc = None
    for child in spec_el:
        if child.tag == T + "gloss" and gloss is None and _is_english(child):
            gloss = _text(child)
        elif (
            child.tag == T + "desc"
            and desc is None
            and _is_english(child)
            and child.get("type") != "deprecationInfo"
        ):
            desc = _text(child)
    if gloss and desc:
        return f"({gloss}) {desc}"
    return desc or gloss or None


# --------------------------------------------------------------------------- parsing


def parse_constraint(el: etree._Element) -> Constraint | None:
    scheme = el.get("scheme", "schematron")
    ident = el.get("ident") or f"constraint-{line_of(el)}"
    return Constraint(ident=ident, scheme=scheme, node=el)


def parse_vallist(el: etree._Element) -> ValList:
    items: list[ValItem] = []
    for item in el.iter(T + "valItem"):
        if item.get("mode") == "delete":
            continue
        items.append(ValItem(item.get("ident", ""), documentation(item), item.get("validUntil")))
    return ValList(type=el.get("type", "open"), items=items)


def merge_vallist(base: ValList | None, change: etree._Element) -> ValList:
    """Apply a ``valList mode="change"`` to ``base``."""
    items = {i.ident: i for i in base.items} if base else {}
    for item in change.iter(T + "valItem"):
        ident = item.get("ident", "")
        if item.get("mode") == "delete":
            items.pop(ident, None)
        else:
            items[ident] = ValItem(ident, documentation(item), item.get("validUntil"))
    vtype = change.get("type") or (base.type if base else "open")
    return ValList(type=vtype, items=list(items.values()))


def _att_children(att_list: etree._Element) -> list[etree._Element]:
    """attDefs of an attList, flattening nested attLists."""
    out: list[etree._Element] = []
    for child in att_list:
        if child.tag in (T + "attDef", T + "attRef"):
            out.append(child)
        elif child.tag == T + "attList":
            out.extend(_att_children(child))
    return out


def parse_attdef(el: etree._Element, *, record: bool = False) -> AttDef:
    """Parse an attDef.  With ``record`` (a change), unspecified fields stay None."""
    if el.tag == T + "attRef":
        return parse_attref(el)
    mode = el.get("mode", "add")
    att = AttDef(
        ident=el.get("ident", ""),
        mode=mode,
        ns=el.get("ns"),
        alt=_alt_ident(el),
        valid_until=el.get("validUntil"),
    )
    att.usage = el.get("usage") if (record or el.get("usage")) else "opt"
    if mode == "delete":
        return att
    doc_changed = False
    for child in el:
        tag = child.tag
        if tag == T + "datatype":
            att.datatype = child
        elif tag == T + "valList":
            vmode = child.get("mode", "add")
            att.vallist_mode = vmode
            att.vallist_el = child
            att.vallist = None if vmode == "delete" else parse_vallist(child)
        elif tag == T + "defaultVal":
            att.default = child.text or ""
        elif tag == T + "constraintSpec":
            c = parse_constraint(child)
            if c is not None:
                att.constraints[c.ident] = c
        elif tag in (T + "gloss", T + "desc"):
            doc_changed = True
    if doc_changed or not record:
        att.doc = documentation(el)
    return att


def parse_attref(el: etree._Element) -> AttDef:
    """``attRef class="att.typed" name="type"`` or ``attRef name="att.typed.attribute.type"``:
    one attribute of a class, taken by an element outside it (mode "ref")."""
    name = el.get("name", "")
    cls = el.get("class")
    if cls is None and ".attribute." in name:
        cls, name = name.split(".attribute.", 1)
    return AttDef(ident=name, mode="ref", ref_class=cls, usage=None)


def merge_attdef(base: AttDef, change: AttDef) -> AttDef:
    """Overlay a change record on a full attribute definition."""
    out = base.clone()
    out.mode = base.mode if base.mode != "change" else "add"
    if change.ns is not None:
        out.ns = change.ns
    if change.alt is not None:
        out.alt = change.alt
    if change.valid_until is not None:
        out.valid_until = change.valid_until
    if change.usage is not None:
        out.usage = change.usage
    if change.datatype is not None:
        out.datatype = change.datatype
    if change.vallist_mode is not None:
        if change.vallist_mode == "delete":
            out.vallist = None
        elif change.vallist_mode == "change" and change.vallist_el is not None:
            out.vallist = merge_vallist(base.vallist, change.vallist_el)
        else:
            out.vallist = change.vallist
    if change.default is not None:
        out.default = change.default
    if change.doc is not None:
        out.doc = change.doc
    for k, c in change.constraints.items():
        if c.node.get("mode") == "delete":
            out.constraints.pop(k, None)
        else:
            out.constraints[k] = c
    return out


def _alt_ident(el: etree._Element) -> str | None:
    for child in el:
        if child.tag == T + "altIdent" and (child.text or "").strip():
            return (child.text or "").strip()
    return None


def is_namespace_declaration(name: str) -> bool:
    """``xmlns`` and ``xmlns:p`` are namespace declarations, which RELAX NG forbids as
    attributes (and documents never see as attributes).  Like the TEI Stylesheets, any
    ``@ident`` starting with ``xmlns`` counts (XML reserves names starting with "xml")."""
    return name.startswith("xmlns")


def merge_attlist(spec: Spec, att_list: etree._Element) -> None:
    """Apply an ``attList`` from a customisation (or a source spec) to ``spec``."""
    for el in _att_children(att_list):
        rec = parse_attdef(el, record=el.get("mode") == "change")
        if is_namespace_declaration(rec.ident) or is_namespace_declaration(rec.alt or ""):
            continue
        existing = spec.atts.get(rec.ident)
        if rec.mode == "change":
            if existing is not None and existing.mode != "delete":
                merged = merge_attdef(existing, rec)
                merged.mode = existing.mode
                if existing.mode == "change":
                    # still a record against an inherited definition: keep Nones
                    merged = _overlay_record(existing, rec)
                spec.atts[rec.ident] = merged
            else:
                spec.atts[rec.ident] = rec
        else:
            # add, replace, delete: the record supersedes whatever was there
            spec.atts[rec.ident] = rec


def _overlay_record(base: AttDef, change: AttDef) -> AttDef:
    out = base.clone()
    for name in ("ns", "alt", "valid_until", "usage", "datatype", "default", "doc"):
        value = getattr(change, name)
        if value is not None:
            setattr(out, name, value)
    if change.vallist_mode is not None:
        if (
            change.vallist_mode == "change"
            and base.vallist is not None
            and change.vallist_el is not None
        ):
            out.vallist = merge_vallist(base.vallist, change.vallist_el)
            out.vallist_mode = base.vallist_mode if base.vallist_mode != "change" else "replace"
        else:
            out.vallist = change.vallist
            out.vallist_mode = change.vallist_mode
            out.vallist_el = change.vallist_el
    out.constraints.update(change.constraints)
    return out


def parse_spec(el: etree._Element, file: str | None = None) -> Spec:
    """Build a :class:`Spec` from an elementSpec/classSpec/macroSpec/dataSpec."""
    spec = Spec(
        kind=SPEC_TAGS[el.tag],
        ident=el.get("ident", ""),
        module=el.get("module"),
        ns=el.get("ns"),
        type=el.get("type"),
        prefix=el.get("prefix"),
        doc=documentation(el),
        file=file,
        line=line_of(el),
        alt=_alt_ident(el),
        node=el,
        valid_until=el.get("validUntil"),
    )
    _apply_children(spec, el, file)
    return spec


def change_spec(spec: Spec, el: etree._Element, file: str | None = None) -> None:
    """Apply an ``elementSpec mode="change"`` (or classSpec ...) to ``spec``."""
    for attr in ("ns", "prefix", "type"):
        if el.get(attr) is not None:
            setattr(spec, attr, el.get(attr))
    if any(c.tag in (T + "gloss", T + "desc") for c in el):
        doc = documentation(el)
        if doc:
            spec.doc = doc
    alt = _alt_ident(el)
    if alt is not None:
        spec.alt = alt
    _apply_children(spec, el, file)


#: The processing-model children of an elementSpec (TEI Guidelines TD 23.5).
MODEL_TAGS = {T + "model", T + "modelSequence", T + "modelGrp"}


def _apply_children(spec: Spec, el: etree._Element, file: str | None = None) -> None:
    """Merge the classes, content, attList and constraintSpec children of a spec element.

    Shared by :func:`parse_spec` (on a fresh spec, where the change semantics reduce to
    plain addition) and :func:`change_spec`.  Model children replace the models the
    spec had (as in TEI Publisher's ODD merge): a ``mode="change"`` without models
    keeps the parent's.
    """
    models = [child for child in el if child.tag in MODEL_TAGS]
    if models:
        spec.models = models
        spec.models_file = file
    for child in el:
        tag = child.tag
        if tag == T + "classes":
            # classes/@mode defaults to "replace" (TEI Guidelines, <classes>)
            if child.get("mode", "replace") == "replace":
                spec.member_of = []
            for m in child.iter(T + "memberOf"):
                key = m.get("key")
                if not key:
                    continue
                if m.get("mode") == "delete":
                    if key in spec.member_of:
                        spec.member_of.remove(key)
                elif key not in spec.member_of:
                    spec.member_of.append(key)
        elif tag == T + "content":
            spec.content = child
        elif tag == T + "attList":
            merge_attlist(spec, child)
        elif tag == T + "constraintSpec":
            ident = child.get("ident") or ""
            mode = child.get("mode", "add")
            if mode == "delete":
                spec.constraints.pop(ident, None)
            elif mode == "change" and ident in spec.constraints and not len(child):
                continue
            else:
                c = parse_constraint(child)
                if c is not None:
                    spec.constraints[c.ident] = c
