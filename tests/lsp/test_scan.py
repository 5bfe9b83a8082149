"""The tolerant tag scanner and position mapping, without a client."""

from __future__ import annotations

from lsprotocol import types as lsp

from teitools.lsp.scan import TEXT, Scanner, element_at
from teitools.lsp.text import LineIndex, apply_change

from .conftest import ARTICLE

T = "{http://www.tei-c.org/ns/1.0}"
DOC = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
       '<p>One <persName ref="#a">A</persName> two <!-- <p> --> <said who="#a">x</said></p>'
       "</body></text></TEI>")


def test_context_in_text_knows_the_open_elements_and_children_so_far() -> None:
    ctx = Scanner(DOC).context(DOC.index(" two") + 2)
    assert ctx.kind == "text"
    assert [f.name for f in ctx.stack] == [T + "TEI", T + "text", T + "body", T + "p"]
    assert ctx.parent is not None
    assert ctx.parent.child_tokens() == [TEXT, T + "persName", TEXT]
    assert ctx.following == [TEXT, T + "said"] and ctx.closed  # the comment is skipped


def test_context_in_tags_names_and_values() -> None:
    s = Scanner(DOC)
    at = DOC.index("<persName")
    assert s.context(at + 3).kind == "tag-name"
    assert s.context(at + 3).prefix == "pe"
    value = s.context(at + len('<persName ref="#'))
    assert value.kind == "attribute-value" and value.prefix == "#"
    assert value.attribute is not None and value.attribute.name == "ref"
    assert s.context(DOC.index("<!-- <p>") + 6).kind == "comment"
    end = s.context(DOC.index("</persName>") + 3)
    assert end.kind == "end-tag-name"


def test_half_typed_tags_and_values() -> None:
    half = DOC[: DOC.index("<said")] + '<said who="#'
    ctx = Scanner(half).context(len(half))
    assert ctx.kind == "attribute-value" and ctx.tag is not None and ctx.tag.qname == "said"
    half = DOC[: DOC.index("<said")] + "<sa"
    ctx = Scanner(half).context(len(half))
    assert ctx.kind == "tag-name" and ctx.prefix == "sa"
    assert ctx.parent is not None and ctx.parent.name == T + "p"
    half = DOC[: DOC.index("<said")] + "</"
    ctx = Scanner(half).context(len(half))
    assert ctx.kind == "end-tag-name" and ctx.parent is not None and ctx.parent.qname == "p"


def test_checkpoints_survive_an_edit_after_them_and_give_the_same_answer() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    s = Scanner(text)
    far = text.index("</back>")
    before = s.context(far)
    assert len(s._points) > 1  # checkpoints were taken on the way
    edited = text[:far] + "<p>new</p>" + text[far:]
    carried = s.carry_over(edited, far)
    assert carried._points == s._points[: len(carried._points)]
    again = carried.context(far + len("<p>new</p>"))
    fresh = Scanner(edited).context(far + len("<p>new</p>"))
    assert [f.name for f in again.stack] == [f.name for f in fresh.stack]
    assert again.parent is not None and fresh.parent is not None
    assert again.parent.child_tokens() == fresh.parent.child_tokens()
    assert before.parent is not None
    assert again.parent.child_tokens()[-1] == T + "p"


def test_elements_have_extents_matching_the_text() -> None:
    els = Scanner(DOC).elements()
    assert [e.name.split("}")[1] for e in els] == ["TEI", "text", "body", "p", "persName",
                                                   "said"]
    pers = els[4]
    assert DOC[pers.start:pers.end] == '<persName ref="#a">A</persName>'
    assert els[0].end == len(DOC)
    hit = element_at(els, DOC.index(">A<") + 1)
    assert hit is pers
    assert element_at(els, DOC.index(" two")) is els[3]


def test_positions_count_utf16_code_units() -> None:
    text = "ab\n“q” 𝄞x\r\nend"
    idx = LineIndex(text)
    x = text.index("x")
    pos = idx.position(x)
    assert (pos.line, pos.character) == (1, 6)  # “ q ” space = 4, 𝄞 = 2 units
    assert idx.offset(pos) == x
    assert idx.offset(lsp.Position(line=2, character=1)) == text.index("nd")
    assert idx.offset(lsp.Position(line=9, character=0)) == len(text)
    changed, at, new = apply_change(text, idx, lsp.TextDocumentContentChangePartial(
        range=lsp.Range(start=pos, end=lsp.Position(line=1, character=7)), text="yz"))
    assert changed == "ab\n“q” 𝄞yz\r\nend" and at == x
    assert new is not None and new.starts == LineIndex(changed).starts


def test_line_index_updated_by_an_edit_equals_a_fresh_one() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    idx = LineIndex(text)
    for start, end, inserted in ((100, 100, "x"), (100, 180, ""), (5000, 5003, "a\nb\n\nc"),
                                 (len(text), len(text), "\n<!-- -->"), (0, 0, "\n")):
        new = text[:start] + inserted + text[end:]
        assert idx.edited(new, start, end, inserted).starts == LineIndex(new).starts


def test_prescan_lays_checkpoints_to_the_end_and_contexts_stay_the_same() -> None:
    from teitools.lsp.cancel import Cancelled, check_cancelled
    from teitools.lsp.document import Snapshot

    row = '<div><head>H</head><p>Some <hi rend="b">text</hi>.</p></div>\n'
    text = '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>' + row * 6000 + \
        "<p>last <hi>x</hi> y</p></body></text></TEI>"
    snap = Snapshot("file:///big.xml", text, 1)
    assert not snap.prescan(stop=lambda: True)  # a newer version: given up at once
    assert snap.scanner.scanned_to == 0
    assert snap.prescan(step=50_000)
    assert snap.scanner.scanned_to > len(text) - 5_000
    at = text.index("</p></body>")
    fresh = Scanner(text).context(at)
    laid = snap.context(at)
    assert [f.name for f in laid.stack] == [f.name for f in fresh.stack]
    assert laid.parent is not None and fresh.parent is not None
    assert laid.parent.child_tokens() == fresh.parent.child_tokens() == [TEXT, T + "hi", TEXT]
    check_cancelled()  # no request in this thread: never cancelled
    assert issubclass(Cancelled, Exception)
