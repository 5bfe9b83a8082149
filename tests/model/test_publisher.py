"""ODDs written for TEI Publisher: its behaviours (pass-through, template, webcomponent,
pb:behaviour), pb:set-param and @pb:mode, its output values, its chaining, and the
warnings (with their fallbacks) for the XQuery teitools cannot evaluate.

tests/data/model/publisher-letter.odd chains on publisher-base.odd, which chains on
tei_simplePrint.odd by name (not beside them: the shipped copy is used)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from support.paths import DATA
from teitools.cli import main
from teitools.errors import OddError
from teitools.model import compile_model
from teitools.model.stylesheet import CompiledModel
from teitools.odd import compile_odd
from teitools.render import html_edition, text_edition

from .conftest import odd_text, page

MODEL = DATA / "model"
ODD = MODEL / "publisher-letter.odd"
DOC = MODEL / "publisher-letter.xml"


@pytest.fixture(scope="module")
def compiled() -> CompiledModel:
    return compile_model(ODD, use_cache=False)


@pytest.fixture(scope="module")
def rendered(compiled: CompiledModel, tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, str]:
    d = tmp_path_factory.mktemp("publisher")
    out = {}
    for output, render in (("html", html_edition), ("text", text_edition)):
        module = d / f"publetter.{output}.xsl"
        module.write_text(compiled.modules[output], encoding="utf-8")
        out[output] = render(DOC, model=module)
    return out


def _line(text: str, path: Path = ODD) -> int:
    """The line of ``path`` where ``text`` first appears."""
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if text in ln)


def test_template_fills_placeholders_with_processed_params(rendered: dict[str, str]) -> None:
    doc = page(rendered["html"])
    links = doc.xpath("//main//a[@class='person']")
    assert [(a.get("href"), a.text_content()) for a in links] == [
        ("https://example.org/person/ann", "Ann")]
    # no @ref: the next model; a text-only template; the latex model is left out
    assert doc.xpath("//main//span[@class='tei-persName']/text()") == ["Bob"]
    assert "«Middlemarch»" in doc.xpath("string(//main)")
    assert "\\person" not in rendered["html"] and "\\person" not in rendered["text"]
    # plain text: the template's text, without its markup
    assert "Dear Ann and Bob," in rendered["text"] and "«Middlemarch»" in rendered["text"]


def test_declared_behaviour_is_a_template_with_its_params(rendered: dict[str, str]) -> None:
    doc = page(rendered["html"])
    assert [s.text_content() for s in doc.xpath("//main//span[@class='signature']")] == [
        "Robert (R.)"]
    # a pb:behaviour for latex only: the element's web model applies
    assert doc.xpath("//main//span[contains(@class, 'salute')]/text()") == ["Yours,"]
    assert "\\gls" not in rendered["html"]


def test_webcomponent_is_the_custom_element_around_the_content(rendered: dict[str, str]
                                                               ) -> None:
    doc = page(rendered["html"])
    (geo,) = doc.xpath("//main//pb-geolocation")
    assert geo.text_content() == "Rome"
    assert geo.get("class").split() == ["tei-placeName", "place"]
    assert (geo.get("latitude"), geo.get("longitude"), geo.get("zoom")) == ("41.9", "12.5", "9")
    # true(): the attribute alone; false(): none; name and content are no attributes
    assert geo.get("auto") == "auto" and geo.get("hidden") is None
    assert geo.get("name") is None and geo.get("content") is None
    # a name that is no custom element's: a span that says which component it was
    (org,) = doc.xpath("//main//*[@data-component='popup']")
    assert org.tag == "span" and org.text_content() == "Society"
    assert " Rome with the Society," in " ".join(rendered["text"].split())


def test_pass_through_and_unknown_behaviour_keep_the_content(rendered: dict[str, str]) -> None:
    doc = page(rendered["html"])
    assert not doc.xpath("//main//*[contains(@class, 'tei-seg')]")  # no element of its own
    assert "as planned on" in " ".join(doc.xpath("string(//main)").split())
    # behaviour 'code' (Publisher's ext-html): rendered as pass-through
    assert "The loggia and <p/>." in " ".join(doc.xpath("string(//main)").split())
    assert "The loggia and <p/>." in rendered["text"]


def test_set_param_and_mode_reach_the_models_below(rendered: dict[str, str]) -> None:
    doc = page(rendered["html"])
    second = doc.xpath("//main//p[contains(@class, 'second-part')]")
    assert [p.text_content() for p in second] == ["Second part."]
    assert len(doc.xpath("//main//p[contains(@class, 'tei-p')]")) == 4


def test_outputs_teitools_does_not_make_are_left_out(rendered: dict[str, str]) -> None:
    # note: print omit, latex marginpar (no such behaviour anywhere), epub omit: the web
    # model (note place inline) applies, and nothing fails on 'marginpar'
    doc = page(rendered["html"])
    assert doc.xpath("//main//span[contains(@class, 'note-inline')]/text()") == ["A note kept."]
    assert "[A note kept.]" in rendered["text"]


def test_unusable_xquery_warns_at_its_line_and_falls_back(compiled: CompiledModel,
                                                          rendered: dict[str, str]) -> None:
    by_rule = {(w.rule, w.line): w.message for w in compiled.warnings}
    predicate = by_rule[("pm-xpath-unusable", _line("pmf:is-bold"))]
    assert "predicate of element 'hi'" in predicate and "XPST0081" in predicate
    assert "taken as false" in predicate
    content = by_rule[("pm-xpath-unusable", _line("ext:format-date"))]
    assert "param 'content' of element 'date'" in content and "content is rendered" in content
    database = by_rule[("pm-xpath-database", _line("/db/apps/letters/data/register"))]
    assert "param 'alternate' of element 'term'" in database
    # (a start tag over two lines: lxml's line is the one that closes it)
    database = by_rule[("pm-xpath-database", _line('cssClass="registered"'))]
    assert "predicate of element 'salute'" in database
    unknown = by_rule[("pm-behaviour-unknown", _line('behaviour="code"'))]
    assert "'code'" in unknown and "pass-through" in unknown
    assert all(w.file == str(ODD) for w in compiled.warnings)
    assert len(compiled.warnings) == 5
    doc = page(rendered["html"])
    # hi: the model after the unusable one; date: its own content; term: no register
    assert doc.xpath("//main//span[contains(@class, 'tei-hi')]/@class") == ["tei-hi emph"]
    assert doc.xpath("//main//span[contains(@class, 'tei-date')]/text()") == ["the fourth"]
    assert doc.xpath("//main//span[contains(@class, 'tei-term')]//text()") == ["loggia"]
    assert not doc.xpath("//main//*[contains(@class, 'registered')]")


def test_every_word_of_the_document_is_rendered(rendered: dict[str, str]) -> None:
    body = etree.parse(str(DOC)).find(".//{http://www.tei-c.org/ns/1.0}body")
    assert body is not None
    words = " ".join(" ".join(body.itertext()).split()).replace(" ,", ",").split()
    shown = page(rendered["html"]).xpath("string(//main)")
    text = rendered["text"]
    for word in words:
        assert word.strip(",.") in shown and word.strip(",.") in text, word


def test_publisher_chaining_inherits_the_base_and_keeps_content_models() -> None:
    base = MODEL / "publisher-base.odd"
    warnings = [w for w in compile_odd(base).warnings if w.rule == "odd-source-shipped"]
    assert len(warnings) == 1 and "tei_simplePrint.odd" in warnings[0].message
    assert warnings[0].file == str(base) and warnings[0].line == _line("<schemaSpec", base)
    schema = compile_odd(ODD)
    idents = {s.ident for s in schema.of_kind("element")}
    # publisher-base selects no module: all of tei_simplePrint; persName comes from TEI
    assert {"TEI", "p", "div", "licence", "persName", "placeName"} <= idents
    # licence: mode="add" with models only changes the element, its content stays
    licence = schema.specs["licence"]
    assert licence.content is not None and licence.models
    assert schema.start == ["TEI"]


def test_schema_build_writes_everything_and_exits_0(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "build", str(ODD), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{ODD}:{_line('pmf:is-bold')}: warning:" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} == {
        f"publetter.{s}" for s in ("rng", "sch", "xsd", "html.xsl", "text.xsl")}


def test_older_publisher_odd_on_teisimple_takes_param_content(tmp_path: Path) -> None:
    # no Publisher namespace: chaining on teisimple.odd says it is Publisher's
    odd = tmp_path / "docs.odd"
    odd.write_text(odd_text(
        '<elementSpec ident="ref" mode="change"><model behaviour="link">'
        '<param name="uri">request:get-parameter("doc", ())</param>'
        '<param name="content">"see " || @target</param></model></elementSpec>',
        source="teisimple.odd"), encoding="utf-8")
    compiled = compile_model(odd, use_cache=False)
    (warning,) = compiled.warnings
    assert warning.rule == "pm-xpath-unusable" and "param 'uri'" in warning.message
    assert "'content': (&quot;see &quot; || @target)" in compiled.modules["html"]
    assert "request:" not in compiled.modules["html"]


@pytest.mark.parametrize("behaviour, message", [
    ("paragrap", "unknown behaviour 'paragrap' (did you mean 'paragraph'?"),
    ("webcomponent", "behaviour 'webcomponent' is TEI Publisher's: declare its namespace"),
])
def test_tei_odd_keeps_exit_2_for_an_unknown_behaviour(tmp_path: Path, behaviour: str,
                                                       message: str) -> None:
    odd = tmp_path / "t.odd"
    odd.write_text(odd_text(f'<elementSpec ident="hi" mode="change">'
                            f'<model behaviour="{behaviour}"/></elementSpec>'), encoding="utf-8")
    with pytest.raises(OddError) as err:
        compile_model(odd, use_cache=False)
    assert message in err.value.message
    result = CliRunner().invoke(main, ["schema", "build", str(odd), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2 and message in result.stderr


def test_tei_odd_keeps_exit_2_for_xquery(tmp_path: Path) -> None:
    odd = tmp_path / "t.odd"
    odd.write_text(odd_text('<elementSpec ident="hi" mode="change">'
                            '<model predicate="pmf:x(.)" behaviour="inline"/></elementSpec>'),
                   encoding="utf-8")
    with pytest.raises(OddError, match="is not valid XPath"):
        compile_model(odd, use_cache=False)
