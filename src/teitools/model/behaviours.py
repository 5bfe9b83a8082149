"""The behaviours of the TEI Processing Model and the parameters each one takes.

The list is TEI P5's (``model/@behaviour``, Guidelines TD 23.5.4); the
parameters are those the Guidelines give for each behaviour (``param/@name``
is semi-open: ``content`` is taken by every behaviour that shows content).
The defaults are applied by the behaviour library (``xslt/html/behaviours.xsl``,
``xslt/text/behaviours.xsl``) when a model gives no ``param`` of that name.

TEI Publisher's extensions (``PUBLISHER_BEHAVIOURS``) are taken in a model whose ODD
declares Publisher's namespace (``PB_NS``); see :mod:`teitools.model.publisher`.
"""

from __future__ import annotations

from ..xmlio import PB_NS

#: behaviour -> the parameters it takes (default, in the library, in the comment)
BEHAVIOURS: dict[str, tuple[str, ...]] = {
    "alternate": ("default", "alternate"),  # default: the content; alternate: nothing
    "anchor": ("content", "id"),  # id: @xml:id, else a generated id
    "block": ("content",),
    "body": ("content",),
    "break": ("content", "type", "label"),  # type: page for pb, column for cb, else line
    "cell": ("content",),
    "cit": ("content", "source"),  # source: bibl / ref children
    "document": ("content",),
    "figure": ("content", "title"),  # title: the head children
    "glyph": ("content", "uri"),  # uri: @ref
    "graphic": ("content", "url", "width", "height", "scale", "title"),  # url: @url
    "heading": ("content", "level"),  # level: divisions above + 1
    "index": ("content", "type"),  # type: 'toc'
    "inline": ("content", "label"),
    "link": ("content", "uri", "link", "target"),  # uri: @target (link: its Guidelines name)
    "list": ("content", "type"),  # type: ordered / bulleted (from @type / @rend)
    "listItem": ("content", "n"),
    "metadata": ("content",),
    "note": ("content", "place", "label"),  # place: @place, else footnote
    "omit": (),
    "paragraph": ("content",),
    "row": ("content",),
    "section": ("content",),
    "table": ("content",),
    "text": ("content",),
    "title": ("content",),
}

#: TEI Publisher's behaviours that mean something in a static page: pass-through (the
#: content, no wrapper), template (``pb:template``, ``[[name]]`` filled from the params),
#: webcomponent (param ``name``: the custom element; any other param an attribute).
#: None: any parameter (template placeholders, component attributes).
PUBLISHER_BEHAVIOURS: dict[str, tuple[str, ...] | None] = {
    "pass-through": ("content",),
    "template": None,
    "webcomponent": None,
}

#: outputRendition/@scope values and the CSS pseudo-element each one styles.
SCOPES: dict[str, str] = {
    "": "",
    "before": "::before",
    "after": "::after",
    "first-line": "::first-line",
    "first-letter": "::first-letter",
}

#: The outputs teitools generates and the @output values each one takes.  Every other
#: value (TEI Publisher's print, fo, latex, epub, tei, markdown …) names an output
#: teitools does not make: its models are left out.  Publisher's ``print`` (Print CSS)
#: extends ``web`` — web models apply to print, not print models to the web — so a
#: static page takes ``web``'s.
OUTPUTS: dict[str, tuple[str, ...]] = {
    "html": ("web",),
    "text": ("plain", "plaintext"),
}

__all__ = ["BEHAVIOURS", "OUTPUTS", "PB_NS", "PUBLISHER_BEHAVIOURS", "SCOPES"]
