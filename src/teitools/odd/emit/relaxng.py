"""RELAX NG (XML syntax) from a compiled :class:`~teitools.odd.compile.Schema`.

Pattern names follow the TEI convention (``p``, ``model.pLike``,
``att.global.attributes``, ``att.global.attribute.xmlid``, ``macro.paraContent``,
``teidata.word``) so editors and humans find their way.  Pruning: a reference
to an element, class or macro that is not in the schema is dropped (and a
group or choice left empty by that disappears too); a model class without
members is ``notAllowed``.  Every element and attribute carries an
``a:documentation`` from its gloss and description.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from ...errors import OddError
from ...xmlio import RNG_NS, XML_NS
from ..attributes import AttributeResolver, ClassAttRef, ClassRef, LocalAtt, att_define_name
from ..compile import Schema
from ..model import AttDef, Spec, T
from ..source import load_odd, local_file

A_NS = "http://relaxng.org/ns/compatibility/annotations/1.0"
XSD_DT = "http://www.w3.org/2001/XMLSchema-datatypes"
R = f"{{{RNG_NS}}}"
EXPANSIONS = (
    "alternation",
    "sequence",
    "sequenceOptional",
    "sequenceOptionalRepeatable",
    "sequenceRepeatable",
)
Occ = tuple[int, int | None]


def _el(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    el = (
        etree.SubElement(parent, R + tag, attrs)
        if parent is not None
        else etree.Element(R + tag, attrs)
    )
    return el


def _occurs(el: etree._Element) -> Occ:
    def num(value: str | None, default: int) -> int:
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    mn = num(el.get("minOccurs"), 1)
    mx_s = el.get("maxOccurs")
    mx = None if mx_s == "unbounded" else num(mx_s, max(mn, 1))
    return mn, mx


def _group(patterns: list[etree._Element], tag: str = "group") -> etree._Element:
    if len(patterns) == 1:
        return patterns[0]
    g = _el(tag)
    g.extend(patterns)
    return g


def _repeat(patterns: list[etree._Element], occ: Occ) -> etree._Element | None:
    mn, mx = occ
    base = _group(patterns)
    if (mn, mx) == (1, 1):
        return base
    if mx == 0:
        return _el("empty")
    if mx is None:
        if mn == 0:
            w = _el("zeroOrMore")
            w.append(base)
            return w
        parts = [copy.deepcopy(base) for _ in range(mn - 1)]
        w = _el("oneOrMore")
        w.append(base)
        return _group([*parts, w])
    # x{mn,mx} as mn copies then (mx - mn) optional ones, side by side (the same language
    # as nested optionals; libxml2 mis-validates nested optionals inside a list)
    parts = [copy.deepcopy(base) for _ in range(mn)]
    for _ in range(mx - mn):
        opt = _el("optional")
        opt.append(copy.deepcopy(base))
        parts.append(opt)
    return _group(parts) if parts else _el("empty")


def _load_grammar(path: Path) -> etree._Element:
    try:
        return load_odd(path).getroot()
    except OddError as exc:
        raise OddError(f"external module: {exc.message}", file=exc.file, line=exc.line) from None


def _inline_grammar(
    grammar: etree._Element, path: Path, prefix: str, stack: tuple[str, ...]
) -> etree._Element:
    """An external grammar as a ``div``: its start dropped, its includes inlined the same
    way, pattern names given the moduleRef's ``@prefix``."""
    if grammar.tag != R + "grammar":
        raise OddError("external module is not a RELAX NG grammar (XML syntax)", file=path)
    div = _el("div")
    for name in ("ns", "datatypeLibrary"):
        value = grammar.get(name)
        if value is not None:
            div.set(name, value)
    for child in grammar:
        inlined = _inline_child(child, path, prefix, stack)
        if inlined is not None:
            div.append(inlined)
    return div


def _inline_child(
    el: etree._Element, path: Path, prefix: str, stack: tuple[str, ...]
) -> etree._Element | None:
    if not isinstance(el.tag, str) or el.tag == R + "start":
        return None
    if el.tag == R + "include":
        href = el.get("href", "")
        target = local_file(href, path, {})
        if target is None or not target.is_file():
            raise OddError(f"external module includes '{href}', not a local file", file=path)
        key = str(target.resolve())
        if key in stack:
            raise OddError(f"external module include cycle through '{href}'", file=path)
        div = _inline_grammar(_load_grammar(target), target, prefix, (*stack, key))
        for child in el:  # the include's own overrides
            inlined = _inline_child(child, path, prefix, stack)
            if inlined is not None:
                div.append(inlined)
        return div
    new = etree.Element(el.tag, {str(k): str(v) for k, v in el.attrib.items()})
    if el.tag in (R + "define", R + "ref") and prefix:
        new.set("name", prefix + el.get("name", ""))
    new.text = el.text
    for child in el:
        inlined = _inline_child(child, path, prefix, stack)
        if inlined is not None:
            new.append(inlined)
    return new


def _defines(el: etree._Element) -> set[str]:
    return {d.get("name", "") for d in el.iter(R + "define")}


class RngEmitter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.atts = AttributeResolver(schema)
        specs = schema.specs.values()
        self.elements = {s.ident: s for s in specs if s.kind == "element"}
        self.models = {s.ident: s for s in specs if s.kind == "class" and s.type == "model"}
        self.attclasses = {s.ident: s for s in specs if s.kind == "class" and s.type == "atts"}
        self.macros = {s.ident for s in specs if s.kind == "macro"}
        self.datas = {s.ident for s in specs if s.kind == "data"}
        self.members: dict[str, list[Spec]] = {k: [] for k in self.models}
        for s in specs:
            if s.kind == "element" or (s.kind == "class" and s.type == "model"):
                for key in s.member_of:
                    if key in self.members and key != s.ident:
                        self.members[key].append(s)
        self.expanded: set[str] = set()
        self.any_defines: list[etree._Element] = []
        self.defined: set[str] = set()
        self.text_datas: set[str] = set()  # datatypes whose pattern is text
        self.context = ""

    # ---------------------------------------------------------------- names
    def element_name(self, ident: str) -> str:
        spec = self.elements[ident]
        return (spec.prefix or self.schema.prefix) + ident

    def _doc(self, parent: etree._Element, text: str | None) -> None:
        if text:
            d = etree.SubElement(parent, f"{{{A_NS}}}documentation")
            d.text = text

    # ---------------------------------------------------------------- content
    def content(self, el: etree._Element) -> list[etree._Element]:
        """Patterns for the children of a <content> (or <datatype>) element."""
        out: list[etree._Element] = []
        for child in el:
            if not isinstance(child.tag, str):
                continue
            p = self.pattern(child)
            if p is not None:
                out.append(p)
        return out

    def pattern(self, el: etree._Element) -> etree._Element | None:
        tag = el.tag
        if not isinstance(tag, str):
            return None
        if tag.startswith(R):
            return self.rng_copy(el)
        if not tag.startswith(T):
            return None
        name = tag[len(T) :]
        occ = _occurs(el)
        if name in ("sequence", "alternate"):
            parts = self.content(el)
            if not parts:
                return None
            base = _group(parts, "group" if name == "sequence" else "choice")
            return _repeat([base], occ)
        if name == "elementRef":
            key = el.get("key", "")
            if key not in self.elements:
                return None
            return _repeat([_el("ref", name=self.element_name(key))], occ)
        if name == "classRef":
            key = el.get("key", "")
            if key not in self.models:
                return None
            expand = el.get("expand")
            if expand in EXPANSIONS:
                self.expanded.add(key)
                ref = _el("ref", name=f"{key}_{expand}")
            else:
                ref = _el("ref", name=key)
            return _repeat([ref], occ)
        if name == "macroRef":
            key = el.get("key", "")
            if key not in self.macros:
                return None
            return _repeat([_el("ref", name=key)], occ)
        if name == "dataRef":
            return self.data_ref(el)
        if name == "textNode":
            return _el("text")
        if name == "empty":
            return _el("empty")
        if name == "anyElement":
            return _repeat([self.any_element(el)], occ)
        if name == "valList":
            return self.values(el)
        if name == "content":
            parts = self.content(el)
            return _group(parts) if parts else None
        return None

    def rng_copy(self, el: etree._Element) -> etree._Element | None:
        """Embedded RELAX NG, with references to undefined patterns dropped."""
        if el.tag == R + "ref" and el.get("name") not in self.defined:
            return None
        new = etree.Element(el.tag, {str(k): str(v) for k, v in el.attrib.items()})
        new.text = el.text
        for child in el:
            if not isinstance(child.tag, str):
                continue
            if child.tag.startswith(R):
                c = self.rng_copy(child)
                if c is not None:
                    new.append(c)
                    c.tail = None
            elif child.tag == f"{{{A_NS}}}documentation":
                new.append(copy.deepcopy(child))
            elif child.tag.startswith(T):
                c = self.pattern(child)
                if c is not None:
                    new.append(c)
        if el.tag in (
            R + "group",
            R + "choice",
            R + "interleave",
            R + "optional",
            R + "zeroOrMore",
            R + "oneOrMore",
            R + "mixed",
            R + "list",
        ) and not len(new):
            return None
        if new.tag == R + "list":
            return self.tokenize(new)
        return new

    def data_ref(self, el: etree._Element) -> etree._Element | None:
        key = el.get("key")
        restriction = el.get("restriction")
        if key is not None:
            if key not in self.datas:
                return None
            if restriction is None:
                return _el("ref", name=key)
            return self._restricted("token", restriction, [])
        type_name = el.get("name")
        if type_name is None:
            return _el("text")
        facets = [(f.get("name", ""), f.get("value", "")) for f in el.iter(T + "dataFacet")]
        return self._restricted(type_name, restriction, facets)

    def _restricted(
        self, type_name: str, restriction: str | None, facets: list[tuple[str, str]]
    ) -> etree._Element:
        data = _el("data", type=type_name)
        for fname, fvalue in facets:
            p = _el("param", data, name=fname)
            p.text = fvalue
        if restriction is not None:
            p = _el("param", data, name="pattern")
            p.text = restriction
        return data

    def values(self, vl: etree._Element) -> etree._Element | None:
        choice = _el("choice")
        for item in vl.iter(T + "valItem"):
            if item.get("mode") == "delete":
                continue
            v = _el("value", choice)
            v.text = item.get("ident", "")
        if not len(choice):
            return _el("notAllowed")
        return choice

    def any_element(self, el: etree._Element) -> etree._Element:
        n = len(self.any_defines) + 1
        name = f"anyElement_{self.context}_{n}"
        define = _el("define", name=name)
        element = _el("element", define)
        any_name = _el("anyName", element)
        exc = _el("except", any_name)
        _el("nsName", exc, ns=self.schema.ns)
        for spec in self.elements.values():
            ns = self.schema.element_ns(spec)
            if ns != self.schema.ns:
                nm = _el("name", exc, ns=ns)
                nm.text = spec.name
        zom = _el("zeroOrMore", element)
        _el("anyName", _el("attribute", zom))
        zom2 = _el("zeroOrMore", element)
        ch = _el("choice", zom2)
        _el("text", ch)
        _el("ref", ch, name=name)
        self.any_defines.append(define)
        return _el("ref", name=name)

    # ---------------------------------------------------------------- attributes
    def attribute(self, att: AttDef) -> etree._Element:
        name = att.alt or att.ident
        attrs: dict[str, str] = {}
        if att.ns and ":" not in name:
            attrs["ns"] = att.ns
        a = _el("attribute", name=name)
        for k, v in attrs.items():
            a.set(k, v)
        if att.default is not None:
            a.set(f"{{{A_NS}}}defaultValue", att.default)
        self._doc(a, att.doc)
        a.append(self.att_value(att))
        if att.usage == "req":
            return a
        opt = _el("optional")
        opt.append(a)
        return opt

    def att_value(self, att: AttDef) -> etree._Element:
        dt = att.datatype
        base: etree._Element | None = None
        occ: Occ = (1, 1)
        if dt is not None:
            parts = self.content(dt)
            base = _group(parts, "choice") if parts else None
            occ = _occurs(dt)
        vl = att.vallist
        inner: etree._Element
        if vl is not None and vl.type in ("closed", "semi"):
            choice = _el("choice")
            for item in vl.items:
                v = _el("value", choice)
                v.text = item.ident
                self._doc(choice, item.doc)
            if vl.type == "semi":
                # without a datatype, the other values are XML names (teidata.enumerated),
                # as in the TEI Stylesheets
                choice.append(base if base is not None else _el("data", type="Name"))
            elif not vl.items:
                choice = _el("notAllowed")
            inner = choice
        else:
            inner = base if base is not None else _el("text")
        if occ != (1, 1) and (occ[1] is None or occ[1] > 1 or occ[0] == 0):
            if inner.tag == R + "text":
                # text repeated is still any text (the TEI Stylesheets agree); a list of
                # text is forbidden in RELAX NG (section 7.1)
                return inner
            lst = _el("list")
            rep = _repeat([inner], occ)
            lst.append(rep if rep is not None else inner)
            return self.tokenize(lst)
        return inner

    def tokenize(self, lst: etree._Element) -> etree._Element:
        """A ``list`` with each ``text`` in it (directly, or through a reference to a
        datatype that is text) made a token: RELAX NG forbids list//text."""
        for el in list(lst.iter(R + "text", R + "ref")):
            if el.tag == R + "ref" and el.get("name") not in self.text_datas:
                continue
            parent = el.getparent()
            if parent is not None:
                token = _el("data", type="token")
                token.tail = el.tail
                parent.replace(el, token)
        return lst

    def attribute_refs(self, spec: Spec, parent: etree._Element, *, as_refs: bool) -> None:
        for item in self.atts.plan(spec, local_as_refs=as_refs):
            if isinstance(item, ClassRef):
                _el("ref", parent, name=f"{item.cls}.attributes")
            elif isinstance(item, ClassAttRef):
                _el("ref", parent, name=att_define_name(item.cls, item.att))
            elif isinstance(item, LocalAtt):
                parent.append(self.attribute(item.att))

    # ---------------------------------------------------------------- defines
    def element_define(self, spec: Spec) -> etree._Element:
        self.context = spec.ident
        define = _el("define", name=self.element_name(spec.ident))
        attrs = {"name": spec.name}
        ns = self.schema.element_ns(spec)
        if ns != self.schema.ns:
            attrs["ns"] = ns
        element = _el("element", define, **attrs)
        self._doc(element, spec.doc)
        parts = self.content(spec.content) if spec.content is not None else []
        body = _group(parts) if parts else _el("empty")
        element.append(body)
        self.attribute_refs(spec, element, as_refs=False)
        return define

    def attclass_defines(self, spec: Spec) -> list[etree._Element]:
        define = _el("define", name=f"{spec.ident}.attributes")
        self.attribute_refs(spec, define, as_refs=True)
        if not len(define):
            _el("empty", define)
        out = [define]
        for att in self.atts.own(spec):
            d = _el("define", name=att_define_name(spec.ident, att))
            d.append(self.attribute(att))
            out.append(d)
        return out

    def model_defines(self, spec: Spec) -> list[etree._Element]:
        members = self.members.get(spec.ident, [])
        refs = [
            _el("ref", name=self.element_name(m.ident) if m.kind == "element" else m.ident)
            for m in members
        ]
        define = _el("define", name=spec.ident)
        if refs:
            choice = _el("choice", define)
            choice.extend(refs)
        else:
            _el("notAllowed", define)
        return [define]

    def expansion_defines(self, ident: str) -> list[etree._Element]:
        out = []
        members = self.members.get(ident, [])
        for kind in EXPANSIONS:
            define = _el("define", name=f"{ident}_{kind}")
            refs = [
                _el("ref", name=self.element_name(m.ident) if m.kind == "element" else m.ident)
                for m in members
            ]
            if not refs:
                empty_ok = kind in ("sequence", "sequenceOptional", "sequenceOptionalRepeatable")
                _el("empty" if empty_ok else "notAllowed", define)
            elif kind == "alternation":
                _el("choice", define).extend(refs)
            else:
                wrap = {
                    "sequence": None,
                    "sequenceOptional": "optional",
                    "sequenceOptionalRepeatable": "zeroOrMore",
                    "sequenceRepeatable": "oneOrMore",
                }[kind]
                group = _el("group", define)
                for r in refs:
                    if wrap is None:
                        group.append(r)
                    else:
                        _el(wrap, group).append(r)
            out.append(define)
        return out

    def emit(self) -> etree._Element:
        s = self.schema
        grammar = etree.Element(
            R + "grammar",
            {"ns": s.ns, "datatypeLibrary": XSD_DT},
            nsmap={None: RNG_NS, "a": A_NS},  # type: ignore[dict-item]
        )
        # external modules (moduleRef/@url), inlined as the TEI Stylesheets do
        externals = [
            _inline_grammar(_load_grammar(x.path), x.path, x.prefix, (str(x.path.resolve()),))
            for x in s.externals
        ]
        for spec in s.specs.values():
            if spec.kind == "data":
                parts = self.content(spec.content) if spec.content is not None else []
                if not parts or (len(parts) == 1 and parts[0].tag == R + "text"):
                    self.text_datas.add(spec.ident)
        # names that embedded rng:ref may point at
        self.defined = {n for x in externals for n in _defines(x)}
        self.defined |= {self.element_name(e) for e in self.elements}
        self.defined |= set(self.models) | self.macros | self.datas
        self.defined |= {f"{c}.attributes" for c in self.attclasses}
        for c in self.attclasses.values():
            self.defined |= {att_define_name(c.ident, a) for a in self.atts.own(c)}

        start = _el("start", grammar)
        choice = _el("choice", start)
        for ident in s.start:
            _el("ref", choice, name=self.element_name(ident))
        body: list[etree._Element] = []
        for spec in s.specs.values():
            self.context = spec.ident
            if spec.kind == "element":
                body.append(self.element_define(spec))
            elif spec.kind == "class" and spec.type == "atts":
                body.extend(self.attclass_defines(spec))
            elif spec.kind == "class":
                body.extend(self.model_defines(spec))
            elif spec.kind in ("macro", "data"):
                define = _el("define", name=spec.ident)
                parts = self.content(spec.content) if spec.content is not None else []
                if spec.kind == "data":
                    define.append(_group(parts, "choice") if parts else _el("text"))
                else:
                    define.append(_group(parts) if parts else _el("empty"))
                body.append(define)
        for ident in sorted(self.expanded):
            body.extend(self.expansion_defines(ident))
        grammar.extend(body)
        grammar.extend(self.any_defines)
        for div, x in zip(externals, s.externals, strict=True):
            grammar.append(etree.Comment(f" external module {x.url} "))
            grammar.append(div)
        return grammar


def emit_rng(schema: Schema) -> etree._Element:
    """The RELAX NG grammar (XML syntax) for a compiled schema."""
    return RngEmitter(schema).emit()


__all__ = ["XML_NS", "emit_rng"]
