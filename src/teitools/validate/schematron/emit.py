"""The last pass: a :class:`~.passes.Plan` written out as XSLT 3.0 producing SVRL.

Each pattern becomes an XSLT mode whose rules are templates in document order
of priority (the first matching rule of a pattern fires, as Schematron
requires); each result carries ``location="{path(.)}"`` (XPath 3.0), which
:mod:`..locate` maps back to line:column, because Saxon-HE has no
line-number functions.  The main template runs the patterns the ``tt-active``
parameter names (:class:`.runner.Schematron` skips the patterns a document
cannot fire).
"""

from __future__ import annotations

import copy

from lxml import etree

from ...xmlio import SCH_NS
from .passes import KEY_ATTRIBUTES, KEY_ELEMENTS, SVRL_NS, TT_NS, XSL_NS, Let, Pattern, Plan
from .passes import substitute as _substitute

_S = f"{{{SCH_NS}}}"
_X = f"{{{XSL_NS}}}"
_SV = f"{{{SVRL_NS}}}"
_TT = f"{{{TT_NS}}}"
_TEXT_ELEMENTS = ("emph", "dir", "span")
_FOREIGN = ("key", "function", "import-schema", "include", "import", "param", "variable")


def _avt(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def emit(plan: Plan) -> bytes:
    root = plan.root
    xsl = etree.Element(_X + "stylesheet", nsmap=plan.nsmap)  # type: ignore[arg-type]
    xsl.set("version", "3.0")
    xsl.set("exclude-result-prefixes", "#all")
    etree.SubElement(xsl, _X + "output", method="xml", indent="no")
    for foreign in root:
        if isinstance(foreign.tag, str) and foreign.tag.startswith(_X) and \
                foreign.tag[len(_X):] in _FOREIGN:
            xsl.append(copy.deepcopy(foreign))
    for let in (*plan.phase_lets, *plan.schema_lets):
        _variable(xsl, let)
    for key, match in ((KEY_ELEMENTS, "*"), (KEY_ATTRIBUTES, "@*")):
        etree.SubElement(xsl, _X + "key", name=key, match=match, use="local-name()")
    param = etree.SubElement(xsl, _X + "param", name="tt-active", select="'#all'")
    param.set("as", "xs:string")
    for value, name in plan.globals.items():
        etree.SubElement(xsl, _X + "variable", name=name, select=value)
    main = etree.SubElement(xsl, _X + "template", match="/")
    out = etree.SubElement(main, _SV + "schematron-output")
    if root.get("schemaVersion"):
        out.set("schemaVersion", _avt(root.get("schemaVersion", "")))
    for i, pattern in enumerate(plan.patterns):
        _pattern(plan, xsl, out, i, pattern)
    return etree.tostring(xsl, encoding="UTF-8", xml_declaration=True)


def _pattern(plan: Plan, xsl: etree._Element, out: etree._Element, i: int,
             pattern: Pattern) -> None:
    mode = f"M{i}"
    ap = etree.SubElement(out, _SV + "active-pattern")
    if pattern.element.get("id"):
        ap.set("id", _avt(pattern.element.get("id", "")))
    guard = etree.SubElement(out, _X + "if",
                             test=f"$tt-active = '#all' or contains($tt-active, ' {i} ')")
    for let in pattern.lets:
        _variable(xsl, let)
    ap.set(_TT + "needs", _avt(" ".join(pattern.needs)))
    etree.SubElement(guard, _X + "apply-templates", select=pattern.targets or "/", mode=mode)
    n = len(pattern.rules)
    for j, rule in enumerate(pattern.rules):
        tpl = etree.SubElement(xsl, _X + "template", match=rule.context, mode=mode,
                               priority=str(n - j + 1))
        if plan.binding in ("xslt", "xpath"):
            tpl.set("version", "1.0")
        for let in rule.lets:
            _variable(tpl, let)
        for check in rule.checks:
            _check(plan, tpl, check, pattern, rule.element)
        if pattern.targets is None:
            etree.SubElement(tpl, _X + "apply-templates", select=pattern.visit, mode=mode)
    if pattern.targets is not None:
        # every selected node matches a rule; nothing else is visited
        etree.SubElement(xsl, _X + "template", match="node()|@*", mode=mode, priority="-2")
        return
    default = etree.SubElement(xsl, _X + "template", match="/|*", mode=mode, priority="-2")
    etree.SubElement(default, _X + "apply-templates", select=pattern.visit, mode=mode)
    if pattern.visit != "*":
        etree.SubElement(xsl, _X + "template", match="@*|text()", mode=mode, priority="-2")


def _variable(parent: etree._Element, let: Let) -> None:
    var = etree.SubElement(parent, _X + "variable", name=let.element.get("name", ""))
    if let.hoisted is not None:
        var.set("select", "$" + let.hoisted)
    elif let.value is not None:
        var.set("select", let.value)
    else:
        for c in let.element:
            var.append(copy.deepcopy(c))


def _check(plan: Plan, tpl: etree._Element, check: etree._Element, pattern: Pattern,
           rule: etree._Element) -> None:
    params = pattern.params
    test = _substitute(check.get("test"), params) or ""
    is_assert = check.tag == _S + "assert"
    cond = etree.SubElement(tpl, _X + "if", test=f"not({test})" if is_assert else test)
    res = etree.SubElement(cond, _SV + ("failed-assert" if is_assert else "successful-report"))
    res.set("location", "{path(.)}")
    res.set("test", _avt(check.get("test", "")))
    role = check.get("role") or rule.get("role")
    if role:
        res.set("role", _avt(role))
    ident = check.get("id") or pattern.element.get("id") or rule.get("id")
    if ident:
        res.set("id", _avt(ident))
    if check.get("flag"):
        res.set("flag", _avt(check.get("flag", "")))
    text = etree.SubElement(res, _SV + "text")
    _message(text, check, params)
    for ref in (check.get("diagnostics") or "").split():
        dr = etree.SubElement(res, _SV + "diagnostic-reference", diagnostic=_avt(ref))
        _message(dr, plan.diagnostics[ref], params)


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
