"""The processing model compiled to an XSLT 3.0 stylesheet module, one per output.

The module holds one template per element with models (mode ``html`` or
``text``) that tries the models in precedence order and calls the behaviour
library (``xslt/html/behaviours.xsl``, ``xslt/text/behaviours.xsl``) through
``tt:behaviour``; an element whose models all have predicates that fail falls
through (``xsl:next-match``) to the fallback: ``block`` for elements the ODD
makes block-level, ``inline`` for all others, so no text is ever dropped
silently.  The CSS of ``outputRendition`` becomes classes ``tt-ELEMENT-N``.

The module is deterministic (same ODD, same bytes) and does not import the
library itself: :mod:`teitools.model.stylesheet` composes it with the library
of the installed teitools at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import OddError
from ..odd.compile import Schema
from ..odd.model import Spec, T
from ..xmlio import TEI_NS
from ..xmlio import xml_attr_value as _attr
from .behaviours import OUTPUTS
from .pm import ElementModels, Entry, Model, Param, Sequence, entry_models, expressions, read_models

XSL_NS = "http://www.w3.org/1999/XSL/Transform"
TT_NS = "urn:teitools:xslt"

#: Model classes whose members are block-level when they have no model of their own.
BLOCK_CLASSES = {
    "model.divLike", "model.divGenLike", "model.divPart", "model.pLike", "model.lLike",
    "model.listLike", "model.divTop", "model.divTopPart", "model.divBottom",
    "model.divBottomPart", "model.divWrapper", "model.frontPart", "model.pLike.front",
    "model.headLike", "model.stageLike", "model.egLike", "model.entryLike",
    "model.entryPart.top", "model.physDescPart", "model.titlepagePart", "model.personLike",
    "model.placeLike", "model.orgLike", "model.listEventLike",
}
#: Phrase-level classes: their members fall back to inline even when they hold no text.
PHRASE_CLASSES = {
    "model.phrase", "model.global", "model.qLike", "model.graphicLike", "model.segLike",
    "model.hiLike", "model.emphLike", "model.highlighted", "model.choicePart", "model.nameLike",
    "model.pPart.edit", "model.pPart.editorial", "model.pPart.transcriptional",
    "model.pPart.data", "model.pPart.msdesc", "model.ptrLike", "model.lPart", "model.attributable",
}
#: Elements the library itself renders when they have no model (document, header, standoff,
#: the transcription of the source, an utterance with who speaks).
LIBRARY_DEFAULTS = {"TEI", "teiCorpus", "teiHeader", "standOff", "facsimile", "text", "sourceDoc",
                    "surfaceGrp", "surface", "zone", "line", "u"}
#: Macros whose content is mixed (text and phrases): an element using one is not a container.
_MIXED = re.compile(r"macro\.(paraContent|phraseSeq|limitedContent|specialPara|xtext)")


def _css_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _xpath_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _classes_of(spec: Spec, pool: dict[str, Spec]) -> set[str]:
    seen: set[str] = set()
    todo = list(spec.member_of)
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        parent = pool.get(key)
        if parent is not None:
            todo.extend(parent.member_of)
    return seen


def _is_container(spec: Spec) -> bool:
    """Element content without text: a structure (msDesc, sp, lg, listPerson …)."""
    content = spec.content
    if content is None:
        return False
    text = _content_text(content)
    if "textNode" in text or _MIXED.search(text) or "anyElement" in text:
        return False
    names = set(re.findall(r'(?:elementRef|classRef|macroRef)\b[^>]*key="([^"]+)"', text))
    return bool(names)


def _content_text(content: etree._Element | None) -> str:
    return etree.tostring(content, encoding="unicode") if content is not None else ""


def block_elements(schema: Schema) -> list[tuple[str, str]]:
    """(namespace, name) of every element that falls back to ``block``: those of the
    schema and of its TEI source (a document rendered with --force may use any)."""
    out = []
    pool: dict[str, Spec] = dict(schema.source.specs) if schema.source is not None else {}
    pool.update(schema.specs)
    for spec in pool.values():
        if spec.kind != "element" or spec.ident in LIBRARY_DEFAULTS:
            continue
        classes = _classes_of(spec, pool)
        if (classes & BLOCK_CLASSES) or (_is_container(spec) and not classes & PHRASE_CLASSES):
            out.append((schema.element_ns(spec), spec.ident))
    return sorted(out, key=lambda x: (x[1], x[0]))


def container_elements(schema: Schema) -> list[str]:
    """Local names of the TEI elements whose content is elements only (msIdentifier,
    form, gramGrp …): their children are fields, kept apart when written side by side."""
    pool: dict[str, Spec] = dict(schema.source.specs) if schema.source is not None else {}
    pool.update(schema.specs)
    return sorted(spec.ident for spec in pool.values()
                  if spec.kind == "element" and schema.element_ns(spec) == TEI_NS
                  and spec.ident not in LIBRARY_DEFAULTS and _is_container(spec)
                  # a macro may hold text (macro.abContent …): only elements named outright
                  and "macroRef" not in _content_text(spec.content)
                  and not _classes_of(spec, pool) & PHRASE_CLASSES)


def _match(ns: str, ident: str) -> str:
    return f"tei:{ident}" if ns == TEI_NS else f"Q{{{ns}}}{ident}"


#: An expression that reads another document (Publisher's register in its database …):
#: evaluated inside xsl:try, so that a document not there costs the model, not the page.
_READS = re.compile(r"\b(doc|collection|unparsed-text|unparsed-text-lines|json-doc|document)\s*\(")
#: Publisher's runtime variables: $parameters (the request's, set by pb:set-param) and $mode.
_PB_VARS = re.compile(r"\$(parameters|mode)\b")
#: [[name]] in a pb:template
_PLACEHOLDER = re.compile(r"\[\[\s*([\w.-]+)\s*\]\]")


def _needs_pb(em: ElementModels) -> bool:
    """Whether the element's template must declare Publisher's $parameters / $mode."""
    for entry in em.entries:
        if any(_PB_VARS.search(expr) for _, expr, _, _ in expressions(entry)):
            return True
        if any(m.set_params for m in entry_models(entry)):
            return True
    return False


def _literal(css: str) -> str | None:
    """The text of ``content: '…'`` in a before/after rendition (for plain text)."""
    m = re.search(r"""content\s*:\s*(?:"([^"]*)"|'([^']*)')""", css)
    if m is None:
        return None
    return m.group(1) if m.group(1) is not None else m.group(2)


class _Writer:
    def __init__(self, output: str, unusable: dict[str, str] | None = None,
                 warnings: list[Diagnostic] | None = None) -> None:
        self.output = output
        self.lines: list[str] = []
        self.css: list[str] = []
        #: expressions teitools cannot evaluate (Publisher's XQuery): predicate false(),
        #: parameter left out (the behaviour's default, which keeps the content)
        self.unusable = unusable or {}
        self.warnings = warnings if warnings is not None else []
        self.pre: list[str] = []  # variables at the start of the element's template

    def test(self, expr: str) -> str:
        """The test of a predicate: false() when unusable, a tried variable when it reads
        another document."""
        if expr in self.unusable:
            return "false()"
        if not _READS.search(expr):
            return expr
        name = f"tt:p{len(self.pre) + 1}"
        self.pre.append(f'    <xsl:variable name="{name}" as="xs:boolean">'
                        f'<xsl:try select="boolean({_attr(expr)})">'
                        '<xsl:catch select="false()"/></xsl:try></xsl:variable>')
        return "$" + name

    def params(self, model: Model) -> list[Param]:
        return [p for p in model.params if p.value not in self.unusable]

    def call(self, model: Model, ident: str, n: int, indent: str) -> None:
        if model.behaviour == "template" and model.template is not None:
            self.template(model, indent)
            return
        out = self.lines
        out.append(f"{indent}<xsl:call-template name=\"tt:behaviour\">")
        inner = indent + "  "
        out.append(_with_param(inner, "behaviour", _xpath_string(model.behaviour)))
        if model.css_class:
            classes = ", ".join(_xpath_string(c) for c in model.css_class)
            out.append(_with_param(inner, "class", "(" + classes + ")"))
        if model.renditions:
            name = f"tt-{ident}-{n}"
            out.append(_with_param(inner, "rendition", _xpath_string(name)))
            for r in model.renditions:
                pseudo = {"": "", "before": "::before", "after": "::after",
                          "first-line": "::first-line", "first-letter": "::first-letter"}[r.scope]
                if r.css:
                    self.css.append(f".{name}{pseudo} {{ {r.css.rstrip(';').strip()}; }}")
            for scope in ("before", "after"):
                texts = [t for r in model.renditions if r.scope == scope
                         for t in [_literal(r.css)] if t is not None]
                if texts:
                    out.append(_with_param(inner, scope, _xpath_string("".join(texts))))
        if model.use_source_rendition:
            out.append(_with_param(inner, "source-rendition", "true()"))
        params = self.params(model)
        if params and not any(_READS.search(p.value) for p in params):
            entries = ", ".join(f"{_xpath_string(p.name)}: ({p.value})" for p in params)
            out.append(_with_param(inner, "params", "map { " + entries + " }"))
        elif params:
            # a parameter that reads another document is left out when that fails
            out.append(f'{inner}<xsl:with-param name="params" as="map(*)">')
            out.append(f"{inner}  <xsl:map>")
            for p in params:
                entry = (f'<xsl:map-entry key="{_attr(_xpath_string(p.name))}" '
                         f'select="{_attr("(" + p.value + ")")}"/>')
                if _READS.search(p.value):
                    entry = f"<xsl:try>{entry}<xsl:catch/></xsl:try>"
                out.append(f"{inner}    {entry}")
            out.append(f"{inner}  </xsl:map>")
            out.append(f"{inner}</xsl:with-param>")
        self.set_params(model, inner)
        out.append(f"{indent}</xsl:call-template>")

    def set_params(self, model: Model, indent: str) -> None:
        """pb:set-param / @pb:mode: Publisher's parameters of every model below."""
        usable = [p for p in model.set_params if p.value not in self.unusable]
        if usable:
            entries = ", ".join(f"{_xpath_string(p.name)}: ({p.value})" for p in usable)
            self.lines.append(_with_param(
                indent, "tt:pb", "map:merge(($tt:pb, map { " + entries + " }), "
                "map { 'duplicates': 'use-last' })", tunnel=True))

    def template(self, model: Model, indent: str) -> None:
        """A pb:template written out: its markup (HTML; its text alone in plain text),
        each [[name]] the named parameter processed (content: the element's content)."""
        assert model.template is not None
        values = {p.name: p.value for p in self.params(model)}
        process = "tt:process" if self.output == "html" else "tt:text-process"
        unknown: set[str] = set()

        def placeholder(name: str) -> str | None:
            if name in values:
                return values[name]
            if name == "content":
                return "."
            unknown.add(name)
            return None

        def text(value: str, ind: str) -> list[str]:
            lines = []
            pos = 0
            for m in _PLACEHOLDER.finditer(value):
                if m.start() > pos:
                    lines.append(f"{ind}<xsl:text>{_text(value[pos:m.start()])}</xsl:text>")
                expr = placeholder(m.group(1))
                if expr is not None:
                    items = f"tt:content(map {{ 'content': ({expr}) }}, .)"
                    lines.append(f'{ind}<xsl:call-template name="{process}">'
                                 f"{_with_param('', 'items', items)}</xsl:call-template>")
                pos = m.end()
            if pos < len(value):
                lines.append(f"{ind}<xsl:text>{_text(value[pos:])}</xsl:text>")
            return lines

        def avt(value: str) -> str:
            parts = []
            pos = 0
            for m in _PLACEHOLDER.finditer(value):
                parts.append(value[pos:m.start()].replace("{", "{{").replace("}", "}}"))
                expr = placeholder(m.group(1))
                if expr is not None:
                    parts.append("{string-join((" + expr + ") ! string(.), ' ')}")
                pos = m.end()
            parts.append(value[pos:].replace("{", "{{").replace("}", "}}"))
            return _attr("".join(parts))

        def node(el: etree._Element, ind: str) -> list[str]:
            lines: list[str] = []
            if isinstance(el.tag, str):
                if self.output == "html":
                    name = etree.QName(el).localname
                    atts = "".join(f' {etree.QName(k).localname}="{avt(str(v))}"'
                                   for k, v in el.attrib.items()
                                   if etree.QName(k).namespace is None)
                    lines.append(f"{ind}<{name}{atts}>")
                    lines.extend(children(el, ind + "  "))
                    lines.append(f"{ind}</{name}>")
                else:
                    lines.extend(children(el, ind))
            if el.tail:
                lines.extend(text(el.tail, ind))
            return lines

        def children(el: etree._Element, ind: str) -> list[str]:
            lines = text(el.text, ind) if el.text else []
            for child in el:
                lines.extend(node(child, ind))
            return lines

        self.lines.extend(children(model.template, indent))
        for name in sorted(unknown):
            self.warnings.append(Diagnostic(
                model.file, model.line, None, Severity.WARNING,
                f"pb:template placeholder [[{name}]] names no param of the model: left empty",
                rule="pm-template-placeholder", phase="model"))

    def entry(self, entry: Entry, ident: str, counter: list[int], indent: str) -> None:
        if isinstance(entry, Sequence):
            for model in entry.models:
                counter[0] += 1
                if model.predicate:
                    test = _attr(self.test(model.predicate))
                    self.lines.append(f"{indent}<xsl:if test=\"{test}\">")
                    self.call(model, ident, counter[0], indent + "  ")
                    self.lines.append(f"{indent}</xsl:if>")
                else:
                    self.call(model, ident, counter[0], indent)
        else:
            counter[0] += 1
            self.call(entry, ident, counter[0], indent)

    def element(self, em: ElementModels) -> None:
        mode = self.output
        out = self.lines
        # the ODD by name only: the module must not depend on where the project lives
        out.append(f"  <!-- {em.ident}: {Path(em.file).name} -->")
        out.append(f"  <xsl:template match=\"{_attr(_match(em.ns, em.ident))}\" mode=\"{mode}\">")
        if _needs_pb(em):
            # TEI Publisher's $parameters: the document's root, a whole-document view, and
            # what pb:set-param / @pb:mode above set; none of the request's parameters
            out.append('    <xsl:param name="tt:pb" as="map(*)" tunnel="yes" select="map {}"/>')
            out.append('    <xsl:variable name="parameters" as="map(*)" select="map:merge(('
                       "map { 'root': root(.), 'view': 'single' }, $tt:pb), "
                       "map { 'duplicates': 'use-last' })\"/>")
            out.append('    <xsl:variable name="mode" as="item()*" select="$parameters?mode"/>')
        start = len(out)
        self.pre = []
        counter = [0]
        conditional = [e for e in em.entries if e.predicate]
        unconditional = [e for e in em.entries if not e.predicate]
        if not conditional and unconditional:
            self.entry(unconditional[0], em.ident, counter, "    ")
        else:
            out.append("    <xsl:choose>")
            for e in conditional:
                out.append(f"      <xsl:when test=\"{_attr(self.test(e.predicate or ''))}\">")
                self.entry(e, em.ident, counter, "        ")
                out.append("      </xsl:when>")
            out.append("      <xsl:otherwise>")
            if unconditional:
                self.entry(unconditional[0], em.ident, counter, "        ")
            else:
                out.append("        <xsl:next-match/>")
            out.append("      </xsl:otherwise>")
            out.append("    </xsl:choose>")
        out[start:start] = self.pre
        out.append("  </xsl:template>")


def _with_param(indent: str, name: str, select: str, *, tunnel: bool = False) -> str:
    tun = ' tunnel="yes"' if tunnel else ""
    return f'{indent}<xsl:with-param name="{name}" select="{_attr(select)}"{tun}/>'



def model_namespaces(models: list[ElementModels]) -> dict[str, str]:
    found: dict[str, str] = {}
    for em in models:
        for entry in em.entries:
            inner = entry.models if isinstance(entry, Sequence) else [entry]
            for ns in [entry.namespaces, *(m.namespaces for m in inner)]:
                for prefix, uri in ns.items():
                    if prefix not in ("xsl", "xs", "tei", "tt", "map", "array", "fn", "math"):
                        found.setdefault(prefix, uri)
    return dict(sorted(found.items()))


def exemplar_dir() -> Path:
    """The shipped exemplar ODDs (tei_simplePrint.odd, the base of every processing model)."""
    return Path(str(resources.files("teitools") / "data" / "exemplars"))


@lru_cache(maxsize=1)
def _simple_print() -> Schema:
    from ..odd.compile import compile_odd

    return compile_odd(exemplar_dir() / "tei_simplePrint.odd")


def base_models(output: str) -> dict[str, ElementModels]:
    """tei_simplePrint's models, which every ODD's processing model chains to."""
    return {em.ident: em for em in read_models(_simple_print(), output)}


#: ``<?teitools-module output="html" href="…"?>`` in an ODD: an XSLT module of the
#: project (document-level apparatus, the project's rendering of a behaviour) that the
#: generated stylesheet imports; ``href`` is relative to the ODD, beside which
#: ``schema build`` writes the generated modules.
_MODULE_PI = "teitools-module"
_PSEUDO_ATT = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')


def project_modules(odd_file: str | Path, output: str) -> list[str]:
    """The hrefs of the ``teitools-module`` processing instructions of ``odd_file``
    for ``output`` (in document order)."""
    try:
        tree = etree.parse(str(odd_file), etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
    except (OSError, etree.XMLSyntaxError):
        return []
    out = []
    for pi in tree.iter(etree.ProcessingInstruction):
        if not isinstance(pi, etree._ProcessingInstruction) or pi.target != _MODULE_PI:
            continue
        atts = dict(_PSEUDO_ATT.findall(pi.text or ""))
        href = atts.get("href", "").strip()
        line = pi.sourceline if isinstance(pi.sourceline, int) else None
        kind = atts.get("output", "html").strip()
        if kind not in OUTPUTS:
            raise OddError(f"<?{_MODULE_PI} output={kind!r}?>: teitools writes the outputs "
                           f"{', '.join(map(repr, OUTPUTS))}", file=odd_file, line=line)
        if not href:
            raise OddError(f"<?{_MODULE_PI}?> without an href", file=odd_file, line=line)
        if kind != output:
            continue
        target = Path(odd_file).parent / href
        if not target.is_file():
            raise OddError(f"<?{_MODULE_PI} href={href!r}?> points to a missing file "
                           f"({target.resolve()})", file=odd_file, line=line)
        out.append(href)
    return out


def generate(schema: Schema, output: str, odd_name: str, models_source: str, *,
             chain_default: bool = True, unusable: dict[str, str] | None = None,
             warnings: list[Diagnostic] | None = None) -> str:
    """The XSLT module of ``schema``'s processing model for ``output`` ('html'/'text').

    With ``chain_default`` an element the ODD gives no model takes tei_simplePrint's
    (when the element is in the schema): every processing model chains to TEI's default.
    ``unusable``: expressions that do not compile (Publisher's XQuery), each replaced by
    its fallback; ``warnings`` receives what the models' reading found.
    """
    # an element whose models are all for another output has none for this one
    models = [em for em in read_models(schema, output, warnings) if em.entries]
    if chain_default and schema.ident != "tei_simplePrint":
        own = {em.ident for em in models}
        elements = {s.ident for s in schema.of_kind("element")
                    if schema.element_ns(s) == TEI_NS}
        models += [em for ident, em in base_models(output).items()
                   if ident not in own and ident in elements]
        models.sort(key=lambda em: em.ident)
    w = _Writer(output, unusable, warnings)
    for em in models:
        w.element(em)
    blocks = block_elements(schema)
    with_model = {(em.ns, em.ident) for em in models}
    fallback = [b for b in blocks]
    nss = model_namespaces(models)
    ns_decl = "".join(f'\n    xmlns:{p}="{_attr(u)}"' for p, u in nss.items())
    what = "HTML" if output == "html" else "plain-text"
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f"<!-- The {what} processing model of {odd_name}, generated by teitools from "
        f"{models_source}. Do not edit: edit the ODD and run `teitools schema build`. "
        f"teitools runs it with its behaviour library (xslt/{output}/pm.xsl). -->",
        f'<xsl:stylesheet version="3.0" xmlns:xsl="{XSL_NS}"',
        '    xmlns:xs="http://www.w3.org/2001/XMLSchema"',
        f'    xmlns:tei="{TEI_NS}"',
        f'    xmlns:tt="{TT_NS}"',
        '    xmlns:map="http://www.w3.org/2005/xpath-functions/map"' + ns_decl,
        f'    xpath-default-namespace="{TEI_NS}"',
        '    exclude-result-prefixes="#all">',
        "",
        *(f'  <xsl:import href="{_attr(href)}"/>'
          for href in (project_modules(schema.odd_file, output) if schema.odd_file else [])),
        '  <xsl:variable name="tt:model-name" as="xs:string" '
        f'select="{_attr(_xpath_string(odd_name))}"/>',
        "",
        "  <!-- The CSS of the models' outputRendition. -->",
        "  <xsl:variable name=\"tt:model-css\" as=\"xs:string\">",
        "    <xsl:text>" + _text("\n".join(w.css) + ("\n" if w.css else "")) + "</xsl:text>",
        "  </xsl:variable>",
        "",
    ]
    tail: list[str] = [
        "",
        "  <!-- TEI elements whose content is elements only: their children are fields "
        "(tt:is-field). -->",
        '  <xsl:variable name="tt:containers" as="map(xs:string, xs:boolean)"',
        f"      select=\"map:merge(tokenize('{_attr(' '.join(container_elements(schema)))}') "
        '! map:entry(., true()))"/>',
    ]
    if fallback:
        tail.append("")
        tail.append("  <!-- Block-level elements without a model of their own "
                    "(or whose models' predicates all fail), as {namespace}name: one rule "
                    "and a map look-up, which Saxon compiles far faster than a union "
                    "pattern of every name. -->")
        names = " ".join(f"{{{ns}}}{ident}" for ns, ident in fallback)
        tail.append('  <xsl:variable name="tt:fallback-blocks" as="map(xs:string, xs:boolean)"')
        tail.append(f"      select=\"map:merge(tokenize('{_attr(names)}') "
                    '! map:entry(., true()))"/>')
        tail.append(f'  <xsl:template match="*[map:contains($tt:fallback-blocks, '
                    f"'{{' || namespace-uri() || '}}' || local-name())]\" mode=\"{output}\" "
                    'priority="-0.5">')
        tail.append("    <xsl:call-template name=\"tt:behaviour\">")
        tail.append("      <xsl:with-param name=\"behaviour\" select=\"'block'\"/>")
        tail.append("    </xsl:call-template>")
        tail.append("  </xsl:template>")
    del with_model
    return "\n".join([*head, *w.lines, *tail, "", "</xsl:stylesheet>", ""])


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tei_elements(schema: Schema) -> set[str]:
    return {s.ident for s in schema.of_kind("element") if schema.element_ns(s) == TEI_NS}


__all__ = ["T", "block_elements", "container_elements", "generate"]
