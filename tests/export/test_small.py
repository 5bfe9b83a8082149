"""Edge cases on a small hand-made document (its content is known, so values are spelled out)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from teitools.export import export_file

from .conftest import DATA

SMALL = DATA / "small.xml"


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    result = export_file(SMALL, ["all"])
    assert result.diagnostics == []
    return result.outputs


def _entities(outputs: dict[str, str]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in json.loads(outputs["entities-json"])["entities"]}


def test_mentions_nested_names_and_page_of_a_word_split_across_pages(
    outputs: dict[str, str],
) -> None:
    ents = _entities(outputs)
    london = ents["london"]["mentions"]
    # "London Society" contains "London"; "Lon<pb n='9' break='no'/>don" begins on page 8.
    assert [(m["page"], m["surface"]) for m in london] == [
        ("7", "London"), ("7", "London"), ("8", "London"),
    ]
    assert [m["surface"] for m in ents["society"]["mentions"]] == ["London Society", "Society"]


def test_names_in_notes_and_lists_are_not_mentions(outputs: dict[str, str]) -> None:
    ents = _entities(outputs)
    assert [m["paragraph"] for m in ents["babbage"]["mentions"]] == ["s1-p01", "s2-p01"]
    assert ents["london"]["variants"] == ["Londinium"]
    assert ents["babbage"]["speaker"] and not ents["ada"]["speaker"]
    assert ents["crowd"]["type"] == "group"


def test_quotations_speakers_nesting_and_corrected_text(outputs: dict[str, str]) -> None:
    quotes = {q["id"]: q for q in json.loads(outputs["quotations-json"])["quotations"]}
    assert quotes["s1-p01-q2"]["text"] == "“will compute anything, as they say ‘measure twice’.”"
    assert "weave" not in outputs["quotations-json"]
    assert quotes["s1-p01-q3"]["within"] == "s1-p01-q2"
    assert quotes["s1-p01-q3"]["mode"] is None
    letter = quotes["s1-p02-q1"]
    assert (letter["speaker_id"], letter["mode"]) == ("society", "written")
    assert quotes["s1-p02-q2"]["speaker_id"] is None  # source bibl names no author
    assert quotes["s1-p02-q2"]["pages"] == ["7", "8"]
    assert quotes["s1-p02-q3"]["page"] == "8"


def test_units_join_broken_words_skip_notes_and_span_pages(outputs: dict[str, str]) -> None:
    units = {u["id"]: u for u in map(json.loads, outputs["units-jsonl"].splitlines())}
    assert units["s1-p02"]["pages"] == ["7", "8", "9"]
    assert units["s1-p02"]["text"].endswith("In London the news spread.")
    assert units["s2-p01"]["text"] == "Only Charles Babbage stayed."
    assert units["s2-p01"]["pages"] == ["10"]  # the pb before the paragraph, inside the div
    assert units["s1-p01"]["heading"] == "the engine"
