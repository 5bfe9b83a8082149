"""The HTML and plain-text editions of a TEI document.

``render_html`` / ``render_text`` write a file atomically and return its
path (``teitools build`` calls them); ``html_edition`` / ``text_edition``
return the edition as a string.  ``load_tei`` is the gate before a
transformation: the document must be well-formed TEI (``TEI`` or ``teiCorpus``,
:func:`teitools.xmlio.require_tei`, the gate every command shares), and
``check_validity`` runs the project's validation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

from lxml import etree

from .. import __version__
from ..diagnostics import Diagnostic, Severity
from ..errors import InputError, NotRenderableError, NotTeiError
from ..xmlio import InputDocument, atomic_write, parse_tei, read_bytes, require_tei
from .xslt import transform

if TYPE_CHECKING:
    from ..model import ModelChoice
    from ..validate import SchemaOptions

#: What a caller may pass as the document: a path, a tree lxml parsed, or a command's input.
Source = str | Path | etree._ElementTree | InputDocument

DEFAULT_WIDTH = 72
DEFAULT_SNIPPET_WORDS = 12


@dataclass
class Document:
    """A parsed TEI document and the name used for it in messages."""

    tree: etree._ElementTree
    name: str
    path: Path | None = None


@dataclass
class ValidityReport:
    """What validation found before a transformation."""

    #: True when validation ran (a schema was found) and found no error.
    valid: bool
    #: True when no schema could be used: only well-formedness and the root were checked.
    unchecked: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]


def load_tei(source: Source) -> Document:
    """Parse (hardened) and check that the root is ``TEI`` or ``teiCorpus`` (the TEI gate).

    A file that cannot be read, or whose root is not TEI (there is nothing an
    edition could be made of), raises an :class:`InputError` (exit 2); one that
    is not well-formed raises :class:`InvalidDocumentError` (exit 1).
    """
    try:
        return _load_tei(source)
    except NotTeiError as err:
        raise NotRenderableError(err.message, file=err.file, line=err.line,
                                 column=err.column) from None


def _load_tei(source: Source) -> Document:
    if isinstance(source, etree._ElementTree):
        url = source.docinfo.URL
        # a tree parsed with a file: base URL has its file's folder, where the model is found
        where = Path(url2pathname(urlsplit(url).path)) if url and url.startswith("file:") \
            else Path(url) if url else None
        doc = Document(source, str(where or "<tree>"), where)
        require_tei(doc.tree, doc.name)
        return doc
    if isinstance(source, InputDocument):
        tree, _ = parse_tei(source.data, source.name, base_url=source.base_url)
        return Document(tree, source.name, source.path)
    path = Path(source)
    tree, _ = parse_tei(read_bytes(path), str(path), base_url=path.resolve().as_uri())
    return Document(tree, str(path), path)


def model_for(doc: Document, output: str, model: str | Path | None = None) -> ModelChoice:
    """The processing model (or stylesheet) ``doc`` renders with for ``output``.

    ``model``: a module generated from an ODD (``schema/NAME.html.xsl``) or a
    whole stylesheet, instead of the look-up of :func:`teitools.model.find_model`.
    """
    from ..model import ModelChoice, find_model
    from ..model.stylesheet import is_model_module

    if model is not None:
        path = Path(model)
        if not path.is_file():
            raise InputError("no such processing model or stylesheet", file=path)
        return ModelChoice(path, is_model_module(path), "given")
    return find_model(doc.path, output)


def models_used(path: str | Path | None) -> list[str]:
    """One line per output saying which processing model ``path`` renders with and why
    (None: standard input, looked up from the working directory)."""
    from ..model import find_model

    where = Path(path) if path is not None else None
    return [f"{output}: {find_model(where, output).describe()}" for output in ("html", "text")]


def _run(doc: Document, output: str, model: str | Path | None,
         params: dict[str, str | int | bool]) -> str:
    from ..model import driver_text

    choice = model_for(doc, output, model)
    driver = driver_text(choice.path, output) if choice.is_model else None
    return transform(choice.path, doc.tree, doc.name, params, driver=driver)


def check_validity(source: Path | InputDocument,
                   schemas: SchemaOptions | None = None,
                   parsed: Document | None = None) -> ValidityReport:
    """Validate ``source`` with :mod:`teitools.validate`: against ``schemas`` (the
    command line's ``--rng``/``--sch``) if given, else the schemas it declares.

    When no schema can be used (none declared, or the declared one is missing)
    the report says ``unchecked`` and carries the reason as a warning.  Given
    ``parsed`` (the document through :func:`load_tei`), the verdict on an
    unchanged document and unchanged schemas is remembered
    (:mod:`teitools.validate.remembered`).
    """
    from ..validate import SchemaOptions, ValidationOptions, validate_bytes

    doc = source if isinstance(source, InputDocument) else InputDocument(
        read_bytes(source), str(source), source, True)
    options = ValidationOptions(schemas=schemas or SchemaOptions())
    if parsed is not None:
        from ..validate.remembered import validate_remembered

        result = validate_remembered(doc.data, doc.name, doc.path, options, parsed.tree,
                                     from_file=doc.from_file)
    else:
        result = validate_bytes(doc.data, doc.name, doc.path, options,
                                from_file=doc.from_file)
    if result.failed:
        reasons = [d.message for d in result.diagnostics if d.severity is Severity.ERROR]
        note = Diagnostic(doc.name, None, None, Severity.WARNING,
                          "not validated: " + ("; ".join(reasons) or "no schema could be used"),
                          "not-validated", "render")
        return ValidityReport(valid=False, unchecked=True, diagnostics=[note])
    return ValidityReport(valid=result.valid(), diagnostics=list(result.diagnostics))


def html_edition(
    source: Source,
    *,
    edition_url: str = "",
    snippet_words: int = DEFAULT_SNIPPET_WORDS,
    generator: str | None = None,
    site_index: str = "",
    links: Mapping[str, tuple[str, str]] | None = None,
    model: str | Path | None = None,
) -> str:
    """The HTML reading edition of a TEI document, as a string.

    ``generator`` is named in ``<meta name="generator">`` (default: this teitools);
    ``model`` overrides the look-up of the processing model (see :func:`model_for`).
    ``site_index`` and ``links`` are the hook of a corpus site (``teitools build``,
    html/site.xsl): the URL of the site's index, relative to the page, and where each
    pointer that leaves the document leads (pointer as written -> (href, title)).
    """
    if snippet_words < 1:
        raise InputError(f"snippet_words must be at least 1, not {snippet_words}")
    doc = load_tei(source)
    return _run(doc, "html", model, {
        "generator": generator if generator is not None else f"teitools {__version__}",
        "edition-url": edition_url,
        "snippet-words": snippet_words,
        "site-index": site_index,
        "links": json.dumps({k: list(v) for k, v in (links or {}).items()}, ensure_ascii=False),
    })


def text_edition(
    source: Source,
    *,
    width: int = DEFAULT_WIDTH,
    page_markers: bool = False,
    edition_url: str = "",
    model: str | Path | None = None,
) -> str:
    """The plain-text edition of a TEI document, as a string."""
    if width < 0:
        raise InputError(f"width must be 0 (no wrapping) or positive, not {width}")
    doc = load_tei(source)
    return _run(doc, "text", model, {
        "width": width,
        "page-markers": page_markers,
        "edition-url": edition_url,
    })


def render_html(
    source: Source,
    out: str | Path,
    *,
    edition_url: str = "",
    snippet_words: int = DEFAULT_SNIPPET_WORDS,
    model: str | Path | None = None,
) -> Path:
    """Write the HTML edition of ``source`` to ``out`` (atomically); return ``out``."""
    html = html_edition(source, edition_url=edition_url, snippet_words=snippet_words,
                        model=model)
    return atomic_write(out, html)


def render_text(
    source: Source,
    out: str | Path,
    *,
    width: int = DEFAULT_WIDTH,
    page_markers: bool = False,
    edition_url: str = "",
    model: str | Path | None = None,
) -> Path:
    """Write the plain-text edition of ``source`` to ``out`` (atomically); return ``out``."""
    text = text_edition(source, width=width, page_markers=page_markers, edition_url=edition_url,
                        model=model)
    return atomic_write(out, text)
