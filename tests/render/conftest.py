"""Fixtures of the render tests: the documents, golden files, external checkers."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from support import golden as golden_files
from support import paths
from support.paths import ARTICLE, REPO

DATA = paths.DATA / "render"
GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = DATA / "sample.xml"
ARTIFACTS = paths.TESTS / "artifacts"
TEI = f"{{{paths.TEI_NS}}}"

#: Where the Nu HTML checker is looked for: $VNU_JAR, then .ci/run's install.
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".ci/node_modules/vnu-jar/build/dist/vnu.jar"))


def documents() -> list[Path]:
    """The documents the golden tests run on: the sample, and the article once it exists."""
    return [SAMPLE, *([ARTICLE] if ARTICLE.is_file() else [])]


@pytest.fixture(params=documents(), ids=lambda p: p.stem)
def document(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """``golden(name, actual)``: compare with golden/NAME as text (HTML canonicalised, see
    support.golden), or rewrite it with --regen."""
    regen = bool(request.config.getoption("--regen"))

    def check(name: str, actual: str) -> None:
        if name.endswith(".html"):
            actual = golden_files.html_lines(actual)
        golden_files.check(GOLDEN / name, actual, regen=regen)

    return check


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command line of the Nu HTML checker, or skip."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java not installed (needed by the Nu HTML checker)")
    if not VNU_JAR.is_file():
        pytest.skip(f"Nu HTML checker not installed: run `npm install --prefix .ci vnu-jar` "
                    f"(as .ci/run does) or set VNU_JAR; looked for {VNU_JAR}")
    return [java, "-jar", str(VNU_JAR), "--errors-only"]


# --------------------------------------------------------------------------- words

_BLOCKS = {"p", "head", "item", "addrLine", "titlePart", "docImprint", "byline", "docDate",
           "docTitle", "div", "list", "address", "front", "body", "back", "titlePage"}


def reading_words(elem: etree._Element) -> list[str]:
    """The words of a TEI element as the edition should read it (written independently
    of the stylesheets): corr not sic, no standoff lists, pb break="no" joins a word."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        tag = etree.QName(e).localname if isinstance(e.tag, str) else ""
        if not tag:  # comment / PI
            out.append(e.tail or "")
            return
        if tag == "div" and e.get("type") == "standoff":
            out.append(e.tail or "")
            return
        parent = e.getparent()
        if parent is not None and parent.tag == TEI + "choice" and tag in ("sic", "orig", "abbr"):
            out.append(e.tail or "")
            return
        if tag == "pb":
            out.append("" if e.get("break") == "no" else " ")
            out.append(e.tail or "")
            return
        if tag in _BLOCKS:
            out.append(" ")
        out.append(e.text or "")
        for child in e:
            walk(child)
        if tag in _BLOCKS:
            out.append(" ")
        if e is not elem:
            out.append(e.tail or "")

    walk(elem)
    return words("".join(out))


_MARKER = re.compile(r"\[p\. [^\]]+\]")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", _MARKER.sub(" ", text))


RULE = re.compile(r"^_{8,}$", re.M)


def text_parts(text: str) -> list[str]:
    """A text edition cut at its rules: title block, then front, body, back."""
    return RULE.split(text)
