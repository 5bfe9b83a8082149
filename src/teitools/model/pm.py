"""The processing model of a compiled ODD, read and checked.

:func:`read_models` takes the :class:`~teitools.odd.Schema` the ODD compiler
made (chaining and ``elementSpec mode="change"`` already applied: a spec's
model children replace its parent's) and returns, per element, the models that
apply to one output, in the order the Guidelines give them precedence: every
conditional model (``@predicate``) in document order, then the unconditional
ones.  ``modelGrp`` passes its ``@output`` and ``@useSourceRendition`` to its
models; a ``modelSequence`` is one entry whose models all run, in order.

An unknown behaviour or a ``param`` the behaviour does not take is an
:class:`~teitools.errors.OddError` naming the ODD's ``file:line`` (with the nearest
behaviour's name); XPath is checked when the generated stylesheet is compiled
(:mod:`.stylesheet`).  Models for outputs teitools does not make (``print``, ``fo``,
``latex``, ``epub`` …) are not read at all.

A model in an ODD that declares TEI Publisher's namespace (:data:`PB_NS`) is read
the way Publisher reads it: its behaviours ``pass-through``, ``template``
(``pb:template``) and ``webcomponent`` are taken, ``pb:set-param`` and ``@pb:mode``
set parameters for the models below, a parameter the behaviour does not take is
ignored, and an unknown behaviour is a warning (rendered as ``pass-through``, as
Publisher does: the content, never dropped), not an error.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from lxml import etree

from ..diagnostics import Diagnostic, Severity
from ..errors import OddError
from ..odd.compile import Schema
from ..odd.model import line_of
from ..xmlio import TEI_NS
from .behaviours import BEHAVIOURS, OUTPUTS, PB_NS, PUBLISHER_BEHAVIOURS, SCOPES

PB = f"{{{PB_NS}}}"
#: every @output value some teitools output takes
PRODUCED = {value for values in OUTPUTS.values() for value in values}

T = f"{{{TEI_NS}}}"


@dataclass(frozen=True)
class Param:
    name: str
    value: str
    line: int | None = None


@dataclass(frozen=True)
class Rendition:
    css: str
    scope: str = ""


@dataclass
class Model:
    """One ``model``: a behaviour with its parameters, class and renditions."""

    behaviour: str
    predicate: str | None = None
    output: str | None = None
    css_class: tuple[str, ...] = ()
    use_source_rendition: bool = False
    params: list[Param] = field(default_factory=list)
    renditions: list[Rendition] = field(default_factory=list)
    line: int | None = None
    #: namespace prefixes in scope on the model element (for its XPath)
    namespaces: dict[str, str] = field(default_factory=dict)
    #: TEI Publisher's extensions: the model's ODD declares its namespace
    publisher: bool = False
    #: ``pb:template`` (behaviour template): its markup, [[name]] filled from the params
    template: etree._Element | None = None
    #: ``pb:set-param`` and ``@pb:mode`` (as 'mode'): parameters for the models below
    set_params: list[Param] = field(default_factory=list)
    file: str = ""


@dataclass
class Sequence:
    """A ``modelSequence``: its models run in order when its predicate holds."""

    models: list[Model]
    predicate: str | None = None
    output: str | None = None
    line: int | None = None
    namespaces: dict[str, str] = field(default_factory=dict)


Entry = Model | Sequence


@dataclass
class ElementModels:
    """The models of one element for one output, in precedence order."""

    ident: str
    ns: str
    entries: list[Entry]
    file: str


def _bool(value: str | None) -> bool:
    return (value or "").strip() in ("true", "1")


def _namespaces(el: etree._Element) -> dict[str, str]:
    return {k: v for k, v in el.nsmap.items() if k is not None and k not in ("xml",)}


def _warning(message: str, file: str, el: etree._Element, rule: str) -> Diagnostic:
    return Diagnostic(file, line_of(el), None, Severity.WARNING, message, rule=rule,
                      phase="model")


def is_publisher(el: etree._Element) -> bool:
    """True when ``el``'s ODD is written for TEI Publisher (:mod:`teitools.odd.publisher`)."""
    from ..odd.publisher import is_publisher_odd

    return is_publisher_odd(el)


def _declared_behaviour(el: etree._Element, behaviour: str) -> etree._Element | None:
    """The ``pb:behaviour`` of the ODD that declares ``behaviour`` for an output teitools
    makes, with a ``pb:template``."""
    for decl in el.getroottree().getroot().iter(PB + "behaviour"):
        output = (decl.get("output") or "").strip()
        if (decl.get("ident") == behaviour and (not output or output in PRODUCED)
                and decl.find(PB + "template") is not None):
            return decl
    return None


def _unknown_behaviour(behaviour: str) -> str:
    """The error for a behaviour of an ODD that is not TEI Publisher's (a typo, mostly)."""
    known = sorted(BEHAVIOURS)
    if behaviour in PUBLISHER_BEHAVIOURS:
        return (f"behaviour '{behaviour}' is TEI Publisher's: declare its namespace on the "
                f'ODD (xmlns:pb="{PB_NS}") to use Publisher\'s extensions')
    near = difflib.get_close_matches(behaviour, known, n=1)
    hint = f"did you mean '{near[0]}'? " if near else ""
    return f"unknown behaviour '{behaviour}' ({hint}TEI's behaviours: {', '.join(known)})"


def _parse_model(el: etree._Element, file: str, output: str | None, use_src: bool,
                 warnings: list[Diagnostic]) -> Model:
    behaviour = (el.get("behaviour") or "").strip()
    publisher = is_publisher(el)
    if not behaviour:
        raise OddError("model without @behaviour", file=file, line=line_of(el))
    template = el.find(PB + "template") if publisher else None
    defaults: list[Param] = []  # a declared behaviour's parameters
    takes: tuple[str, ...] | None
    if behaviour in BEHAVIOURS:
        takes = BEHAVIOURS[behaviour]
    elif publisher and behaviour in PUBLISHER_BEHAVIOURS:
        takes = PUBLISHER_BEHAVIOURS[behaviour]
        if behaviour == "template" and template is None:
            warnings.append(_warning("behaviour 'template' without pb:template: rendered as "
                                     "pass-through", file, el, "pm-template-missing"))
            behaviour = "pass-through"
    elif publisher and (declared := _declared_behaviour(el, behaviour)) is not None:
        # pb:behaviour in the ODD's header: a behaviour of the project's, a template
        template = declared.find(PB + "template")
        defaults = [Param(d.get("name", "").strip(), d.get("value", "").strip(), line_of(d))
                    for d in declared.iter(PB + "param") if (d.get("value") or "").strip()]
        behaviour, takes = "template", None
    elif publisher:
        # Publisher renders a behaviour it has no function for as its content
        near = difflib.get_close_matches(behaviour, [*BEHAVIOURS, *PUBLISHER_BEHAVIOURS], n=1)
        hint = f" (did you mean '{near[0]}'?)" if near else ""
        warnings.append(_warning(f"behaviour '{behaviour}'{hint} is not one teitools renders: "
                                 "its content is rendered as pass-through, as TEI Publisher "
                                 "renders a behaviour it has no function for",
                                 file, el, "pm-behaviour-unknown"))
        behaviour, takes = "pass-through", ("content",)
    else:
        raise OddError(_unknown_behaviour(behaviour), file=file, line=line_of(el))
    if template is not None and behaviour != "template":
        # Publisher fills the template whatever the behaviour's name (inline, block …)
        behaviour, takes = "template", None
    params: list[Param] = []
    set_params: list[Param] = []
    renditions: list[Rendition] = []
    given = {(c.get("name") or "").strip() for c in el if c.tag == T + "param"}
    params.extend(d for d in defaults if d.name not in given)
    for child in el:
        if child.tag in (T + "param", PB + "set-param"):
            name = (child.get("name") or "").strip()
            if takes is not None and name not in takes and child.tag == T + "param":
                if publisher:
                    continue  # as in Publisher: a parameter no function takes is unused
                what = ", ".join(takes) if takes else "no parameters"
                raise OddError(f"behaviour '{behaviour}' takes no parameter '{name}' "
                               f"(it takes: {what})", file=file, line=line_of(child))
            value = child.get("value")
            if value is None and publisher and len(child) == 0:
                # TEI Simple's (and Publisher's) older form: the XPath as the content
                value = (child.text or "").strip() or None
            if value is None or not value.strip():
                if publisher:
                    warnings.append(_warning(f"param '{name}' without @value: ignored", file,
                                             child, "pm-param-value"))
                    continue
                raise OddError(f"param '{name}' without @value", file=file,
                               line=line_of(child))
            (params if child.tag == T + "param" else set_params).append(
                Param(name, value.strip(), line_of(child)))
        elif child.tag == T + "outputRendition":
            scope = (child.get("scope") or "").strip()
            if scope not in SCOPES:
                raise OddError(f"outputRendition/@scope '{scope}' is not one of "
                               f"{', '.join(s for s in SCOPES if s)}", file=file,
                               line=line_of(child))
            css = " ".join("".join(str(t) for t in child.itertext()).split())
            renditions.append(Rendition(css, scope))
    mode = el.get(PB + "mode")
    if publisher and mode is not None and mode.strip():
        set_params.append(Param("mode", "'" + mode.strip().replace("'", "''") + "'",
                                line_of(el)))
    classes = tuple((el.get("cssClass") or "").split())
    own_src = el.get("useSourceRendition")
    return Model(
        behaviour=behaviour,
        predicate=(el.get("predicate") or "").strip() or None,
        output=(el.get("output") or "").strip() or output,
        css_class=classes,
        use_source_rendition=_bool(own_src) if own_src is not None else use_src,
        params=params,
        renditions=renditions,
        line=line_of(el),
        namespaces=_namespaces(el),
        publisher=publisher,
        template=template,
        set_params=set_params,
        file=file,
    )


def _produced(el: etree._Element, output: str | None) -> bool:
    """False for a model of an output teitools does not make (print, fo, latex …)."""
    value = (el.get("output") or "").strip() or output
    return value is None or value in PRODUCED


def _entries(children: list[etree._Element], file: str, output: str | None = None,
             use_src: bool = False, warnings: list[Diagnostic] | None = None) -> list[Entry]:
    warnings = warnings if warnings is not None else []
    out: list[Entry] = []
    for el in children:
        if not _produced(el, output):
            continue
        if el.tag == T + "model":
            out.append(_parse_model(el, file, output, use_src, warnings))
        elif el.tag == T + "modelSequence":
            seq_output = (el.get("output") or "").strip() or output
            own = el.get("useSourceRendition")
            seq_src = _bool(own) if own is not None else use_src
            models = [_parse_model(m, file, seq_output, seq_src, warnings)
                      for m in el if m.tag == T + "model" and _produced(m, seq_output)]
            out.append(Sequence(models, (el.get("predicate") or "").strip() or None,
                                seq_output, line_of(el), _namespaces(el)))
        elif el.tag == T + "modelGrp":
            grp_output = (el.get("output") or "").strip() or output
            own = el.get("useSourceRendition")
            grp_src = _bool(own) if own is not None else use_src
            out.extend(_entries([c for c in el if c.tag in (T + "model", T + "modelSequence")],
                                file, grp_output, grp_src, warnings))
    return out


def _for_output(entry: Entry, output: str) -> bool:
    wanted = OUTPUTS[output]
    return entry.output is None or entry.output in wanted


def order(entries: list[Entry]) -> list[Entry]:
    """Conditional entries first (in document order), then unconditional ones."""
    return ([e for e in entries if e.predicate] + [e for e in entries if not e.predicate])


def all_models(schema: Schema) -> dict[str, list[Entry]]:
    """Every element's entries, all outputs, document order (and checked)."""
    out: dict[str, list[Entry]] = {}
    for spec in schema.of_kind("element"):
        if spec.models:
            file = spec.models_file or spec.file or schema.odd_file
            out[spec.ident] = _entries(spec.models, file)
    return out


def read_models(schema: Schema, output: str,
                warnings: list[Diagnostic] | None = None) -> list[ElementModels]:
    """The models of every element of ``schema`` for ``output`` ('html' or 'text');
    the warnings of Publisher models go to ``warnings``."""
    if output not in OUTPUTS:
        raise ValueError(f"unknown output {output!r}")
    result: list[ElementModels] = []
    for spec in sorted(schema.of_kind("element"), key=lambda s: s.ident):
        if not spec.models:
            continue
        file = spec.models_file or spec.file or schema.odd_file
        entries = [e for e in _entries(spec.models, file, warnings=warnings)
                   if _for_output(e, output)]
        result.append(ElementModels(spec.ident, schema.element_ns(spec), order(entries), file))
    return result


# --------------------------------------------------------------------------- XPath


def expressions(entry: Entry) -> list[tuple[str, str, dict[str, str], int | None]]:
    """(what, XPath, namespaces, line) of every predicate and parameter of ``entry``."""
    out: list[tuple[str, str, dict[str, str], int | None]] = []
    if entry.predicate:
        out.append(("predicate", entry.predicate, entry.namespaces, entry.line))
    models = entry.models if isinstance(entry, Sequence) else [entry]
    for model in models:
        if isinstance(entry, Sequence) and model.predicate:
            out.append(("predicate", model.predicate, model.namespaces, model.line))
        for param in [*model.params, *model.set_params]:
            out.append((f"param '{param.name}'", param.value, model.namespaces,
                        param.line or model.line))
    return out


def entry_models(entry: Entry) -> list[Model]:
    return entry.models if isinstance(entry, Sequence) else [entry]
