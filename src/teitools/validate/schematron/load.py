"""Reading a Schematron schema: the file, its includes, or the rules embedded in RELAX NG."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from ...diagnostics import source_line
from ...errors import SchemaError
from ...xmlio import RNG_NS, SCH_NS, make_parser

S = f"{{{SCH_NS}}}"


def schema_error(message: str, node: etree._Element | None, path: Path) -> SchemaError:
    """The error for a schema that does not compile, at ``node``'s line."""
    line = source_line(node) if node is not None else None
    return SchemaError(f"Schematron schema does not compile: {message}", file=path, line=line)


def load_schema(path: Path) -> tuple[etree._Element, list[Path]]:
    """The ``sch:schema`` of ``path`` with includes resolved, and every file it read.

    An ``.rng`` (any RELAX NG root) gives the Schematron rules embedded in it.
    """
    root = _load_xml(path)
    files = [path]
    if root.tag == S + "schema":
        _resolve_includes(root, path, files)
    elif str(root.tag).startswith(f"{{{RNG_NS}}}"):
        root = _extract_from_rng(root)
    else:
        raise SchemaError(f"not a Schematron schema (root element {root.tag!r})", file=path)
    return root, files


def _load_xml(path: Path) -> etree._Element:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SchemaError(f"cannot read schema: {exc.strerror or exc}", file=path) from None
    try:
        return etree.fromstring(data, make_parser(), base_url=path.resolve().as_uri())
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (None, None)
        raise SchemaError(f"schema is not well-formed XML: {exc.msg}", file=path, line=line,
                          column=col) from None


def _resolve_includes(root: etree._Element, path: Path, files: list[Path], depth: int = 0
                      ) -> None:
    """Replace every ``sch:include`` by the element it points to (recursively)."""
    if depth > 20:
        raise schema_error("include nesting deeper than 20 (a cycle?)", root, path)
    for inc in list(root.iter(S + "include")):
        href = inc.get("href", "")
        target_path = (path.parent / href.split("#")[0]).resolve()
        if not target_path.is_file():
            raise schema_error(f"include href={href!r}: no such file", inc, path)
        files.append(target_path)
        target = _load_xml(target_path)
        if "#" in href:
            frag = href.split("#", 1)[1]
            found = target.xpath("//*[@id=$i or @xml:id=$i]", i=frag)
            if not isinstance(found, list) or not found:
                raise schema_error(f"include href={href!r}: no element with id {frag!r}", inc,
                                   path)
            target = found[0]  # type: ignore[assignment]
        target = copy.deepcopy(target)
        _resolve_includes(target, target_path, files, depth + 1)
        parent = inc.getparent()
        if parent is not None:
            target.tail = inc.tail
            parent.replace(inc, target)


def _extract_from_rng(root: etree._Element) -> etree._Element:
    """A Schematron schema from the rules embedded in a RELAX NG grammar."""
    schema = etree.Element(S + "schema", nsmap={None: SCH_NS})  # type: ignore[dict-item]
    schema.set("queryBinding", "xslt2")
    seen_ns: set[tuple[str, str]] = set()
    for ns in root.iter(S + "ns"):
        key = (ns.get("prefix", ""), ns.get("uri", ""))
        if key not in seen_ns:
            seen_ns.add(key)
            schema.append(copy.deepcopy(ns))
    for el in root.iter(S + "pattern", S + "rule", S + "let", S + "diagnostics"):
        parent = el.getparent()
        if parent is not None and str(parent.tag).startswith(S):
            continue  # nested in a Schematron element we copy anyway
        copied = copy.deepcopy(el)
        # keep the namespace bindings in scope in the RNG (tei:, xs: ...)
        for prefix, uri in el.nsmap.items():
            if prefix and (prefix, uri) not in seen_ns and prefix not in ("rng", "a"):
                seen_ns.add((prefix, uri))
                decl = etree.SubElement(schema, S + "ns")
                decl.set("prefix", prefix)
                decl.set("uri", uri)
        if el.tag == S + "rule":
            pattern = etree.SubElement(schema, S + "pattern")
            pattern.append(copied)
        else:
            schema.append(copied)
    return schema
