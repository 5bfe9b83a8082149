"""docs/harvest.md shows real output: its JSON parses and its entry point is the one written."""

from __future__ import annotations

import json
import re

from teitools.harvest.dts import DEFAULT_BASE_URL, DtsSite

from .conftest import REPO

DOC = REPO / "docs" / "harvest.md"


def test_json_examples_parse_and_the_entry_point_is_the_written_one() -> None:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    examples = [json.loads(b) for b in blocks]
    entry = next(e for e in examples if e.get("@type") == "EntryPoint")
    assert entry == DtsSite([], base_url=DEFAULT_BASE_URL).entry()
    assert any(e.get("@type") == "Navigation" for e in examples)
