"""Schematron pattern ids are stable: an unrelated module added to the ODD renames none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.paths import SCHEMA
from teitools.odd.compile import compile_odd
from teitools.odd.emit.schematron import emit_schematron

ODD = SCHEMA / "rustbelt.odd"


def _ids(odd: Path) -> list[str]:
    root = emit_schematron(compile_odd(odd))
    return [p.get("id") or "" for p in root.iter("{http://purl.oclc.org/dsdl/schematron}pattern")]


@pytest.mark.parametrize("module", ["msdescription", "drama", "transcr", "linking"])
def test_adding_a_module_renames_no_pattern(module: str, tmp_path: Path) -> None:
    text = ODD.read_text(encoding="utf-8")
    first = re.search(r"<moduleRef\b[^>]*/>", text)
    assert first is not None
    if f'key="{module}"' in text:
        pytest.skip(f"the project ODD already has {module}")
    bigger = tmp_path / "rustbelt.odd"
    bigger.write_text(text[:first.end()] + f'<moduleRef key="{module}"/>' + text[first.end():],
                      encoding="utf-8")
    before, after = _ids(ODD), _ids(bigger)
    assert len(after) >= len(before)
    assert set(before) <= set(after), sorted(set(before) - set(after))
    assert len(set(after)) == len(after)  # still unique


def test_ids_name_the_spec_constraint_and_position() -> None:
    ids = _ids(ODD)
    assert "schematron-constraint-rustbelt-p-abstractModel-structure-p-in-ab-or-p-1" in ids
    assert "schematron-constraint-rustbelt-p-abstractModel-structure-p-in-l-or-lg-2" in ids
