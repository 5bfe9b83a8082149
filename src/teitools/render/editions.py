"""The HTML and plain-text editions of a TEI document.

``render_html`` / ``render_text`` write a file atomically and return its
path (``teitools build`` calls them); ``html_edition`` / ``text_edition``
return the edition as a string.  ``load_tei`` is the gate before a
transformation: the document must be well-formed with a ``TEI`` root in the
TEI namespace, and ``check_validity`` runs the project's validation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .. import __version__
from ..diagnostics import Diagnostic, Severity, source_line
from ..errors import InputError, InvalidDocumentError
from ..xmlio import TEI_NS, atomic_write, parse_bytes, read_bytes

if TYPE_CHECKING:
    from ..model import ModelChoice
from .xslt import transform

#: What a caller may pass as the document: a path or a tree lxml parsed.
Source = str | Path | etree._ElementTree

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
    """Parse (hardened) and check that the root is ``TEI`` in the TEI namespace.

    A file that cannot be read raises :class:`InputError` (exit 2); one that is
    not well-formed or not TEI raises :class:`InvalidDocumentError` (exit 1).
    """
    if isinstance(source, etree._ElementTree):
        url = source.docinfo.URL
        doc = Document(source, str(url or "<tree>"), Path(url) if url else None)
    else:
        path = Path(source)
        data = read_bytes(path)
        try:
            tree = parse_bytes(data, str(path), base_url=path.resolve().as_uri())
        except InputError as err:  # not well-formed: the input is invalid
            raise InvalidDocumentError(err.message, file=err.file, line=err.line,
                                       column=err.column) from None
        doc = Document(tree, str(path), path)
    root = doc.tree.getroot()
    if root.tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus"):
        qname = etree.QName(root)
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        raise InvalidDocumentError(
            f"not a TEI document: the root element is {found}, expected TEI in the "
            f"namespace {TEI_NS} (or teiCorpus)", file=doc.name, line=source_line(root))
    return doc


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


def models_used(path: str | Path) -> list[str]:
    """One line per output saying which processing model ``path`` renders with and why."""
    from ..model import find_model

    return [f"{output}: {find_model(Path(path), output).describe()}" for output in ("html", "text")]


def _run(doc: Document, output: str, model: str | Path | None,
         params: dict[str, str | int | bool]) -> str:
    from ..model import driver_text

    choice = model_for(doc, output, model)
    driver = driver_text(choice.path, output) if choice.is_model else None
    return transform(choice.path, doc.tree, doc.name, params, driver=driver)


def _line(elem: etree._Element) -> int | None:
    line = elem.sourceline
    return line if isinstance(line, int) else None


def check_validity(path: Path) -> ValidityReport:
    """Validate ``path`` with :mod:`teitools.validate` (the schemas it declares).

    When no schema can be used (none declared, or the declared one is missing)
    the report says ``unchecked`` and carries the reason as a warning.
    """
    from ..validate import validate_paths

    result = validate_paths([str(path)]).files[0]
    if result.failed:
        reasons = [d.message for d in result.diagnostics if d.severity is Severity.ERROR]
        note = Diagnostic(str(path), None, None, Severity.WARNING,
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
