"""The Schematron compiler's passes, over a plan of the schema.

:func:`.compile.compile_schematron` runs them in order:

1. :func:`read_schema` — the root, the query binding, namespaces and diagnostics;
2. :func:`select_phase` — which patterns are active (``defaultPhase`` or the
   phase asked for) and the phase's variables;
3. :func:`instantiate` — abstract patterns (``is-a`` + ``param``) and abstract
   rules (``extends``) made concrete, every expression with its parameters
   substituted, every reference checked;
4. :func:`target` — for each pattern, the names a document must have for it to
   fire (so a run can skip it) and the nodes it visits (a key lookup instead of
   a walk of the whole tree);
5. :func:`hoist_lets` — rule variables that cannot depend on the context are
   computed once per document;

then :func:`.emit.emit` writes the XSLT.  Each pass reads and fills the
:class:`Plan`; none writes XSLT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ...xmlio import SCH_NS
from .load import schema_error
from .xpath import outer, top_split, unpredicated

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
SVRL_NS = "http://purl.oclc.org/dsdl/svrl"
TT_NS = "urn:x-teitools:schematron"
_S = f"{{{SCH_NS}}}"
_BINDINGS = ("xslt", "xslt2", "xslt3", "xpath", "xpath2", "xpath3", "xpath31")

#: Indexes of the document's elements and attributes by local name, built once per
#: run by Saxon on first use: a pattern looks its nodes up instead of scanning.
KEY_ELEMENTS = "tt:elements"
KEY_ATTRIBUTES = "tt:attributes"


@dataclass
class Let:
    """A variable: ``value`` with parameters substituted (None: its content is the value)."""

    element: etree._Element
    value: str | None
    #: The global variable computing it once per document (set by :func:`hoist_lets`).
    hoisted: str | None = None


@dataclass
class Rule:
    element: etree._Element
    context: str
    #: The rule's own variables, then those of the abstract rules it extends.
    lets: list[Let]
    #: ``assert`` and ``report`` elements, those of extended rules in place.
    checks: list[etree._Element]


@dataclass
class Pattern:
    #: The concrete pattern (its id names the results), not the abstract one it is-a.
    element: etree._Element
    params: dict[str, str]
    lets: list[Let]
    rules: list[Rule]
    #: What a document must have for a rule to fire: ``e:{ns}name``, ``a:name``, ``*``.
    needs: list[str] = field(default_factory=list)
    #: The nodes to visit (None: walk the tree).
    targets: str | None = None
    #: What a tree walk descends into: ``*`` or ``@*|*``.
    visit: str = "*"


@dataclass
class Plan:
    root: etree._Element
    path: Path
    binding: str = "xslt"
    nsmap: dict[str | None, str] = field(default_factory=dict)
    diagnostics: dict[str | None, etree._Element] = field(default_factory=dict)
    #: Active pattern ids (None: all).
    active: set[str] | None = None
    phase_lets: list[Let] = field(default_factory=list)
    schema_lets: list[Let] = field(default_factory=list)
    patterns: list[Pattern] = field(default_factory=list)
    #: Hoisted values and the global variables holding them, in order.
    globals: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- 1. the schema


def read_schema(root: etree._Element, path: Path) -> Plan:
    if root.tag != _S + "schema":
        raise schema_error(f"root element is {root.tag!r}, expected sch:schema", root, path)
    binding = (root.get("queryBinding") or "xslt").lower()
    if binding not in _BINDINGS:
        raise schema_error(f"queryBinding {binding!r} is not supported", root, path)
    nsmap: dict[str | None, str] = {"xsl": XSL_NS, "svrl": SVRL_NS, "tt": TT_NS,
                                    "xs": "http://www.w3.org/2001/XMLSchema"}
    for ns in root.findall(_S + "ns"):
        prefix, uri = ns.get("prefix"), ns.get("uri")
        if not prefix or uri is None:
            raise schema_error("sch:ns needs prefix and uri", ns, path)
        if prefix not in ("xsl", "svrl", "tt"):
            nsmap[prefix] = uri
    diagnostics = {d.get("id"): d for d in root.iter(_S + "diagnostic")}
    return Plan(root, path, binding, nsmap, diagnostics)


# --------------------------------------------------------------------------- 2. phase


def select_phase(plan: Plan, phase: str | None) -> None:
    root = plan.root
    phase = phase or root.get("defaultPhase")
    if phase and phase != "#ALL":
        ph = next((p for p in root.findall(_S + "phase") if p.get("id") == phase), None)
        if ph is None:
            raise schema_error(f"no phase {phase!r}", root, plan.path)
        plan.active = {a.get("pattern", "") for a in ph.findall(_S + "active")}
        plan.phase_lets = [_let(let, {}) for let in ph.findall(_S + "let")]
    plan.schema_lets = [_let(let, {}) for let in root.findall(_S + "let")]


# --------------------------------------------------------------------------- 3. abstract


def substitute(expr: str | None, params: dict[str, str]) -> str | None:
    """``expr`` with abstract-pattern parameters ``$name`` replaced by their values."""
    if expr is None or not params:
        return expr
    for name in sorted(params, key=len, reverse=True):
        expr = re.sub(r"\$" + re.escape(name) + r"(?![\w.-])",
                      params[name].replace("\\", "\\\\"), expr)
    return expr


def _let(element: etree._Element, params: dict[str, str]) -> Let:
    return Let(element, substitute(element.get("value"), params))


def instantiate(plan: Plan) -> None:
    """Concrete patterns and rules, in document order; every reference checked."""
    root, path = plan.root, plan.path
    patterns = list(root.iter(_S + "pattern"))
    abstract_patterns = {p.get("id"): p for p in patterns if p.get("abstract") == "true"}
    abstract_rules = {r.get("id"): r for r in root.iter(_S + "rule") if r.get("abstract") == "true"}
    for pattern in patterns:
        if pattern.get("abstract") == "true" or (
                plan.active is not None and pattern.get("id") not in plan.active):
            continue
        params: dict[str, str] = {}
        source = pattern
        if pattern.get("is-a"):
            base = abstract_patterns.get(pattern.get("is-a"))
            if base is None:
                raise schema_error(f"is-a={pattern.get('is-a')!r}: no such abstract pattern",
                                   pattern, path)
            source = base
            params = {p.get("name", ""): p.get("value", "") for p in pattern.findall(_S + "param")}
        lets = [_let(let, params) for let in source.findall(_S + "let")]
        concrete = Pattern(pattern, params, lets, [])
        for rule in source.findall(_S + "rule"):
            if rule.get("abstract") == "true":
                continue
            context = substitute(rule.get("context"), params) or ""
            if not context:
                raise schema_error("rule without context", rule, path)
            rule_lets = [_let(let, params) for let in rule.findall(_S + "let")]
            checks: list[etree._Element] = []
            for child in rule:
                if child.tag == _S + "extends":
                    extended = abstract_rules.get(child.get("rule"))
                    if extended is None:
                        raise schema_error(
                            f"extends rule={child.get('rule')!r}: no such abstract rule", child,
                            path)
                    rule_lets.extend(_let(let, params) for let in extended.findall(_S + "let"))
                    checks.extend(c for c in extended if c.tag in (_S + "assert", _S + "report"))
                elif child.tag in (_S + "assert", _S + "report"):
                    checks.append(child)
            for check in checks:
                if not substitute(check.get("test"), params):
                    raise schema_error("assert/report without test", check, path)
                for ref in (check.get("diagnostics") or "").split():
                    if ref not in plan.diagnostics:
                        raise schema_error(f"diagnostics={ref!r}: no such diagnostic", check,
                                           path)
            concrete.rules.append(Rule(rule, context, rule_lets, checks))
        plan.patterns.append(concrete)


# --------------------------------------------------------------------------- 4. targeting


_NAME_STEP = re.compile(r"([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)(\[.*\])?")
_ATTR_PRED = re.compile(r"[A-Za-z_][\w.-]*:\*\[\s*@([A-Za-z_][\w.-]*)\s*(\]|and\b).*")
#: Rule contexts that start with a node test (not a function call, variable or
#: parenthesised expression): ``//`` + context selects exactly what they match.
_RELATIVE_START = re.compile(
    r"(?:@|\*|(?:child|attribute|descendant|self)::|"
    r"(?:text|node|comment|processing-instruction|element|attribute)\s*\(|"
    r"[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?(?![\w.-]*\s*\())")
_SET_OPERATOR = re.compile(r"\b(?:union|intersect|except)\b")
_NAME = r"(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)"
_LAST_ELEMENT = re.compile(_NAME + r"(?:\[.*\])?", re.S)
_LAST_ATTRIBUTE = re.compile("@" + _NAME + r"(?:\[.*\])?", re.S)
_FIRST_PREDICATE_ATTRIBUTE = re.compile(
    r"(?:[A-Za-z_][\w.-]*:)?\*\[\s*@" + _NAME + r"\s*(?:\]|and\b).*", re.S)


def needs(context: str, nsmap: dict[str | None, str]) -> set[str]:
    """What a rule context needs in a document to match anything.

    ``e:{ns}name`` (an element), ``a:name`` (an attribute anywhere) or ``*``
    (unknown: always run).  A pattern whose rules need nothing the document
    has is skipped at run time.
    """
    out: set[str] = set()
    for alt in top_split(context, "|"):
        steps = [s for s in top_split(alt, "/") if s]
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


def visits_attributes(contexts: list[str]) -> bool:
    """True when a rule context can match an attribute (a tree walk must visit them)."""
    for ctx in contexts:
        text = unpredicated(ctx)
        if "@" in text or "attribute::" in text:
            return True
    return False


def _lookup(alt: str) -> str | None:
    """A key lookup that finds (a superset of) the nodes ``alt`` matches, or None.

    The last step decides: ``tei:div`` → the elements named ``div``, ``@ref``
    → the attributes named ``ref``, ``tei:*[@when]`` → the parents of the
    attributes named ``when``.  Nodes the lookup finds that ``alt`` does not
    match (another namespace, a failed predicate) match no rule template and
    are skipped by the pattern's empty default template.
    """
    last = top_split(alt, "/")[-1]
    if m := _LAST_ATTRIBUTE.fullmatch(last):
        return f"key('{KEY_ATTRIBUTES}', '{m.group(1)}')"
    if m := _FIRST_PREDICATE_ATTRIBUTE.fullmatch(last):
        return f"key('{KEY_ATTRIBUTES}', '{m.group(1)}')/.."
    if m := _LAST_ELEMENT.fullmatch(last):
        return f"key('{KEY_ELEMENTS}', '{m.group(1)}')"
    return None


def targets(contexts: list[str]) -> str | None:
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
        for alt in top_split(ctx, "|"):
            flat = outer(alt)
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


def target(plan: Plan, *, targeted: bool = True) -> None:
    """Each pattern's needs, and what it visits (``targeted`` False: walk the tree)."""
    for pattern in plan.patterns:
        contexts = [r.context for r in pattern.rules]
        pattern.needs = sorted({n for c in contexts for n in needs(c, plan.nsmap)})
        pattern.targets = targets(contexts) if targeted else None
        pattern.visit = "@*|*" if visits_attributes(contexts) else "*"


# --------------------------------------------------------------------------- 5. let-hoisting


_PATH_ONLY = re.compile(r"/[/\w:.*@()\[\]-]*")
_CALL = re.compile(r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?\s*\(\)")
_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(?:\.\d*)?")


def document_level(value: str) -> bool:
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
    flat = outer(value)
    if flat is None:
        return False
    if _PATH_ONLY.fullmatch(flat):
        return True
    if _CALL.fullmatch(flat):  # f(args): as document-level as all its arguments
        inner = value[value.index("(") + 1:value.rindex(")")]
        return bool(inner.strip()) and all(
            _LITERAL.fullmatch(arg) or document_level(arg) for arg in top_split(inner, ","))
    return False


def hoist_lets(plan: Plan) -> None:
    """Rule variables with document-level values become global ones (shared by value)."""
    for pattern in plan.patterns:
        for rule in pattern.rules:
            for let in rule.lets:
                if let.value is not None and document_level(let.value):
                    name = plan.globals.get(let.value)
                    if name is None:
                        name = f"tt-doc-{len(plan.globals)}"
                        plan.globals[let.value] = name
                    let.hoisted = name
