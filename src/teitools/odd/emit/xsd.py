"""W3C XML Schema (XSD 1.0) from a compiled schema: permissive where XSD cannot follow.

XSD cannot express most TEI content models (RELAX NG's unrestricted choice,
interleave-like mixed content and non-deterministic sequences break XSD's
Unique Particle Attribution rule), so this XSD is deliberately a *superset*
of the RELAX NG schema, and accepts every document the RELAX NG accepts:

* each element of the schema's namespace is declared globally, with its
  gloss as documentation;
* its content is mixed and lax: any elements, checked against their own
  declaration when they have one (element order, required children and
  "no text here" are not checked);
* its no-namespace attributes are declared: the RELAX NG's required
  attributes are required, undeclared attributes are rejected, and values
  are checked when the attribute takes exactly one value from a closed list
  (other datatypes are ``xs:string``);
* attributes in other namespaces (``xml:id``, ``xml:lang`` ...) are accepted
  without checks, and elements in other namespaces are accepted where any
  element may be;
* any declared element may be the root (RELAX NG restricts it to ``start``).
"""

from __future__ import annotations

from lxml import etree

from ..attributes import AttributeResolver
from ..compile import Schema
from ..model import AttDef

XS_NS = "http://www.w3.org/2001/XMLSchema"
X = f"{{{XS_NS}}}"


def _xs(tag: str, parent: etree._Element, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, X + tag, attrs)


def _closed_values(att: AttDef) -> list[str] | None:
    vl = att.vallist
    if vl is None or vl.type != "closed" or not vl.items:
        return None
    dt = att.datatype
    if dt is not None:
        mx = dt.get("maxOccurs")
        if mx is not None and mx != "1":
            return None  # a list of values: not expressible as one enumeration here
    return [i.ident for i in vl.items]


def emit_xsd(schema: Schema) -> etree._Element:
    """The permissive XSD for a compiled schema."""
    res = AttributeResolver(schema)
    attrs = {"elementFormDefault": "qualified", "attributeFormDefault": "unqualified"}
    if schema.ns:  # schemaSpec ns="": no target namespace
        attrs = {"targetNamespace": schema.ns, **attrs}
    root = etree.Element(X + "schema", attrs, nsmap={"xs": XS_NS})
    for spec in schema.specs.values():
        if spec.kind != "element" or schema.element_ns(spec) != schema.ns:
            continue
        el = _xs("element", root, name=spec.name)
        if spec.doc:
            doc = _xs("documentation", _xs("annotation", el))
            doc.text = spec.doc
        ct = _xs("complexType", el, mixed="true")
        seq = _xs("sequence", ct)
        _xs(
            "any",
            seq,
            namespace="##any",
            processContents="lax",
            minOccurs="0",
            maxOccurs="unbounded",
        )
        for name, att in res.effective(spec).items():
            if ":" in name or (att.ns and att.ns != ""):
                continue
            a = _xs("attribute", ct, name=att.alt or name)
            if att.usage == "req":
                a.set("use", "required")
            values = _closed_values(att)
            if values is not None:
                r = _xs("restriction", _xs("simpleType", a), base="xs:token")
                for v in values:
                    _xs("enumeration", r, value=v)
            else:
                a.set("type", "xs:string")
        _xs("anyAttribute", ct, namespace="##other", processContents="skip")
    return root
