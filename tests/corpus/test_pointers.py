"""Where the corpus checks place a pointer's diagnostic: the line:column of its attribute."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from teitools.cli import main
from teitools.corpus.extract import extract

TEI = "http://www.tei-c.org/ns/1.0"

#: Each pointer below is dangling (the document has no xml:id), written as an editor would:
#: on the first line of its tag, on a continuation line, in single quotes, two names on
#: one line, two pointer attributes of one tag on two lines, after a commented-out tag.
SOURCE = f"""<TEI xmlns="{TEI}">
<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>x</p>
</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body>
<p>From <persName ref="#a">A</persName> to <persName
     n="x"
     ref="#b"
   >B</persName> at <placeName ref='#c'>C</placeName>.</p>
<p><persName ref="#d">D</persName> and <persName ref="#e">E</persName>, <said who="#f"
  corresp="#g">said</said></p>
<!-- <persName ref="#h"> --><p><persName ref="#i">I</persName></p>
</body></text></TEI>
"""
TOKENS = "abcdefgi"


def _where(text: str, written: str) -> tuple[int, int]:
    """line:column (1-based) of the attribute written as ``written``, found in the text."""
    offset = text.index(written)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _expected() -> dict[str, tuple[int, int]]:
    where = {t: _where(SOURCE, f'ref="#{t}"') for t in "abdei"}
    where["c"] = _where(SOURCE, "ref='#c'")
    where["f"] = _where(SOURCE, 'who="#f"')
    where["g"] = _where(SOURCE, 'corresp="#g"')
    return where


def test_pointers_carry_the_line_and_column_of_their_attribute() -> None:
    tree = etree.fromstring(SOURCE.encode()).getroottree()
    found = {p.token[1:]: (p.line, p.column) for p in extract(tree, SOURCE).pointers}
    assert found == _expected()
    # "#b": its element's line (libxml2's, where the tag ends) is not the attribute's
    b = next(e for e in tree.iter(f"{{{TEI}}}persName") if e.get("ref") == "#b")
    assert b.sourceline == found["b"][0] + 1


def test_without_the_source_a_pointer_has_its_element_line_and_no_column() -> None:
    tree = etree.fromstring(SOURCE.encode()).getroottree()
    lines = {p.token[1:]: (p.line, p.column) for p in extract(tree).pointers}
    elements = {e.get("ref", e.get("who", ""))[1:]: e.sourceline
                for e in tree.iter() if e.get("ref") or e.get("who")}
    assert lines["b"] == (elements["b"], None) and lines["a"] == (elements["a"], None)


def test_validate_reports_each_dangling_pointer_at_its_attribute(tmp_path: Path) -> None:
    path = tmp_path / "d.xml"
    path.write_text(SOURCE, encoding="utf-8")
    runs = [CliRunner().invoke(main, ["validate", str(path)]) for _ in range(2)]
    reported = {m.group(3): (int(m.group(1)), int(m.group(2))) for m in re.finditer(
        r":(\d+):(\d+): error: \w+/@\w+='#(\w)': no element with xml:id .*\[corpus-pointer\]",
        runs[0].output)}
    assert reported == _expected() and set(reported) == set(TOKENS)
    assert runs[1].output.splitlines()[:-1] == runs[0].output.splitlines()[:-1]  # cached
