"""The editions: TEI → HTML reading edition and plain-text edition (XSLT 3.0, saxonche).

Library entry points (``teitools html`` / ``teitools text`` / ``teitools build``)::

    render_html(source, out, *, edition_url="", snippet_words=12) -> Path
    render_text(source, out, *, width=72, page_markers=False, edition_url="") -> Path
    html_edition(source, ...) -> str
    text_edition(source, ...) -> str

``source`` is a path or an lxml tree.  Nothing here prints.
"""

from __future__ import annotations

from .editions import (
    DEFAULT_WIDTH,
    Document,
    Source,
    ValidityReport,
    check_validity,
    html_edition,
    load_tei,
    model_for,
    models_used,
    render_html,
    render_text,
    text_edition,
)
from .xslt import stylesheet_dir, stylesheet_path, transform

__all__ = [
    "DEFAULT_WIDTH",
    "Document",
    "Source",
    "ValidityReport",
    "check_validity",
    "html_edition",
    "load_tei",
    "model_for",
    "models_used",
    "render_html",
    "render_text",
    "stylesheet_dir",
    "stylesheet_path",
    "text_edition",
    "transform",
]
