"""RELAX NG diagnostics in the encoder's terms.

libxml2 reports the first failure of a content model from deep inside its
backtracking ("Did not expect element p there" when the culprit is a child of
that ``p``).  When it says "invalid" we therefore first check every element
against the grammar's index (:mod:`.index`: for each element name, the child
elements, attributes and text it can ever have) and its content models
(:mod:`.content`), which name the element, where it is and what is allowed
there (:func:`diagnose`); libxml2's own messages are rewritten in those terms
when that finds nothing more precise (:func:`translate`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from ...diagnostics import Diagnostic, Severity
from ..locate import Locator
from .content import END, TEXT, ContentModels
from .index import ElementInfo, Index
from .names import ANY, display

if TYPE_CHECKING:
    from .explain import Finding

PHASE = "relaxng"


def list_names(names: set[str], *, prefix: str = "", limit: int = 15) -> str:
    if ANY in names:
        return "any element"
    shown = sorted((display(n) for n in names), key=str.lower)
    if not shown:
        return "nothing"
    text = ", ".join(prefix + s for s in shown[:limit])
    if len(shown) > limit:
        text += f" … ({len(shown) - limit} more)"
    return text


def from_findings(findings: list[Finding], name: str, locator: Locator) -> list[Diagnostic]:
    """The explainer's findings as diagnostics, in document order, on the attribute
    (for attribute findings) or the element's start tag."""
    out: list[Diagnostic] = []
    for f in findings:
        if f.attribute is not None:
            line, col = locator.attribute_position(f.element, f.attribute)
        else:
            line, col = locator.position(f.element)
        out.append(Diagnostic(name, line, col, Severity.ERROR, f.message, f.rule, PHASE,
                              expected=f.expected, attribute=f.attribute))
    out.sort(key=lambda d: (d.line or 0, d.column or 0))
    return out


def wrong_root(name: str, locator: Locator, root: etree._Element, schema_name: str,
               allowed: set[str]) -> Diagnostic:
    line, col = locator.position(root)
    return Diagnostic(
        name, line, col, Severity.ERROR,
        f"<{display(str(root.tag))}> cannot be the root element; "
        f"{schema_name} allows: {list_names(allowed)}", "root", PHASE)


def diagnose(tree: etree._ElementTree, name: str, locator: Locator,
             index: Index, models: ContentModels) -> list[Diagnostic]:
    """Unknown elements, attributes an element never has, content out of place."""
    out: list[Diagnostic] = []

    def add(el: etree._Element, message: str, rule: str) -> None:
        line, col = locator.position(el)
        out.append(Diagnostic(name, line, col, Severity.ERROR, message, rule, PHASE))

    # Elements matched by a wildcard (``anyName``/``nsName``) pattern, and the
    # subtrees under them: their content is the wildcard's (usually anything),
    # so they are never "not an element of this schema" one by one.
    wild: set[etree._Element] = set()
    wildcard = index.get(ANY)
    for el in tree.getroot().iter(etree.Element):
        tag = str(el.tag)
        info = index.get(tag)
        parent = el.getparent()
        ptag = str(parent.tag) if parent is not None else ""
        if parent is not None and parent in wild and (
                wildcard is None or ANY in wildcard.children or info is None):
            wild.add(el)
            continue
        if info is None:
            pinfo = index.get(ptag)
            if pinfo is not None and ANY in pinfo.children:
                wild.add(el)
                continue
            where = f" in <{display(ptag)}>" if parent is not None else ""
            hint = f"; <{display(ptag)}> allows: {list_names(pinfo.children)}" if pinfo else ""
            add(el, f"<{display(tag)}>{where} is not an element of this schema{hint}",
                "unknown-element")
            continue
        if ANY not in info.attributes:
            for attr in el.attrib:
                if str(attr) not in info.attributes:
                    add(el, f"attribute {display(str(attr))} is not allowed on <{display(tag)}>;"
                        f" <{display(tag)}> allows: {list_names(info.attributes, prefix='@')}",
                        "attribute-not-allowed")
        problem = models.check(el)
        if problem is None:
            continue
        _content_problem(add, el, info, index, problem)
    return out


def _content_problem(add: Callable[[etree._Element, str, str], None], el: etree._Element,
                     info: ElementInfo, index: Index,
                     problem: tuple[str, etree._Element | None, frozenset[str], str | None]
                     ) -> None:
    """Report what :meth:`.ContentModels.check` found wrong in ``el``'s content."""
    tag = str(el.tag)
    kind, child, allowed, previous = problem
    names = {n for n in allowed if n not in (TEXT, END)}
    expected = list_names(names) if names else ""
    if TEXT in allowed:
        expected = f"{expected}, text" if expected else "text"
    if END in allowed:
        expected = f"{expected}, or the end of <{display(tag)}>" if expected else \
            f"the end of <{display(tag)}>"
    after = f" after <{display(previous)}>" if previous else " at the start"
    if kind == "incomplete":
        add(el, f"<{display(tag)}> is incomplete: missing {expected or 'content'}"
            f"{' after <' + display(previous) + '>' if previous else ''}", "incomplete")
    elif kind == "text":
        add(child if child is not None else el,
            f"text is not allowed{after if child is not None else ''} in <{display(tag)}>;"
            f" expected here: {expected}", "text-not-allowed")
    elif child is not None:
        ctag = str(child.tag)
        if ctag in index and ANY not in info.children and ctag not in info.children:
            add(child, f"<{display(ctag)}> is not allowed in <{display(tag)}>; "
                f"<{display(tag)}> allows: {list_names(info.children)}", "element-not-allowed")
        elif ctag in index:
            add(child, f"<{display(ctag)}> is not allowed here in <{display(tag)}> "
                f"({after.strip()}); expected: {expected}", "element-position")


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Expecting an element (\S*), got nothing"), "missing"),
    (re.compile(r"Expecting element (\S+), got (\S+)"), "wrong"),
    (re.compile(r"Did not expect element (\S+) there"), "unexpected"),
    (re.compile(r"Element (\S+) has extra content: (\S+)"), "extra"),
    (re.compile(r"Element (\S+) failed to validate attributes"), "attributes"),
    (re.compile(r"Element (\S+) failed to validate content"), "content"),
    (re.compile(r"Invalid attribute (\S+) for element (\S+)"), "attribute"),
    (re.compile(r"Element (\S+) has wrong namespace: expecting (\S+)"), "namespace"),
]


def _node_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    if isinstance(found, list) and found and isinstance(found[0], etree._Element):
        return found[0]
    return None


def translate(log: list[etree._LogEntry], tree: etree._ElementTree, name: str,
              locator: Locator, index: Index) -> list[Diagnostic]:
    """libxml2's error log rewritten in the encoder's terms (at least one diagnostic)."""
    out: list[Diagnostic] = []
    generic: list[Diagnostic] = []
    for entry in log:
        node = _node_at(tree, entry.path)
        line, col = locator.position(node) if node is not None else (entry.line or None, None)
        msg = entry.message.strip()
        kind = ""
        for rx, k in _PATTERNS:
            m = rx.search(msg)
            if m:
                kind = k
                break
        tag = str(node.tag) if node is not None else ""
        parent = node.getparent() if node is not None else None
        ptag = str(parent.tag) if parent is not None else ""

        def allows(t: str) -> str:
            info = index.get(t)
            return f"; <{display(t)}> allows: {list_names(info.children)}" if info else ""

        if kind == "missing" and m:
            what = (f"<{m.group(1)}> is required here" if m.group(1)
                    else "required content is missing")
            text = f"<{display(tag)}> is incomplete: {what}{allows(tag)}"
        elif kind == "wrong" and m:
            text = f"expected <{m.group(1)}> here, found <{m.group(2)}>{allows(ptag)}"
        elif kind in ("unexpected", "extra") and node is not None:
            text = (f"<{display(tag)}> is not allowed at this position in "
                    f"<{display(ptag)}> (check the order and number of its children)"
                    f"{allows(ptag)}")
        elif kind == "attributes" and m:
            info = index.get(tag)
            names = list_names(info.attributes, prefix="@") if info else "?"
            text = (f"<{m.group(1)}> has a missing, misspelt or invalid attribute value; "
                    f"it allows: {names}")
        elif kind == "attribute" and m:
            text = f"attribute {m.group(1)} is not allowed on <{m.group(2)}>"
        elif kind == "content" and m:
            generic.append(Diagnostic(
                name, line, col, Severity.ERROR,
                f"the content of <{m.group(1)}> does not match the schema{allows(tag)}",
                "content", PHASE))
            continue
        else:
            text = msg
        out.append(Diagnostic(name, line, col, Severity.ERROR, text,
                              entry.type_name.replace("RELAXNG_ERR_", "").lower() or None,
                              PHASE))
    return out or generic[:1] or [
        Diagnostic(name, None, None, Severity.ERROR, "document is not valid", None, PHASE)]
