"""Golden files: expected output committed beside the tests, compared as text.

A golden file is rewritten only when pytest runs with ``--regen``; otherwise a
difference fails the test with a unified diff of the lines that changed.  HTML is
stored canonicalised (:func:`html_lines`: every block element starts a line), so a
change to the edition reads as a diff of a few short lines rather than of one line
of 70,000 characters.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from .paths import REPO

#: Elements that start a line of their own in a canonical HTML golden file.
BLOCKS = ("html", "head", "meta", "title", "style", "body", "header", "nav", "main",
          "article", "section", "footer", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6",
          "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "blockquote", "hr")
#: Elements whose end tag also starts a line (they contain blocks).
CONTAINERS = ("html", "head", "body", "header", "nav", "main", "article", "section",
              "footer", "div", "ul", "ol", "dl", "table", "blockquote")

_BREAK = re.compile(
    r">[ \t\r\n]*<(?=(?:" + "|".join(BLOCKS) + r")[\s>/]|/(?:" + "|".join(CONTAINERS)
    + r")>)")


def html_lines(html: str) -> str:
    """``html`` with a line break before every block element's start tag and every
    container's end tag.  Only whitespace between a tag and a block-level tag changes,
    which HTML does not render; text, attributes and inline markup are untouched."""
    text = _BREAK.sub(">\n<", html)
    return text if text.endswith("\n") else text + "\n"


def check(path: Path, actual: str, *, regen: bool, context: int = 2) -> None:
    """Compare ``actual`` with the golden file ``path``, or rewrite it when ``regen``."""
    if regen:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    name = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    if not path.is_file():
        pytest.fail(f"no golden file {name}; create it with pytest --regen")
    expected = path.read_text(encoding="utf-8")
    if actual == expected:
        return
    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(),
                                     f"{name} (golden)", "actual output", n=context,
                                     lineterm=""))
    shown = [line if len(line) < 400 else line[:400] + " …" for line in diff[:60]]
    more = f"\n… {len(diff) - 60} more diff lines" if len(diff) > 60 else ""
    pytest.fail(f"output differs from {name}:\n" + "\n".join(shown) + more
                + "\n(rerun with pytest --regen if the change is intended, and commit the diff)",
                pytrace=False)
