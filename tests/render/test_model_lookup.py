"""The processing model is found from the document's folder, however it was handed over."""

from __future__ import annotations

from pathlib import Path

import pytest

from teitools.render.editions import load_tei, model_for
from teitools.xmlio import parse_bytes

REPO = Path(__file__).resolve().parents[2]
DOC = (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><p>x</p></body>'
       b"</text></TEI>")


def test_a_tree_parsed_with_a_file_url_finds_its_own_project_not_the_cwd(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.xml"
    path.write_bytes(DOC)
    monkeypatch.chdir(REPO)  # the repository has a project model (schema/rustbelt.*.xsl)
    tree = parse_bytes(DOC, "d.xml", base_url=path.resolve().as_uri())
    doc = load_tei(tree)
    assert doc.path == path.resolve()
    assert "tei_simplePrint" in model_for(doc, "html").describe()
    assert "rustbelt" in model_for(load_tei(REPO / "tei" / "kotkin-1991-rustbelt.xml"),
                                   "html").path.name
