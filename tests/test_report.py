"""Reporters: text, json, github, junit."""

from __future__ import annotations

import json

from lxml import etree

from teitools.diagnostics import Diagnostic, Severity
from teitools.report import Summary, format_github, format_json, format_junit, format_text

DIAGS = [
    Diagnostic("b.xml", 3, 7, Severity.WARNING, "odd, but allowed", "rule-w", "schematron"),
    Diagnostic("a.xml", 10, 2, Severity.ERROR, 'element "foo" not allowed here', "rng", "relaxng"),
    Diagnostic("a.xml", 2, 1, Severity.ERROR, "bad, 100%\nsecond line", None, "schematron"),
]


def test_text_groups_by_file_then_position() -> None:
    lines = format_text(DIAGS).splitlines()
    assert lines[0] == "b.xml:3:7: warning: odd, but allowed [rule-w]"
    assert lines[1].startswith("a.xml:2:1: error: bad")
    assert lines[-1] == 'a.xml:10:2: error: element "foo" not allowed here [rng]'


def test_text_colour_only_when_asked() -> None:
    assert "\033[" not in format_text(DIAGS)
    assert "\033[31merror" in format_text(DIAGS, colour=True)


def test_json_round_trips() -> None:
    data = json.loads(format_json(DIAGS))
    assert data[1] == {
        "file": "a.xml", "line": 10, "column": 2, "severity": "error",
        "message": 'element "foo" not allowed here', "rule": "rng", "phase": "relaxng",
    }
    with_summary = json.loads(format_json(DIAGS, Summary(files=2, invalid=1, errors=2)))
    assert with_summary["summary"]["errors"] == 2


def test_github_annotations_escape_properly() -> None:
    out = format_github(DIAGS).splitlines()
    assert out[0] == "::warning file=b.xml,line=3,col=7,title=rule-w::odd, but allowed"
    assert "bad, 100%25%0Asecond line" in out[1]


def test_junit_is_well_formed_and_counts_failures() -> None:
    root = etree.fromstring(format_junit(DIAGS, ["a.xml", "b.xml", "c.xml"]).encode())
    assert root.get("tests") == "3"
    assert root.get("failures") == "1"
    assert len(root.findall(".//failure")) == 2


def test_summary_line() -> None:
    line = Summary(files=1, valid=1, seconds=0.25).line()
    assert line == "1 file, 1 valid, 0 invalid, 0 errors, 0 warnings in 0.25s"
