"""``teitools build`` on a generated corpus: editions, site, registers, pointers, cache."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from teitools.build import run_build
from teitools.cli import main

from .conftest import broken_links, page_links
from .generate import CorpusInfo, make_corpus, person_name

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built(letters: CorpusInfo) -> tuple[CorpusInfo, object, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--root", str(letters.root), "-j", "2"])
    return letters, result, result.output


def test_broken_file_is_reported_and_the_rest_is_built(built: tuple) -> None:
    info, result, output = built
    assert result.exit_code == 1, output
    assert re.search(r"tei/1872/broken\.xml:4:\d+: error: not well-formed", output)
    summary = output.strip().splitlines()[-1]
    assert summary.startswith(f"build: {info.documents} documents, 2 invalid, 2 errors, "
                              "1 warning, ")
    html = info.root / "build" / "html"
    for letter in info.letters:
        rel = letter.relative_to(info.root / "tei").with_suffix(".html")
        assert (html / rel).is_file(), rel
    assert not (html / "1872" / "broken.html").exists()
    assert (info.root / "build" / "text" / "1870" / "letter-0001.txt").is_file()


def test_cross_document_pointer_to_a_missing_document_is_an_error_at_its_attribute(
        built: tuple) -> None:
    info, _, output = built
    assert info.dangling is not None
    line, column = next((i, text.index('target="letter-9999.xml') + 1)
                        for i, text in enumerate(info.dangling.read_text().splitlines(), 1)
                        if "letter-9999.xml" in text)
    assert (f"tei/1870/{info.dangling.name}:{line}:{column}: error: "
            "ref/@target='letter-9999.xml#s1': no such document (letter-9999.xml) "
            "[corpus-pointer]") in output


def test_unused_register_entry_is_a_warning(built: tuple) -> None:
    _, _, output = built
    assert re.search(r"tei/persons\.xml:\d+: warning: register entry 'p40' \(.*\) is never "
                     r"referenced \[corpus-unused-entry\]", output)


def test_index_lists_every_document_and_every_link_lands(built: tuple) -> None:
    info, _, _ = built
    site = info.root / "build"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count("<tr data-item") == info.documents
    assert f"{person_name(2)} → {person_name(5)}" in index  # letter 1: sender → recipient
    cache: dict = {}
    for page in ("index.html", "persons.html", "places.html", "letters.html"):
        assert broken_links(site / page, cache) == [], page
        assert page_links(site / page).external == [], page


def test_register_entry_links_to_every_mention_in_every_letter(built: tuple) -> None:
    info, _, _ = built
    site = info.root / "build"
    persons = (site / "persons.html").read_text(encoding="utf-8")
    entry = persons.split('id="p3"', 1)[1].split("</section>", 1)[0]
    hrefs = re.findall(r'href="(html/[^"#]+)#(m-\d+)"', entry)
    # independently: every letter mentioning p3 in its text, by either pointer form
    expected = 0
    for letter in info.letters:
        text = letter.read_text(encoding="utf-8")
        body = text.split("<text>", 1)[1]
        expected += len(re.findall(r'ref="(?:\.\./persons\.xml)?#p3"', body))
    assert len(hrefs) == expected > 0
    for page, anchor in hrefs:
        assert f'id="{anchor}"' in (site / page).read_text(encoding="utf-8")


def test_editions_link_back_to_the_site_and_across_documents(built: tuple) -> None:
    info, _, _ = built
    page = info.root / "build" / "html" / "1871" / "letter-0100.html"
    html = page.read_text(encoding="utf-8")
    assert 'href="../../index.html" rel="index"' in html
    assert re.search(r'rel="prev"', html) and re.search(r'rel="next"', html)
    # a bare #pN resolved through [tool.teitools] registers, and ../places.xml#city
    # (the default model's markup: the generated letters have no project model)
    assert re.search(r'<a class="[^"]*\bname\b[^"]*" id="m-\d+" href="../../persons.html#p\d+"',
                     html)
    assert re.search(r'href="../../places.html#[a-z]+"', html)
    assert broken_links(page) == []


def test_correspondence_table_has_every_letter_in_date_order(built: tuple) -> None:
    info, _, _ = built
    letters = (info.root / "build" / "letters.html").read_text(encoding="utf-8")
    dates = re.findall(r'<td data-label="Date" data-sort="([^"]+)"', letters)
    assert len(dates) == len(info.letters)
    assert dates == sorted(dates)


def test_warm_rebuild_parses_nothing_and_writes_nothing(built: tuple) -> None:
    info, _, _ = built
    start = time.perf_counter()
    result = run_build(info.root, Path("build"), jobs=2)
    elapsed = time.perf_counter() - start
    assert result.parsed == 0 and result.rendered == 0
    assert result.outputs == []
    assert result.invalid == 2
    assert elapsed < 10  # generous: the benchmark measures it (target ≤ 1 s / 1,000 docs)


def test_one_changed_letter_is_redone_with_the_pages_that_depend_on_it(
        tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=12, clean=True)
    first = run_build(info.root, Path("build"), jobs=1)
    assert first.invalid == 0 and first.parsed == 14
    letter = info.letters[4]
    # one more word: the index (word counts) changes too
    letter.write_text(letter.read_text().replace("Yesterday", "Only yesterday"), encoding="utf-8")
    second = run_build(info.root, Path("build"), jobs=1)
    assert second.parsed == 1 and second.rendered == 1
    written = {p.relative_to(info.root / "build").as_posix() for p in second.outputs}
    written -= {"dts", "oai.xml"}  # the harvest hook's (issue 16) outputs of the corpus
    rel = letter.relative_to(info.root / "tei").with_suffix("").as_posix()
    assert written == {f"html/{rel}.html", f"text/{rel}.txt", "index.html"}
    third = run_build(info.root, Path("build"), jobs=1, use_cache=False)
    assert third.parsed == 14 and third.rendered == 14


def test_removed_document_loses_its_outputs(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=8, folders=1, clean=True)
    run_build(info.root, Path("build"), jobs=1)
    edition = info.root / "build" / "html" / "1870" / "letter-0008.html"
    assert edition.is_file()
    info.letters[7].unlink()
    result = run_build(info.root, Path("build"), jobs=1)
    assert not edition.exists()
    assert result.invalid == 1  # letter 7's "next" now points nowhere
    assert any("letter-0008.xml" in d.message for d in result.diagnostics)


def test_a_register_that_does_not_parse_stops_the_build(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=8, clean=True)
    persons = info.root / "tei" / "persons.xml"
    persons.write_text(persons.read_text().replace("</listPerson>", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(info.root)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1
    assert re.match(r"teitools: error: \S*tei/persons\.xml:\d+:\d+: register cannot be read: "
                    "not well-formed", result.output)
    assert not (info.root / "build").exists()


def test_exclude_in_pyproject_is_honoured(tmp_path: Path) -> None:
    info = make_corpus(tmp_path / "p", letters=9, folders=3, clean=True)
    pyproject = info.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'exclude = ["1872/"]\n', encoding="utf-8")
    result = run_build(info.root, Path("build"), jobs=1)
    assert len(result.documents) == 2 + 6
    assert not (info.root / "build" / "html" / "1872").exists()


def test_bundled_article_builds_with_its_site(tmp_path: Path) -> None:
    root = tmp_path / "proj"
    for sub in ("tei", "schema", "xslt"):  # xslt: the modules the ODD's model imports
        shutil.copytree(REPO / sub, root / sub)
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 0, result.output
    site = root / "build"
    article = (site / "html" / "kotkin-1991-rustbelt.html").read_text(encoding="utf-8")
    assert 'href="../index.html" rel="index"' in article
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Perestroika in the Soviet Rustbelt" in index and "Stephen Kotkin" in index
    persons = (site / "persons.html").read_text(encoding="utf-8")
    assert 'id="zerkin"' in persons
    cache: dict = {}
    for page in ("index.html", "persons.html", "places.html", "organisations.html",
                 "works.html"):
        assert broken_links(site / page, cache) == [], page


_PLAY = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>
<titleStmt><title>{title}</title></titleStmt><publicationStmt><p>x</p></publicationStmt>
<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><front><castList>
<castItem><role xml:id="bar">Barnardo</role></castItem></castList></front><body><div>
<sp who="#bar"><speaker>Barnardo</speaker><l>Who's there?</l></sp>
<p><persName ref="#bar">Barnardo</persName> leaves.</p></div></body></text></TEI>"""


def test_a_folder_of_tei_without_any_schema_is_published_with_one_warning(
        tmp_path: Path) -> None:
    # a user's folder of TEI files, no <?xml-model?>, no schema/, no pyproject
    for n in range(3):
        (tmp_path / "tei").mkdir(exist_ok=True)
        (tmp_path / "tei" / f"play-{n}.xml").write_text(_PLAY.format(title=f"Play {n}"),
                                                        encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    lines = result.output.strip().splitlines()
    unvalidated = [x for x in lines if "[no-schema]" in x]
    assert len(unvalidated) == 1, result.output
    assert "warning: published without validation (this document and 2 more): " \
        "no schema found" in unvalidated[0]
    for n in range(3):
        assert (tmp_path / "build" / "html" / f"play-{n}.html").is_file()
    # sp/@who to a castList role is a person pointer; persName/@ref to a role is too
    assert "corpus-pointer-kind" not in result.output
    assert lines[-1].startswith("build: 3 documents, 0 invalid, 3 not validated, 0 errors, "
                                "1 warning, "), lines[-1]
    assert result.exit_code == 0, result.output


_HEADER = ("<teiHeader><fileDesc><titleStmt><title>{0}</title></titleStmt><publicationStmt>"
           "<p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>")


def test_a_tei_corpus_and_grouped_texts_are_published_with_their_words(
        tmp_path: Path) -> None:
    tei = tmp_path / "tei"
    tei.mkdir()
    member = ("<TEI>" + _HEADER.format("M{0}")
              + "<text><body><p>one two three</p></body></text></TEI>")
    (tei / "corpus.xml").write_text(
        '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' + _HEADER.format("Both")
        + member.format(1) + member.format(2) + "</teiCorpus>", encoding="utf-8")
    (tei / "grouped.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0">' + _HEADER.format("Grouped")
        + "<text><group><text><body><p>four five</p></body></text><text><body>"
          "<p>six</p></body></text></group></text></TEI>", encoding="utf-8")
    (tei / "other.xml").write_text("<article><p>not TEI</p></article>", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1, result.output  # other.xml: not TEI
    assert (tmp_path / "build" / "html" / "corpus.html").is_file()
    index = lxml_html.parse(str(tmp_path / "build" / "index.html"))
    rows = {tr[0].text_content().split()[0]: (tr[-2].text_content(), tr[-1].text_content())
            for tr in index.iterfind(".//tr[td]")}
    assert rows["Both"] == ("corpus", "6"), rows
    assert rows["Grouped"] == ("text", "3"), rows
    assert rows["other.xml"] == ("not TEI", "0"), rows
