"""End to end: `teitools lsp` driven by a pytest-lsp client over stdio."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from .conftest import (
    ARTICLE,
    ODD,
    Client,
    at,
    change_all,
    diagnostics_for,
    open_document,
    pristine,
    replace,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8")
ZERKIN = '<persName ref="#zerkin">'


def labels(result: lsp.CompletionList | list[lsp.CompletionItem] | None) -> list[str]:
    assert result is not None
    items = result.items if isinstance(result, lsp.CompletionList) else result
    return [i.label for i in items]


async def complete(client: Client, uri: str, pos: lsp.Position) -> list[lsp.CompletionItem]:
    result = await client.text_document_completion_async(lsp.CompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=pos))
    assert result is not None
    return list(result.items if isinstance(result, lsp.CompletionList) else result)


async def test_initialize_announces_the_features(client: Client) -> None:
    assert client.initialized_with is not None
    caps = client.initialized_with.capabilities
    assert caps.completion_provider is not None
    assert "<" in (caps.completion_provider.trigger_characters or [])
    for provider in (caps.hover_provider, caps.definition_provider, caps.references_provider,
                     caps.document_symbol_provider, caps.workspace_symbol_provider,
                     caps.code_action_provider):
        assert provider


async def test_article_has_no_diagnostics(client: Client) -> None:
    _, _, found = await open_document(client, ARTICLE)
    assert found == []


async def test_letter_against_tei_all_has_no_diagnostics(client: Client, project: Path) -> None:
    _, _, found = await open_document(client, project / "letter.xml")
    assert found == []


async def test_breaking_edit_gives_the_right_diagnostics_and_fixes(client: Client) -> None:
    uri, _, v = pristine(client, ARTICLE)
    text = replace(client, uri, ARTICLE_TEXT, ZERKIN + "Vladimir Zerkin</persName>",
                   '<persname ref="#zerkin">Vladimir Zerkin</persname>', v + 1)
    found = await diagnostics_for(client, uri, v + 1)
    unknown = [d for d in found if d.code == "unknown-element"]
    assert len(unknown) == 1, [(d.code, d.message) for d in found]
    diag = unknown[0]
    start = text.index('<persname ref="#zerkin"')
    assert diag.range.start == at(text, '<persname ref="#zerkin"', 1)
    assert diag.range.end == at(text, '<persname ref="#zerkin"', 1 + len("persname"))
    assert "persname" in diag.message and diag.severity == lsp.DiagnosticSeverity.Error
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=lsp.CodeActionContext(diagnostics=[diag])))
    assert actions
    titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
    assert "Rename <persname> to <persName>" in titles
    rename = next(a for a in actions if isinstance(a, lsp.CodeAction)
                  and a.title == "Rename <persname> to <persName>")
    assert rename.edit is not None and rename.edit.changes is not None
    edits = rename.edit.changes[uri]
    assert len(edits) == 2  # the start tag and the end tag
    assert {e.new_text for e in edits} == {"persName"}
    # a closed value list broken: Schematron's rule id, the range on the attribute
    text = replace(client, uri, text, '<persname ref="#zerkin">Vladimir Zerkin</persname>',
                   ZERKIN + "Vladimir Zerkin</persName>", v + 2)
    text = replace(client, uri, text, '<corr type="spacing">', '<corr type="spaced">', v + 3)
    found = await diagnostics_for(client, uri, v + 3)
    assert found, "an invalid corr/@type must be reported"
    where = at(text, '<corr type="spaced">', len("<corr "))
    assert any(d.range.start == where for d in found), [(d.range, d.message) for d in found]
    del start
    text = replace(client, uri, text, '<corr type="spaced">', '<corr type="spacing">', v + 4)
    assert await diagnostics_for(client, uri, v + 4) == []
    assert text == ARTICLE_TEXT


async def test_completion_inside_p_follows_the_content_model(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    items = await complete(client, uri, at(ARTICLE_TEXT, ZERKIN))
    names = labels(items)
    assert {"<persName>", "<said>", "<placeName>", "<choice>", "<quote>"} <= set(names)
    assert "<div>" not in names and "<head>" not in names and "<teiHeader>" not in names
    persname = next(i for i in items if i.label == "<persName>")
    assert persname.detail == "personal name"
    resolved = await client.completion_item_resolve_async(persname)
    assert isinstance(resolved.documentation, lsp.MarkupContent)
    assert "proper noun" in resolved.documentation.value  # the description, on resolve
    # in the header's titleStmt, a different model: title and author, no persName
    header = labels(await complete(client, uri, at(ARTICLE_TEXT, "<author ref=")))
    assert "<title>" in header and "<said>" not in header


async def test_completion_after_lt_offers_element_names_and_the_closing_tag(
        client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    names = labels(await complete(client, uri, at(ARTICLE_TEXT, ZERKIN, 1)))
    assert "persName" in names and "said" in names and "div" not in names
    assert "</p>" in names


async def test_corr_type_completes_the_closed_list(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    items = await complete(client, uri, at(ARTICLE_TEXT, '<corr type="spacing"', 12))
    assert labels(items) == ["spacing", "character", "omission", "case", "punctuation"]
    assert all(i.detail for i in items)  # the ODD's glosses


async def test_ref_of_persname_completes_the_persons_by_name(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    items = await complete(client, uri, at(ARTICLE_TEXT, ZERKIN, len('<persName ref="#')))
    names = labels(items)
    assert "Vladimir Zerkin" in names and "Vadim Borodin" in names
    assert "Magnitogorsk" not in names  # a place, not a person
    zerkin = next(i for i in items if i.label == "Vladimir Zerkin")
    assert zerkin.text_edit is not None and zerkin.text_edit.new_text == "#zerkin"
    assert zerkin.detail is not None and "person" in zerkin.detail


async def test_attribute_completion_leaves_out_present_ones(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    names = labels(await complete(client, uri, at(ARTICLE_TEXT, ZERKIN, len("<persName "))))
    assert "type" in names and "xml:id" in names
    assert "ref" in names  # the cursor is on it: it may be replaced
    items = await complete(client, uri, at(ARTICLE_TEXT, '<corr type="spacing">',
                                           len('<corr type="spacing"')))
    corr = labels(items)
    assert "type" not in corr and "resp" in corr
    resp = await client.completion_item_resolve_async(next(i for i in items
                                                            if i.label == "resp"))
    assert isinstance(resp.documentation, lsp.MarkupContent)
    assert "**@resp**" in resp.documentation.value


async def test_hover_on_an_element_and_on_a_pointer(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    hover = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), position=at(ARTICLE_TEXT, ZERKIN, 3)))
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "personal name" in hover.contents.value
    assert "In `<p>`: allowed here" in hover.contents.value
    pointer = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=at(ARTICLE_TEXT, ZERKIN, len('<persName ref="#z'))))
    assert pointer is not None and isinstance(pointer.contents, lsp.MarkupContent)
    assert "Vladimir Zerkin" in pointer.contents.value and "GIMN" in pointer.contents.value
    value = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=at(ARTICLE_TEXT, '<corr type="spacing"', 13)))
    assert value is not None and isinstance(value.contents, lsp.MarkupContent)
    assert "OCR" in value.contents.value  # the project ODD's own gloss of the value


async def test_definition_in_the_document_and_across_files(client: Client, project: Path
                                                           ) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=at(ARTICLE_TEXT, ZERKIN, len('<persName ref="#z'))))
    assert isinstance(found, list) and len(found) == 1
    assert found[0].uri == uri
    assert found[0].range.start == at(ARTICLE_TEXT, '<person xml:id="zerkin"')
    letter = (project / "letter.xml").read_text(encoding="utf-8")
    found = await client.text_document_definition_async(lsp.DefinitionParams(
        text_document=lsp.TextDocumentIdentifier(uri=(project / "letter.xml").as_uri()),
        position=at(letter, 'ref="registers.xml#gray"', 8)))
    assert isinstance(found, list) and len(found) == 1
    registers = (project / "registers.xml").read_text(encoding="utf-8")
    assert found[0].uri == (project / "registers.xml").resolve().as_uri()
    assert found[0].range.start == at(registers, '<person xml:id="gray"')


async def test_references_from_an_entry_to_every_mention(client: Client, project: Path
                                                         ) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    expected = len(re.findall(r'(?:ref|who|corresp)="[^"]*#zerkin\b', ARTICLE_TEXT))
    assert expected > 3
    found = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri),
        position=at(ARTICLE_TEXT, '<person xml:id="zerkin"', 3),
        context=lsp.ReferenceContext(include_declaration=False)))
    assert found is not None and len(found) == expected
    assert all(loc.uri == uri for loc in found)
    # across files: the register entry's mentions are in the letter
    registers = (project / "registers.xml").read_text(encoding="utf-8")
    found = await client.text_document_references_async(lsp.ReferenceParams(
        text_document=lsp.TextDocumentIdentifier(uri=(project / "registers.xml").as_uri()),
        position=at(registers, '<person xml:id="darwin"', 3),
        context=lsp.ReferenceContext(include_declaration=True)))
    assert found is not None
    letter_uri = (project / "letter.xml").resolve().as_uri()
    assert sum(1 for loc in found if loc.uri == letter_uri) == 2
    assert any(loc.uri.endswith("registers.xml") for loc in found)  # the declaration


async def test_document_symbols_outline_divisions_and_registers(client: Client) -> None:
    uri, _, _ = pristine(client, ARTICLE)
    found = await client.text_document_document_symbol_async(lsp.DocumentSymbolParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
    assert found is not None and len(found) == 1
    root = found[0]
    assert isinstance(root, lsp.DocumentSymbol) and root.name == "TEI"
    names: list[str] = []

    def walk(symbols: list[lsp.DocumentSymbol]) -> None:
        for s in symbols:
            names.append(s.name)
            walk(list(s.children or []))

    walk([root])
    divs = [n for n in names if n.startswith("div")]
    assert len(divs) == ARTICLE_TEXT.count("<div ") + ARTICLE_TEXT.count("<div>")
    assert "listPerson" in names and "Vladimir Zerkin" in names and "body" in names


async def test_workspace_symbols_find_register_entries(client: Client, project: Path) -> None:
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="darwin"))
    assert found is not None
    # (the client may read them back as SymbolInformation: the same fields)
    hits = [s for s in found if s.location.uri.startswith(project.resolve().as_uri())]
    assert [s.name for s in hits] == ["Charles Darwin"]
    assert hits[0].location.uri == (project / "registers.xml").resolve().as_uri()
    assert {s.name for s in found} == {"Charles Darwin"}  # matched by name or id only


async def test_code_actions_wrap_a_selection_and_insert_xml_model(client: Client,
                                                                   project: Path) -> None:
    uri, text, _ = await open_document(client, project / "draft.xml")
    start = text.index("Asa Gray")
    rng = lsp.Range(start=at(text, "Asa Gray"), end=at(text, "Asa Gray", len("Asa Gray")))
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=rng,
        context=lsp.CodeActionContext(diagnostics=[])))
    assert actions is not None
    titles = [a.title for a in actions if isinstance(a, lsp.CodeAction)]
    assert 'Wrap in <persName ref="registers.xml#gray"> (Asa Gray)' in titles
    assert not any("placeName ref=\"registers.xml#gray\"" in t for t in titles)
    wrap = next(a for a in actions if isinstance(a, lsp.CodeAction) and "#gray" in a.title)
    assert wrap.edit is not None and wrap.edit.changes is not None
    assert wrap.edit.changes[uri][0].new_text == \
        '<persName ref="registers.xml#gray">Asa Gray</persName>'
    model = [t for t in titles if t.startswith("Insert <?xml-model?>")]
    assert model == ["Insert <?xml-model?> for tei_all.rng"]
    del start


async def test_a_half_typed_document_still_completes(client: Client, project: Path) -> None:
    uri, text, _ = pristine(client, project / "draft.xml")
    body = text.index("</body>")
    half = text[:body] + "  <p>Charles Darwin met <pers"
    v = change_all(client, uri, half)
    end = lsp.Position(line=half.count("\n"), character=len(half) - half.rfind("\n") - 1)
    names = labels(await complete(client, uri, end))
    assert "persName" in names and "placeName" in names and "div" not in names
    found = await diagnostics_for(client, uri, v)
    assert any(d.code == "wellformed" or "well-formed" in d.message for d in found)
    half += 'Name ref="'
    change_all(client, uri, half)
    people = labels(await complete(client, uri, lsp.Position(
        line=half.count("\n"), character=len(half) - half.rfind("\n") - 1)))
    assert set(people) == {"Charles Darwin", "Asa Gray"}  # persons only, not Down House
    half = text[:body] + "  <p>Charles Darwin</"
    change_all(client, uri, half)
    closing = labels(await complete(client, uri, lsp.Position(
        line=half.count("\n"), character=len(half) - half.rfind("\n") - 1)))
    assert closing == ["</p>"]


async def test_odd_file_diagnostics_and_ident_completion(client: Client) -> None:
    uri, text, found = await open_document(client, ODD)
    assert [d for d in found if d.severity == lsp.DiagnosticSeverity.Error] == []
    key = re.search(r'<moduleRef key="', text)
    assert key is not None
    items = await complete(client, uri, at(text, '<moduleRef key="', len('<moduleRef key="')))
    assert {"core", "namesdates", "tei", "header", "textstructure"} <= set(labels(items))
    v = client.versions[uri]
    broken = replace(client, uri, text, key.group(0), '<moduleRef key="nosuchmodule" x="',
                     v + 1)
    found = await diagnostics_for(client, uri, v + 1)
    assert any(d.code == "unknown-module" and "nosuchmodule" in d.message for d in found)
    del broken


async def test_pointer_diagnostics_carry_the_entry_as_related_information(client: Client
                                                                          ) -> None:
    uri, _, v = pristine(client, ARTICLE)
    wrong = '<persName ref="#magnitogorsk">'
    text = replace(client, uri, ARTICLE_TEXT, ZERKIN, wrong, v + 1)
    found = [d for d in await diagnostics_for(client, uri, v + 1)
             if "persName-ref" in str(d.code)]
    assert len(found) == 1
    diag = found[0]
    assert diag.range.start == at(text, wrong, len("<persName "))  # on the attribute
    assert diag.related_information is not None
    related = diag.related_information[0]
    assert related.location.uri == uri
    assert related.location.range.start == at(text, '<place xml:id="magnitogorsk"')
    assert "Magnitogorsk" in related.message
    replace(client, uri, text, wrong, ZERKIN, v + 2)
    assert await diagnostics_for(client, uri, v + 2) == []


async def test_code_actions_add_a_required_attribute_and_a_missing_child(client: Client
                                                                         ) -> None:
    uri, _, v = pristine(client, ARTICLE)
    corr = '<corr type="spacing">an invading</corr>'
    text = replace(client, uri, ARTICLE_TEXT, corr, "<corr>an invading</corr>", v + 1)
    found = await diagnostics_for(client, uri, v + 1)
    assert found
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=found[0].range,
        context=lsp.CodeActionContext(diagnostics=found[:1])))
    add = [a for a in actions or [] if isinstance(a, lsp.CodeAction)
           and a.title == "Add the required @type"]
    assert len(add) == 1 and add[0].edit is not None and add[0].edit.changes is not None
    edit = add[0].edit.changes[uri][0]
    assert edit.new_text == ' type="spacing"'  # the first value of the closed list
    assert edit.range.start == at(text, "<corr>an invading", len("<corr"))
    choice = '<choice><sic>aninvading</sic><corr>an invading</corr></choice>'
    text = replace(client, uri, text, choice, "<choice><sic>aninvading</sic></choice>", v + 2)
    found = [d for d in await diagnostics_for(client, uri, v + 2) if d.code == "incomplete"]
    assert len(found) == 1
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=found[0].range,
        context=lsp.CodeActionContext(diagnostics=found)))
    child = [a for a in actions or [] if isinstance(a, lsp.CodeAction)
             and a.title == "Add the missing <corr>"]
    assert len(child) == 1 and child[0].edit is not None and child[0].edit.changes is not None
    assert child[0].edit.changes[uri][0].new_text == '<corr type="spacing"></corr>'
    replace(client, uri, text, "<choice><sic>aninvading</sic></choice>",
            '<choice><sic>aninvading</sic><corr type="spacing">an invading</corr></choice>',
            v + 3)
    assert await diagnostics_for(client, uri, v + 3) == []


async def test_odd_include_lists_complete_the_module_s_elements(client: Client) -> None:
    uri, text, _ = pristine(client, ODD)
    m = re.search(r'<moduleRef key="(\w+)" include="', text)
    assert m is not None, "the project ODD selects elements with @include"
    items = await complete(client, uri, at(text, m.group(0), len(m.group(0))))
    from teitools.odd import load_source, locate_source

    members = set(load_source(locate_source()).modules[m.group(1)])
    assert labels(items) and set(labels(items)) <= members



async def test_a_schema_changed_on_disk_revalidates_the_open_documents(client: Client
                                                                        ) -> None:
    import asyncio

    from .conftest import REPO

    uri, _, v = pristine(client, ARTICLE)
    await diagnostics_for(client, uri, v)  # its own check done: what follows is the new one
    before = sum(1 for p in client.published if p.uri == uri)
    client.workspace_did_change_watched_files(lsp.DidChangeWatchedFilesParams(changes=[
        lsp.FileEvent(uri=(REPO / "schema" / "rustbelt.rng").as_uri(),
                      type=lsp.FileChangeType.Changed)]))
    for _ in range(3000):
        if sum(1 for p in client.published if p.uri == uri) > before:
            break
        await asyncio.sleep(0.02)
    again = [p for p in client.published if p.uri == uri]
    assert len(again) > before, "the article was not checked again"
    assert list(again[-1].diagnostics) == []


async def test_hover_chooses_the_definition_that_applies_in_the_context(client: Client,
                                                                      tmp_path: Path) -> None:
    """<name> has two definitions (in <person>: forenames and surnames, @type full|short;
    in <place>: text, @type official|local); hover names the one of its parent."""
    from .conftest import DATA

    for name in ("two-names.rng", "two-names.xml"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    uri, text, found = await open_document(client, tmp_path / "two-names.xml")
    assert found == []

    async def hover(needle: str, delta: int) -> str:
        got = await client.text_document_hover_async(lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=at(text, needle, delta)))
        assert got is not None and isinstance(got.contents, lsp.MarkupContent)
        return got.contents.value

    person = await hover('<name type="full"', 2)
    assert "definition 1 of the 2" in person and "a person's name" in person
    assert "forename, surname" in person and "@type = full|short" in person
    assert "a place's name" not in person
    place = await hover('<name type="local"', 2)
    assert "definition 2 of the 2" in place and "a place's name" in place
    assert "May contain: no elements" in place and "@type = official|local" in place
    closing = await hover("</name></person>", 3)  # the end tag: the same element
    assert "definition 1 of the 2" in closing
    value = await hover('<name type="local"', len('<name type="l'))
    assert "allowed here" in value and "`official`, `local`" in value
    # completion too follows the definition: a place's name holds no forename
    in_person = labels(await complete(client, uri, at(text, "</forename>", len("</forename>"))))
    assert "<surname>" in in_person and "<forename>" in in_person
    in_place = labels(await complete(client, uri, at(text, "Magnitka", 3)))
    assert "<forename>" not in in_place and "</name>" in in_place


async def test_attribute_values_complete_from_the_definition_that_applies(
        client: Client, tmp_path: Path) -> None:
    """<name>/@type is full|short in a person's name and official|local in a place's: the
    value completion offers the list of the definition at the cursor, not both or TEI's."""
    from .conftest import DATA

    for name in ("two-names.rng", "two-names.xml"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    uri, text, _ = pristine(client, tmp_path / "two-names.xml")
    in_person = await complete(client, uri, at(text, '<name type="full"', len('<name type="')))
    assert labels(in_person) == ["full", "short"]
    assert all(i.detail == "closed list (definition 1 of the 2 in the grammar)"
               for i in in_person)
    in_place = await complete(client, uri, at(text, '<name type="local"', len('<name type="')))
    assert labels(in_place) == ["official", "local"]
    assert in_place[0].text_edit is not None
    assert in_place[0].text_edit.new_text == "official"


async def test_a_cancelled_request_stops_and_the_next_one_is_answered(client: Client,
                                                                     tmp_path: Path) -> None:
    """$/cancelRequest for a document outline of 2.5 MB still being computed: the client gets
    RequestCancelled, the worker stops (the log says so) and a later request is answered."""
    from pygls.exceptions import JsonRpcRequestCancelled

    from .conftest import LOG

    row = '<div type="section"><head>A heading</head><p>Some <hi>text</hi> here.</p></div>\n'
    big = "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><text><body>\n" + \
        row * (2_500_000 // len(row)) + "</body></text></TEI>\n"
    path = tmp_path / "big.xml"
    path.write_text(big, encoding="utf-8")
    uri = path.resolve().as_uri()
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id="xml", version=1, text=big)))
    msg_id = "outline-of-big"
    pending = asyncio.ensure_future(client.protocol.send_request_async(  # sent when it runs
        lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL,
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri)),
        msg_id=msg_id))
    await asyncio.sleep(0.1)  # let it reach a worker thread
    client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id=msg_id))
    with pytest.raises(JsonRpcRequestCancelled):
        await pending
    later = await client.text_document_hover_async(lsp.HoverParams(
        text_document=lsp.TextDocumentIdentifier(uri=pristine(client, ARTICLE)[0]),
        position=at(ARTICLE_TEXT, ZERKIN, 3)))
    assert later is not None and "personal name" in str(later.contents)
    deadline = asyncio.get_running_loop().time() + 30
    said = ""
    while "symbols.document_symbols: cancelled" not in said:
        assert asyncio.get_running_loop().time() < deadline, said[-2000:]
        await asyncio.sleep(0.05)
        said = LOG.read_text(encoding="utf-8", errors="replace") if LOG.exists() else ""
    client.text_document_did_close(lsp.DidCloseTextDocumentParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri)))
