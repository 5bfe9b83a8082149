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

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import OddError, SourceError
from ..xmlio import TEI_NS
from .config import odd_settings
from .model import (
    MODEL_TAGS,
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
from .publisher import SHIPPED_IN_PLACE, is_publisher_odd
from .source import (
    PACKAGED,
    SourceIndex,
    base_of,
    index_compiled_odd,
    index_source,
    is_compiled_odd,
    load_odd,
    load_source,
    local_file,
    locate_source,
    locate_version,
    tei_version,
)

REF_TAGS = {T + "elementRef", T + "classRef", T + "macroRef", T + "dataRef"}


@dataclass
class External:
    """A ``moduleRef/@url``: a RELAX NG grammar included as it is."""

    url: str
    path: Path
    prefix: str = ""


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
    # processing models by element ident: every elementSpec of the chain that has one,
    # whether or not the element is in the schema (a processing-model-only ODD changes
    # elements it does not select); the specs in ``specs`` carry theirs as Spec.models
    models: dict[str, list[etree._Element]] = field(default_factory=dict)
    # moduleRef/@url: external RELAX NG grammars, as local files
    externals: list[External] = field(default_factory=list)
    # constraintDecl: declarations (sch:ns, sch:let, ...) shared by every constraint
    constraint_decls: list[etree._Element] = field(default_factory=list)

    @property
    def has_elements(self) -> bool:
        """False for an ODD that defines no element (e.g. a processing model only)."""
        return bool(self.externals) or any(s.kind == "element" for s in self.specs.values())

    def of_kind(self, kind: str) -> list[Spec]:
        return [s for s in self.specs.values() if s.kind == kind]

    def element_ns(self, spec: Spec) -> str:
        return spec.ns if spec.ns is not None else self.ns


def _odd_error(msg: str, el: etree._Element | None, file: str) -> OddError:
    return OddError(msg, file=file, line=line_of(el) if el is not None else None)


def _odd_warning(msg: str, el: etree._Element, file: str, rule: str) -> Diagnostic:
    return Diagnostic(file, line_of(el), None, Severity.WARNING, msg, rule=rule, phase="odd")


def _find_schema_spec(tree: etree._ElementTree, file: str, ident: str | None) -> etree._Element:
    specs = tree.getroot().iter(T + "schemaSpec")
    for el in specs:
        if ident is None or el.get("ident") == ident:
            return el
    what = f"schemaSpec '{ident}'" if ident else "schemaSpec"
    raise OddError(f"no {what} in this ODD", file=file, line=1)


@dataclass
class _Context:
    """What one compilation needs to find sources: the ODD, --source, the settings."""

    odd: Path
    file: str
    explicit: str | Path | None
    stack: tuple[str, ...]
    catalog: dict[str, Path]
    warnings: list[Diagnostic]
    cache: dict[str, SourceIndex] = field(default_factory=dict)

    def source(self, ref: str | None, el: etree._Element) -> SourceIndex:
        """The source a ``@source`` names (None: the default TEI source)."""
        key = ref or ""
        cached = self.cache.get(key)
        if cached is None:
            cached = self.cache[key] = self._source(ref, el)
        return cached

    def _source(self, ref: str | None, el: etree._Element) -> SourceIndex:
        if not ref:
            return load_source(locate_source(self.explicit))
        version = tei_version(ref)
        if version is not None:
            try:
                path, wanted = locate_version(version, self.explicit, self.odd)
            except SourceError as exc:
                raise SourceError(exc.message, file=self.file, line=line_of(el)) from None
            src = load_source(path)
            if wanted is not None and src.number != wanted:
                have = f"TEI {src.number}" if src.number else "a TEI source of unknown version"
                msg = f"@source names TEI {wanted}; using {path} ({have}) as given"
                self.warnings.append(_odd_warning(msg, el, self.file, "odd-source-version"))
            return src
        local = local_file(ref, base_of(el, self.odd), self.catalog)
        if local is None:
            raise _odd_error(
                f"remote source '{ref}' not supported (teitools never uses the network): "
                "save a local copy and name it, or map the URL in [tool.teitools.catalog]",
                el,
                self.file,
            )
        return _chained_source(local, self.explicit, self.stack, el, self.file,
                               self.warnings)


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
    catalog = odd_settings(odd_path).catalog
    tree = load_odd(odd_path, catalog)
    schema_spec = _find_schema_spec(tree, file, schema_ident)
    warnings: list[Diagnostic] = []
    ctx = _Context(odd_path, file, source, (*_stack, key), catalog, warnings)
    src = ctx.source(schema_spec.get("source"), schema_spec)
    return _merge(tree, schema_spec, src, ctx)


def _shipped_exemplar(path: Path) -> Path | None:
    """The exemplar teitools ships in place of the base ODD ``path`` (tei_simplePrint.odd,
    Publisher's teisimple.odd) when it is not there."""
    from importlib import resources

    name = SHIPPED_IN_PLACE.get(path.name)
    if name is None:
        return None
    shipped = Path(str(resources.files("teitools") / "data" / "exemplars")) / name
    return shipped if shipped.is_file() else None


def _chained_source(
    path: Path, source: str | Path | None, stack: tuple[str, ...], el: etree._Element, file: str,
    warnings: list[Diagnostic],
) -> SourceIndex:
    if str(path) in stack:
        chain = " -> ".join([*(Path(s).name for s in stack), path.name])
        raise _odd_error(f"ODD chaining cycle: {chain}", el, file)
    if not path.exists():
        shipped = _shipped_exemplar(path)
        if shipped is None:
            raise _odd_error(f"chained source '{path}' not found", el, file)
        # TEI Publisher's ODDs chain on tei_simplePrint.odd by name, beside them
        warnings.append(_odd_warning(f"chained source '{path.name}' not beside the ODD; "
                                     f"using the copy teitools ships ({shipped})", el, file,
                                     "odd-source-shipped"))
        path = shipped
    tree = load_odd(path, odd_settings(path).catalog)
    parent_spec = next(tree.getroot().iter(T + "schemaSpec"), None)
    if parent_spec is not None:
        if is_compiled_odd(tree, parent_spec):
            # self-contained: its own @source names the machine it was built on
            return index_compiled_odd(tree, parent_spec, str(path))
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
    version = schema.source.version if schema.source is not None else None
    return SourceIndex(
        path=schema.odd_file,
        specs=specs,
        modules=modules,
        version=version,
        keep_alive=[schema],
        kind="odd",
        models=dict(schema.models),
    )


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
        refs = [a.ref_class for a in spec.atts.values() if a.mode == "ref" and a.ref_class]
        for key in [*spec.member_of, *refs]:
            parent = selected.get(key)
            if parent is not None and parent.kind == "class" and key not in used:
                used.add(key)
                todo.append(parent)
    for ident in [i for i, s in selected.items() if s.kind == "class" and s.type == "atts"]:
        if ident not in used:
            del selected[ident]


def _who_has(ident: str, src: SourceIndex, ctx: _Context) -> str:
    """`` (it is in TEI X)`` when another local TEI source defines ``ident``."""
    candidates = [(v, p) for v, p in odd_settings(ctx.odd).sources.items()]
    if Path(src.path).resolve() != PACKAGED.resolve():
        candidates.append(("", PACKAGED))
    for version, path in candidates:
        if not path.exists() or Path(src.path).resolve() == path.resolve():
            continue
        try:
            other = load_source(path)
        except SourceError:
            continue
        if ident in other.specs:
            return f" (it is in TEI {other.number or version})"
    return ""


def _source_name(src: SourceIndex) -> str:
    if src.kind == "odd":
        return f"the chained ODD {Path(src.path).name}"
    return f"the source (TEI {src.number})" if src.number else "the source"


def _select_module(
    el: etree._Element, src: SourceIndex, selected: dict[str, Spec], ctx: _Context
) -> None:
    key = el.get("key", "")
    if key not in src.modules:
        if src.kind == "odd":
            # a compiled parent holds only the parts of a module it selected
            msg = f"module '{key}' has no specs in {_source_name(src)}; nothing selected"
            ctx.warnings.append(_odd_warning(msg, el, ctx.file, "odd-module-missing"))
            return
        raise _odd_error(f"unknown module '{key}'", el, ctx.file)
    idents = src.modules[key]
    # include="" selects no element (the module's classes, macros and datatypes only)
    inc_attr = el.get("include")
    include = inc_attr.split() if inc_attr is not None else []
    exclude = el.get("except", "").split()
    members = set(idents)
    for name in (*include, *exclude):
        if name not in members:
            msg = f"'{name}' is not in module '{key}'; ignored"
            ctx.warnings.append(_odd_warning(msg, el, ctx.file, "odd-include-unknown"))
    inc, exc = set(include), set(exclude)
    for ident in idents:
        spec = src.specs[ident]
        if spec.kind == "element" and (
            (inc_attr is not None and ident not in inc) or ident in exc
        ):
            continue
        if ident not in selected:
            selected[ident] = spec.clone()


def _external(el: etree._Element, ctx: _Context) -> External:
    url = el.get("url", "")
    path = local_file(url, base_of(el, ctx.odd), ctx.catalog)
    if path is None:
        raise _odd_error(
            f"moduleRef/@url '{url}' is remote (teitools never uses the network): save a "
            "local copy beside the ODD and name it, or map the URL to it in "
            "[tool.teitools.catalog]",
            el,
            ctx.file,
        )
    if not path.is_file():
        raise _odd_error(f"moduleRef/@url '{url}': no such file ({path})", el, ctx.file)
    return External(url, path, el.get("prefix") or "")


def _merge(
    tree: etree._ElementTree, schema_spec: etree._Element, src: SourceIndex, ctx: _Context
) -> Schema:
    file = ctx.file
    warnings = ctx.warnings
    items = _expand_items(schema_spec, tree, file, warnings)
    selected: dict[str, Spec] = {}
    externals: list[External] = []
    models: dict[str, list[etree._Element]] = dict(src.models)

    # TEI Publisher's chaining: an ODD of its namespace whose schemaSpec chains on another
    # ODD and selects nothing takes every spec of that ODD (teipublisher.odd ->
    # tei_simplePrint.odd), and its elementSpec mode="add" with models only, for an
    # element that exists, changes that element's models.
    publisher = is_publisher_odd(schema_spec)
    if publisher and src.kind == "odd" and not any(
            el.tag in REF_TAGS or el.tag == T + "moduleRef" for el in items):
        selected.update({ident: spec.clone() for ident, spec in src.specs.items()})

    # 1. modules
    for el in items:
        if el.tag in REF_TAGS:
            key = el.get("key", "")
            ref_src = ctx.source(el.get("source"), el) if el.get("source") else src
            if key not in ref_src.specs:
                raise _odd_error(f"unknown spec key '{key}'", el, file)
            if key not in selected or ref_src is not src:
                selected[key] = ref_src.specs[key].clone()
                if selected[key].models:
                    models[key] = selected[key].models
            _filter_class_atts(selected[key], el)
            continue
        if el.tag != T + "moduleRef":
            continue
        if el.get("key") is None:
            if el.get("url"):
                externals.append(_external(el, ctx))
                continue
            raise _odd_error("moduleRef without @key", el, file)
        mod_src = ctx.source(el.get("source"), el) if el.get("source") else src
        _select_module(el, mod_src, selected, ctx)

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
        if publisher and mode in ("add", "change") and all(
                c.tag in MODEL_TAGS or not isinstance(c.tag, str)
                or c.tag in (T + "desc", T + "gloss") for c in el):
            # Publisher's models apply to any TEI element: one the chain left out comes
            # in from TEI, with these models
            if not known and tag == T + "elementSpec":
                tei = ctx.source(None, el)
                if ident in tei.specs:
                    selected[ident] = tei.specs[ident].clone()
                    known = True
            if known:
                mode = "change"
        if mode in ("add", "replace"):
            spec = parse_spec(el, file)
            previous = selected.get(ident) or src.specs.get(ident)
            if spec.module is None and previous is not None:
                spec.module = previous.module
            selected[ident] = spec
            deleted.discard(ident)
            if spec.models:
                models[ident] = spec.models
            else:
                models.pop(ident, None)
        elif mode == "change":
            if not known:
                what = etree.QName(el).localname
                msg = (
                    f"{what} '{ident}' changed but not in {_source_name(src)}"
                    f"{_who_has(ident, src, ctx)}; ignored"
                )
                warnings.append(_odd_warning(msg, el, file, "odd-change-unknown"))
                continue
            if ident in selected:
                change_spec(selected[ident], el, file)
                if selected[ident].models:
                    models[ident] = selected[ident].models
            else:
                own = [c for c in el if c.tag in MODEL_TAGS]
                if own:
                    models[ident] = own
        elif mode == "delete":
            if not known and ident not in deleted:
                msg = f"{etree.QName(el).localname} '{ident}' deleted but not in the source"
                warnings.append(_odd_warning(msg, el, file, "odd-delete-unknown"))
            selected.pop(ident, None)
            models.pop(ident, None)
            deleted.add(ident)
        else:
            raise _odd_error(f"unknown @mode '{mode}'", el, file)

    _prune_unused_att_classes(selected)
    start = schema_spec.get("start", "").split() or ["TEI"]
    ident = schema_spec.get("ident", Path(file).stem)
    elements = {s.ident for s in selected.values() if s.kind == "element"}
    if not elements and not externals:
        msg = (
            "the ODD defines no elements (no moduleRef or elementSpec selects any): "
            "no schema is derived from it"
        )
        warnings.append(_odd_warning(msg, schema_spec, file, "odd-no-elements"))
        start = []
    else:
        present = [s for s in start if s in elements]
        if not present and not externals:
            raise _odd_error(
                f"no start element ({' '.join(start)}) is in the schema", schema_spec, file
            )
        start = present
    ns = schema_spec.get("ns")
    return Schema(
        ident=ident,
        specs=selected,
        start=start,
        ns=TEI_NS if ns is None else ns,
        prefix=schema_spec.get("prefix") or "",
        constraints=constraints,
        odd_file=file,
        source=src,
        warnings=warnings,
        models=models,
        externals=externals,
        constraint_decls=list(schema_spec.iter(T + "constraintDecl")),
    )
