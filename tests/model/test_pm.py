"""The processing-model features: precedence, modelSequence, modelGrp, outputRendition,
useSourceRendition, chaining and mode="change", and the errors of a bad model."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from teitools.cli import main
from teitools.errors import OddError
from teitools.model import compile_model, read_models
from teitools.odd import compile_odd

from .conftest import Render, main_text, odd_text, page


def test_first_matching_predicate_wins_unconditional_last(render: Render) -> None:
    # the unconditional model comes first in the ODD, but applies only when no predicate holds
    specs = ('<elementSpec ident="hi" mode="change">'
             '<model behaviour="inline" cssClass="plain"/>'
             '<model predicate="@rend=\'bold\'" behaviour="inline" cssClass="bold"/>'
             '<model predicate="@rend" behaviour="inline" cssClass="other"/>'
             "</elementSpec>")
    doc = page(render(specs, '<p><hi rend="bold">a</hi> <hi rend="x">b</hi> <hi>c</hi></p>'))
    classes = [h.get("class").split() for h in doc.xpath("//*[contains(@class, 'tei-hi')]")]
    assert [c[1] for c in classes] == ["bold", "other", "plain"]


def test_predicate_failing_falls_back_without_losing_text(render: Render) -> None:
    specs = ('<elementSpec ident="hi" mode="change">'
             '<model predicate="@rend=\'bold\'" behaviour="omit"/></elementSpec>')
    out = render(specs, '<p>keep <hi>this</hi> drop <hi rend="bold">that</hi></p>')
    assert main_text(out) == "keep this drop"


def test_model_sequence_runs_every_model_in_order(render: Render) -> None:
    specs = ('<elementSpec ident="name" mode="change"><modelSequence>'
             '<model behaviour="inline" cssClass="first"/>'
             '<model predicate="@type" behaviour="inline" cssClass="second">'
             '<param name="content" value="\'(\' || @type || \')\'"/></model>'
             '<model predicate="@nope" behaviour="inline" cssClass="never"/>'
             "</modelSequence></elementSpec>")
    doc = page(render(specs, '<p><name type="person">Ann</name></p>'))
    spans = doc.xpath("//main//span[contains(@class, 'tei-name')]")
    assert [s.get("class").split()[1] for s in spans] == ["first", "second"]
    assert [s.text_content() for s in spans] == ["Ann", "(person)"]


@pytest.mark.parametrize("output, shown", [("html", "web"), ("text", "plain")])
def test_model_grp_output(render: Render, output: str, shown: str) -> None:
    specs = ('<elementSpec ident="num" mode="change">'
             '<modelGrp output="web"><model behaviour="inline">'
             '<param name="content" value="\'web\'"/></model></modelGrp>'
             '<modelGrp output="plain"><model behaviour="inline">'
             '<param name="content" value="\'plain\'"/></model></modelGrp>'
             '<model output="print" behaviour="inline">'
             '<param name="content" value="\'print\'"/></model>'
             "</elementSpec>")
    out = render(specs, "<p>x <num>1</num> y</p>", output)
    text = main_text(out) if output == "html" else out
    assert f"x {shown} y" in text
    assert "print" not in text


def test_output_rendition_scopes_become_css(render: Render) -> None:
    specs = ('<elementSpec ident="supplied" mode="change"><model behaviour="inline">'
             "<outputRendition>color: grey;</outputRendition>"
             "<outputRendition scope=\"before\">content: '[';</outputRendition>"
             "<outputRendition scope=\"after\">content: ']';</outputRendition>"
             "<outputRendition scope=\"first-letter\">font-weight: bold;</outputRendition>"
             "</model></elementSpec>")
    out = render(specs, "<p>a <supplied>b</supplied></p>")
    css = page(out).findtext(".//style")
    assert ".tt-supplied-1 { color: grey; }" in css
    assert ".tt-supplied-1::before { content: '['; }" in css
    assert ".tt-supplied-1::after { content: ']'; }" in css
    assert ".tt-supplied-1::first-letter { font-weight: bold; }" in css
    assert page(out).xpath("//span[contains(@class, 'tt-supplied-1')]")
    # in plain text the before/after content is printed
    assert "a [b]" in render(specs, "<p>a <supplied>b</supplied></p>", "text")


def test_use_source_rendition(render: Render) -> None:
    specs = ('<elementSpec ident="hi" mode="change">'
             '<model behaviour="inline" useSourceRendition="true"/></elementSpec>')
    header = ('<encodingDesc><tagsDecl><rendition xml:id="red" scheme="css">color: red</rendition>'
              "</tagsDecl></encodingDesc>")
    doc = page(render(specs, '<p><hi rend="bold italic">a</hi><hi rendition="#red">b</hi>'
                      '<hi style="font-variant: small-caps">c</hi>'
                      '<hi rendition="simple:underline">d</hi></p>',
                      header=header))
    styles = [h.get("style") for h in doc.xpath("//span[contains(@class, 'tei-hi')]")]
    assert styles == ["font-weight: bold; font-style: italic", "color: red",
                      "font-variant: small-caps", "text-decoration: underline"]


def test_chained_odd_overrides_parent_model(tmp_path: Path) -> None:
    parent = tmp_path / "parent.odd"
    parent.write_text(odd_text(
        '<elementSpec ident="hi" mode="change">'
        '<model behaviour="inline" cssClass="parent-hi"/></elementSpec>'
        '<elementSpec ident="p" mode="change">'
        '<model behaviour="paragraph" cssClass="parent-p"/></elementSpec>',
        ident="parent"), encoding="utf-8")
    child = tmp_path / "child.odd"
    child.write_text(odd_text(
        '<elementSpec ident="hi" mode="change"><model behaviour="inline" cssClass="child-hi"/>'
        '</elementSpec>',
        source="parent.odd", ident="child"), encoding="utf-8")
    models = {em.ident: em for em in read_models(compile_odd(child), "html")}
    assert models["hi"].entries[0].css_class == ("child-hi",)  # type: ignore[union-attr]
    assert models["p"].entries[0].css_class == ("parent-p",)  # type: ignore[union-attr]
    assert models["hi"].file.endswith("child.odd") and models["p"].file.endswith("parent.odd")


def test_change_without_models_keeps_them(tmp_path: Path) -> None:
    odd = tmp_path / "t.odd"
    odd.write_text(odd_text(
        '<elementSpec ident="hi" mode="change"><model behaviour="inline" cssClass="one"/>'
        '</elementSpec>'
        '<elementSpec ident="hi" mode="change"><attList><attDef ident="rend" mode="delete"/>'
        '</attList></elementSpec>'),
        encoding="utf-8")
    models = {em.ident: em for em in read_models(compile_odd(odd), "html")}
    assert models["hi"].entries[0].css_class == ("one",)  # type: ignore[union-attr]


@pytest.mark.parametrize("model, message, line_of", [
    ('<model behaviour="bold"/>', "unknown behaviour 'bold'", "model"),
    ('<model behaviour="inline"><param name="level" value="1"/></model>',
     "behaviour 'inline' takes no parameter 'level'", "param"),
    ('<model behaviour="inline" predicate="@rend = = 1"/>',
     "predicate of element 'hi' is not valid XPath", "model"),
    ('<model behaviour="inline"><param name="content" value="count(("/></model>',
     "param 'content' of element 'hi' is not valid XPath", "model"),
    ('<model behaviour="inline"><outputRendition scope="middle">x</outputRendition></model>',
     "outputRendition/@scope 'middle'", "outputRendition"),
], ids=["behaviour", "param", "predicate", "param-xpath", "scope"])
def test_bad_model_is_an_odd_error_with_line(tmp_path: Path, model: str, message: str,
                                             line_of: str) -> None:
    odd = tmp_path / "bad.odd"
    text = odd_text(f'<elementSpec ident="hi" mode="change">\n{model}\n</elementSpec>')
    odd.write_text(text.replace("<elementSpec", "\n\n<elementSpec"), encoding="utf-8")
    # the model (with its param / outputRendition) is on a line of its own
    expected_line = next(i for i, ln in enumerate(odd.read_text().splitlines(), 1)
                         if "<model" in ln)
    del line_of
    with pytest.raises(OddError) as err:
        compile_model(odd, use_cache=False)
    assert message in err.value.message and err.value.file == str(odd)
    assert err.value.line == expected_line
    # schema build: exit 2, one line with file:line, nothing written
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["schema", "build", str(odd), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{odd}:{expected_line}" in result.stderr and message in result.stderr
    assert not out.exists() or not list(out.iterdir())


def test_compiled_model_is_deterministic_and_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                    ) -> None:
    monkeypatch.setenv("TEITOOLS_CACHE_DIR", str(tmp_path / "cache"))
    odd = tmp_path / "t.odd"
    odd.write_text(odd_text('<elementSpec ident="hi" mode="change"><model behaviour="inline"/>'
                            "</elementSpec>"), encoding="utf-8")
    first = compile_model(odd)
    assert not first.cached
    second = compile_model(odd)
    assert second.cached and second.modules == first.modules
    odd.write_text(odd.read_text().replace('"inline"', '"block"'), encoding="utf-8")
    assert not compile_model(odd).cached  # a new content hash


def test_shipped_default_model_is_current_and_portable() -> None:
    """xslt/models/tei_simplePrint.*.xsl is what the generator makes of the shipped ODD,
    and names no path of the machine it was generated on."""
    from teitools.model import default_module
    from teitools.model.generate import exemplar_dir

    fresh = compile_model(exemplar_dir() / "tei_simplePrint.odd", use_cache=False)
    for output in ("html", "text"):
        shipped = default_module(output).read_text(encoding="utf-8")
        assert shipped == fresh.modules[output], (
            f"{default_module(output).name} is stale: regenerate it (docs/editions.md)")
        assert "/work/" not in shipped and "/home/" not in shipped and "/tmp/" not in shipped


PROJECT_MODULE = """<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:tt="urn:teitools:xslt" exclude-result-prefixes="#all">
  <xsl:template match="tei:hi" mode="tt:behaviour">
    <xsl:param name="tt:behaviour" as="xs:string" tunnel="yes"/>
    <xsl:param name="tt:model" as="map(*)" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="$tt:behaviour = 'inline'">
        <b class="{$tt:model?class}"><xsl:apply-templates mode="html"/></b>
      </xsl:when>
      <xsl:otherwise><xsl:next-match/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
"""


def test_project_module_named_by_the_odd_renders_a_behaviour_its_way(tmp_path: Path) -> None:
    from teitools.model.stylesheet import relocate_imports
    from teitools.render import html_edition

    from .conftest import tei_doc

    (tmp_path / "mine.xsl").write_text(PROJECT_MODULE, encoding="utf-8")
    specs = ('<?teitools-module output="html" href="mine.xsl"?>'
             '<elementSpec ident="hi" mode="change">'
             '<model predicate="@rend = \'plain\'" behaviour="paragraph" cssClass="para"/>'
             '<model behaviour="inline" cssClass="mine"/></elementSpec>')
    odd = tmp_path / "t.odd"
    odd.write_text(odd_text(specs), encoding="utf-8")
    compiled = compile_model(odd, use_cache=False, chain_default=False)
    assert '<xsl:import href="mine.xsl"/>' in compiled.modules["html"]
    assert "mine.xsl" not in compiled.modules["text"]  # the module is for HTML only
    module = tmp_path / "t.html.xsl"
    module.write_text(compiled.modules["html"], encoding="utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text(tei_doc('<div><hi>one</hi><hi rend="plain">two</hi></div>'), encoding="utf-8")
    out = page(html_edition(doc, model=module))
    # the module's rendering of inline; any other behaviour goes on to the library
    assert [(b.get("class"), b.text) for b in out.xpath("//main//b")] == [("mine", "one")]
    assert out.xpath("//main//p[contains(@class, 'tei-hi') and contains(@class, 'para')]"
                     "/text()") == ["two"]
    # written elsewhere (schema build --out), the import still reaches the module
    moved = relocate_imports(compiled.modules["html"], tmp_path, tmp_path / "out")
    assert '<xsl:import href="../mine.xsl"/>' in moved


def test_the_article_module_keeps_a_models_css_class_and_rendition(tmp_path: Path) -> None:
    # the article renders p its own way (xslt/rustbelt-html.xsl); a project that adds
    # @cssClass or outputRendition to that model still gets them on the page
    import shutil

    from support.paths import ARTICLE, REPO
    from teitools.render import html_edition

    shutil.copytree(REPO / "xslt", tmp_path / "xslt")  # follows the symlinked modules
    (tmp_path / "schema").mkdir()
    odd_source = (REPO / "schema" / "rustbelt.odd").read_text(encoding="utf-8")
    plain = '<model output="web" behaviour="paragraph"/>'
    assert odd_source.count(plain) == 1
    odd = tmp_path / "schema" / "rustbelt.odd"
    odd.write_text(odd_source.replace(plain, (
        '<model output="web" behaviour="paragraph" cssClass="lede wide">'
        "<outputRendition>color: rgb(1, 2, 3);</outputRendition></model>")), encoding="utf-8")
    compiled = compile_model(odd, use_cache=False)
    module = tmp_path / "schema" / "rustbelt.html.xsl"
    module.write_text(compiled.modules["html"], encoding="utf-8")
    out = page(html_edition(ARTICLE, model=module))
    paragraphs = out.xpath("//main//*[contains(concat(' ', @class, ' '), ' p ')]")
    assert len(paragraphs) > 50
    classes = [set(p.get("class").split()) for p in paragraphs]
    assert all({"p", "lede", "wide"} <= c for c in classes)  # the article's class kept
    rendition = [c for c in classes[0] if c not in {"p", "lede", "wide"}]
    assert len(rendition) == 1
    css = "".join(out.xpath("//style/text()"))
    assert f".{rendition[0]} {{ color: rgb(1, 2, 3)" in css


@pytest.mark.parametrize("pi, message", [
    ('<?teitools-module output="html" href="missing.xsl"?>',
     "<?teitools-module href='missing.xsl'?> points to a missing file"),
    ('<?teitools-module output="pdf" href="mine.xsl"?>',
     "<?teitools-module output='pdf'?>: teitools writes the outputs 'html', 'text'"),
    ('<?teitools-module output="text"?>', "<?teitools-module?> without an href"),
], ids=["missing", "output", "no-href"])
def test_bad_module_pi_is_an_odd_error_with_line(tmp_path: Path, pi: str, message: str) -> None:
    odd = tmp_path / "bad.odd"
    odd.write_text(odd_text(f"\n\n{pi}\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "build", str(odd), "--out",
                                       str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"teitools: error: {odd}:3: {message}")
    assert not (tmp_path / "out").exists()
