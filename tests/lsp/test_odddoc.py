"""The documentation tables: built from a compiled ODD, stored as JSON and read back."""

from __future__ import annotations

from support.paths import SCHEMA
from teitools.lsp.odddoc import Documentation
from teitools.odd import compile_odd


def test_tables_survive_the_disk_cache_unchanged() -> None:
    built = Documentation.of(compile_odd(SCHEMA / "rustbelt.odd"), "the project's ODD")
    corr = built.element("{http://www.tei-c.org/ns/1.0}corr")
    assert corr is not None and corr.attributes["type"].values is not None
    assert "spacing" in [v.ident for v in corr.attributes["type"].values.items]
    # an attribute inherited from a class is one object, shared by its elements
    p = built.element("{http://www.tei-c.org/ns/1.0}p")
    assert p is not None and p.attributes["xml:id"] is corr.attributes["xml:id"]
    read = Documentation.load(built.dump(), "the project's ODD")
    assert read is not None
    for ident in ("corr", "p", "persName", "TEI"):
        clark = "{http://www.tei-c.org/ns/1.0}" + ident
        assert read.element(clark) == built.element(clark)
    assert read.element("{http://www.tei-c.org/ns/1.0}nosuch") is None
    assert Documentation.load(b'{"attributes": [], "elements": [[1]]}', "x") is None
