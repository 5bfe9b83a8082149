"""Helpers of the processing-model tests: a small ODD with models, a document, a render."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import html as lxml_html

from teitools.model import compile_model
from teitools.render import html_edition, text_edition

TEI_NS = "http://www.tei-c.org/ns/1.0"
MODULES = "tei core textstructure header figures linking transcr namesdates gaiji drama"


def odd_text(specs: str, *, source: str | None = None, ident: str = "t",
             modules: str = MODULES) -> str:
    refs = "".join(f'<moduleRef key="{m}"/>' for m in modules.split())
    src = f' source="{source}"' if source else ""
    return (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
            "<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>"
            f'</fileDesc></teiHeader><text><body><schemaSpec ident="{ident}" start="TEI"{src}>'
            f"{refs}{specs}</schemaSpec></body></text></TEI>")


def tei_doc(body: str, *, header: str = "", title: str = "A test") -> str:
    return (f'<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>{title}</title>'
            "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p>"
            f"</sourceDesc></fileDesc>{header}</teiHeader><text><body>{body}</body></text></TEI>")


Render = Callable[..., str]


@pytest.fixture
def render(tmp_path: Path) -> Render:
    """``render(specs, body, output='html')``: the edition of a document under an ODD."""
    counter = [0]

    def run(specs: str, body: str, output: str = "html", *, chain_default: bool = False,
            header: str = "") -> str:
        counter[0] += 1
        d = tmp_path / f"r{counter[0]}"
        d.mkdir()
        odd = d / "t.odd"
        odd.write_text(odd_text(specs), encoding="utf-8")
        compiled = compile_model(odd, use_cache=False, chain_default=chain_default)
        module = d / f"t.{output}.xsl"
        module.write_text(compiled.modules[output], encoding="utf-8")
        doc = d / "doc.xml"
        doc.write_text(tei_doc(body, header=header), encoding="utf-8")
        if output == "html":
            return html_edition(doc, model=module)
        return text_edition(doc, model=module)

    return run


def page(text: str) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(text)


def main_text(text: str) -> str:
    """The text content of the rendered document's text (not header, notes, indexes)."""
    doc = page(text)
    body = doc.xpath("//article/*[contains(@class, 'tei-text')]")
    return " ".join(body[0].text_content().split()) if body else ""
