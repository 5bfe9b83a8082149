"""Phase 2: RELAX NG through libxml2 (lxml), with messages in the encoder's terms.

Large grammars.  libxml2 needs seconds to compile ``tei_all.rng`` (its
compilation is super-linear in the size of the big ``choice``/``interleave``
patterns), so for large schemas we compile a grammar *reduced to the document*:
every ``element`` pattern whose name class can match none of the element names
occurring in the document is replaced by ``notAllowed``, and defines no longer
reachable from ``start`` are dropped.  This is exact: a derivation of the
document can only use element patterns whose names occur in it, and
``notAllowed`` is what an unusable pattern denotes anyway (patterns with
``anyName``/``nsName`` name classes are always kept).  Reduced grammars are
cached on disk by (schema hash, element-name set) and compiled ones in memory,
so a batch of similar documents compiles one small grammar.

Messages.  libxml2 reports the first failure of a content model from deep
inside its backtracking ("Did not expect element p there" when the culprit is a
child of that ``p``).  When it says "invalid" we therefore first check every
element against an index of the grammar (for each element name: the child
elements, attributes and text it can ever have), which names the element, where
it is and what is allowed there; libxml2's own messages are rewritten in those
terms when the index finds nothing more precise.
"""

from __future__ import annotations

import copy
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import SchemaError
from ..xmlio import RNG_NS, TEI_NS, XML_NS, make_parser
from . import cache, simplify
from .content import END, TEXT, ContentModels
from .locate import Locator

PHASE = "relaxng"
#: Grammars larger than this (bytes) are reduced to each document's element names.
REDUCE_THRESHOLD = 300_000
#: A simplified grammar libxml2 cannot compile in this time is not used (see .simplify);
#: compiling one takes about 10 ms, the pathological ones minutes.
COMPILE_SECONDS = 0.5
_R = f"{{{RNG_NS}}}"
ANY = "*"
START = "#start"


@dataclass
class ElementInfo:
    """What an element may contain, over all its definitions in the grammar."""

    children: set[str]
    attributes: set[str]
    text: bool


def _display(clark: str) -> str:
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        if ns == TEI_NS:
            return local
        if ns == XML_NS:
            return f"xml:{local}"
        return f"{local} (in {ns})"
    return clark


def _list(names: set[str], *, prefix: str = "", limit: int = 15) -> str:
    if ANY in names:
        return "any element"
    shown = sorted((_display(n) for n in names), key=str.lower)
    if not shown:
        return "nothing"
    text = ", ".join(prefix + s for s in shown[:limit])
    if len(shown) > limit:
        text += f" … ({len(shown) - limit} more)"
    return text


# --------------------------------------------------------------------------- grammar


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
        prefix, local = value.split(":", 1)
        ns = node.nsmap.get(prefix, "")
        if prefix == "xml":
            ns = XML_NS
    else:
        local = value
        ns = "" if attribute and node.get("ns") is None else _inherited_ns(node)
    return f"{{{ns}}}{local}" if ns else local


def _name_class(pattern: etree._Element, *, attribute: bool) -> set[str]:
    """Names an ``element``/``attribute`` pattern can match (``*`` for wildcards)."""
    name = pattern.get("name")
    if name is not None:
        return {_qname(pattern, name, attribute=attribute)}
    for child in pattern:
        if isinstance(child.tag, str) and child.tag.startswith(_R):
            return _names_in(child, attribute=attribute)
    return {ANY}


def _names_in(nc: etree._Element, *, attribute: bool) -> set[str]:
    tag = nc.tag
    if tag == _R + "name":
        return {_qname(nc, nc.text or "", attribute=attribute)}
    if tag == _R + "choice":
        out: set[str] = set()
        for c in nc:
            if isinstance(c.tag, str) and c.tag.startswith(_R):
                out |= _names_in(c, attribute=attribute)
        return out
    return {ANY}  # anyName, nsName


def _content(pattern: etree._Element) -> list[etree._Element]:
    """The content patterns of an element/attribute pattern (name class skipped)."""
    kids = [c for c in pattern if isinstance(c.tag, str) and c.tag.startswith(_R)]
    if pattern.get("name") is None and kids:
        kids = kids[1:]
    return kids


class Grammar:
    """One RELAX NG schema file: its index, and validators reduced per document."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.data = path.read_bytes()
        except OSError as exc:
            raise SchemaError(f"cannot read RELAX NG schema: {exc.strerror or exc}",
                              file=path) from None
        self.digest = cache.content_hash(b"rng", self.data)
        self._root: etree._Element | None = None
        self._index: dict[str, ElementInfo] | None = None
        self._validators: OrderedDict[str, etree.RelaxNG] = OrderedDict()
        self.reducible = len(self.data) > REDUCE_THRESHOLD
        self._models: ContentModels | None = None
        self.last_note = ""

    # -- parsing -----------------------------------------------------------------

    @property
    def root(self) -> etree._Element:
        if self._root is None:
            try:
                root = etree.fromstring(self.data, make_parser(),
                                        base_url=self.path.resolve().as_uri())
            except etree.XMLSyntaxError as exc:
                line, col = exc.position if exc.position else (None, None)
                raise SchemaError(f"RELAX NG schema is not well-formed XML: {exc.msg}",
                                  file=self.path, line=line, column=col) from None
            if root.tag not in (_R + "grammar", _R + "element"):
                raise SchemaError(
                    f"not a RELAX NG schema (root element {root.tag!r})", file=self.path)
            if any(True for _ in root.iter(_R + "include", _R + "externalRef")):
                self.reducible = False
            if any(True for _ in root.iter(_R + "grammar")) and root.tag == _R + "grammar" and \
                    sum(1 for _ in root.iter(_R + "grammar")) > 1:
                self.reducible = False
            self._root = root
        return self._root

    def _defines(self, root: etree._Element) -> dict[str, list[etree._Element]]:
        defines: dict[str, list[etree._Element]] = {}
        for d in root.iter(_R + "define"):
            defines.setdefault(d.get("name", ""), []).append(d)
        return defines

    # -- index of allowed children/attributes --------------------------------------

    def index(self) -> dict[str, ElementInfo]:
        if self._index is not None:
            return self._index
        raw = cache.load("rng-index", self.digest, ".json")
        if raw is not None:
            try:
                data = json.loads(raw)
                self._index = {k: ElementInfo(set(v[0]), set(v[1]), bool(v[2]))
                               for k, v in data.items()}
                return self._index
            except (ValueError, TypeError, IndexError):
                pass
        self._index = self._build_index()
        cache.BUILT["rng-index"] += 1
        payload = {k: [sorted(v.children), sorted(v.attributes), v.text]
                   for k, v in self._index.items()}
        cache.store("rng-index", self.digest, json.dumps(payload).encode(), ".json")
        return self._index

    def _build_index(self) -> dict[str, ElementInfo]:
        root = self.root
        defines = self._defines(root)
        index: dict[str, ElementInfo] = {}

        def walk(node: etree._Element, acc: ElementInfo, seen: set[str]) -> None:
            tag = node.tag
            if not isinstance(tag, str) or not tag.startswith(_R):
                return
            local = tag[len(_R):]
            if local == "element":
                acc.children |= _name_class(node, attribute=False)
                return
            if local == "attribute":
                acc.attributes |= _name_class(node, attribute=True)
                return
            if local in ("text", "data", "value", "list"):
                acc.text = True
                return
            if local in ("ref", "parentRef"):
                name = node.get("name", "")
                if name not in seen:
                    seen.add(name)
                    for d in defines.get(name, []):
                        for c in d:
                            walk(c, acc, seen)
                return
            if local in ("name", "anyName", "nsName", "except", "param", "notAllowed", "empty"):
                return
            if local == "mixed":
                acc.text = True
            for c in node:
                walk(c, acc, seen)

        for el in root.iter(_R + "element"):
            acc = ElementInfo(set(), set(), False)
            for c in _content(el):
                walk(c, acc, set())
            for name in _name_class(el, attribute=False):
                info = index.setdefault(name, ElementInfo(set(), set(), False))
                info.children |= acc.children
                info.attributes |= acc.attributes
                info.text |= acc.text
        start = ElementInfo(set(), set(), False)
        if root.tag == _R + "element":
            start.children |= _name_class(root, attribute=False)
        for s in root.iter(_R + "start"):
            for c in s:
                walk(c, start, set())
        index[START] = start
        return index

    def content_models(self) -> ContentModels:
        if self._models is None:
            self._models = ContentModels(self.root, None)
        return self._models

    # -- reduction -------------------------------------------------------------------

    def reduced(self, names: frozenset[str]) -> etree._Element:
        """A copy of the grammar in which only elements named in ``names`` exist."""
        root = copy.deepcopy(self.root)
        for el in list(root.iter(_R + "element")):
            if el.getroottree().getroot() is not root:
                continue  # inside an element pattern replaced already
            matches = _name_class(el, attribute=False)
            if ANY in matches or matches & names:
                continue
            parent = el.getparent()
            if parent is None:
                continue
            repl = etree.Element(_R + "notAllowed")
            repl.tail = el.tail
            parent.replace(el, repl)
        if root.tag == _R + "grammar":
            defines = self._defines(root)
            reachable: set[str] = set()
            todo = [n for s in root.iter(_R + "start") for n in s.iter(_R + "ref")]
            while todo:
                name = todo.pop().get("name", "")
                if name in reachable:
                    continue
                reachable.add(name)
                for d in defines.get(name, []):
                    todo.extend(d.iter(_R + "ref", _R + "parentRef"))
            for name, ds in defines.items():
                if name not in reachable:
                    for d in ds:
                        parent = d.getparent()
                        if parent is not None:
                            parent.remove(d)
        return root

    def _simplified(self, doc: etree._Element) -> tuple[etree._Element, bool]:
        """``doc`` with ``notAllowed`` propagated, unless libxml2 chokes on the result.

        Returns the grammar to compile and whether it is the simplified one.
        The choice is cached with the grammar, so each grammar pays for the
        trial compilation once.
        """
        fast = copy.deepcopy(doc)
        if not simplify.propagate_not_allowed(fast):
            return doc, False
        if simplify.compiles_in_time(fast, COMPILE_SECONDS):
            return fast, True
        return doc, False

    def validator(self, names: frozenset[str]) -> etree.RelaxNG:
        """A compiled validator for a document with these element names.

        The grammar libxml2 compiles is rewritten first (reduced to ``names``
        for large grammars, ``notAllowed`` propagated: :mod:`.simplify`) and
        cached on disk, so the next process only parses it.
        """
        _ = self.root  # parsing decides whether the grammar can be reduced
        full = not self.reducible
        key = cache.content_hash(self.digest, simplify.VERSION,
                                 "#full" if full else "\n".join(sorted(names)))
        hit = self._validators.get(key)
        if hit is not None:
            self._validators.move_to_end(key)
            self.last_note = "compiled grammar reused"
            return hit
        prefix = "" if full else f"grammar reduced to {len(names)} element names, "
        as_is = full and not simplify.self_contained(self.root)
        raw = None if as_is else cache.load("rng-reduced", key, ".rng")
        if as_is:
            doc = self.root  # includes resolve against the schema's own location
            self.last_note = "full grammar compiled"
        elif raw is not None:
            doc = etree.fromstring(raw, make_parser(), base_url=self.path.resolve().as_uri())
            self.last_note = f"{prefix or 'grammar '}read from the cache"
        else:
            doc = copy.deepcopy(self.root) if full else self.reduced(names)
            doc, simplified = self._simplified(doc)
            done = "notAllowed propagated" if simplified else (
                f"notAllowed left in place (libxml2 did not compile the simplified grammar"
                f" in {COMPILE_SECONDS:g} s)")
            cache.BUILT["rng-reduced"] += 1
            cache.store("rng-reduced", key, etree.tostring(doc), ".rng")
            self.last_note = f"{prefix}{done} (cached)"
        try:
            validator = etree.RelaxNG(doc)
        except etree.RelaxNGParseError as exc:
            entry = exc.error_log.last_error if exc.error_log else None
            msg = entry.message if entry is not None else str(exc)
            line = entry.line if entry is not None and entry.line else None
            raise SchemaError(f"RELAX NG schema does not load: {msg}", file=self.path,
                              line=line) from None
        self._validators[key] = validator
        while len(self._validators) > 16:
            self._validators.popitem(last=False)
        return validator


_GRAMMARS: dict[Path, Grammar] = {}


def grammar(path: Path) -> Grammar:
    key = path.resolve()
    g = _GRAMMARS.get(key)
    if g is None:
        g = Grammar(path)
        _GRAMMARS[key] = g
    return g


# --------------------------------------------------------------------------- validation


def _element_names(tree: etree._ElementTree) -> frozenset[str]:
    return frozenset(el.tag for el in tree.getroot().iter(etree.Element))


def validate(tree: etree._ElementTree, name: str, locator: Locator, schema: Path,
             names: frozenset[str] | None = None) -> list[Diagnostic]:
    """RELAX NG diagnostics for one parsed document (``names``: its element names)."""
    g = grammar(schema)
    root_el = tree.getroot()
    if names is None:
        names = _element_names(tree)
    if g.reducible:
        index = g.index()
        allowed_roots = index[START].children
        if ANY not in allowed_roots and root_el.tag not in allowed_roots:
            line, col = locator.position(root_el)
            return [Diagnostic(
                name, line, col, Severity.ERROR,
                f"<{_display(str(root_el.tag))}> cannot be the root element; "
                f"{schema.name} allows: {_list(allowed_roots)}", "root", PHASE)]
    validator = g.validator(names)
    if validator.validate(tree):
        return []
    log = list(validator.error_log)
    precise = _diagnose(tree, name, locator, g.index(), g.content_models())
    if precise:
        return precise
    return _translate(log, tree, name, locator, g.index())


def _diagnose(tree: etree._ElementTree, name: str, locator: Locator,
              index: dict[str, ElementInfo], models: ContentModels) -> list[Diagnostic]:
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
            where = f" in <{_display(ptag)}>" if parent is not None else ""
            hint = f"; <{_display(ptag)}> allows: {_list(pinfo.children)}" if pinfo else ""
            add(el, f"<{_display(tag)}>{where} is not an element of this schema{hint}",
                "unknown-element")
            continue
        if ANY not in info.attributes:
            for attr in el.attrib:
                if str(attr) not in info.attributes:
                    add(el, f"attribute {_display(str(attr))} is not allowed on <{_display(tag)}>;"
                        f" <{_display(tag)}> allows: {_list(info.attributes, prefix='@')}",
                        "attribute-not-allowed")
        problem = models.check(el)
        if problem is None:
            continue
        kind, child, allowed, previous = problem
        names = {n for n in allowed if n not in (TEXT, END)}
        expected = _list(names) if names else ""
        if TEXT in allowed:
            expected = f"{expected}, text" if expected else "text"
        if END in allowed:
            expected = f"{expected}, or the end of <{_display(tag)}>" if expected else \
                f"the end of <{_display(tag)}>"
        after = f" after <{_display(previous)}>" if previous else " at the start"
        if kind == "incomplete":
            add(el, f"<{_display(tag)}> is incomplete: missing {expected or 'content'}"
                f"{' after <' + _display(previous) + '>' if previous else ''}", "incomplete")
        elif kind == "text":
            add(child if child is not None else el,
                f"text is not allowed{after if child is not None else ''} in <{_display(tag)}>;"
                f" expected here: {expected}", "text-not-allowed")
        elif child is not None:
            ctag = str(child.tag)
            if ctag in index and ANY not in info.children and ctag not in info.children:
                add(child, f"<{_display(ctag)}> is not allowed in <{_display(tag)}>; "
                    f"<{_display(tag)}> allows: {_list(info.children)}", "element-not-allowed")
            elif ctag in index:
                add(child, f"<{_display(ctag)}> is not allowed here in <{_display(tag)}> "
                    f"({after.strip()}); expected: {expected}", "element-position")
    return out


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


def _translate(log: list[etree._LogEntry], tree: etree._ElementTree, name: str,
               locator: Locator, index: dict[str, ElementInfo]) -> list[Diagnostic]:
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
            return f"; <{_display(t)}> allows: {_list(info.children)}" if info else ""

        if kind == "missing" and m:
            what = (f"<{m.group(1)}> is required here" if m.group(1)
                    else "required content is missing")
            text = f"<{_display(tag)}> is incomplete: {what}{allows(tag)}"
        elif kind == "wrong" and m:
            text = f"expected <{m.group(1)}> here, found <{m.group(2)}>{allows(ptag)}"
        elif kind in ("unexpected", "extra") and node is not None:
            text = (f"<{_display(tag)}> is not allowed at this position in "
                    f"<{_display(ptag)}> (check the order and number of its children)"
                    f"{allows(ptag)}")
        elif kind == "attributes" and m:
            info = index.get(tag)
            names = _list(info.attributes, prefix="@") if info else "?"
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
