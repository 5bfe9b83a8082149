"""One TEI gate for every command: validate, html, text and export accept the same roots
(``TEI`` and ``teiCorpus`` in the TEI namespace) and refuse the same others, in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import invoke

NS = 'xmlns="http://www.tei-c.org/ns/1.0"'
MEMBER = (f"<TEI {NS}><teiHeader/><text><body><p>member {{n}}</p></body></text></TEI>")
CORPUS = (f"<teiCorpus {NS}><teiHeader/>{MEMBER.format(n=1).replace(' ' + NS, '')}"
          f"{MEMBER.format(n=2).replace(' ' + NS, '')}</teiCorpus>")
CORPUS_RNG = """<grammar xmlns="http://relaxng.org/ns/structure/1.0"
  ns="http://www.tei-c.org/ns/1.0"><start><element name="teiCorpus"><ref name="h"/>
  <oneOrMore><element name="TEI"><ref name="h"/><element name="text"><element name="body">
  <element name="p"><text/></element></element></element></element></oneOrMore></element>
  </start><define name="h"><element name="teiHeader"><empty/></element></define></grammar>"""

#: command -> (arguments before FILE, exit code for a teiCorpus, fragment of its output,
#: exit code for a root that is not TEI: an invalid document for validate and export,
#: nothing an edition could be made of for html and text)
COMMANDS: dict[str, tuple[list[str], int, str, int]] = {
    "validate": (["validate", "--rng", "{rng}"], 0, "1 valid", 1),
    "export": (["export", "-f", "units-jsonl"], 0, "no <text>", 1),
    "html": (["html", "--rng", "{rng}"], 0, "member 2", 2),  # each member rendered (issue 14)
    "text": (["text", "--rng", "{rng}"], 0, "member 2", 2),
}


def _run(args: list[str], rng: Path) -> tuple[int, str]:
    result = invoke(*[a.replace("{rng}", str(rng)) for a in args])
    return result.code, result.output


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    doc = tmp_path / "corpus.xml"
    doc.write_text(CORPUS, encoding="utf-8")
    rng = tmp_path / "corpus.rng"
    rng.write_text(CORPUS_RNG, encoding="utf-8")
    return doc, rng


@pytest.mark.parametrize("command", list(COMMANDS))
def test_tei_corpus_passes_the_gate(command: str, corpus: tuple[Path, Path]) -> None:
    doc, rng = corpus
    args, code, fragment, _ = COMMANDS[command]
    status, output = _run([*args, str(doc)], rng)
    assert "not a TEI document" not in output
    assert status == code, output
    assert fragment in output
    assert "Traceback" not in output


@pytest.mark.parametrize("root", [
    "<TEI/>", '<html xmlns="http://www.w3.org/1999/xhtml"/>'])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_other_roots_are_refused_alike(command: str, root: str, corpus: tuple[Path, Path],
                                       tmp_path: Path) -> None:
    _, rng = corpus
    doc = tmp_path / "other.xml"
    doc.write_text(root, encoding="utf-8")
    args, _, _, refused = COMMANDS[command]
    status, output = _run([*args, str(doc)], rng)
    assert status == refused, output
    lines = [ln for ln in output.splitlines() if "not a TEI document" in ln]
    assert len(lines) == 1, output
    assert "expected <TEI> or <teiCorpus>" in lines[0] and str(doc) in lines[0]


@pytest.mark.parametrize("command", ["html", "text", "export"])
def test_a_tei_fragment_is_not_a_document(command: str, corpus: tuple[Path, Path],
                                          tmp_path: Path) -> None:
    # validate leaves the root to the schema (an ODD may start at <div>); editions and
    # exports need a document
    _, rng = corpus
    doc = tmp_path / "fragment.xml"
    doc.write_text(f"<div {NS}><p>x</p></div>", encoding="utf-8")
    status, output = _run([*COMMANDS[command][0], str(doc)], rng)
    assert status == COMMANDS[command][3], output
    assert "the root element <div> is in the TEI namespace, but is not a document root" in output
