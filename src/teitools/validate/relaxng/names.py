"""Name classes and the small vocabulary every RELAX NG module here shares.

Elements are named in Clark notation (``{ns}local``); a wildcard name class
(``anyName``, ``nsName``) is :data:`ANY`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from lxml import etree

from ...xmlio import RNG_NS, TEI_NS, XML_NS

R = f"{{{RNG_NS}}}"
#: A name class that matches names we cannot list (``anyName``, ``nsName``).
ANY = "*"
#: The index entry for what the grammar's ``start`` allows (the root elements).
START = "#start"


def local(node: etree._Element) -> str | None:
    """The local name of a RELAX NG element, None for anything else."""
    tag = node.tag
    if isinstance(tag, str) and tag.startswith(R):
        return tag[len(R):]
    return None


def display(clark: str) -> str:
    """An element or attribute name as an encoder writes it (TEI names bare)."""
    if clark.startswith("{"):
        ns, _, name = clark[1:].partition("}")
        if ns == TEI_NS:
            return name
        if ns == XML_NS:
            return f"xml:{name}"
        return f"{name} (in {ns})"
    return clark


def _inherited_ns(node: etree._Element) -> str:
    cur: etree._Element | None = node
    while cur is not None:
        ns = cur.get("ns")
        if ns is not None:
            return ns
        cur = cur.getparent()
    return ""


def _qname(node: etree._Element, value: str, *, attribute: bool) -> str:
    value = value.strip()
    if ":" in value:
        prefix, name = value.split(":", 1)
        ns = node.nsmap.get(prefix, "")
        if prefix == "xml":
            ns = XML_NS
    else:
        name = value
        ns = "" if attribute and node.get("ns") is None else _inherited_ns(node)
    return f"{{{ns}}}{name}" if ns else name


def name_class(pattern: etree._Element, *, attribute: bool) -> set[str]:
    """Names an ``element``/``attribute`` pattern can match (``*`` for wildcards)."""
    name = pattern.get("name")
    if name is not None:
        return {_qname(pattern, name, attribute=attribute)}
    for child in pattern:
        if isinstance(child.tag, str) and child.tag.startswith(R):
            return _names_in(child, attribute=attribute)
    return {ANY}


def _names_in(nc: etree._Element, *, attribute: bool) -> set[str]:
    tag = nc.tag
    if tag == R + "name":
        return {_qname(nc, nc.text or "", attribute=attribute)}
    if tag == R + "choice":
        out: set[str] = set()
        for c in nc:
            if isinstance(c.tag, str) and c.tag.startswith(R):
                out |= _names_in(c, attribute=attribute)
        return out
    return {ANY}  # anyName, nsName


def content(pattern: etree._Element) -> list[etree._Element]:
    """The content patterns of an element/attribute pattern (name class skipped)."""
    kids = [c for c in pattern if isinstance(c.tag, str) and c.tag.startswith(R)]
    if pattern.get("name") is None and kids:
        kids = kids[1:]
    return kids


def defines(root: etree._Element) -> dict[str, list[etree._Element]]:
    """Every ``define`` of a grammar by name (a name may be defined in parts)."""
    out: dict[str, list[etree._Element]] = {}
    for d in root.iter(R + "define"):
        out.setdefault(d.get("name", ""), []).append(d)
    return out


def element_names(tree: etree._ElementTree) -> frozenset[str]:
    """The element names of a document, Clark notation (what a grammar is reduced to)."""
    return frozenset(el.tag for el in tree.getroot().iter(etree.Element))


#: Patterns with nothing of an element's own attributes or children inside them.
_LEAVES = frozenset({"text", "data", "value", "list", "name", "anyName", "nsName", "except",
                     "param", "notAllowed", "empty"})


def reachable(nodes: Iterable[etree._Element], defs: dict[str, list[etree._Element]]
              ) -> Iterator[etree._Element]:
    """The patterns that make up one element's content, in document order: each child
    ``element`` and ``attribute`` (not entered), each leaf (``text``, ``data``, ``value``,
    ``list``, name classes, ``empty``, ``notAllowed``) and each ``mixed`` (then entered),
    following every ``ref``/``parentRef`` once (``defs``: :func:`defines`)."""
    seen: set[str] = set()
    stack: list[Iterator[etree._Element]] = [iter(nodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if not isinstance(tag, str) or not tag.startswith(R):
            continue
        kind = tag[len(R):]
        if kind in ("element", "attribute") or kind in _LEAVES:
            yield node
        elif kind in ("ref", "parentRef"):
            name = node.get("name", "")
            if name not in seen:
                seen.add(name)
                stack.append(iter([c for d in defs.get(name, []) for c in d]))
        else:
            if kind == "mixed":
                yield node
            stack.append(iter(node))
