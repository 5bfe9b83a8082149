"""ISO Schematron (query binding xslt2) from the constraints of a compiled schema.

Every ``constraintSpec`` with ``scheme="schematron"`` that belongs to a spec
in the schema (the element, attribute-class, model-class, macro and datatype
specs, and their ``attDef``s) and every schema-level one becomes a pattern.
Pattern ids follow the TEI Stylesheets' convention,
``schematron-constraint-{schema}-{spec}[-{attribute}]-{constraint}-{n}``, so
reports name the constraintSpec ident; ``n`` is the constraint's position
within its spec (not a count over the whole schema), so an id stays the same
when unrelated specs or modules are added or removed and a team can baseline
or suppress it.  ``sch:ns`` declarations found in
constraints are hoisted to the top (``tei`` is always declared).
"""

from __future__ import annotations

import copy
from collections import Counter

from lxml import etree

from ...xmlio import SCH_NS, TEI_NS
from ..attributes import AttributeResolver
from ..compile import Schema
from ..model import Constraint, Spec

S = f"{{{SCH_NS}}}"


def _sch(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    if parent is None:
        return etree.Element(S + tag, attrs, nsmap={None: SCH_NS})  # type: ignore[dict-item]
    return etree.SubElement(parent, S + tag, attrs)


def _clean(el: etree._Element) -> etree._Element:
    """A deep copy without namespace declarations it does not need."""
    new = copy.deepcopy(el)
    new.tail = None
    etree.cleanup_namespaces(new, top_nsmap={None: SCH_NS})  # type: ignore[dict-item]
    return new


class SchematronEmitter:
    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.atts = AttributeResolver(schema)
        #: constraints emitted so far, by spec ident ("" for schema-level ones)
        self.count: Counter[str] = Counter()
        self.ns: dict[str, str] = {"tei": TEI_NS}
        self.patterns: list[etree._Element] = []
        # sch:diagnostic elements of every constraint, merged into one sch:diagnostics
        self.diagnostics: list[etree._Element] = []

    def context_for(self, spec: Spec | None, att: str | None) -> str:
        if spec is None:
            return "/"
        if spec.kind == "element":
            ns = self.schema.element_ns(spec)
            prefix = self._prefix(ns) if ns else ""
            base = f"{prefix}:{spec.name}" if prefix else spec.name
        else:
            base = "tei:*"
        return f"{base}/@{att}" if att else base

    def _prefix(self, ns: str) -> str:
        for p, uri in self.ns.items():
            if uri == ns:
                return p
        p = f"ns{len(self.ns)}"
        self.ns[p] = ns
        return p

    def add(self, c: Constraint, spec: Spec | None, att: str | None) -> None:
        if c.scheme not in ("schematron", "isoschematron"):
            return
        constraint = c.node.find(f"{{{TEI_NS}}}constraint")
        if constraint is None:
            return
        parts = [p for p in (spec.ident if spec else None, att, c.ident) if p]
        owner = spec.ident if spec else ""
        self.count[owner] += 1
        pid = f"schematron-constraint-{self.schema.ident}-{'-'.join(parts)}-{self.count[owner]}"
        pattern: etree._Element | None = None
        loose: list[etree._Element] = []
        for child in constraint:
            if not isinstance(child.tag, str) or not child.tag.startswith(S):
                continue
            local = child.tag[len(S) :]
            if local == "ns":
                prefix, uri = child.get("prefix"), child.get("uri")
                if prefix and uri and prefix not in self.ns:
                    self.ns[prefix] = uri
            elif local == "pattern":
                # copied as written, as the TEI Stylesheets do (no id added)
                self.patterns.append(_clean(child))
            elif local in ("rule", "let"):
                if pattern is None:
                    pattern = _sch("pattern", id=pid)
                pattern.append(_clean(child))
            elif local == "diagnostics":
                self.diagnostics.extend(_clean(d) for d in child if d.tag == S + "diagnostic")
            elif local in ("assert", "report"):
                loose.append(_clean(child))
        if loose:
            if pattern is None:
                pattern = _sch("pattern", id=pid)
            rule = _sch("rule", pattern, context=self.context_for(spec, att))
            rule.extend(loose)
        if pattern is not None:
            self.patterns.append(pattern)

    def deprecations(self) -> None:
        """A non-fatal report for each deprecated (``@validUntil``) element, attribute and
        value, as the TEI Stylesheets write them (patterns without id)."""
        until = "will be removed from the TEI on"
        members: dict[str, list[str]] = {}
        for spec in self.schema.specs.values():
            if spec.kind == "element":
                for key in spec.member_of:
                    members.setdefault(key, []).append(self.context_for(spec, None))
        for spec in self.schema.specs.values():
            if spec.kind == "element":
                ctx = self.context_for(spec, None)
                if spec.valid_until:
                    msg = f"deprecated element: {spec.name} {until} {spec.valid_until}."
                    self._report(ctx, "true()", msg)
            elif spec.kind == "class" and spec.type == "atts":
                ctx = "tei:*" if "global" in spec.ident else "|".join(members.get(spec.ident, []))
            else:
                continue
            for att in spec.atts.values():
                if att.mode == "delete" or att.mode == "ref":
                    continue
                name = att.alt or att.ident
                if att.valid_until and ctx:
                    msg = f"deprecated attribute: @{name} {until} {att.valid_until}."
                    self._report(ctx, f"@{name}", msg)
                if spec.kind == "element" and att.vallist is not None:
                    for item in att.vallist.items:
                        if item.valid_until:
                            msg = (
                                f"deprecated value: '{item.ident}' of @{name} {until} "
                                f"{item.valid_until}."
                            )
                            self._report(ctx, f"@{name} eq '{item.ident}'", msg)

    def _report(self, context: str, test: str, message: str) -> None:
        pattern = _sch("pattern")
        rule = _sch("rule", pattern, context=context)
        report = _sch("report", rule, test=test, role="nonfatal")
        report.text = message
        self.patterns.append(pattern)

    def declarations(self) -> tuple[str, list[etree._Element]]:
        """The query binding and top-level declarations of the ``constraintDecl``s."""
        binding = None
        out: list[etree._Element] = []
        for decl in self.schema.constraint_decls:
            if decl.get("scheme", "schematron") not in ("schematron", "isoschematron"):
                continue
            binding = binding or decl.get("queryBinding")
            for child in decl:
                if not isinstance(child.tag, str) or not child.tag.startswith(S):
                    continue
                if child.tag == S + "ns":
                    prefix, uri = child.get("prefix"), child.get("uri")
                    if prefix and uri and prefix not in self.ns:
                        self.ns[prefix] = uri
                else:
                    out.append(_clean(child))
        return binding or "xslt2", out

    def emit(self) -> etree._Element:
        binding, decls = self.declarations()
        for spec in self.schema.specs.values():
            for c in spec.constraints.values():
                self.add(c, spec, None)
            for rec in spec.atts.values():
                if rec.mode == "delete":
                    continue
                for c in rec.constraints.values():
                    self.add(c, spec, rec.ident)
        for c in self.schema.constraints.values():
            self.add(c, None, None)
        self.deprecations()
        root = _sch("schema", queryBinding=binding)
        title = _sch("title", root)
        title.text = f"ISO Schematron rules for {self.schema.ident} (generated by teitools)"
        for prefix, uri in self.ns.items():
            _sch("ns", root, prefix=prefix, uri=uri)
        root.extend(decls)
        root.extend(self.patterns)
        if self.diagnostics:
            _sch("diagnostics", root).extend(self.diagnostics)
        if not self.patterns:
            # a schema must have a pattern; this one never fires
            p = _sch("pattern", root, id=f"schematron-constraint-{self.schema.ident}-none")
            _sch("rule", p, context="/").append(_sch("assert", test="true()"))
            p[0][0].text = "no constraints"
        return root


def emit_schematron(schema: Schema) -> etree._Element:
    """The ISO Schematron schema for a compiled schema's constraints."""
    return SchematronEmitter(schema).emit()
