"""The ODD merge: a ``schemaSpec`` applied to a TEI source gives a :class:`Schema`.

Handles ``moduleRef`` (``@include``/``@except``), ``specGrp``/``specGrpRef``,
``elementSpec``/``classSpec``/``macroSpec``/``dataSpec`` with ``@mode``
add/replace/change/delete, schema-level ``constraintSpec``s, ``@ns``,
``@prefix``, ``@start`` and chaining through ``schemaSpec/@source``.  What the
result cannot reach (deleted or unselected specs) is pruned by the emitters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import InputError, OddError, SourceError
from ..xmlio import TEI_NS, parse, read_bytes
from .model import (
    SPEC_TAGS,
    AttDef,
    Constraint,
    Spec,
    T,
    change_spec,
    line_of,
    parse_constraint,
    parse_spec,
)
from .source import SourceIndex, index_source, load_source, locate_source

REF_TAGS = {T + "elementRef", T + "classRef", T + "macroRef", T + "dataRef"}


@dataclass
class Schema:
    """A compiled customisation: every spec that ends up in the schema."""

    ident: str
    specs: dict[str, Spec]
    start: list[str]
    ns: str = TEI_NS
    prefix: str = ""
    constraints: dict[str, Constraint] = field(default_factory=dict)
    odd_file: str = ""
    source: SourceIndex | None = None
    warnings: list[Diagnostic] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Spec]:
        return [s for s in self.specs.values() if s.kind == kind]

    def element_ns(self, spec: Spec) -> str:
        return spec.ns if spec.ns is not None else self.ns


def _odd_error(msg: str, el: etree._Element | None, file: str) -> OddError:
    return OddError(msg, file=file, line=line_of(el) if el is not None else None)


def _odd_warning(msg: str, el: etree._Element, file: str, rule: str) -> Diagnostic:
    return Diagnostic(file, line_of(el), None, Severity.WARNING, msg, rule=rule, phase="odd")


def _load_odd(path: Path) -> etree._ElementTree:
    try:
        return parse(path)
    except InputError as exc:
        # Real ODDs (TEI's own tei_simplePrint) repeat an xml:id inside examples; a
        # duplicate ID is a validity problem, not a well-formedness one.  Without a
        # DOCTYPE there is no DTD libxml2 could fetch, so parse again without ID
        # collection.
        if "already defined" in exc.message and exc.line is not None:
            data = read_bytes(path)
            if b"<!DOCTYPE" not in data:
                parser = etree.XMLParser(
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    huge_tree=False,
                    collect_ids=False,
                )
                try:
                    root = etree.fromstring(data, parser, base_url=path.resolve().as_uri())
                    return root.getroottree()
                except etree.XMLSyntaxError:
                    pass
        raise OddError(exc.message, file=exc.file, line=exc.line, column=exc.column) from None


def _find_schema_spec(tree: etree._ElementTree, file: str, ident: str | None) -> etree._Element:
    specs = tree.getroot().iter(T + "schemaSpec")
    for el in specs:
        if ident is None or el.get("ident") == ident:
            return el
    what = f"schemaSpec '{ident}'" if ident else "schemaSpec"
    raise OddError(f"no {what} in this ODD", file=file, line=1)


def _resolve_ref(ref: str, base: Path, el: etree._Element, file: str) -> Path:
    parsed = urlparse(ref)
    if parsed.scheme in ("http", "https", "ftp"):
        raise _odd_error(
            f"remote source '{ref}' not supported (teitools never uses the network)", el, file
        )
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    return (base.parent / unquote(ref)).resolve()


def compile_odd(
    odd: str | Path,
    source: str | Path | None = None,
    *,
    schema_ident: str | None = None,
    _stack: tuple[str, ...] = (),
) -> Schema:
    """Compile the ODD at ``odd`` against a TEI source into a :class:`Schema`."""
    odd_path = Path(odd)
    file = str(odd_path)
    key = str(odd_path.resolve())
    if key in _stack:
        chain = " -> ".join([*(Path(s).name for s in _stack), odd_path.name])
        raise OddError(f"ODD chaining cycle: {chain}", file=file, line=1)
    tree = _load_odd(odd_path)
    schema_spec = _find_schema_spec(tree, file, schema_ident)

    src_ref = schema_spec.get("source")
    if src_ref and not src_ref.startswith("tei:"):
        src = _chained_source(
            _resolve_ref(src_ref, odd_path, schema_spec, file),
            source,
            (*_stack, key),
            schema_spec,
            file,
        )
    else:
        src = load_source(locate_source(source))

    return _merge(tree, schema_spec, src, file)


def _chained_source(
    path: Path, source: str | Path | None, stack: tuple[str, ...], el: etree._Element, file: str
) -> SourceIndex:
    if str(path) in stack:
        chain = " -> ".join([*(Path(s).name for s in stack), path.name])
        raise _odd_error(f"ODD chaining cycle: {chain}", el, file)
    if not path.exists():
        raise _odd_error(f"chained source '{path}' not found", el, file)
    tree = _load_odd(path)
    if next(tree.getroot().iter(T + "schemaSpec"), None) is not None:
        parent = compile_odd(path, source, _stack=stack)
        return schema_as_source(parent)
    try:
        return index_source(tree.getroot(), str(path))
    except SourceError as exc:
        raise _odd_error(f"chained source is unusable: {exc.message}", el, file) from None


def schema_as_source(schema: Schema) -> SourceIndex:
    """Present a compiled schema as the source of a chained ODD."""
    modules: dict[str, list[str]] = {}
    specs: dict[str, Spec] = {}
    for ident, spec in schema.specs.items():
        specs[ident] = spec
        modules.setdefault(spec.module or "", []).append(ident)
    return SourceIndex(path=schema.odd_file, specs=specs, modules=modules, keep_alive=[schema])


def _expand_items(
    container: etree._Element,
    tree: etree._ElementTree,
    file: str,
    warnings: list[Diagnostic],
    seen: tuple[str, ...] = (),
) -> list[etree._Element]:
    """The children of a schemaSpec/specGrp with specGrpRefs replaced by their groups."""
    out: list[etree._Element] = []
    for child in container:
        tag = child.tag
        if tag == T + "specGrpRef":
            target = child.get("target", "")
            if not target.startswith("#"):
                raise _odd_error(f"specGrpRef target '{target}' must be a local #id", child, file)
            gid = target[1:]
            if gid in seen:
                raise _odd_error(f"specGrpRef cycle through '#{gid}'", child, file)
            grp = tree.getroot().find(
                f".//{T}specGrp[@{{http://www.w3.org/XML/1998/namespace}}id='{gid}']"
            )
            if grp is None:
                msg = f"specGrpRef target '#{gid}' not found; ignored"
                warnings.append(_odd_warning(msg, child, file, "odd-specgrp-missing"))
                continue
            out.extend(_expand_items(grp, tree, file, warnings, (*seen, gid)))
        elif tag == T + "specGrp":
            out.extend(_expand_items(child, tree, file, warnings, seen))
        elif tag in SPEC_TAGS or tag in REF_TAGS or tag in (T + "moduleRef", T + "constraintSpec"):
            out.append(child)
    return out


def _filter_class_atts(spec: Spec, ref: etree._Element) -> None:
    """``classRef @include/@except`` on an attribute class keeps only some attributes."""
    include = set(ref.get("include", "").split())
    exclude = set(ref.get("except", "").split())
    if not include and not exclude:
        return
    for ident in list(spec.atts):
        if (include and ident not in include) or ident in exclude:
            spec.atts[ident] = AttDef(ident=ident, mode="delete")


def _prune_unused_att_classes(selected: dict[str, Spec]) -> None:
    """Drop attribute classes that no element of the schema inherits from."""
    used: set[str] = set()
    todo = [s for s in selected.values() if s.kind == "element"]
    while todo:
        spec = todo.pop()
        for key in spec.member_of:
            parent = selected.get(key)
            if parent is not None and parent.kind == "class" and key not in used:
                used.add(key)
                todo.append(parent)
    for ident in [i for i, s in selected.items() if s.kind == "class" and s.type == "atts"]:
        if ident not in used:
            del selected[ident]


def _merge(
    tree: etree._ElementTree, schema_spec: etree._Element, src: SourceIndex, file: str
) -> Schema:
    warnings: list[Diagnostic] = []
    items = _expand_items(schema_spec, tree, file, warnings)
    selected: dict[str, Spec] = {}

    # 1. modules
    for el in items:
        if el.tag in REF_TAGS:
            key = el.get("key", "")
            if key not in src.specs:
                raise _odd_error(f"unknown spec key '{key}'", el, file)
            if key not in selected:
                selected[key] = src.specs[key].clone()
            _filter_class_atts(selected[key], el)
            continue
        if el.tag != T + "moduleRef":
            continue
        mkey = el.get("key")
        if mkey is None:
            if el.get("url"):
                raise _odd_error("moduleRef/@url (external RELAX NG) is not supported", el, file)
            raise _odd_error("moduleRef without @key", el, file)
        key = mkey
        if key not in src.modules:
            raise _odd_error(f"unknown module '{key}'", el, file)
        idents = src.modules[key]
        include = el.get("include", "").split()
        exclude = el.get("except", "").split()
        members = set(idents)
        for name in (*include, *exclude):
            if name not in members:
                msg = f"'{name}' is not in module '{key}'; ignored"
                warnings.append(_odd_warning(msg, el, file, "odd-include-unknown"))
        inc, exc = set(include), set(exclude)
        for ident in idents:
            spec = src.specs[ident]
            if spec.kind == "element" and ((inc and ident not in inc) or ident in exc):
                continue
            if ident not in selected:
                selected[ident] = spec.clone()

    # 2. specs, in document order
    constraints: dict[str, Constraint] = {}
    deleted: set[str] = set()
    for el in items:
        tag = el.tag
        if tag == T + "moduleRef" or tag in REF_TAGS:
            continue
        spec_ident = el.get("ident")
        if not spec_ident:
            raise _odd_error(f"{etree.QName(el).localname} without @ident", el, file)
        ident = spec_ident
        mode = el.get("mode", "add")
        if tag == T + "constraintSpec":
            if mode == "delete":
                constraints.pop(ident, None)
            else:
                c = parse_constraint(el)
                if c is not None:
                    constraints[ident] = c
            continue
        known = ident in selected or ident in src.specs
        if mode in ("add", "replace"):
            spec = parse_spec(el, file)
            previous = selected.get(ident) or src.specs.get(ident)
            if spec.module is None and previous is not None:
                spec.module = previous.module
            selected[ident] = spec
            deleted.discard(ident)
        elif mode == "change":
            if not known:
                raise _odd_error(
                    f"cannot change {etree.QName(el).localname} '{ident}': no such spec", el, file
                )
            if ident in selected:
                change_spec(selected[ident], el, file)
        elif mode == "delete":
            if not known and ident not in deleted:
                msg = f"{etree.QName(el).localname} '{ident}' deleted but not in the source"
                warnings.append(_odd_warning(msg, el, file, "odd-delete-unknown"))
            selected.pop(ident, None)
            deleted.add(ident)
        else:
            raise _odd_error(f"unknown @mode '{mode}'", el, file)

    _prune_unused_att_classes(selected)
    start = schema_spec.get("start", "").split() or ["TEI"]
    ident = schema_spec.get("ident", Path(file).stem)
    elements = {s.ident for s in selected.values() if s.kind == "element"}
    present = [s for s in start if s in elements]
    if not present:
        raise _odd_error(
            f"no start element ({' '.join(start)}) is in the schema", schema_spec, file
        )
    start = present
    return Schema(
        ident=ident,
        specs=selected,
        start=start,
        ns=schema_spec.get("ns") or TEI_NS,
        prefix=schema_spec.get("prefix") or "",
        constraints=constraints,
        odd_file=file,
        source=src,
        warnings=warnings,
    )
