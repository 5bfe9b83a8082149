"""Phase 3: ISO Schematron, compiled by our own code to XSLT 3.0 and run in saxonche.

Compilation (:func:`compile_schematron`) supports what TEI's generated
``.sch`` files and hand-written project rules use: ``ns``, ``pattern`` (also
abstract patterns instantiated with ``is-a``/``param``), ``rule`` (also
abstract rules used with ``extends``), ``assert``/``report`` with ``role``,
``id``, ``flag`` and ``diagnostics``, ``let`` at schema, pattern and rule level,
``name``/``value-of``/``emph``/``dir``/``span`` in messages, ``diagnostics``,
``phase``/``active`` (``defaultPhase`` or an explicit phase), ``include``, and
top-level ``xsl:key``/``xsl:function``.  Schematron embedded in a RELAX NG
grammar (as in TEI's ``.rng`` files) is extracted when the schema is an ``.rng``.

Each pattern becomes an XSLT mode whose rules are templates in document order
of priority (the first matching rule of a pattern fires, as Schematron
requires); the result is SVRL whose ``location`` is XPath 3.0 ``path()``,
which :mod:`.locate` maps back to line:column in the lxml tree, because
Saxon-HE has no line-number functions.  The generated XSLT is cached on disk
by the hash of the schema (and its includes); saxonche is imported lazily.
"""

from __future__ import annotations

import contextlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import SchemaError
from ..xmlio import RNG_NS, SCH_NS, make_parser
from . import cache
from .locate import Locator, source_line

PHASE = "schematron"
COMPILER_VERSION = "8"
TT_NS = "urn:x-teitools:schematron"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
_S = f"{{{SCH_NS}}}"
_X = f"{{{XSL_NS}}}"
_SV = f"{{{SVRL_NS}}}"
_TT = f"{{{TT_NS}}}"
WARNING_ROLES = frozenset({"warning", "warn", "info", "information", "nonfatal", "caution"})
_TEXT_ELEMENTS = ("emph", "dir", "span")


def _fail(message: str, node: etree._Element | None, path: Path) -> SchemaError:
    line = source_line(node) if node is not None else None
    return SchemaError(f"Schematron schema does not compile: {message}", file=path, line=line)


# --------------------------------------------------------------------------- loading


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
        raise _fail("include nesting deeper than 20 (a cycle?)", root, path)
    for inc in list(root.iter(_S + "include")):
        href = inc.get("href", "")
        target_path = (path.parent / href.split("#")[0]).resolve()
        if not target_path.is_file():
            raise _fail(f"include href={href!r}: no such file", inc, path)
        files.append(target_path)
        target = _load_xml(target_path)
        if "#" in href:
            frag = href.split("#", 1)[1]
            found = target.xpath("//*[@id=$i or @xml:id=$i]", i=frag)
            if not isinstance(found, list) or not found:
                raise _fail(f"include href={href!r}: no element with id {frag!r}", inc, path)
            target = found[0]  # type: ignore[assignment]
        target = _copy(target)
        _resolve_includes(target, target_path, files, depth + 1)
        parent = inc.getparent()
        if parent is not None:
            target.tail = inc.tail
            parent.replace(inc, target)


def _copy(el: etree._Element) -> etree._Element:
    import copy

    return copy.deepcopy(el)


def _extract_from_rng(root: etree._Element) -> etree._Element:
    """A Schematron schema from the rules embedded in a RELAX NG grammar."""
    schema = etree.Element(_S + "schema", nsmap={None: SCH_NS})  # type: ignore[dict-item]
    schema.set("queryBinding", "xslt2")
    seen_ns: set[tuple[str, str]] = set()
    for ns in root.iter(_S + "ns"):
        key = (ns.get("prefix", ""), ns.get("uri", ""))
        if key not in seen_ns:
            seen_ns.add(key)
            schema.append(_copy(ns))
    for el in root.iter(_S + "pattern", _S + "rule", _S + "let", _S + "diagnostics"):
        parent = el.getparent()
        if parent is not None and str(parent.tag).startswith(_S):
            continue  # nested in a Schematron element we copy anyway
        copied = _copy(el)
        # keep the namespace bindings in scope in the RNG (tei:, xs: ...)
        for prefix, uri in el.nsmap.items():
            if prefix and (prefix, uri) not in seen_ns and prefix not in ("rng", "a"):
                seen_ns.add((prefix, uri))
                decl = etree.SubElement(schema, _S + "ns")
                decl.set("prefix", prefix)
                decl.set("uri", uri)
        if el.tag == _S + "rule":
            pattern = etree.SubElement(schema, _S + "pattern")
            pattern.append(copied)
        else:
            schema.append(copied)
    return schema


# --------------------------------------------------------------------------- compiling


@dataclass
class Compiled:
    xslt: bytes
    files: list[Path]


def _avt(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _substitute(expr: str | None, params: dict[str, str]) -> str | None:
    if expr is None or not params:
        return expr
    for name in sorted(params, key=len, reverse=True):
        expr = re.sub(r"\$" + re.escape(name) + r"(?![\w.-])",
                      params[name].replace("\\", "\\\\"), expr)
    return expr


_NAME_STEP = re.compile(r"([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)(\[.*\])?")
_ATTR_PRED = re.compile(r"[A-Za-z_][\w.-]*:\*\[\s*@([A-Za-z_][\w.-]*)\s*(\]|and\b).*")


def _top_split(expr: str, sep: str) -> list[str]:
    """``expr`` split at ``sep`` outside brackets, parentheses and string literals."""
    parts, depth, buf, quote = [], 0, "", ""
    for ch in expr:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(buf)
            buf = ""
            continue
        buf += ch
    parts.append(buf)
    return [p.strip() for p in parts]


def _needs(context: str, nsmap: dict[str | None, str]) -> set[str]:
    """What a rule context needs in a document to match anything.

    ``e:{ns}name`` (an element), ``a:name`` (an attribute anywhere) or ``*``
    (unknown: always run).  A pattern whose rules need nothing the document
    has is skipped at run time.
    """
    out: set[str] = set()
    for alt in _top_split(context, "|"):
        steps = [s for s in _top_split(alt, "/") if s]
        if not steps:
            return {"*"}
        last = steps[-1]
        if last.startswith("@") and len(steps) > 1:
            last = steps[-2]
        m = _NAME_STEP.fullmatch(last)
        if m and m.group(1) in nsmap and m.group(2) != "*":
            out.add(f"e:{{{nsmap[m.group(1)]}}}{m.group(2)}")
            continue
        m = _ATTR_PRED.fullmatch(last)
        if m:
            out.add(f"a:{m.group(1)}")
            continue
        return {"*"}
    return out


def _visits_attributes(contexts: list[str]) -> bool:
    for ctx in contexts:
        depth, flat = 0, []
        for ch in ctx:
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
            elif depth == 0:
                flat.append(ch)
        text = "".join(flat)
        if "@" in text or "attribute::" in text:
            return True
    return False


#: Rule contexts that start with a node test (not a function call, variable or
#: parenthesised expression): ``//`` + context selects exactly what they match.
_RELATIVE_START = re.compile(
    r"(?:@|\*|(?:child|attribute|descendant|self)::|"
    r"(?:text|node|comment|processing-instruction|element|attribute)\s*\(|"
    r"[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?(?![\w.-]*\s*\())")
_SET_OPERATOR = re.compile(r"\b(?:union|intersect|except)\b")


#: Indexes of the document's elements and attributes by local name, built once per
#: run by Saxon on first use: a pattern looks its nodes up instead of scanning.
KEY_ELEMENTS = "tt:elements"
KEY_ATTRIBUTES = "tt:attributes"
_NAME = r"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)"
_LAST_ELEMENT = re.compile(_NAME + r"(?:\[.*\])?", re.S)
_LAST_ATTRIBUTE = re.compile("@" + _NAME + r"(?:\[.*\])?", re.S)
_FIRST_PREDICATE_ATTRIBUTE = re.compile(
    r"(?:[A-Za-z_][\w.-]*:)?\*\[\s*@" + _NAME + r"\s*(?:\]|and\b).*", re.S)


def _lookup(alt: str) -> str | None:
    """A key lookup that finds (a superset of) the nodes ``alt`` matches, or None.

    The last step decides: ``tei:div`` → the elements named ``div``, ``@ref``
    → the attributes named ``ref``, ``tei:*[@when]`` → the parents of the
    attributes named ``when``.  Nodes the lookup finds that ``alt`` does not
    match (another namespace, a failed predicate) match no rule template and
    are skipped by the pattern's empty default template.
    """
    last = _top_split(alt, "/")[-1]
    if m := _LAST_ATTRIBUTE.fullmatch(last):
        return f"key('{KEY_ATTRIBUTES}', '{m.group(1)}')"
    if m := _FIRST_PREDICATE_ATTRIBUTE.fullmatch(last):
        return f"key('{KEY_ATTRIBUTES}', '{m.group(1)}')/.."
    if m := _LAST_ELEMENT.fullmatch(last):
        return f"key('{KEY_ELEMENTS}', '{m.group(1)}')"
    return None


def _targets(contexts: list[str]) -> str | None:
    """An expression selecting the nodes a pattern's rules can fire on, or None.

    XSLT 3.0 (5.5.3) defines a path pattern P to match node N when N is in
    ``root(N)//(P)``, so ``//`` + each context selects exactly the nodes it
    matches, and a name lookup (:func:`_lookup`) selects a superset of them
    without a scan: a pattern visits those instead of walking the whole tree
    once per pattern.  None (walk the tree) for contexts this cannot rewrite:
    ``current()``, ``document-node()``, or a leading function call such as
    ``key()``.
    """
    selects: list[str] = []
    for ctx in contexts:
        for alt in _top_split(ctx, "|"):
            flat = _strip_nested(alt)
            if not alt or flat is None or "current(" in alt or "document-node" in alt:
                return None
            if not alt.startswith("/") and not _RELATIVE_START.match(alt):
                return None
            lookup = _lookup(alt)
            if lookup is not None:
                selects.append(lookup)
            elif alt.startswith("/"):
                selects.append(alt)
            else:
                selects.append(f"//({alt})" if _SET_OPERATOR.search(flat) else f"//{alt}")
    return " | ".join(selects) if selects else None


def compile_schematron(root: etree._Element, path: Path, phase: str | None = None,
                       *, targeted: bool = True) -> bytes:
    """ISO Schematron (already include-resolved) → XSLT 3.0 producing SVRL.

    ``targeted``: a pattern whose rule contexts allow it visits only the nodes
    they match (:func:`_targets`); False walks the whole tree for every
    pattern, as the classic skeleton implementations do (the tests compare both).
    """
    if root.tag != _S + "schema":
        raise _fail(f"root element is {root.tag!r}, expected sch:schema", root, path)
    binding = (root.get("queryBinding") or "xslt").lower()
    if binding not in ("xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31"):
        raise _fail(f"queryBinding {binding!r} is not supported", root, path)
    nsmap: dict[str | None, str] = {"xsl": XSL_NS, "svrl": SVRL_NS, "tt": TT_NS,
                                    "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in root.findall(_S + "ns"):
        prefix, uri = ns.get("prefix"), ns.get("uri")
        if not prefix or uri is None:
            raise _fail("sch:ns needs prefix and uri", ns, path)
        if prefix not in ("xsl", "svrl", "tt"):
            nsmap[prefix] = uri
    xsl = etree.Element(_X + "stylesheet", nsmap=nsmap)  # type: ignore[arg-type]
    xsl.set("version", "3.0")
    xsl.set("exclude-result-prefixes", "#all")
    etree.SubElement(xsl, _X + "output", method="xml", indent="no")

    for foreign in root:
        if isinstance(foreign.tag, str) and foreign.tag.startswith(_X) and \
                foreign.tag[len(_X):] in ("key", "function", "import-schema", "include",
                                          "import", "param", "variable"):
            xsl.append(_copy(foreign))

    # abstract patterns / rules and diagnostics
    patterns = [p for p in root.iter(_S + "pattern")]
    abstract_patterns = {p.get("id"): p for p in patterns if p.get("abstract") == "true"}
    abstract_rules = {r.get("id"): r for r in root.iter(_S + "rule") if r.get("abstract") == "true"}
    diagnostics = {d.get("id"): d for d in root.iter(_S + "diagnostic")}

    # phases
    active: set[str] | None = None
    phase = phase or root.get("defaultPhase")
    if phase and phase != "#ALL":
        ph = next((p for p in root.findall(_S + "phase") if p.get("id") == phase), None)
        if ph is None:
            raise _fail(f"no phase {phase!r}", root, path)
        active = {a.get("pattern", "") for a in ph.findall(_S + "active")}
        for let in ph.findall(_S + "let"):
            _variable(xsl, let, {})

    for let in root.findall(_S + "let"):
        _variable(xsl, let, {})

    concrete = [p for p in patterns if p.get("abstract") != "true"
                and (active is None or p.get("id") in active)]
    hoist = _Hoist(xsl)
    for key, match in ((KEY_ELEMENTS, "*"), (KEY_ATTRIBUTES, "@*")):
        etree.SubElement(xsl, _X + "key", name=key, match=match, use="local-name()")
    param = etree.SubElement(xsl, _X + "param", name="tt-active", select="'#all'")
    param.set("as", "xs:string")
    main = etree.SubElement(xsl, _X + "template", match="/")
    out = etree.SubElement(main, _SV + "schematron-output")
    if root.get("schemaVersion"):
        out.set("schemaVersion", _avt(root.get("schemaVersion", "")))
    for i, pattern in enumerate(concrete):
        mode = f"M{i}"
        params: dict[str, str] = {}
        source = pattern
        if pattern.get("is-a"):
            source = abstract_patterns.get(pattern.get("is-a"))  # type: ignore[assignment]
            if source is None:
                raise _fail(f"is-a={pattern.get('is-a')!r}: no such abstract pattern", pattern,
                            path)
            params = {p.get("name", ""): p.get("value", "") for p in pattern.findall(_S + "param")}
        ap = etree.SubElement(out, _SV + "active-pattern")
        if pattern.get("id"):
            ap.set("id", _avt(pattern.get("id", "")))
        guard = etree.SubElement(out, _X + "if",
                                 test=f"$tt-active = '#all' or contains($tt-active, ' {i} ')")
        for let in source.findall(_S + "let"):
            _variable(xsl, let, params)
        rules = [r for r in source.findall(_S + "rule") if r.get("abstract") != "true"]
        contexts = [_substitute(r.get("context"), params) or "" for r in rules]
        needs = sorted({n for c in contexts for n in _needs(c, nsmap)})
        ap.set(_TT + "needs", _avt(" ".join(needs)))
        targets = _targets(contexts) if targeted else None
        visit = "@*|*" if _visits_attributes(contexts) else "*"
        etree.SubElement(guard, _X + "apply-templates", select=targets or "/", mode=mode)
        for j, rule in enumerate(rules):
            context = contexts[j]
            if not context:
                raise _fail("rule without context", rule, path)
            tpl = etree.SubElement(xsl, _X + "template", match=context, mode=mode,
                                   priority=str(len(rules) - j + 1))
            if binding in ("xslt", "xpath"):
                tpl.set("version", "1.0")
            for let in rule.findall(_S + "let"):
                _variable(tpl, let, params, hoist)
            checks: list[etree._Element] = []
            for child in rule:
                if child.tag == _S + "extends":
                    base = abstract_rules.get(child.get("rule"))
                    if base is None:
                        raise _fail(f"extends rule={child.get('rule')!r}: no such abstract rule",
                                    child, path)
                    for let in base.findall(_S + "let"):
                        _variable(tpl, let, params, hoist)
                    checks.extend(c for c in base if c.tag in (_S + "assert", _S + "report"))
                elif child.tag in (_S + "assert", _S + "report"):
                    checks.append(child)
            for check in checks:
                _check(tpl, check, pattern, rule, params, diagnostics, path)
            if targets is None:
                etree.SubElement(tpl, _X + "apply-templates", select=visit, mode=mode)
        if targets is not None:
            # every selected node matches a rule; nothing else is visited
            etree.SubElement(xsl, _X + "template", match="node()|@*", mode=mode,
                             priority="-2")
            continue
        default = etree.SubElement(xsl, _X + "template", match="/|*", mode=mode, priority="-2")
        etree.SubElement(default, _X + "apply-templates", select=visit, mode=mode)
        if visit != "*":
            etree.SubElement(xsl, _X + "template", match="@*|text()", mode=mode, priority="-2")
    return etree.tostring(xsl, encoding="UTF-8", xml_declaration=True)


_PATH_ONLY = re.compile(r"/[/\w:.*@()\[\]-]*")
_CALL = re.compile(r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?\s*\(\)")
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(?:\.\d*)?")


def _strip_nested(expr: str) -> str | None:
    """``expr`` with the contents of brackets, parentheses and strings removed."""
    out: list[str] = []
    stack: list[str] = []
    quote = ""
    for ch in expr:
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "'\"":
            quote = ch
            if not stack:
                out.append("''")
            continue
        if ch in "([":
            if not stack:
                out.append(ch)
            stack.append(ch)
        elif ch in ")]":
            if not stack or {"(": ")", "[": "]"}[stack.pop()] != ch:
                return None
            if not stack:
                out.append(ch)
        elif not stack:
            out.append(ch)
    return None if stack or quote else "".join(out).strip()


def _document_level(value: str) -> bool:
    """True when ``value`` cannot depend on the context: an absolute path, or a
    function call whose arguments are all absolute paths or literals.

    Such a rule-level ``let`` (``//tei:person/@xml:id``) is the same for every
    node a rule fires on, so it is computed once per document (a global
    variable) instead of once per node: same result, no quadratic re-walks.
    Conservative: any variable reference, ``current()`` or top-level operator
    keeps the variable local.
    """
    if "$" in value or "current(" in value:
        return False
    flat = _strip_nested(value)
    if flat is None:
        return False
    if _PATH_ONLY.fullmatch(flat):
        return True
    if _CALL.fullmatch(flat):  # f(args): as document-level as all its arguments
        inner = value[value.index("(") + 1:value.rindex(")")]
        return bool(inner.strip()) and all(
            _LITERAL.fullmatch(arg) or _document_level(arg) for arg in _top_split(inner, ","))
    return False


class _Hoist:
    """Document-level values of rule ``let``s, shared as global variables."""

    def __init__(self, xsl: etree._Element) -> None:
        self.xsl = xsl
        self.names: dict[str, str] = {}

    def name(self, value: str) -> str:
        name = self.names.get(value)
        if name is None:
            name = f"tt-doc-{len(self.names)}"
            self.names[value] = name
            glob = etree.Element(_X + "variable", name=name, select=value)
            # before the first template, after the declarations copied so far
            first = next(iter(self.xsl.iterchildren(_X + "template")), None)
            if first is None:
                self.xsl.append(glob)
            else:
                first.addprevious(glob)
        return name


def _variable(parent: etree._Element, let: etree._Element, params: dict[str, str],
              hoist: _Hoist | None = None) -> None:
    var = etree.SubElement(parent, _X + "variable", name=let.get("name", ""))
    value = _substitute(let.get("value"), params)
    if value is not None and hoist is not None and _document_level(value):
        var.set("select", "$" + hoist.name(value))
    elif value is not None:
        var.set("select", value)
    else:
        for c in let:
            var.append(_copy(c))


def _check(tpl: etree._Element, check: etree._Element, pattern: etree._Element,
           rule: etree._Element, params: dict[str, str], diagnostics: dict[Any, etree._Element],
           path: Path) -> None:
    test = _substitute(check.get("test"), params)
    if not test:
        raise _fail("assert/report without test", check, path)
    is_assert = check.tag == _S + "assert"
    cond = etree.SubElement(tpl, _X + "if", test=f"not({test})" if is_assert else test)
    res = etree.SubElement(cond, _SV + ("failed-assert" if is_assert else "successful-report"))
    res.set("location", "{path(.)}")
    res.set("test", _avt(check.get("test", "")))
    role = check.get("role") or rule.get("role")
    if role:
        res.set("role", _avt(role))
    ident = check.get("id") or pattern.get("id") or rule.get("id")
    if ident:
        res.set("id", _avt(ident))
    if check.get("flag"):
        res.set("flag", _avt(check.get("flag", "")))
    text = etree.SubElement(res, _SV + "text")
    _message(text, check, params)
    for ref in (check.get("diagnostics") or "").split():
        diag = diagnostics.get(ref)
        if diag is None:
            raise _fail(f"diagnostics={ref!r}: no such diagnostic", check, path)
        dr = etree.SubElement(res, _SV + "diagnostic-reference", diagnostic=_avt(ref))
        _message(dr, diag, params)


def _message(target: etree._Element, source: etree._Element, params: dict[str, str]) -> None:
    """Copy a Schematron message (text + name/value-of/...) as XSLT instructions."""
    def text(s: str | None) -> None:
        if s:
            t = etree.SubElement(target, _X + "text")
            t.text = s

    text(source.text)
    for child in source:
        if child.tag == _S + "name":
            sel = _substitute(child.get("path"), params) or "."
            etree.SubElement(target, _X + "value-of", select=f"name({sel})")
        elif child.tag == _S + "value-of":
            etree.SubElement(target, _X + "value-of",
                             select=_substitute(child.get("select"), params) or "''")
        elif isinstance(child.tag, str) and child.tag[len(_S):] in _TEXT_ELEMENTS:
            _message(target, child, params)
        text(child.tail)


# --------------------------------------------------------------------------- running


class _Saxon:
    """One saxonche processor per process, created on first use."""

    _lock = threading.Lock()
    _proc: Any = None

    @classmethod
    def processor(cls) -> Any:
        with cls._lock:
            if cls._proc is None:
                from saxonche import PySaxonProcessor

                cls._proc = PySaxonProcessor(license=False)
            return cls._proc


class Schematron:
    """A Schematron schema compiled to a saxonche executable."""

    def __init__(self, path: Path, phase: str | None = None, *, targeted: bool = True) -> None:
        self.path = path
        self.phase = phase
        self.note = ""
        root = _load_xml(path)
        files = [path]
        if root.tag == _S + "schema":
            _resolve_includes(root, path, files)
        elif str(root.tag).startswith(f"{{{RNG_NS}}}"):
            root = _extract_from_rng(root)
        else:
            raise SchemaError(
                f"not a Schematron schema (root element {root.tag!r})", file=path)
        parts: list[bytes | str] = [COMPILER_VERSION, phase or "#DEFAULT", str(targeted)]
        for f in files:
            parts.append(f.read_bytes())
        key = cache.content_hash(*parts)
        xslt = cache.load("schematron", key, ".xsl")
        if xslt is None:
            xslt = compile_schematron(root, path, phase, targeted=targeted)
            cache.BUILT["schematron"] += 1
            cache.store("schematron", key, xslt, ".xsl")
            self.note = "compiled to XSLT (cached for the next run)"
        else:
            self.note = "XSLT from the cache"
        self.xslt = xslt
        compiled = etree.fromstring(xslt, make_parser())
        self.needs: list[list[str]] = [
            (ap.get(_TT + "needs") or "*").replace("{{", "{").replace("}}", "}").split()
            for ap in compiled.iter(_SV + "active-pattern")]
        proc = _Saxon.processor()
        from saxonche import PySaxonApiError

        compiler = proc.new_xslt30_processor()
        try:
            self.executable = compiler.compile_stylesheet(
                stylesheet_text=xslt.decode("utf-8"))
        except PySaxonApiError as exc:
            raise _fail(_first_line(str(exc)), None, path) from None
        if self.executable is None:
            raise _fail("Saxon could not compile the generated XSLT", None, path)

    def run(self, tree: etree._ElementTree, name: str, locator: Locator, *,
            names: tuple[frozenset[str], frozenset[str]] | None = None,
            file: Path | None = None) -> list[Diagnostic]:
        """Diagnostics for one parsed document.

        ``names``: its element and attribute names (computed if not given);
        ``file``: the file it was read from, unchanged, which Saxon may parse
        itself when there is no DOCTYPE (nothing to resolve, nothing it could
        fetch); otherwise Saxon gets the tree lxml parsed, re-serialised
        without the DOCTYPE.
        """
        from saxonche import PySaxonApiError

        proc = _Saxon.processor()
        if names is None:
            from .wellformed import document_names

            names = document_names(tree)
        have = {"*", *(f"e:{e}" for e in names[0]), *(f"a:{a}" for a in names[1])}
        active = [str(i) for i, needs in enumerate(self.needs) if have.intersection(needs)]
        try:
            self.executable.set_parameter("tt-active", proc.make_string_value(
                " " + " ".join(active) + " "))
            node = None
            if file is not None and not tree.docinfo.doctype:  # type: ignore[attr-defined]
                with contextlib.suppress(PySaxonApiError):  # then the tree, as below
                    node = proc.parse_xml(xml_uri=file.resolve().as_uri())
            if node is None:
                node = proc.parse_xml(
                    xml_text=etree.tostring(tree.getroot(), encoding="unicode"))
            svrl = self.executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise SchemaError(f"Schematron rules failed on this document: "
                              f"{_first_line(str(exc))}", file=name) from None
        if svrl is None:
            raise SchemaError("Schematron run produced no report", file=name)
        return self._diagnostics(svrl, name, locator)

    def _diagnostics(self, svrl: str, name: str, locator: Locator) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        report = etree.fromstring(svrl.encode("utf-8"), make_parser())
        for res in report.iter(_SV + "failed-assert", _SV + "successful-report"):
            role = (res.get("role") or "").lower()
            severity = Severity.WARNING if role in WARNING_ROLES else Severity.ERROR
            text = " ".join("".join(res.findtext(_SV + "text") or "").split())
            extra = [" ".join("".join(str(t) for t in d.itertext()).split())
                     for d in res.findall(_SV + "diagnostic-reference")]
            message = " ".join([text, *[e for e in extra if e]])
            element, attr = locator.element_at_path(res.get("location", ""))
            line, col = locator.position(element) if element is not None else (None, None)
            if attr:
                message = f"{message} (@{_short(attr)})"
            out.append(Diagnostic(name, line, col, severity, message or "(no message)",
                                  res.get("id"), PHASE))
        out.sort(key=lambda d: (d.line or 0, d.column or 0))
        return out


def _short(clark: str) -> str:
    return clark.rsplit("}", 1)[-1] if clark.startswith("{") else clark


def _first_line(text: str) -> str:
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return lines[0] if lines else "unknown error"


_SCHEMAS: dict[tuple[Path, str | None], Schematron] = {}


def schematron(path: Path, phase: str | None = None) -> Schematron:
    key = (path.resolve(), phase)
    s = _SCHEMAS.get(key)
    if s is None:
        s = Schematron(path, phase)
        _SCHEMAS[key] = s
    else:
        s.note = "compiled stylesheet reused"
    return s
