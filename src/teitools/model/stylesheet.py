"""Compiling an ODD's processing model, and finding the one a document renders with.

:func:`compile_model` turns an ODD into its two stylesheet modules (HTML and
plain text), cached on disk by the content hash of the ODD (and the ODDs it
chains to) and of teitools' generator, and checks each one by compiling it with
the behaviour library: a predicate or parameter that is not XPath is an
:class:`~teitools.errors.OddError` at the model's ``file:line``.

:func:`find_model` is the look-up ``teitools html`` / ``text`` / ``build`` do
for a document: ``html`` / ``text`` in ``[tool.teitools]`` of the nearest
``pyproject.toml``, else the one ``schema/*.html.xsl`` (``*.text.xsl``) of the
project, else the default, TEI's own ``tei_simplePrint`` (shipped compiled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..errors import OddError, TransformError
from ..project import nearest_pyproject, tool_table
from ..xmlio import xml_attr_value

if TYPE_CHECKING:  # the ODD compiler is imported only to compile: rendering stays light
    from ..odd.compile import Schema

OUTPUT_SUFFIX = {"html": ".html.xsl", "text": ".text.xsl"}
DEFAULT_MODEL = "tei_simplePrint"


def library_dir() -> Path:
    return Path(str(resources.files("teitools") / "data" / "xslt"))


def default_module(output: str) -> Path:
    """The shipped, compiled processing model of tei_simplePrint for ``output``."""
    return library_dir() / "models" / f"{DEFAULT_MODEL}{OUTPUT_SUFFIX[output]}"


def driver_text(module: Path, output: str) -> str:
    """The stylesheet teitools runs: the behaviour library, then the model module."""
    library = (library_dir() / output / "pm.xsl").resolve().as_uri()
    return (
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:import href="{library}"/>'
        f'<xsl:include href="{module.resolve().as_uri()}"/>'
        "</xsl:stylesheet>"
    )


def is_model_module(path: Path) -> bool:
    """True for a module generated from a processing model (not a whole stylesheet)."""
    try:
        head = path.read_text(encoding="utf-8")[:4000]
    except OSError:
        return False
    return 'name="tt:model-name"' in head


# --------------------------------------------------------------------------- compile


def _chain_bytes(odd: Path, seen: set[Path] | None = None) -> list[bytes]:
    """The bytes of ``odd`` and of every ODD it chains to (schemaSpec/@source)."""
    seen = seen or set()
    path = odd.resolve()
    if path in seen:
        return []
    seen.add(path)
    try:
        data = path.read_bytes()
    except OSError:
        return []
    out = [data]
    for m in re.finditer(rb'<schemaSpec\b[^>]*\bsource="([^"]+)"', data):
        ref = m.group(1).decode("utf-8", "replace")
        if ref.startswith(("tei:", "http:", "https:")):
            continue
        out.extend(_chain_bytes(path.parent / ref, seen))
    return out


def _generator_hash() -> bytes:
    here = Path(__file__).parent
    return b"".join((here / name).read_bytes()
                    for name in ("behaviours.py", "pm.py", "generate.py", "stylesheet.py"))


@dataclass
class CompiledModel:
    name: str
    modules: dict[str, str]  # output -> XSLT module text
    cached: bool = False
    #: what compiling found in TEI Publisher models (not stored in the cache)
    warnings: list[Diagnostic] = field(default_factory=list)


def compile_model(odd: str | Path, source: str | Path | None = None, *,
                  schema: Schema | None = None, check: bool = True,
                  use_cache: bool = True, chain_default: bool = True) -> CompiledModel:
    """The HTML and text modules of ``odd``'s processing model (cached by content).

    ``chain_default``: elements the ODD gives no model take tei_simplePrint's.
    """
    from ..validate.cache import DiskCache, content_hash

    cache = DiskCache()
    odd_path = Path(odd)
    key = content_hash(__version__, _generator_hash(), str(source or ""), str(chain_default),
                             *_chain_bytes(odd_path))
    if use_cache and schema is None:
        html_bytes = cache.load("pm", key, ".html.xsl")
        text_bytes = cache.load("pm", key, ".text.xsl")
        if html_bytes is not None and text_bytes is not None:
            name = re.search(rb'select="\'([^\']*)\'"/>', html_bytes)
            return CompiledModel(name.group(1).decode() if name else odd_path.stem,
                                 {"html": html_bytes.decode(), "text": text_bytes.decode()},
                                 cached=True)
    if schema is None:
        from ..odd.compile import compile_odd

        schema = compile_odd(odd_path, source)
    from .generate import generate

    found: list[Diagnostic] = []
    unusable = unusable_expressions(schema, found)
    modules = {out: generate(schema, out, schema.ident, odd_path.name,
                             chain_default=chain_default, unusable=unusable, warnings=found)
               for out in OUTPUT_SUFFIX}
    warnings = sorted(set(found), key=lambda d: (d.file, d.line or 0, d.message))
    if check:
        for out, text in modules.items():
            check_module(absolute_imports(text, odd_path.parent), out, schema)
    if use_cache:
        for out, text in modules.items():
            cache.store("pm", key, text.encode("utf-8"), OUTPUT_SUFFIX[out])
    return CompiledModel(schema.ident, modules, warnings=warnings)


_IMPORT = re.compile(r'(<xsl:import href=")([^"]+)(")')


def absolute_imports(text: str, base: Path) -> str:
    """``text`` with the relative hrefs of its ``xsl:import``s (the project's modules,
    relative to the ODD) resolved against ``base``, to compile it elsewhere."""
    def resolve(m: re.Match[str]) -> str:
        href = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):
            return m.group(0)
        return m.group(1) + (base / href).resolve().as_uri() + m.group(3)

    return _IMPORT.sub(resolve, text)


def relocate_imports(text: str, odd_dir: Path, out_dir: Path) -> str:
    """``text`` (written beside the ODD) with its relative imports made relative to
    ``out_dir``, where ``schema build --out`` writes it instead."""
    import os

    def move(m: re.Match[str]) -> str:
        href = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:", href):
            return m.group(0)
        target = os.path.normpath(odd_dir.absolute() / href)
        return m.group(1) + Path(os.path.relpath(target, out_dir.absolute())).as_posix() \
            + m.group(3)

    if odd_dir.resolve() == out_dir.resolve():
        return text
    return _IMPORT.sub(move, text)


def _compile_text(text: str, output: str) -> str | None:
    """None when the module compiles with the library, else Saxon's message."""
    import tempfile

    from saxonche import PySaxonApiError

    from .. import saxon
    from ..render.xslt import _first_line

    with tempfile.TemporaryDirectory(prefix="teitools-pm-") as tmp:
        module = Path(tmp) / f"model{OUTPUT_SUFFIX[output]}"
        module.write_text(text, encoding="utf-8")
        compiler = saxon.processor().new_xslt30_processor()
        try:
            result = compiler.compile_stylesheet(stylesheet_text=driver_text(module, output))
        except PySaxonApiError as exc:
            return _first_line(exc)
        return None if result is not None else "does not compile"


def _probe(expr: str, namespaces: dict[str, str], output: str) -> str | None:
    decl = "".join(f' xmlns:{p}="{u}"' for p, u in namespaces.items()
                   if p not in ("xsl", "xs", "tei", "tt"))
    text = (
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0" '
        f'xmlns:tt="urn:teitools:xslt"{decl} '
        'xpath-default-namespace="http://www.tei-c.org/ns/1.0">'
        '<xsl:variable name="tt:model-name" as="xs:string" select="\'probe\'"/>'
        '<xsl:variable name="tt:model-css" as="xs:string" select="\'\'"/>'
        f'<xsl:template match="*" mode="tt:probe"><xsl:sequence select="{xml_attr_value(expr)}"/>'
        "</xsl:template></xsl:stylesheet>"
    )
    return _compile_text(text, output)


_SAXON_CODE = re.compile(r"\b((?:XP|XT|FO)[A-Z]{2}\d{4})\s+(.*)")


def _static_error(expr: str, namespaces: dict[str, str]) -> str | None:
    """Saxon's static error for ``expr`` as a model's XPath (no library: about 1 ms), or
    None.  Publisher's $parameters and $mode are declared, as generate declares them."""
    from saxonche import PySaxonApiError

    from .. import saxon

    decl = "".join(f' xmlns:{p}="{xml_attr_value(u)}"' for p, u in namespaces.items()
                   if p not in ("xsl", "xs", "tei", "map"))
    text = (
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0" '
        'xmlns:map="http://www.w3.org/2005/xpath-functions/map"'
        f'{decl} xpath-default-namespace="http://www.tei-c.org/ns/1.0">'
        '<xsl:param name="parameters" as="map(*)" select="map {}"/>'
        '<xsl:param name="mode" as="item()*" select="()"/>'
        f'<xsl:template match="*" mode="probe"><xsl:sequence select="{xml_attr_value(expr)}"/>'
        "</xsl:template></xsl:stylesheet>"
    )
    try:
        saxon.processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=text)
    except PySaxonApiError as exc:
        m = _SAXON_CODE.search(str(exc))
        return f"{m.group(1)} {m.group(2).strip()}" if m else str(exc).strip().splitlines()[0]
    return None


def unusable_expressions(schema: Schema, warnings: list[Diagnostic]) -> dict[str, str]:
    """The predicates and parameters of TEI Publisher models that are not XPath teitools can
    evaluate (XQuery, Publisher's own functions), each with Saxon's reason; a warning for
    each, and for those that read from eXist's database (/db/…), to ``warnings``.

    Their fallback (generate): a predicate is false (the next model applies), a
    parameter is left out (the behaviour's default: for content, the element's content).
    """
    from .pm import entry_models, expressions, read_models

    out: dict[str, str] = {}
    seen: set[tuple[str, int | None, str]] = set()
    for output in OUTPUT_SUFFIX:
        for em in read_models(schema, output):
            for entry in em.entries:
                if not any(m.publisher for m in entry_models(entry)):
                    continue
                for what, expr, nss, line in expressions(entry):
                    if (em.file, line, expr) in seen or "tt:" in expr:
                        continue
                    seen.add((em.file, line, expr))
                    reason = out.get(expr) or _static_error(expr, nss)
                    shown = " ".join(expr.split())
                    shown = shown if len(shown) <= 100 else shown[:99] + "…"
                    where = f"{what} of element '{em.ident}' ({shown!r})"
                    if reason is not None:
                        out[expr] = reason
                        fallback = ("the model is not used (its predicate is taken as false)"
                                    if what == "predicate" else
                                    "left out: the element's content is rendered instead"
                                    if what == "param 'content'" else
                                    "left out (the behaviour's default applies)")
                        warnings.append(Diagnostic(
                            em.file, line, None, Severity.WARNING,
                            f"{where} is not XPath teitools can evaluate: {reason}; "
                            f"{fallback}", rule="pm-xpath-unusable", phase="model"))
                    elif re.search(r"""\b(doc|collection)\s*\(\s*["']/db/""", expr):
                        warnings.append(Diagnostic(
                            em.file, line, None, Severity.WARNING,
                            f"{where} reads from TEI Publisher's database (/db/…), which is "
                            "not there outside eXist: tried when rendering, and left out "
                            "when it fails", rule="pm-xpath-database", phase="model"))
    return out


def check_module(text: str, output: str, schema: Schema) -> None:
    """Compile ``text``; if it fails, find the model responsible and raise OddError."""
    from .pm import expressions, read_models

    reason = _compile_text(text, output)
    if reason is None:
        return
    for em in read_models(schema, output):
        for entry in em.entries:
            for what, expr, nss, line in expressions(entry):
                why = _probe(expr, nss, output)
                if why is not None:
                    raise OddError(f"{what} of element '{em.ident}' is not valid XPath "
                                   f"({expr!r}): {why}", file=em.file, line=line)
    raise OddError(f"the processing model does not compile: {reason}", file=schema.odd_file)


# --------------------------------------------------------------------------- look-up


@dataclass
class ModelChoice:
    """The stylesheet a document renders with and why."""

    path: Path
    is_model: bool  # a processing-model module (run with the library) or a whole stylesheet
    reason: str

    def describe(self) -> str:
        what = "processing model" if self.is_model else "stylesheet"
        return f"{what} {self.path} ({self.reason})"


def _tool_setting(pyproject: Path, output: str) -> str | None:
    tool = tool_table(pyproject, TransformError)
    value = tool.get(output)
    if value is None:
        section = tool.get("render", {})
        value = section.get(output) if isinstance(section, dict) else None
    if value is not None and not isinstance(value, str):
        raise TransformError(f"[tool.teitools] {output} must be a path string", file=pyproject)
    return value


def find_model(doc_path: Path | None, output: str) -> ModelChoice:
    """The model (or stylesheet) for a document: [tool.teitools], schema/, the default."""
    start = doc_path.resolve().parent if doc_path is not None else Path.cwd()
    pyproject = nearest_pyproject(start)
    if pyproject is not None:
        value = _tool_setting(pyproject, output)
        if value is not None:
            path = pyproject.parent / value
            if not path.is_file():
                raise TransformError(f"[tool.teitools] {output} = {value!r}: no such file "
                                     f"({path})", file=pyproject)
            return ModelChoice(path, is_model_module(path), f"[tool.teitools] in {pyproject}")
    roots = [pyproject.parent] if pyproject is not None else [start, *start.parents]
    for root in roots:
        found = sorted((root / "schema").glob(f"*{OUTPUT_SUFFIX[output]}"))
        if len(found) == 1:
            return ModelChoice(found[0], is_model_module(found[0]),
                               f"the project's model in {root / 'schema'}")
        if len(found) > 1:
            names = ", ".join(p.name for p in found)
            raise TransformError(f"several processing models ({names}): choose one with "
                                 f"'{output} = ...' in [tool.teitools]", file=root / "schema")
    return ModelChoice(default_module(output), True,
                       "the default: TEI's tei_simplePrint processing model")


def regenerate_default() -> list[Path]:
    """Rewrite the shipped xslt/models/tei_simplePrint.{html,text}.xsl (after a change to
    the generator or the ODD); tests/model checks they are current."""
    from ..xmlio import atomic_write
    from .generate import exemplar_dir

    compiled = compile_model(exemplar_dir() / f"{DEFAULT_MODEL}.odd", use_cache=False)
    return [atomic_write(default_module(out), text) for out, text in compiled.modules.items()]
