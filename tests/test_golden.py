"""The golden-file helper: canonical HTML changes only whitespace between tags, and a
difference fails with a diff of the lines that changed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.golden import check, html_lines
from support.paths import DATA
from teitools.render import html_edition

SAMPLE = DATA / "render" / "sample.xml"


def _squeeze(html: str) -> str:
    return re.sub(r">[ \t\r\n]*<", "><", html).strip()


def test_canonical_html_only_moves_whitespace_between_tags() -> None:
    raw = html_edition(SAMPLE, generator="teitools")
    lines = html_lines(raw)
    assert _squeeze(lines) == _squeeze(raw)
    assert html_lines(lines) == lines  # idempotent
    assert max(len(line) for line in lines.splitlines()) < 5000
    assert len(lines.splitlines()) > len(raw.splitlines()) + 100


def test_inline_markup_stays_on_its_line() -> None:
    html = '<p id="a">One <span class="x">two</span> <q>three</q></p><p id="b">four</p>'
    assert html_lines(html) == ('<p id="a">One <span class="x">two</span> <q>three</q></p>\n'
                                '<p id="b">four</p>\n')


def test_a_difference_fails_with_a_diff(tmp_path: Path) -> None:
    golden = tmp_path / "x.txt"
    check(golden, "a\nb\nc\n", regen=True)
    check(golden, "a\nb\nc\n", regen=False)
    with pytest.raises(pytest.fail.Exception) as info:
        check(golden, "a\nB\nc\n", regen=False)
    assert "-b\n+B" in str(info.value) and "--regen" in str(info.value)
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        check(tmp_path / "missing.txt", "a\n", regen=False)
